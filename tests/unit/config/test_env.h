// Building an Environment from a literal list of variables in tests.
#pragma once

#include <map>
#include <string>

#include "core/util/environment.h"

namespace openclaw::config::testing {

// `Environment({{"A", "1"}})` is ambiguous with the copy constructor; this is not.
inline Environment env_of(std::map<std::string, std::string, std::less<>> vars) {
  return Environment(std::move(vars));
}

}  // namespace openclaw::config::testing
