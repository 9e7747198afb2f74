#include "cli/status/command_flags.h"

#include <charconv>

namespace openclaw::cli::status {

Result<bool> CommandFlags::flag(std::string_view name) {
  const std::string option = "--" + std::string(name);
  bool found = false;
  for (auto it = args_.begin(); it != args_.end();) {
    if (*it == option) {
      found = true;
      it = args_.erase(it);
    } else if (it->starts_with(option + "=")) {
      return fail(option + " takes no value");
    } else {
      ++it;
    }
  }
  return found;
}

Result<std::vector<std::string>> CommandFlags::values(std::string_view name) {
  const std::string option = "--" + std::string(name);
  std::vector<std::string> found;
  for (auto it = args_.begin(); it != args_.end();) {
    std::string value;
    if (*it == option) {
      if (std::next(it) == args_.end() || std::next(it)->starts_with("--")) return fail(option + " needs a value");
      value = *std::next(it);
      it = args_.erase(it, it + 2);
    } else if (it->starts_with(option + "=")) {
      value = it->substr(option.size() + 1);
      it = args_.erase(it);
    } else {
      ++it;
      continue;
    }
    if (value.empty()) return fail(option + " needs a non-empty value");
    found.push_back(std::move(value));
  }
  return found;
}

Result<std::optional<std::string>> CommandFlags::value(std::string_view name) {
  auto found = values(name);
  if (!found) return std::unexpected(found.error());
  if (found->empty()) return std::optional<std::string>();
  return std::optional<std::string>(found->back());
}

Result<std::optional<std::int64_t>> CommandFlags::integer(std::string_view name, std::int64_t min, std::int64_t max) {
  auto text = value(name);
  if (!text) return std::unexpected(text.error());
  if (!*text) return std::optional<std::int64_t>();
  std::int64_t number = 0;
  const auto& digits = **text;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (ec != std::errc() || end != digits.data() + digits.size() || number < min || number > max) {
    return fail("--" + std::string(name) + " must be an integer from " + std::to_string(min) + " to " +
                std::to_string(max) + ", got \"" + digits + "\"");
  }
  return std::optional<std::int64_t>(number);
}

Result<std::vector<std::string>> CommandFlags::finish(std::size_t max_positionals) {
  std::vector<std::string> positionals;
  for (const auto& arg : args_) {
    if (arg.starts_with("--") || (arg.size() > 1 && arg.front() == '-')) {
      return fail("unknown option " + arg.substr(0, arg.find('=')));
    }
    if (positionals.size() == max_positionals) return fail("unexpected argument \"" + arg + "\"");
    positionals.push_back(arg);
  }
  return positionals;
}

int usage_error(std::string_view command, const std::string& message, std::ostream& err) {
  err << "openclaw " << command << ": " << message << "\n";
  err << "Run openclaw --help for the options of each command.\n";
  return 2;
}

}  // namespace openclaw::cli::status
