// chat.send, chat.history and chat.abort (spec §2.3; upstream `server-methods/chat.ts`): the
// WebChat surface. chat.send acknowledges at once with the idempotency key as run id and the
// answer streams as `chat` / `agent` events (rpc/run_event_stream.h); a retry with the same
// key never starts a second run.
#include <algorithm>

#include "agents/session_key.h"
#include "core/util/text.h"
#include "server/gateway_context.h"
#include "server/rpc/agent_rpc_params.h"
#include "server/rpc/method_groups.h"
#include "server/rpc/method_table.h"
#include "server/rpc/run_event_stream.h"

namespace openclaw::server {
namespace {

using nlohmann::json;

constexpr std::int64_t kDefaultHistoryLimit = 200;
// Upstream's CHAT_HISTORY_TEXT_MAX_CHARS, CHAT_HISTORY_MAX_SINGLE_MESSAGE_BYTES and the 6 MiB
// chat history budget (spec §1.8).
constexpr std::int64_t kDefaultHistoryTextMaxChars = 12'000;
constexpr std::size_t kMaxHistoryMessageBytes = 128 * 1024;
constexpr std::size_t kMaxHistoryBytes = 6 * 1024 * 1024;
constexpr std::string_view kTruncationMarker = "\n...(truncated)...";
constexpr std::string_view kOversizedPlaceholder = "[chat.history omitted: message too large]";

protocol::ErrorShape invalid(std::string message) {
  return protocol::make_error(protocol::kInvalidRequest, std::move(message));
}

// Upstream's sanitizeChatSendMessageInput: NUL is refused, other control characters except
// tab, newline and carriage return are dropped.
std::optional<std::string> sanitize_message(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  for (const char c : message) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte == 0) return std::nullopt;
    if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    if (byte == 0x7f) continue;
    out.push_back(c);
  }
  return out;
}

// The first `max_chars` code points of `text`, with upstream's marker when cut.
std::string truncate_text(const std::string& text, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (chars == max_chars) return text.substr(0, i) + std::string(kTruncationMarker);
    ++chars;
  }
  return text;
}

// A transcript message as chat.history shows it: usage and cost left out, long text cut.
json history_message(const agents::TranscriptMessage& message, std::size_t max_chars) {
  json wire = message.to_wire();
  wire.erase("usage");
  wire.erase("cost");
  wire.erase("details");
  if (auto content = wire.find("content"); content != wire.end() && content->is_array()) {
    for (auto& block : *content) {
      if (block.contains("text") && block["text"].is_string()) {
        block["text"] = truncate_text(block["text"].get<std::string>(), max_chars);
      }
    }
  }
  if (protocol::dump_json(wire).size() > kMaxHistoryMessageBytes) {
    return {{"role", wire.value("role", "assistant")},
            {"timestamp", wire.value("timestamp", now_ms())},
            {"content", json::array({{{"type", "text"}, {"text", kOversizedPlaceholder}}})},
            {"__openclaw", {{"truncated", true}, {"reason", "oversized"}}}};
  }
  return wire;
}

// The newest messages that fit the history budget, oldest first.
json cap_history(std::vector<json> messages) {
  std::size_t total = 2;
  std::size_t first = messages.size();
  while (first > 0) {
    const std::size_t size = protocol::dump_json(messages[first - 1]).size() + 1;
    if (total + size > kMaxHistoryBytes) break;
    total += size;
    --first;
  }
  json out = json::array();
  for (std::size_t i = first; i < messages.size(); ++i) out.push_back(std::move(messages[i]));
  return out;
}

// gateway.webchat.chatHistoryMaxChars, else upstream's default.
std::int64_t configured_history_max_chars(const config::Config& config) {
  const json* value = &config.raw;
  for (const char* key : {"gateway", "webchat", "chatHistoryMaxChars"}) {
    if (!value->is_object() || !value->contains(key)) return kDefaultHistoryTextMaxChars;
    value = &(*value)[key];
  }
  return value->is_number_integer() && value->get<std::int64_t>() > 0 ? value->get<std::int64_t>()
                                                                      : kDefaultHistoryTextMaxChars;
}

// Answers a retried chat.send whose run already finished, as upstream's dedupe cache does.
void answer_finished_send(GatewayContext& context, const std::string& run_id, const RpcReply& reply) {
  context.agent_runtime().wait(run_id, std::chrono::milliseconds(0), [reply, run_id](auto outcome) {
    if (outcome && (outcome->status == agents::RunOutcome::Status::Error ||
                    outcome->status == agents::RunOutcome::Status::Timeout)) {
      return reply.error(protocol::make_error(protocol::kUnavailable, outcome->error_message));
    }
    reply.ok({{"runId", run_id}, {"status", "ok"}});
  });
}

