#include "core/net/ip_address.h"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace openclaw::net {
namespace {

constexpr IpAddress::V6Bytes kMappedPrefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
constexpr std::size_t kMappedPrefixLength = 12;
constexpr std::size_t kV6Groups = 8;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<IpAddress::V4Bytes> parse_v4(std::string_view text) {
  IpAddress::V4Bytes out{};
  std::size_t part = 0;
  std::size_t pos = 0;
  while (true) {
    const std::size_t end = std::min(text.find('.', pos), text.size());
    const std::string_view digits = text.substr(pos, end - pos);
    if (digits.empty() || digits.size() > 3) return std::nullopt;
    if (digits.size() > 1 && digits.front() == '0') return std::nullopt;
    int value = 0;
    for (char c : digits) {
      if (!is_digit(c)) return std::nullopt;
      value = value * 10 + (c - '0');
    }
    if (value > 255 || part >= out.size()) return std::nullopt;
    out[part++] = static_cast<std::uint8_t>(value);
    if (end == text.size()) break;
    pos = end + 1;
  }
  if (part != out.size()) return std::nullopt;
  return out;
}

// Parses colon-separated hex groups ("" is zero groups). When `allow_v4_tail`, the last
// group may be a dotted IPv4 address, contributing two groups.
bool parse_groups(std::string_view text, bool allow_v4_tail, std::vector<std::uint16_t>& out) {
  if (text.empty()) return true;
  std::size_t pos = 0;
  while (true) {
    const std::size_t end = std::min(text.find(':', pos), text.size());
    const std::string_view group = text.substr(pos, end - pos);
    const bool last = end == text.size();
    if (last && allow_v4_tail && group.find('.') != std::string_view::npos) {
      auto v4 = parse_v4(group);
      if (!v4) return false;
      out.push_back(static_cast<std::uint16_t>((*v4)[0] << 8 | (*v4)[1]));
      out.push_back(static_cast<std::uint16_t>((*v4)[2] << 8 | (*v4)[3]));
      return true;
    }
    if (group.empty() || group.size() > 4) return false;
    unsigned value = 0;
    for (char c : group) {
      const int digit = hex_value(c);
      if (digit < 0) return false;
      value = value << 4 | static_cast<unsigned>(digit);
    }
    out.push_back(static_cast<std::uint16_t>(value));
    if (last) return true;
    pos = end + 1;
  }
}

std::optional<IpAddress::V6Bytes> parse_v6(std::string_view text) {
  std::vector<std::uint16_t> head;
  std::vector<std::uint16_t> tail;
  const std::size_t gap = text.find("::");
  if (gap == std::string_view::npos) {
    if (!parse_groups(text, /*allow_v4_tail=*/true, head) || head.size() != kV6Groups) {
      return std::nullopt;
    }
  } else {
    if (text.find("::", gap + 1) != std::string_view::npos) return std::nullopt;
    if (!parse_groups(text.substr(0, gap), /*allow_v4_tail=*/false, head) ||
        !parse_groups(text.substr(gap + 2), /*allow_v4_tail=*/true, tail)) {
      return std::nullopt;
    }
    // "::" stands for at least one zero group.
    if (head.size() + tail.size() > kV6Groups - 1) return std::nullopt;
  }
  std::array<std::uint16_t, kV6Groups> groups{};
  std::copy(head.begin(), head.end(), groups.begin());
  std::copy(tail.begin(), tail.end(), groups.end() - static_cast<std::ptrdiff_t>(tail.size()));
  IpAddress::V6Bytes out{};
  for (std::size_t i = 0; i < kV6Groups; ++i) {
    out[2 * i] = static_cast<std::uint8_t>(groups[i] >> 8);
    out[2 * i + 1] = static_cast<std::uint8_t>(groups[i] & 0xff);
  }
  return out;
}

// Removes a "%zone" suffix; false when the zone is empty or has characters no interface
// name or index uses.
bool strip_zone(std::string_view& text) {
  const std::size_t percent = text.find('%');
  if (percent == std::string_view::npos) return true;
  const std::string_view zone = text.substr(percent + 1);
  if (zone.empty()) return false;
  for (char c : zone) {
    const bool allowed = is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         c == '-' || c == '_' || c == '.';
    if (!allowed) return false;
  }
  text = text.substr(0, percent);
  return true;
}

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  bool bracketed = false;
  if (!text.empty() && text.front() == '[') {
    if (text.size() < 2 || text.back() != ']') return std::nullopt;
    text = text.substr(1, text.size() - 2);
    bracketed = true;
  }
  if (text.find(':') == std::string_view::npos) {
    if (bracketed) return std::nullopt;
    auto v4 = parse_v4(text);
    if (!v4) return std::nullopt;
    return from_v4_bytes(*v4);
  }
  if (!strip_zone(text)) return std::nullopt;
  auto v6 = parse_v6(text);
  if (!v6) return std::nullopt;
  return from_v6_bytes(*v6);
}

