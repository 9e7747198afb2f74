#include "option_values.h"

#include <charconv>
#include <cstdlib>
#include <string>

namespace openclaw::bench {

Result<std::size_t> parse_count(std::string_view option, std::string_view text, std::size_t minimum) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < minimum) {
    return fail(std::string(option) + " needs a whole number >= " + std::to_string(minimum) + " (got '" +
                std::string(text) + "')");
  }
  return value;
}

Result<double> parse_seconds(std::string_view option, std::string_view text) {
  char* end = nullptr;
  const std::string copy(text);
  const double value = std::strtod(copy.c_str(), &end);
  if (copy.empty() || *end != '\0' || !(value > 0)) {
    return fail(std::string(option) + " needs a positive number of seconds (got '" + copy + "')");
  }
  return value;
}

}  // namespace openclaw::bench
