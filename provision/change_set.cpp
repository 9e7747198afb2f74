#include "provision/change_set.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/json5/json5.h"
#include "core/state/atomic_file.h"
#include "core/state/file_reader.h"

namespace openclaw::provision {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string octal(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// Keys whose values are secrets: their changes are listed, their values never.
bool is_secret_key(const std::string& path) {
  for (const char* marker : {"token", "password", "apiKey", "key"}) {
    auto at = path.rfind(marker);
    if (at != std::string::npos && at + std::strlen(marker) == path.size()) return true;
  }
  return false;
}

void flatten(const json& value, const std::string& path, std::map<std::string, json>& out) {
  if (path.empty() && value.is_object() && value.empty()) return;
  if (value.is_object() && !value.empty()) {
    for (const auto& [key, child] : value.items()) flatten(child, path.empty() ? key : path + "." + key, out);
    return;
  }
  out[path] = value;
}

// "gateway.port 18789 -> 18790, gateway.auth.token (changed)": what a config update touches.
std::string describe_config_change(const json& before, const json& after) {
  std::map<std::string, json> old_leaves, new_leaves;
  flatten(before, "", old_leaves);
  flatten(after, "", new_leaves);
  std::vector<std::string> parts;
  auto show = [](const std::string& key, const json& value) {
    return is_secret_key(key) && value.is_string() ? std::string("(secret)") : value.dump();
  };
  for (const auto& [key, value] : new_leaves) {
    auto old = old_leaves.find(key);
    if (old == old_leaves.end()) {
      parts.push_back("+" + key + "=" + show(key, value));
    } else if (old->second != value) {
      parts.push_back(key + ": " + show(key, old->second) + " -> " + show(key, value));
    }
  }
  for (const auto& [key, value] : old_leaves) {
    if (!new_leaves.contains(key)) parts.push_back("-" + key);
  }
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : ", ") + part;
  return text;
}

bool file_matches(const DesiredFile& file, const std::string& current) {
  if (current == file.content) return true;
  if (!file.meaning) return false;
  auto parsed = json5::parse(current);
  return parsed && *parsed == *file.meaning;
}

void add_metadata_changes(const fs::path& path, const struct stat& info, mode_t mode,
                          const std::optional<state::FileOwner>& owner, std::vector<Change>& changes) {
  if ((info.st_mode & 07777) != mode) {
    changes.push_back({ChangeKind::Permissions, "chmod", path, octal(info.st_mode) + " -> " + octal(mode)});
  }
  if (owner && (info.st_uid != owner->uid || info.st_gid != owner->gid)) {
    changes.push_back({ChangeKind::Owner, "chown", path,
                       std::to_string(info.st_uid) + ":" + std::to_string(info.st_gid) + " -> " +
                           std::to_string(owner->uid) + ":" + std::to_string(owner->gid)});
  }
}

fs::path nearest_existing_ancestor(fs::path path) {
  std::error_code error;
  while (!path.empty() && !fs::exists(path, error)) {
    if (path == path.parent_path()) break;
    path = path.parent_path();
  }
  return path;
}

}  // namespace

std::vector<Change> compute_changes(const DesiredState& desired) {
  std::vector<Change> changes;
  for (const auto& directory : desired.directories) {
    struct stat info {};
    if (::lstat(directory.path.c_str(), &info) != 0) {
      changes.push_back({ChangeKind::Directory, "create", directory.path, octal(directory.mode)});
      continue;
    }
    add_metadata_changes(directory.path, info, directory.mode, desired.owner, changes);
  }
  for (const auto& file : desired.files) {
    struct stat info {};
    if (::lstat(file.path.c_str(), &info) != 0) {
      changes.push_back({file.kind, "create", file.path, ""});
      continue;
    }
    auto current = state::read_file(file.path);
    if (!current || !file_matches(file, *current)) {
      std::string detail = file.kind == ChangeKind::Config
                               ? describe_config_change(desired.existing_config, desired.desired_config)
                               : "";
      changes.push_back({file.kind, "update", file.path, detail});
    }
    add_metadata_changes(file.path, info, file.mode, desired.owner, changes);
  }
  return changes;
}

std::map<std::string, int> count_by_kind(const std::vector<Change>& changes) {
  std::map<std::string, int> counts;
  for (const auto& change : changes) ++counts[std::string(to_string(change.kind))];
  return counts;
}

Status check_writable(const DesiredState& desired) {
  auto check = [](const fs::path& target) -> Status {
    fs::path place = nearest_existing_ancestor(target);
    struct stat info {};
    if (::stat(place.c_str(), &info) != 0) {
      return fail("cannot use " + target.string() + ": " + std::strerror(errno));
    }
    if (!S_ISDIR(info.st_mode)) {
      return fail("cannot use " + target.string() + ": " + place.string() + " is not a directory");
    }
    if (::access(place.c_str(), W_OK | X_OK) != 0) {
      return fail("cannot write in " + place.string() + " (for " + target.string() +
                  "): " + std::strerror(errno));
    }
    return {};
  };
  for (const auto& directory : desired.directories) {
    // A directory that is already there needs no room in its parent: a container's state
    // volume is mounted on a directory of a read-only root the non-root user cannot write.
    std::error_code ignored;
    if (fs::is_directory(directory.path, ignored)) continue;
    if (auto status = check(directory.path.parent_path()); !status) return status;
  }
  for (const auto& file : desired.files) {
    if (auto status = check(file.path.parent_path()); !status) return status;
  }
  return {};
}

Status apply_changes(const DesiredState& desired, const std::vector<Change>& changes) {
  auto wants = [&](const fs::path& path, const char* action) {
    for (const auto& change : changes) {
      if (change.path == path && change.action == action) return true;
    }
    return false;
  };
  auto fix_metadata = [&](const fs::path& path, mode_t mode) -> Status {
    if (wants(path, "chmod") && ::chmod(path.c_str(), mode) != 0) {
      return fail("cannot chmod " + path.string() + ": " + std::strerror(errno));
    }
    if (wants(path, "chown") && ::lchown(path.c_str(), desired.owner->uid, desired.owner->gid) != 0) {
      return fail("cannot chown " + path.string() + ": " + std::strerror(errno));
    }
    return {};
  };
  for (const auto& directory : desired.directories) {
    if (wants(directory.path, "create")) {
      if (auto status = state::create_directory_durably(directory.path, directory.mode); !status) return status;
      if (desired.owner && ::lchown(directory.path.c_str(), desired.owner->uid, desired.owner->gid) != 0) {
        return fail("cannot chown " + directory.path.string() + ": " + std::strerror(errno));
      }
    }
    if (auto status = fix_metadata(directory.path, directory.mode); !status) return status;
  }
  for (const auto& file : desired.files) {
    if (wants(file.path, "create") || wants(file.path, "update")) {
      state::WriteOptions options;
      options.mode = file.mode;
      options.owner = desired.owner;
      if (file.kind == ChangeKind::Config && wants(file.path, "update")) {
        // Keep the operator's previous file next to it, as upstream does with .bak.
        auto previous = state::read_file(file.path);
        if (previous) {
          if (auto status = state::write_file_atomically(file.path.string() + ".bak", *previous, options);
              !status) {
            return status;
          }
        }
      }
      if (auto status = state::write_file_atomically(file.path, file.content, options); !status) return status;
    }
    if (auto status = fix_metadata(file.path, file.mode); !status) return status;
  }
  return {};
}

}  // namespace openclaw::provision
