// Helpers for the wire-adapter tests: feed a body to a ResponseDecoder in chosen pieces and
// collect what its TextSink saw.
#pragma once

#include <algorithm>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/text.h"
#include "providers/wire_adapter.h"

namespace openclaw::providers::testing_support {

struct Decoded {
  ChatOutcome outcome;
  std::vector<std::string> pieces;  // each call of the TextSink
  std::string streamed() const {
    std::string all;
    for (const auto& piece : pieces) all += piece;
    return all;
  }
};

using DecoderFactory = std::function<std::unique_ptr<ResponseDecoder>(TextSink)>;

// Feeds `body` cut at `cuts` (ascending byte offsets), then finishes.
inline Decoded decode_with_cuts(const DecoderFactory& factory, std::string_view body,
                                const std::vector<std::size_t>& cuts) {
  std::vector<std::string> pieces;
  auto decoder = factory([&](std::string_view text) { pieces.emplace_back(text); });
  std::size_t start = 0;
  for (std::size_t cut : cuts) {
    decoder->feed(body.substr(start, cut - start));
    start = cut;
  }
  decoder->feed(body.substr(start));
  ChatOutcome outcome = decoder->finish();
  return Decoded{std::move(outcome), std::move(pieces)};
}

inline Decoded decode_whole(const DecoderFactory& factory, std::string_view body) {
  return decode_with_cuts(factory, body, {});
}

inline Decoded decode_byte_by_byte(const DecoderFactory& factory, std::string_view body) {
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i < body.size(); ++i) cuts.push_back(i);
  return decode_with_cuts(factory, body, cuts);
}

inline std::vector<std::size_t> random_cuts(std::size_t size, std::mt19937& random) {
  std::uniform_int_distribution<std::size_t> count_of(0, std::min<std::size_t>(size, 40));
  std::uniform_int_distribution<std::size_t> offset(0, size);
  std::vector<std::size_t> cuts(count_of(random));
  for (auto& cut : cuts) cut = offset(random);
  std::sort(cuts.begin(), cuts.end());
  return cuts;
}

// True when `text` is well-formed UTF-8 (no sequence cut in half, no stray continuation).
inline bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80           ? 1
                               : (lead >> 5) == 0x6  ? 2
                               : (lead >> 4) == 0xE  ? 3
                               : (lead >> 3) == 0x1E ? 4
                                                     : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

// The value of the request's header `name` (any case); "<absent>" when there is none.
inline std::string header_value(const OutgoingRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (ascii_lowercase(key) == ascii_lowercase(name)) return value;
  }
  return "<absent>";
}

inline std::size_t header_count(const OutgoingRequest& request, std::string_view name) {
  return static_cast<std::size_t>(std::count_if(
      request.headers.begin(), request.headers.end(),
      [&](const auto& header) { return ascii_lowercase(header.first) == ascii_lowercase(name); }));
}

}  // namespace openclaw::providers::testing_support
