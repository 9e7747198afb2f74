#include "cli/doctor/file_repairs.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/state/layout.h"

namespace openclaw::cli::doctor {

std::optional<mode_t> permission_bits(const std::filesystem::path& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) return std::nullopt;
  return info.st_mode & 0777;
}

std::string octal(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%03o", static_cast<unsigned>(mode & 0777));
  return text;
}

Status set_mode(const std::filesystem::path& path, mode_t mode) {
  if (::chmod(path.c_str(), mode) != 0) {
    return fail("cannot chmod " + octal(mode) + " " + path.string() + ": " + std::strerror(errno));
  }
  return {};
}

std::optional<state::FileOwner> owner_for_new_files(const std::filesystem::path& state_root) {
  if (::geteuid() != 0) return std::nullopt;
  struct stat info {};
  if (::stat(state_root.c_str(), &info) != 0 || info.st_uid == 0) return std::nullopt;
  return state::FileOwner{info.st_uid, info.st_gid};
}

Status create_private_directory(const std::filesystem::path& path,
                                const std::optional<state::FileOwner>& owner) {
  if (auto created = state::create_directory_durably(path, state::kDirectoryMode); !created)
    return created;
  if (owner && ::chown(path.c_str(), owner->uid, owner->gid) != 0) {
    return fail("cannot hand " + path.string() + " to uid " + std::to_string(owner->uid) + ": " +
                std::strerror(errno));
  }
  return {};
}

}  // namespace openclaw::cli::doctor
