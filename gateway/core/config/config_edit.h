// Writing openclaw.json after an edit (`openclaw config set|unset`, config.set|patch|apply).
// Edits work on the document as written — before $include and ${VAR} — so placeholders,
// SecretRefs and includes survive; the candidate is validated through the same loader the
// gateway uses before anything touches the disk, and the file is replaced atomically:
//
//   1. the candidate is rendered as JSON (2-space indent) and loaded with load_config_text;
//      any schema error aborts the write and is reported with its path;
//   2. the file is re-read: if it changed since the snapshot the edit started from, the
//      write is refused (someone else edited it meanwhile);
//   3. the previous file is kept as <file>.bak (0600), then the new text replaces the file
//      through a temporary file + fsync + rename (0600, owner kept when root edits it).
//
// A reader never sees a half-written file. JSON5 comments do not survive a rewrite (upstream
// loses them too); `dropped_comments` says when that happened.
#pragma once

#include <expected>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config/config_snapshot.h"
#include "core/config/diagnostic.h"
#include "core/config/loader.h"
#include "core/util/environment.h"

namespace openclaw::config {

struct ConfigWrite {
  std::filesystem::path path;                   // the file written (a symlink's target)
  std::optional<std::filesystem::path> backup;  // <path>.bak, when there was a previous file
  std::string hash;                             // hex SHA-256 of the new text
  bool changed = false;           // false: the candidate equals the file; nothing was written
  bool dropped_comments = false;  // the previous text had JSON5 comments, now gone
  LoadedConfig loaded;            // the candidate as the gateway will load it
};

struct ConfigWriteError {
  enum class Kind {
    Invalid,  // the candidate does not load (schema errors in `errors`, or an $include failure)
    Changed,  // the file changed on disk since `base` was read
    Io,       // writing failed; the file is untouched
  };
  Kind kind = Kind::Invalid;
  std::string message;  // one operator-facing text; never contains a secret value
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;
};

using ConfigWriteResult = std::expected<ConfigWrite, ConfigWriteError>;

// Validates `candidate` (a whole document, as written) and replaces base.path with it as
// described above. `base` is the snapshot the edit started from.
ConfigWriteResult write_config(const ConfigSnapshot& base, const nlohmann::json& candidate,
                               const Environment& env);

// `candidate` with each string that equals what a "${VAR}" string in `written` (the file as
// written) became in `resolved` put back as that "${VAR}" string, path by path. A client
// that edits config.get's resolved `config` and sends it back would otherwise write the
// environment's values into the file.
nlohmann::json keep_env_placeholders(const nlohmann::json& candidate, const nlohmann::json& written,
                                     const nlohmann::json& resolved);

// The text write_config() writes for `document`. Fails only for strings that are not valid
// UTF-8.
Result<std::string> render_config_text(const nlohmann::json& document);

// True when the JSON5 `text` has a // or /* comment outside string literals.
bool has_json5_comments(std::string_view text);

}  // namespace openclaw::config
