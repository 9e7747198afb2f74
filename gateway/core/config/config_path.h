// Config paths as operators type them (`openclaw config get|set|unset <path>`, upstream
// src/cli/config-cli.ts):
//
//   gateway.auth.token                      dotted keys
//   agents.list[0].id   agents.list.0.id    array indexes, in brackets or as a bare number
//   models.providers["my.provider"].baseUrl keys with dots (or anything else) in quotes
//   a\.b                                    a backslash escapes the next character
//
// and reading, setting and removing the value a path names inside a JSON tree. Every error
// names the path and what was in the way ("gateway.port is not an object (it is a number)");
// values are never quoted in errors because they may be secrets.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"

namespace openclaw::config {

// One step of a path: an object key, which may also address an array element when it is a
// non-negative integer written bare (`list.0`) or in brackets (`list[0]`). A quoted key
// (`["0"]`) is always an object key.
struct PathSegment {
  std::string key;
  bool may_be_index = false;

  bool operator==(const PathSegment&) const = default;
};

using ConfigPath = std::vector<PathSegment>;

// Parses `text`. Fails for an empty path, an empty segment ("a..b", "[]"), a missing "]",
// an unterminated or malformed quoted key, and text after a "]" that is neither ".", "[" nor
// the end. The error quotes the path (paths are not secrets).
Result<ConfigPath> parse_config_path(std::string_view text);

// The canonical spelling: keys joined with ".", indexes as [N], other keys quoted
// (`models.providers["my.provider"].baseUrl`), as config diagnostics write them.
std::string format_config_path(const ConfigPath& path);

// The value `path` names in `root`, or nullptr when any step is missing (a key that is not
// there, an index past the end, a step into a scalar).
const nlohmann::json* find_at_path(const nlohmann::json& root, const ConfigPath& path);

// Sets the value at `path`, creating missing objects on the way (or an array when the next
// step is an index). An index equal to the array's length appends. Fails, changing nothing,
// when a step goes through a scalar ("gateway.port is not an object (it is a number)"),
// when an array is addressed by a key that is not an index, or when an index lies beyond
// the end plus one.
Status set_at_path(nlohmann::json& root, const ConfigPath& path, nlohmann::json value);

// Removes the value at `path` (an array element is erased, later elements move up). Returns
// false, changing nothing, when there is nothing at `path`.
bool unset_at_path(nlohmann::json& root, const ConfigPath& path);

}  // namespace openclaw::config
