#include "server/rpc/agent_rpc_params.h"

#include <initializer_list>
#include <string_view>

#include "core/protocol/schema_validation.h"
#include "server/rpc/params.h"

namespace openclaw::server::rpc {
namespace {

using nlohmann::json;
using protocol::ValidationErrors;

// Reads one params object against a closed schema. Members are read in schema order so the
// errors come out in the order upstream's validator lists them; every reader returns
// nullopt for an absent or invalid member (the error is recorded).
class SchemaReader {
 public:
  SchemaReader(std::string_view method, const json& params, std::initializer_list<std::string_view> required,
               std::initializer_list<std::string_view> known)
      : method_(method), params_(params.is_null() ? empty_ : params) {
    object_ = protocol::check_closed_object(params_, "", required, known, errors_);
  }

  std::optional<std::string> string(std::string_view key, std::size_t min_length = 0,
                                    std::optional<std::size_t> max_length = std::nullopt) {
    const json* value = member(key);
    if (!value) return std::nullopt;
    return protocol::check_string(*value, path(key), errors_, min_length, max_length);
  }

  std::optional<std::int64_t> integer(std::string_view key, std::int64_t minimum,
                                      std::optional<std::int64_t> maximum = std::nullopt) {
    const json* value = member(key);
    if (!value) return std::nullopt;
    auto number = protocol::check_integer(*value, path(key), errors_, minimum);
    if (number && maximum && *number > *maximum) {
      errors_.add(path(key), "must be <= " + std::to_string(*maximum));
      return std::nullopt;
    }
    return number;
  }

  std::optional<bool> boolean(std::string_view key) {
    const json* value = member(key);
    if (!value) return std::nullopt;
    return protocol::check_boolean(*value, path(key), errors_);
  }

  // An array of anything (attachments, internalEvents); true when present and valid.
  bool array(std::string_view key) {
    const json* value = member(key);
    if (!value) return false;
    if (!value->is_array()) {
      errors_.add(path(key), "must be array");
      return false;
    }
    return !value->empty();
  }

  // An object whose inside the gateway does not use (provenance records).
  void object(std::string_view key) {
    const json* value = member(key);
    if (value && !value->is_object()) errors_.add(path(key), "must be object");
  }

  std::optional<std::vector<std::string>> string_array(std::string_view key, std::size_t item_min_length) {
    const json* value = member(key);
    if (!value) return std::nullopt;
    return protocol::check_string_array(*value, path(key), errors_, item_min_length);
  }

  void enumeration(std::string_view key, std::initializer_list<std::string_view> allowed,
                   std::optional<std::string>& out) {
    const json* value = member(key);
    if (!value) return;
    const std::vector<std::string_view> choices(allowed);
    out = protocol::check_enum(*value, path(key), errors_, choices);
  }

  // The INVALID_REQUEST answer when anything was wrong.
  std::optional<protocol::ErrorShape> error() const {
    if (errors_.empty()) return std::nullopt;
    return invalid_params(method_, errors_.format());
  }

 private:
  const json* member(std::string_view key) const {
    if (!object_) return nullptr;
    auto it = params_.find(key);
    return it == params_.end() ? nullptr : &*it;
  }
  static std::string path(std::string_view key) { return protocol::pointer_child("", key); }

