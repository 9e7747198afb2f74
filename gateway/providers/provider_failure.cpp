#include "providers/provider_failure.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <string>
#include <vector>

#include "core/util/text.h"

namespace openclaw::providers {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

constexpr milliseconds kLongestRetryAfter = std::chrono::hours(24);
constexpr std::string_view kLongContextMarker = "extra usage is required for long context";
constexpr std::size_t kLongestKeyFreeRun = 40;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string string_field(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

// "123" or "1.5": non-negative, no sign, no exponent. nullopt for anything else.
std::optional<double> parse_plain_decimal(std::string_view text) {
  if (text.empty() || !is_digit(text.front()) || !is_digit(text.back())) return std::nullopt;
  if (std::count(text.begin(), text.end(), '.') > 1) return std::nullopt;
  if (!std::all_of(text.begin(), text.end(), [](char c) { return is_digit(c) || c == '.'; }))
    return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

milliseconds clamp_delay(double delay_ms) {
  if (delay_ms <= 0) return milliseconds(0);
  if (delay_ms >= static_cast<double>(kLongestRetryAfter.count())) return kLongestRetryAfter;
  return milliseconds(static_cast<std::int64_t>(delay_ms));
}

std::optional<int> parse_fixed_digits(std::string_view text, std::size_t digits) {
  if (text.size() != digits || !std::all_of(text.begin(), text.end(), is_digit))
    return std::nullopt;
  int value = 0;
  for (char c : text) value = value * 10 + (c - '0');
  return value;
}

std::optional<unsigned> parse_month(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  const std::string lowered = ascii_lowercase(name);
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (lowered == kMonths[i]) return static_cast<unsigned>(i + 1);
  }
  return std::nullopt;
}

// "HH:MM:SS" → seconds into the day.
std::optional<std::chrono::seconds> parse_time_of_day(std::string_view text) {
  if (text.size() != 8 || text[2] != ':' || text[5] != ':') return std::nullopt;
  const auto hours = parse_fixed_digits(text.substr(0, 2), 2);
  const auto minutes = parse_fixed_digits(text.substr(3, 2), 2);
  const auto seconds = parse_fixed_digits(text.substr(6, 2), 2);
  if (!hours || !minutes || !seconds || *hours > 23 || *minutes > 59 || *seconds > 60)
    return std::nullopt;
  return std::chrono::seconds(*hours * 3600 + *minutes * 60 + *seconds);
}

// The three HTTP-date forms of RFC 9110 §5.6.7:
//   IMF-fixdate  "Sun, 06 Nov 1994 08:49:37 GMT"
//   RFC 850      "Sunday, 06-Nov-94 08:49:37 GMT"
//   asctime      "Sun Nov  6 08:49:37 1994"
std::optional<system_clock::time_point> parse_http_date(std::string_view text) {
  std::vector<std::string_view> tokens;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ' ' || text[i] == ',' || text[i] == '-') {
      if (i > start) tokens.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  std::optional<int> day;
  std::optional<unsigned> month;
  std::optional<int> year;
  std::optional<std::chrono::seconds> time;
  if (tokens.size() == 6 && tokens[5] == "GMT") {  // IMF-fixdate or RFC 850
    day = parse_fixed_digits(tokens[1], 2);
    month = parse_month(tokens[2]);
    year = parse_fixed_digits(tokens[3], 4);
    if (!year) {
      // Two-digit years: RFC 9110 reads them as the most recent matching past year; 70-99 vs
      // 00-69 is that rule for any date this code will see.
      if (auto short_year = parse_fixed_digits(tokens[3], 2))
        year = *short_year + (*short_year >= 70 ? 1900 : 2000);
    }
    time = parse_time_of_day(tokens[4]);
  } else if (tokens.size() == 5) {  // asctime
    month = parse_month(tokens[1]);
    day =
        tokens[2].size() == 1 ? parse_fixed_digits(tokens[2], 1) : parse_fixed_digits(tokens[2], 2);
    time = parse_time_of_day(tokens[3]);
    year = parse_fixed_digits(tokens[4], 4);
  }
  if (!day || !month || !year || !time) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(*year), std::chrono::month(*month),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return std::nullopt;
  return std::chrono::sys_days(date) + *time;
}

// Removes a UTF-8 sequence that a cut left incomplete at the end of `text`.
void drop_incomplete_utf8_tail(std::string& text) {
  std::size_t lead = text.size();
  while (lead > 0 && text.size() - lead < 4 &&
         (static_cast<unsigned char>(text[lead - 1]) & 0xC0) == 0x80)
    --lead;
  if (lead == 0) return;
  const auto first = static_cast<unsigned char>(text[lead - 1]);
  const std::size_t length = first < 0x80    ? 1
                             : first >= 0xF0 ? 4
                             : first >= 0xE0 ? 3
                             : first >= 0xC0 ? 2
                                             : 1;
  if (lead - 1 + length > text.size()) text.resize(lead - 1);
}

bool is_key_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '-' ||
         c == '*';
}

bool looks_like_key(std::string_view word) {
  if (word.size() >= kLongestKeyFreeRun) return true;
  // Providers echo a masked key ("Incorrect API key provided: sk-proj-****abcd"); even
  // masked, it is not ours to repeat.
  return word.size() >= 12 &&
         (word.starts_with("sk-") || word.starts_with("sk_") || word.starts_with("AIza"));
}

// A short identifier such as "rate_limit_error" is shown as-is; anything else is not shown.
bool is_plain_label(std::string_view label) {
  return !label.empty() && label.size() <= 64 &&
         std::all_of(label.begin(), label.end(),
                     [](char c) { return is_key_character(c) || c == '.'; });
}

std::string failure_prefix(const ModelRef& model) { return model.to_string() + ": "; }

// " <label>: <message>" for an error, empty parts left out.
std::string describe(const ProviderError& error) {
  std::string out;
  const std::string& label = error.code.empty() ? error.type : error.code;
  if (is_plain_label(label)) out += " " + label;
  const std::string text = bounded_provider_text(error.message);
  if (!text.empty()) out += ": " + text;
  return out;
}

}  // namespace

