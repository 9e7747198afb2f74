// JSON5 reader for openclaw.json (https://spec.json5.org/): comments, trailing commas,
// unquoted keys, single-quoted strings, hex numbers, leading/trailing decimal points,
// explicit '+', Infinity and NaN. We only ever write strict JSON, which is valid JSON5.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/util/result.h"

namespace openclaw::json5 {

// Parses one JSON5 document. On failure the error message starts with
// "line L, column C: " (1-based, columns counted in bytes; lines end at LF, CRLF or CR)
// followed by what was wrong, e.g. "line 3, column 7: unterminated string (no closing \")".
// Duplicate keys: the last one wins, as in JavaScript. Integers that fit in int64 stay
// integers; everything else numeric becomes a double (NaN and +/-Infinity included).
//
// Also rejected, each with its position:
// - any byte sequence that is not well-formed UTF-8, wherever it appears (strings, keys,
//   comments): accepted text must be writable back as JSON, and nlohmann's dump() throws
//   on invalid UTF-8;
// - \u escapes of an unpaired surrogate, which have no UTF-8 form;
// - nesting of objects and arrays deeper than 256 levels;
// - an empty document, and anything but whitespace or comments after the value.
// Unquoted keys accept any non-ASCII character that is not whitespace (a superset of
// ECMAScript identifiers). Messages never quote string values or bare words, which may
// be secrets. Runs in time linear in the input and never throws (except std::bad_alloc).
Result<nlohmann::json> parse(std::string_view text);

}  // namespace openclaw::json5
