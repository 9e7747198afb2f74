// Fuzzes what the provider adapters make of a 2xx body: the SSE parser
// (providers/sse_parser) and the OpenAI chat-completions and Anthropic Messages decoders
// (providers/openai_chat, anthropic_messages over chat_decoder and response_framing), with
// the body cut into pieces at points the fuzzer chooses, as bytes arrive from a socket.
//
// Input: byte 0  bit 0: Anthropic (else OpenAI); bit 1: a streaming request (else one JSON
//                document); bit 2: small SseParser limits (line 64 bytes, event 256 bytes)
//        bytes 1-3  piece sizes, used in turn (size byte % 97 + 1)
//        the rest   the body
// Invariants beyond "no crash, no hang, no leak":
//  - where the body is cut does not matter: fed whole and fed in pieces, the SseParser
//    gives the same events, retry, comment count and status, and each decoder the same
//    outcome (text, usage, stop reason; or failure reason, HTTP status and message);
//  - on success the text reported to the sink, joined, is the completion's text;
//  - finish() called twice gives the same outcome.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "providers/anthropic_messages.h"
#include "providers/openai_chat.h"
#include "providers/sse_parser.h"
#include "fuzz_support.h"

namespace {

using namespace openclaw::providers;

[[noreturn]] void violated(const char* what, std::string_view detail) {
  openclaw::fuzz::report_violation("provider_stream_fuzz", what, detail);
}

// Cuts `body` into pieces whose sizes cycle through `sizes`.
std::vector<std::string_view> cut(std::string_view body, const std::uint8_t sizes[3]) {
  std::vector<std::string_view> pieces;
  for (std::size_t i = 0; !body.empty(); ++i) {
    const std::size_t size = std::min<std::size_t>(body.size(), sizes[i % 3] % 97 + 1);
    pieces.push_back(body.substr(0, size));
    body.remove_prefix(size);
  }
  return pieces;
}

struct SseRun {
  std::vector<SseEvent> events;
  bool ok = true;
  std::string error;
  std::optional<std::chrono::milliseconds> retry;
  std::size_t comments = 0;
};

SseRun run_sse(const std::vector<std::string_view>& pieces, const SseLimits& limits) {
  SseRun run;
  SseParser parser([&](const SseEvent& event) { run.events.push_back(event); }, limits);
  for (std::string_view piece : pieces) {
    auto status = parser.feed(piece);
    if (!status) break;
  }
  auto status = parser.finish();
  run.ok = status.has_value();
  if (!status) run.error = status.error().message;
  run.retry = parser.retry();
  run.comments = parser.comment_count();
  return run;
}

bool same_events(const std::vector<SseEvent>& a, const std::vector<SseEvent>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].type != b[i].type || a[i].data != b[i].data || a[i].id != b[i].id) return false;
  }
  return true;
}

struct DecodeRun {
  ChatOutcome outcome;
  std::string streamed;
};

DecodeRun run_decoder(bool anthropic, bool stream, const std::vector<std::string_view>& pieces) {
  const ModelRef model{anthropic ? "anthropic" : "openai", "fuzz-model"};
  DecodeRun run;
  auto sink = [&run](std::string_view text) { run.streamed.append(text); };
  std::unique_ptr<ResponseDecoder> decoder = anthropic ? make_anthropic_messages_decoder(model, stream, sink)
                                                       : make_openai_chat_decoder(model, stream, sink);
  for (std::string_view piece : pieces) decoder->feed(piece);
  run.outcome = decoder->finish();
  const ChatOutcome again = decoder->finish();
  if (again.has_value() != run.outcome.has_value()) violated("finish() changed its mind", "");
  return run;
}

std::string describe(const ChatOutcome& outcome) {
  if (outcome) {
    return "ok text=[" + outcome->text + "] stop=" + outcome->stop_reason +
           " usage=" + std::to_string(outcome->usage.input) + "/" + std::to_string(outcome->usage.output) + "/" +
           std::to_string(outcome->usage.cache_read) + "/" + std::to_string(outcome->usage.cache_write) +
           " model=" + outcome->model.to_string();
  }
  const ModelFailure& failure = outcome.error();
  return "failed reason=" + std::string(to_string(failure.reason)) + " status=" + std::to_string(failure.http_status) +
         " retry=" + (failure.retry_after ? std::to_string(failure.retry_after->count()) : "-") +
         " message=" + failure.message;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return 0;
  const bool anthropic = (data[0] & 1) != 0;
  const bool stream = (data[0] & 2) != 0;
  SseLimits limits;
  if (data[0] & 4) limits = SseLimits{64, 256};
  const std::string_view body(reinterpret_cast<const char*>(data) + 4, size - 4);
  const std::vector<std::string_view> whole = body.empty() ? std::vector<std::string_view>{}
                                                           : std::vector<std::string_view>{body};
  const std::vector<std::string_view> pieces = cut(body, data + 1);

  const SseRun sse_whole = run_sse(whole, limits);
  const SseRun sse_pieces = run_sse(pieces, limits);
  if (sse_whole.ok != sse_pieces.ok || sse_whole.error != sse_pieces.error) {
    violated("SseParser status depends on where the body was cut", sse_whole.error + " vs " + sse_pieces.error);
  }
  if (!same_events(sse_whole.events, sse_pieces.events)) {
    violated("SseParser events depend on where the body was cut",
             std::to_string(sse_whole.events.size()) + " vs " + std::to_string(sse_pieces.events.size()));
  }
  if (sse_whole.retry != sse_pieces.retry || sse_whole.comments != sse_pieces.comments) {
    violated("SseParser retry/comment count depend on where the body was cut", "");
  }

  const DecodeRun decode_whole = run_decoder(anthropic, stream, whole);
  const DecodeRun decode_pieces = run_decoder(anthropic, stream, pieces);
  const std::string a = describe(decode_whole.outcome);
  const std::string b = describe(decode_pieces.outcome);
  if (a != b) violated("the decoder's outcome depends on where the body was cut", a + "\nvs\n" + b);
  if (decode_whole.outcome && decode_whole.streamed != decode_whole.outcome->text) {
    violated("the text reported to the sink differs from the completion's text",
             decode_whole.streamed + "\nvs\n" + decode_whole.outcome->text);
  }
  return 0;
}
