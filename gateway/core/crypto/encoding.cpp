#include "core/crypto/encoding.h"

#include <array>
#include <cstdint>

namespace openclaw::crypto {
namespace {

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kBase64UrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr std::string_view kHexDigits = "0123456789abcdef";
constexpr int kInvalid = -1;

std::string encode_base64_with(std::string_view bytes, std::string_view alphabet, bool pad) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t group =
        static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16 |
        static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8 |
        static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 2]));
    out.push_back(alphabet[(group >> 18) & 0x3f]);
    out.push_back(alphabet[(group >> 12) & 0x3f]);
    out.push_back(alphabet[(group >> 6) & 0x3f]);
    out.push_back(alphabet[group & 0x3f]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 0) return out;
  std::uint32_t group = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
  if (rest == 2) group |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
  out.push_back(alphabet[(group >> 18) & 0x3f]);
  out.push_back(alphabet[(group >> 12) & 0x3f]);
  if (rest == 2) out.push_back(alphabet[(group >> 6) & 0x3f]);
  if (pad) out.append(rest == 1 ? "==" : "=");
  return out;
}

// Value of a base64 digit in either alphabet, or kInvalid.
int base64_digit_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return kInvalid;
}

int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return kInvalid;
}

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  return encode_base64_with(bytes, kBase64UrlAlphabet, /*pad=*/false);
}

std::string base64_encode(std::string_view bytes) {
  return encode_base64_with(bytes, kBase64Alphabet, /*pad=*/true);
}

Result<Bytes> base64url_decode(std::string_view text) {
  std::size_t padding = 0;
  while (!text.empty() && text.back() == '=' && padding < 2) {
    text.remove_suffix(1);
    ++padding;
  }
  const std::size_t tail = text.size() % 4;
  if (tail == 1) {
    return fail("base64 text has an impossible length (" + std::to_string(text.size()) +
                " characters before padding)");
  }
  // "xx==" and "xxx=" are the only padded shapes; padding after a full group is not.
  const std::size_t padding_needed = tail == 0 ? 0 : 4 - tail;
  if (padding > padding_needed) return fail("base64 text has more '=' padding than it needs");

  Bytes out;
  out.reserve(text.size() / 4 * 3 + 2);
  std::uint32_t accumulator = 0;
  int bits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const int value = base64_digit_value(text[i]);
    if (value == kInvalid) {
      return fail("base64 text has an invalid character at offset " + std::to_string(i));
    }
    accumulator = (accumulator << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((accumulator >> bits) & 0xff));
    }
  }
  return out;
}

std::string hex_encode(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char byte : bytes) {
    const auto value = static_cast<unsigned char>(byte);
    out.push_back(kHexDigits[value >> 4]);
    out.push_back(kHexDigits[value & 0x0f]);
  }
  return out;
}

Result<Bytes> hex_decode(std::string_view text) {
  if (text.size() % 2 != 0) {
    return fail("hex text has an odd length (" + std::to_string(text.size()) + " characters)");
  }
  Bytes out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int high = hex_digit_value(text[i]);
    const int low = hex_digit_value(text[i + 1]);
    if (high == kInvalid || low == kInvalid) {
      return fail("hex text has a non-hex character at offset " +
                  std::to_string(high == kInvalid ? i : i + 1));
    }
    out.push_back(static_cast<char>(high << 4 | low));
  }
  return out;
}

}  // namespace openclaw::crypto
