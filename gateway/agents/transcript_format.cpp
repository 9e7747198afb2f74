#include "agents/transcript_format.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>

#include "core/crypto/random.h"
#include "core/log/logger.h"

namespace openclaw::agents {
namespace {

using nlohmann::json;

const json* member(const json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

std::optional<std::string> string_member(const json& object, std::string_view name) {
  const json* value = member(object, name);
  if (!value || !value->is_string()) return std::nullopt;
  return value->get<std::string>();
}

std::int64_t integer_member(const json& object, std::string_view name) {
  const json* value = member(object, name);
  if (!value || !value->is_number()) return 0;
  return value->is_number_float() ? static_cast<std::int64_t>(value->get<double>())
                                  : value->get<std::int64_t>();
}

std::optional<providers::Role> role_from(std::string_view text) {
  if (text == "user") return providers::Role::User;
  if (text == "assistant") return providers::Role::Assistant;
  if (text == "system") return providers::Role::System;
  return std::nullopt;
}

// Upstream accepts content as a plain string or an array of typed parts.
std::string text_of(const json& content) {
  if (content.is_string()) return content.get<std::string>();
  std::string text;
  if (!content.is_array()) return text;
  for (const auto& part : content) {
    if (string_member(part, "type") != "text") continue;
    if (auto piece = string_member(part, "text")) text += *piece;
  }
  return text;
}

json usage_json(const providers::TokenUsage& usage) {
  // Cost is upstream's own estimate from its price tables; this gateway has none, so zero.
  const json zero_cost = {
      {"input", 0}, {"output", 0}, {"cacheRead", 0}, {"cacheWrite", 0}, {"total", 0}};
  return {{"input", usage.input},          {"output", usage.output},
          {"cacheRead", usage.cache_read}, {"cacheWrite", usage.cache_write},
          {"totalTokens", usage.total()},  {"cost", zero_cost}};
}

// The message object shared by the transcript line and the wire.
json message_json(const TranscriptMessage& message, std::int64_t timestamp) {
  json out = {{"role", providers::to_string(message.role)},
              {"content", json::array({{{"type", "text"}, {"text", message.text}}})},
              {"timestamp", timestamp}};
  const bool assistant = message.role == providers::Role::Assistant;
  if (message.model) {
    out["provider"] = message.model->provider;
    out["model"] = message.model->model;
  }
  // Upstream's reader expects usage and stopReason on every assistant message.
  if (message.usage || assistant)
    out["usage"] = usage_json(message.usage.value_or(providers::TokenUsage{}));
  if (message.stop_reason || assistant) out["stopReason"] = message.stop_reason.value_or("stop");
  if (message.error_message) out["errorMessage"] = *message.error_message;
  if (message.run_id) out["idempotencyKey"] = *message.run_id;
  return out;
}

}  // namespace

std::string new_transcript_entry_id() {
  if (auto hex = crypto::random_hex(4)) return *hex;
  // Entry ids only need to be unique within one transcript, not unguessable.
  static std::atomic<std::uint32_t> counter{0};
  char fallback[9];
  const int written = std::snprintf(fallback, sizeof fallback, "%08x", counter.fetch_add(1) ^ 0x5eed0000u);
  return std::string(fallback, written > 0 ? static_cast<std::size_t>(written) : 0);
}

json TranscriptMessage::to_wire() const {
  json out = message_json(*this, timestamp);
  if (seq > 0) out["__openclaw"] = {{"id", id}, {"seq", seq}};
  return out;
}

json transcript_header(std::string_view session_id, std::int64_t now_ms, const std::string& cwd) {
  return {{"type", "session"},
          {"version", kTranscriptVersion},
          {"id", session_id},
          {"timestamp", iso_timestamp(now_ms)},
          {"cwd", cwd}};
}

json transcript_message_entry(const TranscriptMessage& message, const std::string& id,
                              const std::optional<std::string>& parent_id, std::int64_t now_ms) {
  const std::int64_t timestamp = message.timestamp != 0 ? message.timestamp : now_ms;
  return {{"type", "message"},
          {"id", id},
          {"parentId", parent_id ? json(*parent_id) : json(nullptr)},
          {"timestamp", iso_timestamp(timestamp)},
          {"message", message_json(message, timestamp)}};
}

std::optional<TranscriptMessage> message_from_transcript_entry(const json& entry) {
  if (string_member(entry, "type") != "message") return std::nullopt;
  const json* body = member(entry, "message");
  if (!body || !body->is_object()) return std::nullopt;
  auto role_text = string_member(*body, "role");
  auto role = role_text ? role_from(*role_text) : std::nullopt;
  if (!role) return std::nullopt;

  TranscriptMessage message;
  message.id = string_member(entry, "id").value_or("");
  message.role = *role;
  if (const json* content = member(*body, "content")) message.text = text_of(*content);
  message.timestamp = integer_member(*body, "timestamp");
  auto provider = string_member(*body, "provider");
  auto model = string_member(*body, "model");
  if (provider && model) message.model = providers::ModelRef{*provider, *model};
  if (const json* usage = member(*body, "usage"); usage && usage->is_object()) {
    providers::TokenUsage counts;
    counts.input = integer_member(*usage, "input");
    counts.output = integer_member(*usage, "output");
    counts.cache_read = integer_member(*usage, "cacheRead");
    counts.cache_write = integer_member(*usage, "cacheWrite");
    message.usage = counts;
  }
  message.stop_reason = string_member(*body, "stopReason");
  message.error_message = string_member(*body, "errorMessage");
  message.run_id = string_member(*body, "idempotencyKey");
  return message;
}

std::optional<std::string> transcript_entry_id(const json& entry) {
  if (string_member(entry, "type") == "session") return std::nullopt;
  return string_member(entry, "id");
}

std::string render_transcript_line(const json& entry) {
  return entry.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string iso_timestamp(std::int64_t ms) {
  return log::format_timestamp(
      std::chrono::system_clock::time_point(std::chrono::milliseconds(ms)));
}

std::string archive_timestamp(std::int64_t ms) {
  std::string stamp = iso_timestamp(ms);
  std::replace(stamp.begin(), stamp.end(), ':', '-');
  return stamp;
}

}  // namespace openclaw::agents
