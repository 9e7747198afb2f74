// StoreFile: one JSON file of the device store (devices/paired.json, devices/pending.json),
// remembered by its identity on disk so that a rewrite by another process (the
// provisioner's `device add`) is noticed before the next operation.
#pragma once


#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/state/file_stamp.h"
#include "core/util/result.h"

namespace openclaw::pairing {

class StoreFile {
 public:
  // Returns why a parsed document is unacceptable, or nullopt when it is fine.
  using Validator = std::function<std::optional<std::string>(const nlohmann::json&)>;

  StoreFile(std::filesystem::path path, Validator validator)
      : path_(std::move(path)), validator_(std::move(validator)) {}

  const std::filesystem::path& path() const { return path_; }

  // True when the file on disk is not the one last loaded or written: created, removed,
  // replaced (another inode), or modified (size, mtime or ctime changed). Also true before
  // the first load.
  bool changed_on_disk() const;

  // The file's document: an empty object when the file does not exist. Fails, naming the
  // file, when it cannot be read, is not JSON, or the validator objects. On success the
  // file's identity is remembered for changed_on_disk().
  Result<nlohmann::json> load();

  // Replaces the file with `document` (two-space JSON plus newline, mode 0600, atomically),
  // creating its directory with mode 0700 first when missing. On failure the file is as it
  // was and the error names it.
  Status write(const nlohmann::json& document);

  // Puts back what the file held before a write that must be undone: `previous`, or no
  // file at all when `previous` is nullopt.
  Status restore(const std::optional<nlohmann::json>& previous);

  // Whether the file existed when last loaded or written.
  bool existed() const { return stamp_ && stamp_->exists; }

 private:
  std::filesystem::path path_;
  Validator validator_;
  std::optional<state::FileStamp> stamp_;
};

// The text a store file holds for `document`: two-space indented JSON and a final newline.
// Invalid UTF-8 from a client (a display name) is replaced, never a reason to fail a write.
std::string render_store_json(const nlohmann::json& document);

}  // namespace openclaw::pairing
