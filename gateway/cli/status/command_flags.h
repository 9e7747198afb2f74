// The command-specific arguments of one `openclaw` command, after take_network_options has
// removed the shared ones: flags ("--deep"), options with a value ("--limit 5" or
// "--limit=5"), repeatable options ("--scope a --scope b") and positionals. Each getter
// removes what it reads; finish() then rejects whatever is left, naming it, so a typo is a
// usage error (exit 2) instead of being ignored.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"

namespace openclaw::cli::status {

class CommandFlags {
 public:
  explicit CommandFlags(std::vector<std::string> args) : args_(std::move(args)) {}

  // True when `--name` is present (removed). "--name=value" on a flag is an error.
  Result<bool> flag(std::string_view name);

  // The value of `--name value` or `--name=value` (the last one wins); nullopt when absent.
  // Fails when the value is missing or empty.
  Result<std::optional<std::string>> value(std::string_view name);

  // Every value of a repeatable option, in order.
  Result<std::vector<std::string>> values(std::string_view name);

  // value() parsed as a decimal integer in [min, max]; fails naming the option otherwise.
  Result<std::optional<std::int64_t>> integer(std::string_view name, std::int64_t min, std::int64_t max);

  // What remains once every option was read: the positionals. Fails on a leftover "--x"
  // ("unknown option --x") or on more than `max_positionals` positionals ("unexpected
  // argument y").
  Result<std::vector<std::string>> finish(std::size_t max_positionals);

 private:
  std::vector<std::string> args_;
};

// Writes "openclaw <command>: <message>" and a pointer to --help to `err`; returns 2, the
// usage-error exit code.
int usage_error(std::string_view command, const std::string& message, std::ostream& err);

}  // namespace openclaw::cli::status
