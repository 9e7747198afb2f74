// Result<T>: the return type of every fallible core operation. No exception crosses a
// module boundary; an error is a message written for the operator who will read it.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace openclaw {

struct Error {
  std::string message;
};

template <class T>
using Result = std::expected<T, Error>;

// Result<void> for operations that only succeed or fail.
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(std::string message) {
  return std::unexpected(Error{std::move(message)});
}

}  // namespace openclaw
