// Log levels, named as upstream names them (logging.level / --log-level / OPENCLAW_LOG_LEVEL).
#pragma once

#include <optional>
#include <string_view>

namespace openclaw::log {

// Ordered by severity. `silent` is only a minimum level: it turns logging off.
enum class Level { trace, debug, info, warn, error, fatal, silent };

// Parses "trace", "debug", "info", "warn", "error", "fatal" or "silent", ignoring ASCII case.
// nullopt for anything else (including "warning" and surrounding spaces), so a typo in the
// config is reported instead of silently meaning some default.
std::optional<Level> parse_level(std::string_view text);

// The lowercase name parse_level accepts, as written in the "level" field of a log line.
std::string_view level_name(Level level);

}  // namespace openclaw::log