IpAddress IpAddress::from_v4_bytes(const V4Bytes& bytes) {
  IpAddress address;
  std::copy(bytes.begin(), bytes.end(), address.bytes_.begin());
  return address;
}

IpAddress IpAddress::from_v6_bytes(const V6Bytes& bytes) {
  if (std::equal(kMappedPrefix.begin(), kMappedPrefix.begin() + kMappedPrefixLength,
                 bytes.begin())) {
    return from_v4_bytes({bytes[12], bytes[13], bytes[14], bytes[15]});
  }
  IpAddress address;
  address.v6_ = true;
  address.bytes_ = bytes;
  return address;
}

bool IpAddress::is_loopback() const {
  if (!v6_) return bytes_[0] == 127;
  constexpr V6Bytes kLoopback = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  return bytes_ == kLoopback;
}

bool IpAddress::is_private() const {
  if (v6_) return (bytes_[0] & 0xfe) == 0xfc;
  return bytes_[0] == 10 || (bytes_[0] == 172 && (bytes_[1] & 0xf0) == 16) ||
         (bytes_[0] == 192 && bytes_[1] == 168);
}

bool IpAddress::is_link_local() const {
  if (v6_) return bytes_[0] == 0xfe && (bytes_[1] & 0xc0) == 0x80;
  return bytes_[0] == 169 && bytes_[1] == 254;
}

bool IpAddress::is_carrier_grade_nat() const {
  return !v6_ && bytes_[0] == 100 && (bytes_[1] & 0xc0) == 64;
}

bool IpAddress::is_unspecified() const { return bytes_ == V6Bytes{}; }

std::string IpAddress::to_string() const {
  if (!v6_) {
    return std::to_string(bytes_[0]) + '.' + std::to_string(bytes_[1]) + '.' +
           std::to_string(bytes_[2]) + '.' + std::to_string(bytes_[3]);
  }
  std::array<unsigned, kV6Groups> groups{};
  for (std::size_t i = 0; i < kV6Groups; ++i) {
    groups[i] = static_cast<unsigned>(bytes_[2 * i]) << 8 | bytes_[2 * i + 1];
  }
  // RFC 5952 §4.2: compress the longest run (length >= 2) of zero groups, leftmost first.
  std::size_t best_start = kV6Groups;
  std::size_t best_length = 1;
  for (std::size_t i = 0; i < kV6Groups;) {
    if (groups[i] != 0) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < kV6Groups && groups[end] == 0) ++end;
    if (end - i > best_length) {
      best_start = i;
      best_length = end - i;
    }
    i = end;
  }
  constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < kV6Groups; ++i) {
    if (i == best_start) {
      out += "::";
      i += best_length - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    bool leading = true;
    for (int shift = 12; shift >= 0; shift -= 4) {
      const unsigned digit = (groups[i] >> shift) & 0xf;
      if (leading && digit == 0 && shift != 0) continue;
      leading = false;
      out += kHex[digit];
    }
  }
  return out;
}

}  // namespace openclaw::net
