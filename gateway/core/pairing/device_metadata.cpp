#include "core/pairing/device_metadata.h"

#include "core/util/text.h"

namespace openclaw::pairing {

std::string normalize_device_metadata(std::optional<std::string_view> value) {
  if (!value) return {};
  std::string out(trim(*value));
  // Only ASCII letters: upstream lowercases A-Z so that the signed payload is identical on
  // every platform, whatever its locale does with other characters.
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool pinned_metadata_differs(std::optional<std::string_view> pinned,
                             std::optional<std::string_view> claimed) {
  const std::string pinned_value = normalize_device_metadata(pinned);
  return !pinned_value.empty() && pinned_value != normalize_device_metadata(claimed);
}

}  // namespace openclaw::pairing