std::optional<ProviderError> read_provider_error(const nlohmann::json& document) {
  if (!document.is_object()) return std::nullopt;
  ProviderError error;
  const auto nested = document.find("error");
  if (nested != document.end() && nested->is_object()) {
    error.type = string_field(*nested, "type");
    error.message = string_field(*nested, "message");
    if (const auto code = nested->find("code"); code != nested->end()) {
      if (code->is_string()) error.code = code->get<std::string>();
      if (code->is_number_integer()) error.status_code = code->get<int>();
    }
    return error;
  }
  if (nested != document.end() && nested->is_string()) {
    error.message = nested->get<std::string>();
    return error;
  }
  for (const char* field : {"message", "detail"}) {
    if (auto text = string_field(document, field); !text.empty()) {
      error.message = std::move(text);
      return error;
    }
  }
  return std::nullopt;
}

std::optional<ProviderError> read_provider_error_body(std::string_view body) {
  const std::string_view trimmed = trim(body);
  if (trimmed.empty()) return std::nullopt;
  const auto document = nlohmann::json::parse(trimmed, nullptr, /*allow_exceptions=*/false);
  if (!document.is_discarded()) return read_provider_error(document);
  ProviderError error;
  error.message =
      trimmed.front() == '<' ? std::string("(an HTML error page)") : std::string(trimmed);
  return error;
}

bool is_long_context_error(const ProviderError& error) {
  return ascii_lowercase(error.message).find(kLongContextMarker) != std::string::npos;
}

FailureReason reason_for_status(int status, const std::optional<ProviderError>& error) {
  if (error && status >= 400 && status < 500 && is_long_context_error(*error))
    return FailureReason::LongContext;
  if (status == 529 ||
      (error && (error->type == "overloaded_error" || error->code == "overloaded_error"))) {
    return FailureReason::Overloaded;
  }
  if (status == 429) return FailureReason::RateLimit;
  if (status == 401 || status == 403) return FailureReason::Auth;
  if (status == 408) return FailureReason::Timeout;
  if (status >= 500) return FailureReason::ServerError;
  return FailureReason::BadRequest;
}

FailureReason reason_for_stream_error(const ProviderError& error) {
  if (is_long_context_error(error)) return FailureReason::LongContext;
  if (error.status_code && *error.status_code >= 400)
    return reason_for_status(*error.status_code, error);
  for (const std::string& kind : {error.type, error.code}) {
    if (kind.empty()) continue;
    if (kind == "overloaded_error") return FailureReason::Overloaded;
    if (kind.starts_with("rate_limit") || kind == "insufficient_quota" || kind == "tokens" ||
        kind == "requests") {
      return FailureReason::RateLimit;
    }
    if (kind == "authentication_error" || kind == "permission_error" || kind == "invalid_api_key") {
      return FailureReason::Auth;
    }
    if (kind == "invalid_request_error" || kind == "not_found_error" ||
        kind == "request_too_large" || kind == "context_length_exceeded") {
      return FailureReason::BadRequest;
    }
    if (kind == "timeout_error") return FailureReason::Timeout;
  }
  return FailureReason::ServerError;
}

