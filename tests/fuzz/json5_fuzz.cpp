// Fuzzes the JSON5 reader (core/json5) with arbitrary bytes. Beyond "no crash, no hang":
//  - an accepted document dumps as strict JSON (the header promises dump() cannot throw on
//    what it accepts: no invalid UTF-8, no unpaired surrogates);
//  - strict JSON is JSON5, so that dump parses again, to the same value (NaN and the
//    infinities excepted: strict JSON has no spelling for them, nlohmann writes null);
//  - a refused document's message starts with "line L, column C: " as documented.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/json5/json5.h"
#include "fuzz_support.h"

namespace {

[[noreturn]] void violated(const char* what, std::string_view detail) {
  openclaw::fuzz::report_violation("json5_fuzz", what, detail);
}

// True when `value` holds a NaN or infinity anywhere (no strict-JSON round trip then).
bool has_non_finite(const nlohmann::json& value) {
  if (value.is_number_float()) return !std::isfinite(value.get<double>());
  if (value.is_structured()) {
    for (const auto& item : value) {
      if (has_non_finite(item)) return true;
    }
  }
  return false;
}

bool starts_with_position(const std::string& message) {
  // "line <digits>, column <digits>: "
  std::size_t at = 0;
  auto digits = [&] {
    std::size_t start = at;
    while (at < message.size() && message[at] >= '0' && message[at] <= '9') ++at;
    return at > start;
  };
  auto literal = [&](std::string_view text) {
    if (message.compare(at, text.size(), text) != 0) return false;
    at += text.size();
    return true;
  };
  return literal("line ") && digits() && literal(", column ") && digits() && literal(": ");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = openclaw::json5::parse(text);
  if (!parsed) {
    if (!starts_with_position(parsed.error().message)) {
      violated("error message without its position", parsed.error().message);
    }
    return 0;
  }
  std::string dumped;
  try {
    dumped = parsed->dump();
  } catch (const nlohmann::json::exception& error) {
    violated("accepted document cannot be written back as JSON", error.what());
  }
  if (has_non_finite(*parsed)) return 0;
  auto reparsed = openclaw::json5::parse(dumped);
  if (!reparsed) violated("our own strict-JSON output is refused", reparsed.error().message + "\n" + dumped);
  if (*reparsed != *parsed) violated("round trip changed the value", dumped + "\n" + reparsed->dump());
  return 0;
}
