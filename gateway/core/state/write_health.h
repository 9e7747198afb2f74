// Whether this process can write its state directory, learned from the writes themselves:
// every atomic replacement (write_file_atomically) and every transcript append reports its
// outcome here, so a full disk, a read-only remount or a directory that lost its write
// permission shows up in /readyz and the metrics without a separate watcher, and clears as
// soon as a write succeeds again. Process-wide on purpose: the stores that write (pairing,
// config, sessions, transcripts, identity, TLS) live in different modules, and threading an
// observer through each of them would change every constructor for one shared fact.
// Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace openclaw::state {

// The store a file belongs to, as a metric label (a fixed vocabulary, never a path):
// "config" (openclaw.json and its .bak), "devices" (devices/*.json), "sessions"
// (sessions.json), "transcripts" (*.jsonl), "identity" (identity/*), "credentials",
// "tls" (gateway/tls/*), else "other".
std::string_view store_of(const std::filesystem::path& path);

// Every label store_of can return, in a fixed order.
inline constexpr std::array<std::string_view, 8> kStateStores = {
    "config", "devices", "sessions", "transcripts", "identity", "credentials", "tls", "other"};

// True for the errors that mean "the state directory cannot take writes now" (ENOSPC,
// EDQUOT, EROFS, EACCES, EPERM, EIO, EFBIG) rather than a problem of one request.
bool is_storage_condition(int error_number);

// The last write failure that made the state directory unwritable.
struct UnwritableState {
  std::string store;    // store_of(path)
  std::string path;     // the file whose write failed
  std::string reason;   // the write's error message (names the file and the system's reason)
  std::string code;     // "ENOSPC", "EROFS", "EACCES", ... (or "errno N")
  std::int64_t since_ms = 0;  // wall clock of the first failure since the last success
};

class StateWriteHealth {
 public:
  // A write of `path` failed with `error_number`; `message` is the error the writer returned.
  // Counted for the store; when is_storage_condition(error_number) the directory counts as
  // unwritable until the next success.
  void record_failure(const std::filesystem::path& path, int error_number, const std::string& message);

  // A write of `path` succeeded: the directory takes writes again.
  void record_success(const std::filesystem::path& path);

  // nullopt while writes succeed; else the condition that made the directory unwritable.
  std::optional<UnwritableState> unwritable() const;

  // Failed writes so far, per store (indexed like kStateStores).
  std::array<std::uint64_t, kStateStores.size()> failures() const;

 private:
  mutable std::mutex mutex_;
  std::optional<UnwritableState> unwritable_;
  std::array<std::uint64_t, kStateStores.size()> failures_{};
};

// The process's one StateWriteHealth.
StateWriteHealth& state_write_health();

// "ENOSPC", "EROFS", ... for the errors is_storage_condition knows, else "errno N".
std::string error_code_name(int error_number);

// Tries a small write in `directory` (a temporary file of one 4 KiB block, fsynced, then
// removed) and reports a success to state_write_health(); a failure is returned, not counted
// (a probe is not a lost write). For a periodic check while the directory is unwritable.
Status probe_state_directory(const std::filesystem::path& directory);

}  // namespace openclaw::state
