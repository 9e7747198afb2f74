// JSON-lines logger. Each record is one line:
//   {"time":"2026-04-13T12:34:56.789Z","level":"info","subsystem":"gateway/ws","msg":"...",
//    ...extra fields}
// Secrets never reach the sink: every string in the record passes through the Redactor,
// fields whose key names a secret are replaced wholesale, and the serialized line passes
// through the Redactor once more.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/log/level.h"
#include "core/log/redactor.h"
#include "core/log/sink.h"

namespace openclaw::log {

struct LoggerOptions {
  // Default: an FdSink on stderr.
  std::shared_ptr<LogSink> sink;
  Level min_level = Level::info;
  // Default: a fresh, empty Redactor.
  std::shared_ptr<Redactor> redactor;
  // Default: std::chrono::system_clock::now. Tests inject a fixed clock.
  std::function<std::chrono::system_clock::time_point()> clock;
  std::string subsystem = "gateway";
};

// True when a field with this key holds a secret, whatever its value: after lowercasing and
// dropping '_' and '-', the key ends in "token", "password", "secret", "apikey" or
// "authorization" (so "token", "apiKey", "x-api-key", "deviceToken", "Authorization",
// "client_secret" all match; "tokens" and "tokenCount" do not).
bool is_sensitive_key(std::string_view key);

// Cheap to copy: copies share the sink, redactor, clock and minimum level, and differ only
// in subsystem (see with_subsystem). Thread-safe.
class Logger {
 public:
  explicit Logger(LoggerOptions options = {});

  // A logger for `subsystem` (e.g. "gateway/ws") sharing everything else with this one;
  // changing the minimum level on either changes it for both.
  Logger with_subsystem(std::string subsystem) const;

  const std::string& subsystem() const { return subsystem_; }
  Redactor& redactor() const { return *shared_->redactor; }

  Level min_level() const { return shared_->min_level.load(std::memory_order_relaxed); }
  void set_min_level(Level level) { shared_->min_level.store(level, std::memory_order_relaxed); }
  // True when a record at `level` would be written.
  bool enabled(Level level) const;

  // Writes one record when `level` is enabled. `fields` is normally an object whose members
  // follow the four fixed fields (a member named time/level/subsystem/msg is written as
  // "_time" etc. rather than overriding them); null adds nothing; any other JSON value is
  // written as "data". In sensitive-key fields (is_sensitive_key) every value except null,
  // booleans and "" becomes "[REDACTED]". Invalid UTF-8 is replaced, never thrown.
  void log(Level level, std::string_view msg, const nlohmann::json& fields = nullptr) const;

  void trace(std::string_view msg, const nlohmann::json& fields = nullptr) const {
    log(Level::trace, msg, fields);
  }
  void debug(std::string_view msg, const nlohmann::json& fields = nullptr) const {
    log(Level::debug, msg, fields);
  }
  void info(std::string_view msg, const nlohmann::json& fields = nullptr) const {
    log(Level::info, msg, fields);
  }
  void warn(std::string_view msg, const nlohmann::json& fields = nullptr) const {
    log(Level::warn, msg, fields);
  }
  void error(std::string_view msg, const nlohmann::json& fields = nullptr) const {
    log(Level::error, msg, fields);
  }
  void fatal(std::string_view msg, const nlohmann::json& fields = nullptr) const {
    log(Level::fatal, msg, fields);
  }

 private:
  struct Shared {
    std::shared_ptr<LogSink> sink;
    std::atomic<Level> min_level;
    std::shared_ptr<Redactor> redactor;
    std::function<std::chrono::system_clock::time_point()> clock;
  };

  Logger(std::shared_ptr<Shared> shared, std::string subsystem)
      : shared_(std::move(shared)), subsystem_(std::move(subsystem)) {}

  std::shared_ptr<Shared> shared_;
  std::string subsystem_;
};

// ISO-8601 UTC with milliseconds, e.g. "2026-04-13T12:34:56.789Z".
std::string format_timestamp(std::chrono::system_clock::time_point time);

// The process-wide logger (initially: stderr, info, subsystem "gateway"). Returns a copy, so
// callers may keep it; set_default_logger affects later calls only.
Logger default_logger();
void set_default_logger(Logger logger);

}  // namespace openclaw::log
