// A snapshot of environment variables, passed explicitly so that every rule that reads the
// environment (paths, precedence, ${VAR} substitution, SecretRefs) can be tested without
// touching the real process environment.
#pragma once

#include <unistd.h>  // environ

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace openclaw {

class Environment {
 public:
  Environment() = default;
  explicit Environment(std::map<std::string, std::string, std::less<>> vars)
      : vars_(std::move(vars)) {}

  // The current process environment.
  static Environment from_process() {
    std::map<std::string, std::string, std::less<>> vars;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
      std::string_view line(*entry);
      auto eq = line.find('=');
      if (eq == std::string_view::npos) continue;
      vars.emplace(std::string(line.substr(0, eq)), std::string(line.substr(eq + 1)));
    }
    return Environment(std::move(vars));
  }

  // The value of `name`, or nullopt when unset. An empty value counts as set.
  std::optional<std::string> get(std::string_view name) const {
    auto it = vars_.find(name);
    if (it == vars_.end()) return std::nullopt;
    return it->second;
  }

  // The value of `name` when set and non-empty.
  std::optional<std::string> get_non_empty(std::string_view name) const {
    auto value = get(name);
    if (!value || value->empty()) return std::nullopt;
    return value;
  }

  void set(std::string name, std::string value) { vars_[std::move(name)] = std::move(value); }

 private:
  std::map<std::string, std::string, std::less<>> vars_;
};

}  // namespace openclaw
