#include "core/net/trusted_proxies.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/util/text.h"

namespace openclaw::net {
namespace {

// The entry as a JSON string literal, so quotes and control characters show unambiguously.
std::string quoted(const std::string& value) {
  return nlohmann::json(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Result<TrustedProxyList> TrustedProxyList::create(const std::vector<std::string>& entries,
                                                  std::string_view config_path) {
  std::vector<CidrRange> parsed;
  parsed.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto range = CidrRange::create(trim(entries[i], " \t\r\n\f\v"));
    if (!range) {
      return fail(std::string(config_path) + "[" + std::to_string(i) + "]: " + quoted(entries[i]) +
                  " is not an IP address or CIDR range (" + range.error().message + ")");
    }
    parsed.push_back(*range);
  }
  return TrustedProxyList(std::move(parsed));
}

bool TrustedProxyList::contains(const IpAddress& address) const {
  return std::any_of(entries_.begin(), entries_.end(),
                     [&](const CidrRange& range) { return range.contains(address); });
}

}  // namespace openclaw::net
