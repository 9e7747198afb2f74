// Number parsing shared by the benchmark drivers' command lines: each error names the option
// and repeats what was given.
#pragma once

#include <cstddef>
#include <string_view>

#include "core/util/result.h"

namespace openclaw::bench {

// A whole number >= minimum, or an error naming `option`.
Result<std::size_t> parse_count(std::string_view option, std::string_view text, std::size_t minimum);
// A positive number of seconds (fractions allowed), or an error naming `option`.
Result<double> parse_seconds(std::string_view option, std::string_view text);

}  // namespace openclaw::bench