std::optional<milliseconds> parse_retry_after_value(std::string_view value,
                                                    system_clock::time_point now) {
  value = trim(value);
  if (const auto seconds = parse_plain_decimal(value)) return clamp_delay(*seconds * 1000.0);
  if (const auto date = parse_http_date(value)) {
    return clamp_delay(
        static_cast<double>(std::chrono::duration_cast<milliseconds>(*date - now).count()));
  }
  return std::nullopt;
}

std::optional<milliseconds> parse_retry_after(const ResponseHead& head,
                                              system_clock::time_point now) {
  // retry-after-ms first: OpenAI sends both, and the millisecond one is the precise one.
  if (const auto value = head.header("retry-after-ms")) {
    if (const auto ms = parse_plain_decimal(trim(*value))) return clamp_delay(*ms);
  }
  if (const auto value = head.header("retry-after")) return parse_retry_after_value(*value, now);
  return std::nullopt;
}

std::string bounded_provider_text(std::string_view text) {
  // Enough input to fill the limit several times over; a longer text is cut here already.
  constexpr std::size_t kEnough = kProviderMessageLimit * 4;
  bool cut = false;
  std::string spaced;
  spaced.reserve(std::min(text.size(), kEnough));
  for (char c : text) {
    if (spaced.size() >= kEnough) {
      cut = true;
      break;
    }
    const bool blank = static_cast<unsigned char>(c) < 0x20 || c == ' ' || c == 0x7f;
    if (!blank) {
      spaced += c;
    } else if (!spaced.empty() && spaced.back() != ' ') {
      spaced += ' ';
    }
  }
  if (cut) drop_incomplete_utf8_tail(spaced);
  while (spaced.ends_with(' ')) spaced.pop_back();

  std::string redacted;
  redacted.reserve(spaced.size());
  for (std::size_t i = 0; i < spaced.size();) {
    if (!is_key_character(spaced[i])) {
      redacted += spaced[i++];
      continue;
    }
    std::size_t end = i;
    while (end < spaced.size() && is_key_character(spaced[end])) ++end;
    const std::string_view word(spaced.data() + i, end - i);
    redacted += looks_like_key(word) ? std::string_view("[redacted]") : word;
    i = end;
  }

  if (redacted.size() > kProviderMessageLimit) {
    redacted.resize(kProviderMessageLimit);
    drop_incomplete_utf8_tail(redacted);
    while (redacted.ends_with(' ')) redacted.pop_back();
    cut = true;
  }
  return cut ? redacted + "\u2026" : redacted;
}

ModelFailure http_failure(const ModelRef& model, const ResponseHead& head, std::string_view body,
                          system_clock::time_point now) {
  const auto error = read_provider_error_body(body);
  ModelFailure failure;
  failure.reason = reason_for_status(head.status, error);
  failure.http_status = head.status;
  failure.retry_after = parse_retry_after(head, now);
  failure.message = failure_prefix(model) + "HTTP " + std::to_string(head.status);
  if (error) failure.message += describe(*error);
  return failure;
}

ModelFailure stream_error_failure(const ModelRef& model, const ProviderError& error) {
  ModelFailure failure;
  failure.reason = reason_for_stream_error(error);
  failure.http_status = 0;
  failure.message = failure_prefix(model) + "the provider reported an error" + describe(error);
  return failure;
}

ModelFailure malformed_response_failure(const ModelRef& model, std::string_view what) {
  ModelFailure failure;
  failure.reason = FailureReason::Network;
  failure.message = failure_prefix(model) + std::string(what);
  return failure;
}

ModelFailure transport_failure(const ModelRef& model, const TransportError& error) {
  ModelFailure failure;
  switch (error.kind) {
    case TransportErrorKind::Timeout:
      failure.reason = FailureReason::Timeout;
      break;
    case TransportErrorKind::Cancelled:
      failure.reason = FailureReason::Cancelled;
      break;
    default:
      failure.reason = FailureReason::Network;
      break;
  }
  failure.message =
      failure_prefix(model) + (error.message.empty() ? "the request failed" : error.message);
  return failure;
}

}  // namespace openclaw::providers
