#include "core/state/write_health.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>

#include "core/state/file_descriptor.h"

namespace openclaw::state {
namespace {

std::size_t store_index(std::string_view store) {
  const auto found = std::find(kStateStores.begin(), kStateStores.end(), store);
  return static_cast<std::size_t>(found - kStateStores.begin());
}

std::int64_t wall_clock_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool has_component(const std::filesystem::path& path, std::string_view name) {
  for (const auto& part : path.parent_path()) {
    if (part == name) return true;
  }
  return false;
}

}  // namespace

std::string_view store_of(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  if (name == "openclaw.json" || name == "openclaw.json.bak") return "config";
  if (path.extension() == ".jsonl") return "transcripts";
  if (name == "sessions.json") return "sessions";
  if (has_component(path, "devices")) return "devices";
  if (has_component(path, "identity")) return "identity";
  if (has_component(path, "credentials")) return "credentials";
  if (has_component(path, "tls")) return "tls";
  return "other";
}

bool is_storage_condition(int error_number) {
  switch (error_number) {
    case ENOSPC:
    case EDQUOT:
    case EROFS:
    case EACCES:
    case EPERM:
    case EIO:
    case EFBIG:
      return true;
    default:
      return false;
  }
}

std::string error_code_name(int error_number) {
  switch (error_number) {
    case ENOSPC: return "ENOSPC";
    case EDQUOT: return "EDQUOT";
    case EROFS: return "EROFS";
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    case EIO: return "EIO";
    case EFBIG: return "EFBIG";
    default: return "errno " + std::to_string(error_number);
  }
}

void StateWriteHealth::record_failure(const std::filesystem::path& path, int error_number,
                                      const std::string& message) {
  const std::string_view store = store_of(path);
  std::lock_guard lock(mutex_);
  ++failures_[store_index(store)];
  if (!is_storage_condition(error_number)) return;
  const std::int64_t since = unwritable_ ? unwritable_->since_ms : wall_clock_now_ms();
  unwritable_ = UnwritableState{std::string(store), path.string(), message, error_code_name(error_number), since};
}

void StateWriteHealth::record_success(const std::filesystem::path&) {
  std::lock_guard lock(mutex_);
  unwritable_.reset();
}

std::optional<UnwritableState> StateWriteHealth::unwritable() const {
  std::lock_guard lock(mutex_);
  return unwritable_;
}

std::array<std::uint64_t, kStateStores.size()> StateWriteHealth::failures() const {
  std::lock_guard lock(mutex_);
  return failures_;
}

StateWriteHealth& state_write_health() {
  static StateWriteHealth health;
  return health;
}

Status probe_state_directory(const std::filesystem::path& directory) {
  static thread_local std::mt19937_64 generator{std::random_device{}()};
  char suffix[17];
  std::snprintf(suffix, sizeof suffix, "%016llx", static_cast<unsigned long long>(generator()));
  // Named like write_file_atomically's temporaries, so one left by a kill is cleaned up at
  // the next start like theirs.
  const std::filesystem::path probe = directory / (std::string(".write-probe.tmp-") + suffix);
  FileDescriptor file(::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (file.get() < 0) {
    return fail("cannot write in " + directory.string() + ": " + std::strerror(errno));
  }
  // One whole block: a full file system refuses it even when the last partial block of
  // some file still has room.
  const std::string block(4096, '\0');
  const ssize_t written = ::write(file.get(), block.data(), block.size());
  const int write_error = errno;
  const bool synced = written == static_cast<ssize_t>(block.size()) && ::fsync(file.get()) == 0;
  const int sync_error = errno;
  ::unlink(probe.c_str());
  if (written != static_cast<ssize_t>(block.size())) {
    return fail("cannot write in " + directory.string() + ": " +
                (written < 0 ? std::strerror(write_error) : "short write"));
  }
  if (!synced) return fail("cannot write in " + directory.string() + ": " + std::strerror(sync_error));
  state_write_health().record_success(probe);
  return {};
}

}  // namespace openclaw::state
