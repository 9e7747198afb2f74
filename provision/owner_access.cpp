#include "provision/owner_access.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace openclaw::provision {
namespace {

std::string owner_text(uid_t uid, gid_t gid) { return std::to_string(uid) + ":" + std::to_string(gid); }

std::string mode_text(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// The permission bits that apply to `owner` for a file with this stat, the way the kernel
// picks them: the user class when the uid matches (even if the user bits deny and the
// group bits would allow), else the group class for the primary gid, else other.
bool class_allows(const struct stat& info, const state::FileOwner& owner, mode_t user_bit, mode_t group_bit,
                  mode_t other_bit) {
  if (info.st_uid == owner.uid) return (info.st_mode & user_bit) != 0;
  if (info.st_gid == owner.gid) return (info.st_mode & group_bit) != 0;
  return (info.st_mode & other_bit) != 0;
}

}  // namespace

Status check_owner_can_read(const std::filesystem::path& path, const state::FileOwner& owner,
                            std::string_view field) {
  if (owner.uid == 0) return {};
  const std::string who = "the gateway's user " + owner_text(owner.uid, owner.gid);
  std::error_code error;
  const std::filesystem::path absolute = std::filesystem::absolute(path, error);
  if (error) return fail(std::string(field) + ": " + path.string() + ": " + error.message());

  // Every directory above the file must be searchable by the owner.
  std::filesystem::path directory;
  for (auto part = absolute.begin(); part != absolute.end(); ++part) {
    if (std::next(part) == absolute.end()) break;
    directory /= *part;
    struct stat info {};
    if (::stat(directory.c_str(), &info) != 0) {
      return fail(std::string(field) + ": " + directory.string() + ": " + std::strerror(errno));
    }
    if (!class_allows(info, owner, S_IXUSR, S_IXGRP, S_IXOTH)) {
      return fail(std::string(field) + ": the directory " + directory.string() + " (owner " +
                  owner_text(info.st_uid, info.st_gid) + ", mode " + mode_text(info.st_mode) + ") keeps " + who +
                  " from reaching " + absolute.string() + "; let it search the directory (chmod o+x " +
                  directory.string() + ") or keep the secret elsewhere");
    }
  }

  struct stat info {};
  if (::stat(absolute.c_str(), &info) != 0) {
    return fail(std::string(field) + ": " + absolute.string() + ": " + std::strerror(errno));
  }
  if (!class_allows(info, owner, S_IRUSR, S_IRGRP, S_IROTH)) {
    const std::string fix_owner = owner_text(owner.uid, owner.gid);
    return fail(std::string(field) + ": " + absolute.string() + " is owned by " +
                owner_text(info.st_uid, info.st_gid) + " with mode " + mode_text(info.st_mode) + ", so " + who +
                " could not read it and would not start; on the host, give the file to that user: chown " +
                fix_owner + " FILE && chmod 0400 FILE (a Docker Compose file secret keeps the host file's owner "
                "and mode)");
  }
  return {};
}

Status check_secret_files_readable_by_owner(const ProvisionSpec& spec) {
  if (!spec.owner || spec.owner->uid == ::geteuid()) return {};
  std::vector<std::pair<std::filesystem::path, std::string>> files;
  if (spec.auth_mode == "token" && spec.token.file) files.emplace_back(*spec.token.file, "gateway.auth.tokenFile");
  if (spec.auth_mode == "password" && spec.password.file) {
    files.emplace_back(*spec.password.file, "gateway.auth.passwordFile");
  }
  if (spec.metrics && spec.metrics->token_file) files.emplace_back(*spec.metrics->token_file, "gateway.metrics.tokenFile");
  for (const auto& provider : spec.providers) {
    if (provider.api_key.file) files.emplace_back(*provider.api_key.file, "providers." + provider.id + ".apiKeyFile");
  }
  for (const auto& [path, field] : files) {
    if (auto status = check_owner_can_read(path, *spec.owner, field); !status) return status;
  }
  return {};
}

}  // namespace openclaw::provision
