// Byte/text encodings used on the wire and on disk: base64url (device public keys,
// signatures, tokens), standard base64 (PEM bodies) and lowercase hex (device ids, the
// generated gateway token). Byte buffers are plain std::string (see Bytes).
#pragma once

#include <string>
#include <string_view>

#include "core/util/result.h"

namespace openclaw::crypto {

// A buffer of raw bytes. std::string so it interoperates with I/O and string_view without
// copies; the contents are arbitrary bytes, not text.
using Bytes = std::string;

// base64url (RFC 4648 §5) of `bytes` without '=' padding, as Node's
// Buffer.toString("base64url") produces it.
std::string base64url_encode(std::string_view bytes);

// Standard base64 (RFC 4648 §4) of `bytes`, with '=' padding and no line breaks.
std::string base64_encode(std::string_view bytes);

// Decodes base64url or standard base64, the way the upstream server does for device
// signatures and public keys ('-' -> '+', '_' -> '/', then re-pad): both alphabets are
// accepted, even mixed, and padding is optional. Stricter than Node's decoder on purpose:
// whitespace, characters outside both alphabets, '=' anywhere but at the end, more padding
// than the length needs, and a length that cannot come from whole bytes (len % 4 == 1) are
// errors. Unused low bits in the last character are ignored, as Node ignores them.
// An empty input decodes to an empty buffer.
Result<Bytes> base64url_decode(std::string_view text);

// Lowercase hex of `bytes` (two characters per byte).
std::string hex_encode(std::string_view bytes);

// Decodes hex; upper- and lowercase digits are both accepted. Fails on an odd length or any
// character that is not a hex digit.
Result<Bytes> hex_decode(std::string_view text);

}  // namespace openclaw::crypto