  static inline const json empty_ = json::object();
  std::string_view method_;
  const json& params_;
  bool object_ = false;
  ValidationErrors errors_;
};

template <class T>
Parsed<T> finish(const SchemaReader& reader, T value) {
  if (auto error = reader.error()) return std::unexpected(*error);
  return value;
}

}  // namespace

protocol::ErrorShape agents_unavailable() {
  return protocol::make_error(protocol::kUnavailable, "agents are not available on this gateway");
}

Parsed<ChatSendParams> parse_chat_send(const json& params) {
  SchemaReader reader("chat.send", params, {"sessionKey", "message", "idempotencyKey"},
                      {"sessionKey", "message", "thinking", "deliver", "originatingChannel", "originatingTo",
                       "originatingAccountId", "originatingThreadId", "attachments", "timeoutMs",
                       "systemInputProvenance", "systemProvenanceReceipt", "idempotencyKey"});
  ChatSendParams out;
  out.session_key = reader.string("sessionKey", 1, kMaxChatSessionKeyLength).value_or("");
  out.message = reader.string("message").value_or("");
  reader.string("thinking");
  reader.boolean("deliver");
  for (const char* key : {"originatingChannel", "originatingTo", "originatingAccountId", "originatingThreadId"}) {
    reader.string(key);
  }
  out.has_attachments = reader.array("attachments");
  out.timeout_ms = reader.integer("timeoutMs", 0);
  reader.object("systemInputProvenance");
  reader.string("systemProvenanceReceipt");
  out.idempotency_key = reader.string("idempotencyKey", 1).value_or("");
  return finish(reader, std::move(out));
}

Parsed<ChatHistoryParams> parse_chat_history(const json& params) {
  SchemaReader reader("chat.history", params, {"sessionKey"}, {"sessionKey", "limit", "maxChars"});
  ChatHistoryParams out;
  out.session_key = reader.string("sessionKey", 1).value_or("");
  out.limit = reader.integer("limit", 1, kMaxHistoryLimit);
  out.max_chars = reader.integer("maxChars", 1, kMaxHistoryChars);
  return finish(reader, std::move(out));
}

Parsed<ChatAbortParams> parse_chat_abort(const json& params) {
  SchemaReader reader("chat.abort", params, {"sessionKey"}, {"sessionKey", "runId"});
  ChatAbortParams out;
  out.session_key = reader.string("sessionKey", 1).value_or("");
  out.run_id = reader.string("runId", 1);
  return finish(reader, std::move(out));
}

Parsed<AgentParams> parse_agent(const json& params) {
  SchemaReader reader("agent", params, {"message", "idempotencyKey"},
                      {"message",           "agentId",   "provider",          "model",          "to",
                       "replyTo",           "sessionId", "sessionKey",        "thinking",       "deliver",
                       "attachments",       "channel",   "replyChannel",      "accountId",      "replyAccountId",
                       "threadId",          "groupId",   "groupChannel",      "groupSpace",     "timeout",
                       "bestEffortDeliver", "lane",      "extraSystemPrompt", "internalEvents", "inputProvenance",
                       "idempotencyKey",    "label"});
  AgentParams out;
  out.message = reader.string("message", 1).value_or("");
  out.agent_id = reader.string("agentId");
  out.provider = reader.string("provider");
  out.model = reader.string("model");
  reader.string("to");
  reader.string("replyTo");
  out.session_id = reader.string("sessionId");
  out.session_key = reader.string("sessionKey");
  reader.string("thinking");
  reader.boolean("deliver");
  reader.array("attachments");
  for (const char* key : {"channel", "replyChannel", "accountId", "replyAccountId", "threadId", "groupId",
                          "groupChannel", "groupSpace"}) {
    reader.string(key);
  }
  out.timeout_seconds = reader.integer("timeout", 0);
  reader.boolean("bestEffortDeliver");
  reader.string("lane");
  out.extra_system_prompt = reader.string("extraSystemPrompt");
  reader.array("internalEvents");
  reader.object("inputProvenance");
  out.idempotency_key = reader.string("idempotencyKey", 1).value_or("");
  out.label = reader.string("label");
  return finish(reader, std::move(out));
}

Parsed<AgentWaitParams> parse_agent_wait(const json& params) {
  SchemaReader reader("agent.wait", params, {"runId"}, {"runId", "timeoutMs"});
  AgentWaitParams out;
  out.run_id = reader.string("runId", 1).value_or("");
  out.timeout_ms = reader.integer("timeoutMs", 0);
  return finish(reader, std::move(out));
}

Parsed<SessionsListParams> parse_sessions_list(const json& params) {
  SchemaReader reader("sessions.list", params, {},
                      {"limit", "activeMinutes", "includeGlobal", "includeUnknown", "includeDerivedTitles",
                       "includeLastMessage", "label", "spawnedBy", "agentId", "search"});
  SessionsListParams out;
  out.limit = reader.integer("limit", 1);
  out.active_minutes = reader.integer("activeMinutes", 1);
  out.include_global = reader.boolean("includeGlobal").value_or(false);
  out.include_unknown = reader.boolean("includeUnknown").value_or(false);
  out.include_derived_titles = reader.boolean("includeDerivedTitles").value_or(false);
  out.include_last_message = reader.boolean("includeLastMessage").value_or(false);
  out.label = reader.string("label", 1);
  out.spawned_by = reader.string("spawnedBy", 1);
  out.agent_id = reader.string("agentId", 1);
  out.search = reader.string("search");
  return finish(reader, std::move(out));
}

Parsed<SessionsPreviewParams> parse_sessions_preview(const json& params) {
  SchemaReader reader("sessions.preview", params, {"keys"}, {"keys", "limit", "maxChars"});
  SessionsPreviewParams out;
  out.keys = reader.string_array("keys", 1).value_or(std::vector<std::string>{});
  out.limit = reader.integer("limit", 1);
  out.max_chars = reader.integer("maxChars", 20);
  return finish(reader, std::move(out));
}

Parsed<SessionsResetParams> parse_sessions_reset(const json& params) {
  SchemaReader reader("sessions.reset", params, {"key"}, {"key", "reason"});
  SessionsResetParams out;
  out.key = reader.string("key", 1).value_or("");
  reader.enumeration("reason", {"new", "reset"}, out.reason);
  return finish(reader, std::move(out));
}

Parsed<SessionsDeleteParams> parse_sessions_delete(const json& params) {
  SchemaReader reader("sessions.delete", params, {"key"}, {"key", "deleteTranscript", "emitLifecycleHooks"});
  SessionsDeleteParams out;
  out.key = reader.string("key", 1).value_or("");
  out.delete_transcript = reader.boolean("deleteTranscript").value_or(true);
  reader.boolean("emitLifecycleHooks");
  return finish(reader, std::move(out));
}

}  // namespace openclaw::server::rpc
