#include "core/net/cidr.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace openclaw::net {
namespace {

constexpr int kMappedPrefixBits = 96;

// Whether the first `bits` bits of `a` and `b` are equal. REQUIRES: both spans hold at least
// ceil(bits / 8) bytes.
bool leading_bits_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b,
                        int bits) {
  const auto whole_bytes = static_cast<std::size_t>(bits / 8);
  if (!std::equal(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(whole_bytes), b.begin())) {
    return false;
  }
  const int rest = bits % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
  return (a[whole_bytes] & mask) == (b[whole_bytes] & mask);
}

IpAddress clear_host_bits(const IpAddress& address, int prefix_length) {
  const auto bytes = address.bytes();
  IpAddress::V6Bytes masked{};
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const int bits_in_byte = std::clamp(prefix_length - static_cast<int>(i) * 8, 0, 8);
    const auto mask = static_cast<std::uint8_t>(0xff << (8 - bits_in_byte));
    masked[i] = static_cast<std::uint8_t>(bytes[i] & mask);
  }
  if (address.is_v4())
    return IpAddress::from_v4_bytes({masked[0], masked[1], masked[2], masked[3]});
  return IpAddress::from_v6_bytes(masked);
}

int max_prefix(const IpAddress& address) { return address.is_v4() ? 32 : 128; }

std::string family_name(const IpAddress& address) { return address.is_v4() ? "IPv4" : "IPv6"; }

}  // namespace

Result<CidrRange> CidrRange::create(std::string_view text) {
  const std::size_t slash = text.find('/');
  const std::string_view address_text = text.substr(0, slash);
  auto address = IpAddress::parse(address_text);
  if (!address) {
    return fail(address_text.empty() ? "the address is missing" : "the address is not valid");
  }
  // Written as IPv6 but parsed to IPv4: an IPv4-mapped address, whose prefix counts the
  // 96 bits of ::ffff: in front.
  const bool mapped = address->is_v4() && address_text.find(':') != std::string_view::npos;

  if (slash == std::string_view::npos) return CidrRange(*address, max_prefix(*address));

  const std::string_view digits = text.substr(slash + 1);
  if (digits.empty()) return fail("the prefix length after '/' is missing");
  if (digits.size() > 3 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return fail("the prefix length must be a decimal number");
  }
  if (digits.size() > 1 && digits.front() == '0') {
    return fail("the prefix length must not have leading zeros");
  }
  int prefix = 0;
  for (char c : digits) prefix = prefix * 10 + (c - '0');

  if (mapped) {
    if (prefix < kMappedPrefixBits || prefix > 128) {
      return fail("prefix length " + std::to_string(prefix) +
                  " is out of range for an IPv4-mapped IPv6 range (96-128)");
    }
    prefix -= kMappedPrefixBits;
  }
  return create(*address, prefix);
}

Result<CidrRange> CidrRange::create(const IpAddress& address, int prefix_length) {
  if (prefix_length < 0 || prefix_length > max_prefix(address)) {
    return fail("prefix length " + std::to_string(prefix_length) + " is out of range for " +
                family_name(address) + " (0-" + std::to_string(max_prefix(address)) + ")");
  }
  return CidrRange(clear_host_bits(address, prefix_length), prefix_length);
}

bool CidrRange::contains(const IpAddress& address) const {
  if (address.is_v4() != network_.is_v4()) return false;
  return leading_bits_equal(network_.bytes(), address.bytes(), prefix_length_);
}

std::string CidrRange::to_string() const {
  return network_.to_string() + '/' + std::to_string(prefix_length_);
}

}  // namespace openclaw::net
