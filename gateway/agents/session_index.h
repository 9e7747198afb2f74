// sessions.json of one agent (agents/<agentId>/sessions/sessions.json): an object keyed by
// full session key whose values are upstream's SessionEntry. Kept in memory and re-read
// only when the file changed on disk (another process, or the real OpenClaw, rewrote it);
// written atomically with mode 0600. Fields this gateway does not know are kept as written.
// Not thread-safe: the session store holds its per-agent mutex around every use.
#pragma once


#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "agents/session_store.h"
#include "core/state/file_stamp.h"
#include "core/util/result.h"

namespace openclaw::agents {

class SessionIndexFile {
 public:
  explicit SessionIndexFile(std::filesystem::path path) : path_(std::move(path)) {}

  const std::filesystem::path& path() const { return path_; }

  // The document, to read or change in place until the next call: an empty object when the
  // file does not exist. Re-read when the file changed on disk since the last load or save.
  // Fails naming the file when it cannot be read or is not a JSON object; the file is left
  // alone (never replaced by an empty index).
  Result<nlohmann::json*> load();

  // Writes the document as it now is (two-space JSON, mode 0600, temp file + rename). On
  // failure the file keeps its previous content, the error names it, and the in-memory
  // document is dropped so that the next load() reads the file again.
  Status save();

 private:
  std::filesystem::path path_;
  std::optional<nlohmann::json> document_;  // nullopt: not loaded (or dropped after a failed save)
  state::FileStamp stamp_;  // the file as document_ was loaded or saved
};

// The entry stored under `key`: known fields parsed, everything else (and known fields of
// an unexpected type) kept in `extra`. nullopt when `value` is not an object with a
// string sessionId.
std::optional<SessionEntry> session_entry_from_json(const std::string& key,
                                                    const nlohmann::json& value);

}  // namespace openclaw::agents
