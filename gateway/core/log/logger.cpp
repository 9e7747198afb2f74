#include "core/log/logger.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace openclaw::log {
namespace {

using OrderedJson = nlohmann::ordered_json;

constexpr std::array<std::string_view, 4> kFixedFields = {"time", "level", "subsystem", "msg"};
constexpr std::array<std::string_view, 5> kSensitiveSuffixes = {"token", "password", "secret",
                                                                "apikey", "authorization"};

bool is_fixed_field(std::string_view key) {
  for (std::string_view fixed : kFixedFields) {
    if (key == fixed) return true;
  }
  return false;
}

// A copy of `value` as an ordered_json, with secrets removed from every string (keys
// included) and sensitive-key values replaced.
OrderedJson sanitize(const nlohmann::json& value, const Redactor& redactor) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      OrderedJson out = OrderedJson::object();
      for (const auto& [key, member] : value.items()) {
        const bool keep = member.is_null() || member.is_boolean() ||
                          (member.is_string() && member.get_ref<const std::string&>().empty());
        out[redactor.redact(key)] = is_sensitive_key(key) && !keep
                                        ? OrderedJson(Redactor::kPlaceholder)
                                        : sanitize(member, redactor);
      }
      return out;
    }
    case nlohmann::json::value_t::array: {
      OrderedJson out = OrderedJson::array();
      for (const auto& element : value) out.push_back(sanitize(element, redactor));
      return out;
    }
    case nlohmann::json::value_t::string:
      return redactor.redact(value.get_ref<const std::string&>());
    case nlohmann::json::value_t::binary:
      // Raw bytes have no place in a text log and may well be key material.
      return Redactor::kPlaceholder;
    case nlohmann::json::value_t::boolean:
      return value.get<bool>();
    case nlohmann::json::value_t::number_integer:
      return value.get<std::int64_t>();
    case nlohmann::json::value_t::number_unsigned:
      return value.get<std::uint64_t>();
    case nlohmann::json::value_t::number_float:
      return value.get<double>();
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      return nullptr;
  }
  return nullptr;
}

std::mutex& default_logger_mutex() {
  static std::mutex mutex;
  return mutex;
}

Logger& default_logger_instance() {
  static Logger logger;
  return logger;
}

}  // namespace

bool is_sensitive_key(std::string_view key) {
  std::string normalised;
  normalised.reserve(key.size());
  for (char c : key) {
    if (c == '_' || c == '-') continue;
    normalised.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  for (std::string_view suffix : kSensitiveSuffixes) {
    if (normalised.ends_with(suffix)) return true;
  }
  return false;
}

Logger::Logger(LoggerOptions options)
    : shared_(std::make_shared<Shared>()), subsystem_(std::move(options.subsystem)) {
  shared_->sink = options.sink ? std::move(options.sink) : std::make_shared<FdSink>(2);
  shared_->min_level.store(options.min_level);
  shared_->redactor = options.redactor ? std::move(options.redactor) : std::make_shared<Redactor>();
  shared_->clock =
      options.clock ? std::move(options.clock) : [] { return std::chrono::system_clock::now(); };
}

Logger Logger::with_subsystem(std::string subsystem) const {
  return Logger(shared_, std::move(subsystem));
}

bool Logger::enabled(Level level) const {
  const Level minimum = min_level();
  return level != Level::silent && minimum != Level::silent && level >= minimum;
}

void Logger::log(Level level, std::string_view msg, const nlohmann::json& fields) const {
  if (!enabled(level)) return;
  const Redactor& redactor = *shared_->redactor;

  OrderedJson record = OrderedJson::object();
  record["time"] = format_timestamp(shared_->clock());
  record["level"] = level_name(level);
  record["subsystem"] = redactor.redact(subsystem_);
  record["msg"] = redactor.redact(msg);
  if (fields.is_object()) {
    OrderedJson sanitized = sanitize(fields, redactor);
    for (auto& [key, value] : sanitized.items()) {
      record[is_fixed_field(key) ? "_" + key : key] = value;
    }
  } else if (!fields.is_null()) {
    record["data"] = sanitize(fields, redactor);
  }

  std::string line =
      record.dump(-1, ' ', /*ensure_ascii=*/false, OrderedJson::error_handler_t::replace);
  // Catches what the per-string pass cannot see, e.g. a secret split across a key and value.
  line = redactor.redact(line);
  line.push_back('\n');
  shared_->sink->write_line(line);
}

std::string format_timestamp(std::chrono::system_clock::time_point time) {
  const auto milliseconds = std::chrono::floor<std::chrono::milliseconds>(time);
  const auto seconds = std::chrono::floor<std::chrono::seconds>(milliseconds);
  const auto millis = (milliseconds - seconds).count();
  const std::time_t whole = std::chrono::system_clock::to_time_t(seconds);
  std::tm utc{};
  gmtime_r(&whole, &utc);
  // Sized for any int the fields could hold, so the compiler can prove no truncation.
  std::array<char, 96> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                utc.tm_sec, static_cast<int>(millis));
  return buffer.data();
}

Logger default_logger() {
  std::lock_guard lock(default_logger_mutex());
  return default_logger_instance();
}

void set_default_logger(Logger logger) {
  std::lock_guard lock(default_logger_mutex());
  default_logger_instance() = std::move(logger);
}

}  // namespace openclaw::log
