#include "core/config/config_edit.h"

#include <sys/stat.h>
#include <unistd.h>

#include <system_error>

#include "core/config/env_substitution.h"
#include "core/state/atomic_file.h"
#include "core/state/file_reader.h"
#include "core/state/layout.h"

namespace openclaw::config {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::unexpected<ConfigWriteError> write_error(ConfigWriteError::Kind kind, std::string message) {
  return std::unexpected(ConfigWriteError{kind, std::move(message), {}, {}});
}

// Where the bytes go: through a symlinked openclaw.json to the file it points at.
fs::path write_target(const fs::path& path) {
  std::error_code ec;
  if (fs::is_symlink(path, ec)) {
    fs::path target = fs::canonical(path, ec);
    if (!ec) return target;
  }
  return path;
}

// When root edits a file another user owns, the new file keeps that owner, so the gateway
// running as that user can still read it.
std::optional<state::FileOwner> owner_to_keep(const fs::path& path) {
  struct stat info {};
  if (::geteuid() != 0 || ::stat(path.c_str(), &info) != 0) return std::nullopt;
  if (info.st_uid == 0) return std::nullopt;
  return state::FileOwner{info.st_uid, info.st_gid};
}

// The file still is what `base` saw: same existence, same bytes.
Status unchanged_since(const ConfigSnapshot& base, const fs::path& target) {
  auto current = state::read_file_limited(target, kMaxConfigFileBytes);
  const bool exists_now = current.has_value() || !current.error().not_found();
  const bool same = base.exists ? (current && base.raw && *current == *base.raw) : !exists_now;
  if (same) return {};
  return fail("config changed since it was read (" + base.path.string() + ")");
}

const json* child(const json* node, const std::string& key) {
  if (node == nullptr || !node->is_object()) return nullptr;
  auto it = node->find(key);
  return it == node->end() ? nullptr : &*it;
}

const json* element(const json* node, std::size_t index) {
  if (node == nullptr || !node->is_array() || index >= node->size()) return nullptr;
  return &(*node)[index];
}

json keep_placeholders(const json& candidate, const json* written, const json* resolved) {
  if (candidate.is_string()) {
    const bool substituted = written != nullptr && resolved != nullptr && written->is_string() &&
                             contains_env_reference(written->get_ref<const std::string&>()) &&
                             *resolved == candidate;
    return substituted ? *written : candidate;
  }
  if (candidate.is_object()) {
    json out = json::object();
    for (const auto& [key, value] : candidate.items()) {
      out[key] = keep_placeholders(value, child(written, key), child(resolved, key));
    }
    return out;
  }
  if (candidate.is_array()) {
    json out = json::array();
    for (std::size_t i = 0; i < candidate.size(); ++i) {
      out.push_back(keep_placeholders(candidate[i], element(written, i), element(resolved, i)));
    }
    return out;
  }
  return candidate;
}

}  // namespace

json keep_env_placeholders(const json& candidate, const json& written, const json& resolved) {
  return keep_placeholders(candidate, &written, &resolved);
}

Result<std::string> render_config_text(const json& document) {
  try {
    return document.dump(2, ' ', false, json::error_handler_t::strict) + "\n";
  } catch (const json::exception&) {
    return fail("a string in the config is not valid UTF-8");
  }
}

bool has_json5_comments(std::string_view text) {
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
      continue;
    }
    if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '/' && i + 1 < text.size() && (text[i + 1] == '/' || text[i + 1] == '*')) {
      return true;
    }
  }
  return false;
}

ConfigWriteResult write_config(const ConfigSnapshot& base, const json& candidate,
                               const Environment& env) {
  if (!candidate.is_object()) {
    ConfigWriteError error{
        ConfigWriteError::Kind::Invalid, "the config must be a JSON object", {}, {}};
    error.errors.push_back({"", "the config must be a JSON object"});
    return std::unexpected(std::move(error));
  }
  auto text = render_config_text(candidate);
  if (!text) return write_error(ConfigWriteError::Kind::Invalid, text.error().message);

  auto loaded = load_config_text(*text, base.path, env);
  if (!loaded) {
    ConfigWriteError error{ConfigWriteError::Kind::Invalid, loaded.error().message,
                           std::move(loaded.error().errors), std::move(loaded.error().warnings)};
    if (error.errors.empty()) error.errors.push_back({"", loaded.error().message});
    return std::unexpected(std::move(error));
  }

  ConfigWrite result;
  result.path = write_target(base.path);
  if (base.exists && base.parsed == candidate) {
    result.hash = base.hash;
    result.loaded = std::move(*loaded);
    return result;
  }

  if (auto same = unchanged_since(base, result.path); !same) {
    return write_error(ConfigWriteError::Kind::Changed, same.error().message);
  }
  const fs::path directory = result.path.parent_path();
  if (!directory.empty()) {
    std::error_code ec;
    if (!fs::exists(directory, ec)) {
      if (auto made = state::create_directory_durably(directory, state::kDirectoryMode); !made) {
        return write_error(ConfigWriteError::Kind::Io, made.error().message);
      }
    }
  }
  const state::WriteOptions options{state::kFileMode, owner_to_keep(result.path)};
  if (base.exists && base.raw) {
    fs::path backup = result.path;
    backup += ".bak";
    if (auto saved = state::write_file_atomically(backup, *base.raw, options); !saved) {
      return write_error(ConfigWriteError::Kind::Io,
                         "cannot keep the previous config: " + saved.error().message);
    }
    result.backup = backup;
    result.dropped_comments = has_json5_comments(*base.raw);
  }
  if (auto written = state::write_file_atomically(result.path, *text, options); !written) {
    return write_error(ConfigWriteError::Kind::Io, written.error().message);
  }
  result.changed = true;
  result.hash = hash_config_text(*text);
  result.loaded = std::move(*loaded);
  result.loaded.raw_text = std::move(*text);
  return result;
}

}  // namespace openclaw::config