void chat_send(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto params = rpc::parse_chat_send(call.params);
  if (!params) return reply.error(params.error());
  if (!context.has_agents()) return reply.error(rpc::agents_unavailable());

  auto message = sanitize_message(params->message);
  if (!message) return reply.error(invalid("message must not contain null bytes"));
  if (trim(*message).empty()) {
    return reply.error(invalid(params->has_attachments ? "attachments are not supported; send the message as text"
                                                       : "message or attachment required"));
  }
  const auto settings = context.settings();
  auto session = agents::parse_session_key(params->session_key, settings->config);
  if (!session) return reply.error(invalid(session.error().message));

  // "/stop" aborts the session's runs instead of starting one, as upstream's stop command.
  if (ascii_lowercase(trim(*message)) == "/stop") {
    const auto aborted = context.agent_runtime().abort(*session, std::nullopt);
    return reply.ok({{"ok", true}, {"aborted", !aborted.empty()}, {"runIds", aborted}});
  }

  agents::RunRequest request;
  request.run_id = params->idempotency_key;
  request.session = *session;
  request.message = std::move(*message);
  if (params->timeout_ms && *params->timeout_ms > 0) request.timeout = std::chrono::milliseconds(*params->timeout_ms);

  auto stream = std::make_shared<RunEventStream>(context, request.run_id, params->session_key, session->full());
  const std::string run_id = request.run_id;
  switch (context.agent_runtime().start(std::move(request), RunEventStream::callbacks(stream))) {
    case agents::StartResult::Started:
      reply.ok({{"runId", run_id}, {"status", "started"}});
      stream->release();
      return;
    case agents::StartResult::InFlight:
      return reply.ok({{"runId", run_id}, {"status", "in_flight"}});
    case agents::StartResult::Finished:
      return answer_finished_send(context, run_id, reply);
  }
}

void chat_history(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto params = rpc::parse_chat_history(call.params);
  if (!params) return reply.error(params.error());
  if (!context.has_agents()) return reply.error(rpc::agents_unavailable());
  const auto settings = context.settings();
  auto session = agents::parse_session_key(params->session_key, settings->config, /*require_known_agent=*/false);
  if (!session) return reply.error(invalid(session.error().message));

  const auto entry = context.sessions().find(*session);
  auto messages =
      context.sessions().history(*session, static_cast<std::size_t>(params->limit.value_or(kDefaultHistoryLimit)));
  if (!messages) return reply.error(protocol::make_error(protocol::kUnavailable, messages.error().message));
  const auto max_chars =
      static_cast<std::size_t>(params->max_chars.value_or(configured_history_max_chars(settings->config)));
  std::vector<json> shown;
  shown.reserve(messages->size());
  for (const auto& message : *messages) shown.push_back(history_message(message, max_chars));

  json payload = {{"sessionKey", params->session_key}, {"messages", cap_history(std::move(shown))}};
  if (entry) payload["sessionId"] = entry->session_id;
  payload["thinkingLevel"] = entry && entry->thinking_level ? *entry->thinking_level : std::string("off");
  if (entry && entry->extra.contains("verboseLevel") && entry->extra["verboseLevel"].is_string()) {
    payload["verboseLevel"] = entry->extra["verboseLevel"];
  }
  reply.ok(payload);
}

void chat_abort(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto params = rpc::parse_chat_abort(call.params);
  if (!params) return reply.error(params.error());
  if (!context.has_agents()) return reply.error(rpc::agents_unavailable());
  const auto settings = context.settings();
  auto session = agents::parse_session_key(params->session_key, settings->config, /*require_known_agent=*/false);
  if (!session) return reply.error(invalid(session.error().message));
  // The run's own stream broadcasts the `aborted` chat event when it stops.
  const auto aborted = context.agent_runtime().abort(*session, params->run_id);
  reply.ok({{"ok", true}, {"aborted", !aborted.empty()}, {"runIds", aborted}});
}

}  // namespace

void register_chat_methods(MethodTable& table) {
  table.add("chat.history", chat_history);
  table.add("chat.abort", chat_abort);
  table.add("chat.send", chat_send);
}

}  // namespace openclaw::server
