// Paths and values shown inside commands the CLI prints for an operator to paste.
#pragma once

#include <string>
#include <string_view>

namespace openclaw::cli {

// `text` as one POSIX shell word: unchanged when it holds only characters no shell treats
// specially, else in single quotes (an embedded ' becomes '\'').
std::string shell_quote(std::string_view text);

}  // namespace openclaw::cli
