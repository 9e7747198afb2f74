#include "server/rpc/run_event_stream.h"

#include "server/gateway_context.h"

namespace openclaw::server {
namespace {

using agents::RunOutcome;
using nlohmann::json;

// Upstream's chat errorKind values; reasons without a counterpart leave the field out.
std::optional<std::string> chat_error_kind(const RunOutcome& outcome) {
  if (outcome.status == RunOutcome::Status::Timeout) return "timeout";
  const std::string& kind = outcome.error_kind;
  if (kind == "rate_limit" || kind == "long_context" || kind == "overloaded") return "rate_limit";
  if (kind == "timeout") return "timeout";
  return std::nullopt;
}

}  // namespace

json assistant_message(const std::string& text, std::int64_t timestamp) {
  return {
      {"role", "assistant"}, {"content", json::array({{{"type", "text"}, {"text", text}}})}, {"timestamp", timestamp}};
}

json usage_json(const providers::TokenUsage& usage) {
  return {{"input", usage.input},
          {"output", usage.output},
          {"cacheRead", usage.cache_read},
          {"cacheWrite", usage.cache_write},
          {"totalTokens", usage.total()}};
}

RunEventStream::RunEventStream(GatewayContext& context, std::string run_id, std::string chat_session_key,
                               std::string session_key)
    : context_(context),
      run_id_(std::move(run_id)),
      chat_session_key_(std::move(chat_session_key)),
      session_key_(std::move(session_key)) {}

agents::RunCallbacks RunEventStream::callbacks(const std::shared_ptr<RunEventStream>& stream,
                                               std::function<void(const agents::RunOutcome&)> after_done) {
  stream->after_done_ = std::move(after_done);
  agents::RunCallbacks callbacks;
  callbacks.on_delta = [stream](std::string_view delta, const std::string& cumulative) {
    stream->on_delta(delta, cumulative);
  };
  callbacks.on_done = [stream](const RunOutcome& outcome) { stream->on_done(outcome); };
  return callbacks;
}

void RunEventStream::release() {
  std::optional<RunOutcome> ended;
  {
    std::lock_guard lock(mutex_);
    if (released_) return;
    released_ = true;
    if (!started_) start_locked(now_ms());
    auto held = std::move(held_);
    held_.clear();
    for (auto& event : held) emit_locked(std::move(event));
    ended = std::move(ended_before_release_);
  }
  // The run ended before its acknowledgement went out: the follow-up comes after it.
  if (ended && after_done_) after_done_(*ended);
}

void RunEventStream::on_delta(std::string_view delta, const std::string& cumulative) {
  std::lock_guard lock(mutex_);
  const std::int64_t now = now_ms();
  if (!started_) start_locked(now);
  text_ = cumulative;
  agent_event_locked("assistant", {{"text", cumulative}, {"delta", delta}}, now);
  if (now - last_delta_at_ >= kChatDeltaIntervalMs) chat_delta_locked(now);
}

void RunEventStream::on_done(const RunOutcome& outcome) {
  {
    std::lock_guard lock(mutex_);
    emit_end_locked(outcome);
    if (!released_) {
      ended_before_release_ = outcome;
      return;
    }
  }
  if (after_done_) after_done_(outcome);
}

void RunEventStream::emit_end_locked(const RunOutcome& outcome) {
  const std::int64_t now = now_ms();
  if (!started_) start_locked(now);
  const std::int64_t ended_at = outcome.ended_at ? outcome.ended_at : now;
  json data = {{"startedAt", started_at_}, {"endedAt", ended_at}};

  switch (outcome.status) {
    case RunOutcome::Status::Ok: {
      data["phase"] = "end";
      if (!outcome.stop_reason.empty()) data["stopReason"] = outcome.stop_reason;
      agent_event_locked("lifecycle", std::move(data), now);
      // Whatever the throttle held back goes out before the final, under the final's seq.
      if (text_.size() > sent_length_) chat_delta_locked(now);
      json payload = chat_base("final");
      if (!outcome.stop_reason.empty()) payload["stopReason"] = outcome.stop_reason;
      const std::string& text = outcome.text.empty() ? text_ : outcome.text;
      if (!text.empty()) payload["message"] = assistant_message(text, now);
      payload["usage"] = usage_json(outcome.usage);
      emit_locked({"chat", std::move(payload), std::nullopt, false});
      break;
    }
    case RunOutcome::Status::Aborted: {
      data["phase"] = "end";
      data["aborted"] = true;
      agent_event_locked("lifecycle", std::move(data), now);
      json payload = chat_base("aborted");
      payload["stopReason"] = "rpc";
      const std::string& text = outcome.text.empty() ? text_ : outcome.text;
      if (!text.empty()) payload["message"] = assistant_message(text, now);
      emit_locked({"chat", std::move(payload), std::nullopt, false});
      break;
    }
    case RunOutcome::Status::Error:
    case RunOutcome::Status::Timeout: {
      data["phase"] = "error";
      data["error"] = outcome.error_message;
      agent_event_locked("lifecycle", std::move(data), now);
      json payload = chat_base("error");
      payload["errorMessage"] = outcome.error_message;
      if (auto kind = chat_error_kind(outcome)) payload["errorKind"] = *kind;
      emit_locked({"chat", std::move(payload), std::nullopt, false});
      break;
    }
  }
}

void RunEventStream::start_locked(std::int64_t now) {
  started_ = true;
  started_at_ = now;
  agent_event_locked("lifecycle", {{"phase", "start"}, {"startedAt", now}}, now);
}

void RunEventStream::agent_event_locked(std::string_view stream, json data, std::int64_t now) {
  json payload = {{"runId", run_id_}, {"seq", ++seq_},           {"stream", stream},
                  {"ts", now},        {"data", std::move(data)}, {"sessionKey", session_key_}};
  emit_locked({"agent", std::move(payload), std::nullopt, false});
}

void RunEventStream::chat_delta_locked(std::int64_t now) {
  json payload = chat_base("delta");
  payload["message"] = assistant_message(text_, now);
  json v4 = payload;
  v4["deltaText"] = text_.substr(std::min(sent_length_, text_.size()));
  last_delta_at_ = now;
  sent_length_ = text_.size();
  // Deltas may be dropped for a slow consumer as upstream does; message stays cumulative.
  emit_locked({"chat", std::move(payload), std::move(v4), true});
}

json RunEventStream::chat_base(std::string_view state) const {
  return {{"runId", run_id_}, {"sessionKey", chat_session_key_}, {"seq", seq_}, {"state", state}};
}

void RunEventStream::emit_locked(Pending event) {
  if (!released_) {
    held_.push_back(std::move(event));
    return;
  }
  BroadcastOptions options;
  options.drop_if_slow = event.drop_if_slow;
  if (event.v4_payload) {
    context_.connections().broadcast(event.event, event.payload, *event.v4_payload, options);
  } else {
    context_.connections().broadcast(event.event, event.payload, options);
  }
}

}  // namespace openclaw::server
