#include "core/pairing/store_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/state/atomic_file.h"
#include "core/state/file_reader.h"
#include "core/state/file_stamp.h"
#include "core/state/layout.h"

namespace openclaw::pairing {
namespace {

// Pairing files hold a handful of entries per device; anything near this is not ours.
constexpr std::uintmax_t kStoreFileLimit = 16 * 1024 * 1024;

}  // namespace

bool StoreFile::changed_on_disk() const { return !stamp_ || !(state::file_stamp(path_) == *stamp_); }

Result<nlohmann::json> StoreFile::load() {
  // Stamped before reading: a write racing with the read then shows up as a change next time.
  const state::FileStamp stamp = state::file_stamp(path_);
  auto text = state::read_file_limited(path_, kStoreFileLimit);
  if (!text) {
    if (text.error().not_found()) {
      stamp_ = state::FileStamp{};
      return nlohmann::json::object();
    }
    return fail("cannot read " + path_.string() + ": " + text.error().reason);
  }
  nlohmann::json document = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    return fail(path_.string() + ": not valid JSON (fix it or move it away; devices were not loaded)");
  }
  if (auto problem = validator_(document)) {
    return fail(path_.string() + ": " + *problem + " (fix it or move it away; devices were not loaded)");
  }
  stamp_ = stamp;
  return document;
}

Status StoreFile::write(const nlohmann::json& document) {
  const auto directory = path_.parent_path();
  if (auto made = state::create_directory_durably(directory, state::kDirectoryMode); !made) {
    return fail("cannot write " + path_.string() + ": " + made.error().message);
  }
  if (auto written = state::write_file_atomically(path_, render_store_json(document),
                                                  {.mode = state::kFileMode, .owner = std::nullopt});
      !written) {
    return written;
  }
  stamp_ = state::file_stamp(path_);
  return {};
}

Status StoreFile::restore(const std::optional<nlohmann::json>& previous) {
  if (previous) return write(*previous);
  if (::unlink(path_.c_str()) != 0 && errno != ENOENT) {
    return fail("cannot remove " + path_.string() + ": " + std::strerror(errno));
  }
  stamp_ = state::FileStamp{};
  return {};
}

std::string render_store_json(const nlohmann::json& document) {
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace openclaw::pairing
