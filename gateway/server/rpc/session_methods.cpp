// sessions.list, sessions.preview, sessions.reset and sessions.delete (spec §2.3; upstream
// `server-methods/sessions.ts`, `session-utils.ts`): the session index of every agent as
// operator UIs show it, and the two mutations that start a session over or drop it.
#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>

#include "agents/agent_catalog.h"
#include "agents/agent_id.h"
#include "agents/session_key.h"
#include "core/util/text.h"
#include "server/gateway_context.h"
#include "server/rpc/agent_rpc_params.h"
#include "server/rpc/method_groups.h"
#include "server/rpc/method_table.h"

namespace openclaw::server {
namespace {

using nlohmann::json;

// Upstream's DEFAULT_CONTEXT_TOKENS, preview bounds and derived-title length.
constexpr std::int64_t kDefaultContextTokens = 200'000;
constexpr std::int64_t kDefaultPreviewItems = 12;
constexpr std::int64_t kMaxPreviewItems = 50;
constexpr std::int64_t kDefaultPreviewChars = 240;
constexpr std::int64_t kMaxPreviewChars = 2'000;
constexpr std::size_t kMaxPreviewKeys = 64;
constexpr std::size_t kDerivedTitleChars = 60;
constexpr std::size_t kLastMessagePreviewChars = 120;
// How far back derived titles look for the first user message.
constexpr std::size_t kTitleScanMessages = 100'000;
// How long reset and delete wait for the session's aborted runs to end (upstream's 15 s).
constexpr std::chrono::seconds kRunStopWait{15};

protocol::ErrorShape invalid(std::string message) {
  return protocol::make_error(protocol::kInvalidRequest, std::move(message));
}

// Upstream's classifySessionKey.
std::string_view session_kind(std::string_view key) {
  if (key == "global") return "global";
  if (key == "unknown") return "unknown";
  if (key.find(":group:") != std::string_view::npos || key.find(":channel:") != std::string_view::npos) return "group";
  return "direct";
}

// `text` on one line, cut to `max_chars` code points with "..." when longer.
std::string preview_text(std::string_view text, std::size_t max_chars) {
  std::string flat;
  bool space = false;
  for (const char c : trim(text)) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = true;
      continue;
    }
    if (space && !flat.empty()) flat.push_back(' ');
    space = false;
    flat.push_back(c);
  }
  std::size_t chars = 0;
  const std::size_t keep = max_chars > 3 ? max_chars - 3 : max_chars;
  std::size_t cut = std::string::npos;
  for (std::size_t i = 0; i < flat.size(); ++i) {
    if ((static_cast<unsigned char>(flat[i]) & 0xC0) == 0x80) continue;
    if (chars == keep) cut = i;
    if (chars == max_chars) return flat.substr(0, cut) + "...";
    ++chars;
  }
  return flat;
}

// The model a session answers with: the one that last answered, else its agent's primary.
std::optional<providers::ModelRef> session_model(const agents::SessionEntry& entry, const RuntimeSettings& settings,
                                                 std::string_view agent_id) {
  if (entry.model && entry.model_provider) return providers::ModelRef{*entry.model_provider, *entry.model};
  auto agent = agents::resolve_agent(settings.config, settings.layout, agent_id);
  if (agent && agent->model) return providers::parse_model_ref(agent->model->primary);
  return std::nullopt;
}

std::optional<std::int64_t> context_window(const config::Config& config, const providers::ModelRef& model) {
  auto provider = config.models.providers.find(model.provider);
  if (provider == config.models.providers.end()) return std::nullopt;
  for (const auto& definition : provider->second.models) {
    if (definition.id == model.model && definition.context_window && *definition.context_window > 0) {
      return static_cast<std::int64_t>(*definition.context_window);
    }
  }
  return std::nullopt;
}

// sessions.list `defaults`: the default agent's model and its context size.
json list_defaults(const RuntimeSettings& settings) {
  const auto& config = settings.config;
  json defaults = {{"modelProvider", nullptr}, {"model", nullptr}, {"contextTokens", kDefaultContextTokens}};
  auto agent = agents::resolve_agent(config, settings.layout, agents::default_agent_id(config));
  if (!agent || !agent->model) return defaults;
  auto model = providers::parse_model_ref(agent->model->primary);
  if (!model) return defaults;
  defaults["modelProvider"] = model->provider;
  defaults["model"] = model->model;
  if (auto window = context_window(config, *model)) defaults["contextTokens"] = *window;
  return defaults;
}

bool matches_search(const json& row, const std::string& needle) {
  for (const char* field : {"displayName", "label", "sessionId", "key"}) {
    if (row.contains(field) && row[field].is_string() &&
        ascii_lowercase(row[field].get<std::string>()).find(needle) != std::string::npos) {
      return true;
    }
  }
  return false;
}

json session_row(GatewayContext& context, const RuntimeSettings& settings, const agents::SessionEntry& entry,
                 const rpc::SessionsListParams& params) {
  auto key = agents::parse_session_key(entry.key, settings.config, /*require_known_agent=*/false);
  const std::string agent_id = key ? key->agent_id : agents::default_agent_id(settings.config);
  json row = {{"key", entry.key},
              {"kind", session_kind(entry.key)},
              {"updatedAt", entry.updated_at},
              {"sessionId", entry.session_id},
              {"abortedLastRun", entry.aborted_last_run},
              {"inputTokens", entry.input_tokens},
              {"outputTokens", entry.output_tokens},
              {"totalTokens", entry.total_tokens},
              {"totalTokensFresh", true}};
  if (entry.label) row["label"] = *entry.label;
  if (entry.display_name) {
    row["displayName"] = *entry.display_name;
  } else if (entry.label) {
    row["displayName"] = *entry.label;
  }
  if (entry.thinking_level) row["thinkingLevel"] = *entry.thinking_level;
  for (const char* field : {"verboseLevel", "reasoningLevel", "channel", "spawnedBy"}) {
    if (entry.extra.contains(field) && entry.extra[field].is_string()) row[field] = entry.extra[field];
  }
  if (auto model = session_model(entry, settings, agent_id)) {
    row["modelProvider"] = model->provider;
    row["model"] = model->model;
  }

  if (key && (params.include_derived_titles || params.include_last_message)) {
    auto messages = context.sessions().history(*key, kTitleScanMessages);
    if (messages && params.include_derived_titles) {
      if (entry.display_name) {
        row["derivedTitle"] = *entry.display_name;
      } else {
        auto first_user = std::find_if(messages->begin(), messages->end(), [](const auto& message) {
          return message.role == providers::Role::User && !trim(message.text).empty();
        });
        row["derivedTitle"] = first_user != messages->end() ? preview_text(first_user->text, kDerivedTitleChars)
                                                            : entry.session_id.substr(0, 8);
      }
    }
    if (messages && params.include_last_message && !messages->empty()) {
      row["lastMessagePreview"] = preview_text(messages->back().text, kLastMessagePreviewChars);
    }
  }
  return row;
}

void sessions_list(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto params = rpc::parse_sessions_list(call.params);
  if (!params) return reply.error(params.error());
  if (!context.has_agents()) return reply.error(rpc::agents_unavailable());
  const auto settings = context.settings();
  const std::string agent_filter = params->agent_id ? ascii_lowercase(trim(*params->agent_id)) : std::string();
  const std::string needle = params->search ? ascii_lowercase(trim(*params->search)) : std::string();
  const std::int64_t now = now_ms();

  json sessions = json::array();
  for (const auto& entry : context.sessions().list(agent_filter)) {
    if (params->label && entry.label != params->label) continue;
    if (params->spawned_by && entry.extra.value("spawnedBy", json()) != json(*params->spawned_by)) continue;
    if (params->active_minutes && entry.updated_at < now - *params->active_minutes * 60'000) continue;
    json row = session_row(context, *settings, entry, *params);
    if (!needle.empty() && !matches_search(row, needle)) continue;
    sessions.push_back(std::move(row));
    if (params->limit && static_cast<std::int64_t>(sessions.size()) >= *params->limit) break;
  }
  // Upstream names the one store when session.store points at a single file.
  const auto& store = settings->config.session.store;
  json path = store && !trim(*store).empty() && store->find("{agentId}") == std::string::npos
                  ? json(std::string(trim(*store)))
                  : json("(multiple)");
  reply.ok({{"ts", now},
            {"path", path},
            {"count", sessions.size()},
            {"defaults", list_defaults(*settings)},
            {"sessions", std::move(sessions)}});
}

void sessions_preview(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto params = rpc::parse_sessions_preview(call.params);
  if (!params) return reply.error(params.error());
  if (!context.has_agents()) return reply.error(rpc::agents_unavailable());
  const auto settings = context.settings();
  const auto limit = static_cast<std::size_t>(std::min(params->limit.value_or(kDefaultPreviewItems), kMaxPreviewItems));
  const auto max_chars =
      static_cast<std::size_t>(std::min(params->max_chars.value_or(kDefaultPreviewChars), kMaxPreviewChars));

  json previews = json::array();
  std::size_t taken = 0;
  for (const auto& raw : params->keys) {
    const std::string key(trim(raw));
    if (key.empty() || taken == kMaxPreviewKeys) continue;
    ++taken;
    auto session = agents::parse_session_key(key, settings->config, /*require_known_agent=*/false);
    if (!session) {
      previews.push_back({{"key", key}, {"status", "error"}, {"items", json::array()}});
      continue;
    }
    if (!context.sessions().find(*session)) {
      previews.push_back({{"key", key}, {"status", "missing"}, {"items", json::array()}});
      continue;
    }
    auto messages = context.sessions().history(*session, limit);
    if (!messages) {
      previews.push_back({{"key", key}, {"status", "error"}, {"items", json::array()}});
      continue;
    }
    json items = json::array();
    for (const auto& message : *messages) {
      if (trim(message.text).empty()) continue;
      items.push_back({{"role", providers::to_string(message.role)}, {"text", preview_text(message.text, max_chars)}});
    }
    const bool empty = items.empty();
    previews.push_back({{"key", key}, {"status", empty ? "empty" : "ok"}, {"items", std::move(items)}});
  }
  reply.ok({{"ts", now_ms()}, {"previews", std::move(previews)}});
}

// Aborts the session's runs and calls `then` once all of them have ended — their last
// transcript writes are done by then, so a late answer cannot land in the reset session or
// bring a deleted one back — or answers UNAVAILABLE when one is still going after 15 s.
void after_runs_stop(GatewayContext& context, const agents::SessionKey& session, const RpcReply& reply,
                     std::function<void()> then) {
  const auto aborted = context.agent_runtime().abort(session, std::nullopt);
  if (aborted.empty()) return then();
  struct Join {
    std::mutex mutex;
    std::size_t left = 0;
    bool timed_out = false;
    std::function<void()> then;
  };
  auto join = std::make_shared<Join>();
  join->left = aborted.size();
  join->then = std::move(then);
  for (const auto& run_id : aborted) {
    context.agent_runtime().wait(
        run_id, kRunStopWait, [join, reply, key = session.full()](std::optional<agents::RunOutcome> outcome) {
          bool last = false;
          bool timed_out = false;
          {
            std::lock_guard lock(join->mutex);
            if (!outcome) join->timed_out = true;
            last = --join->left == 0;
            timed_out = join->timed_out;
          }
          if (!last) return;
          if (timed_out) {
            return reply.error(protocol::make_error(protocol::kUnavailable,
                                                    "Session " + key + " is still active; try again in a moment."));
          }
          join->then();
        });
  }
}

void sessions_reset(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto params = rpc::parse_sessions_reset(call.params);
  if (!params) return reply.error(params.error());
  if (!context.has_agents()) return reply.error(rpc::agents_unavailable());
  const auto settings = context.settings();
  auto session = agents::parse_session_key(params->key, settings->config);
  if (!session) return reply.error(invalid(session.error().message));
  after_runs_stop(context, *session, reply, [&context, reply, key = *session] {
    auto entry = context.sessions().reset(key);
    if (!entry) return reply.error(protocol::make_error(protocol::kUnavailable, entry.error().message));
    reply.ok({{"ok", true}, {"key", key.full()}, {"entry", entry->to_json()}});
  });
}

void sessions_delete(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto params = rpc::parse_sessions_delete(call.params);
  if (!params) return reply.error(params.error());
  if (!context.has_agents()) return reply.error(rpc::agents_unavailable());
  const auto settings = context.settings();
  auto session = agents::parse_session_key(params->key, settings->config, /*require_known_agent=*/false);
  if (!session) return reply.error(invalid(session.error().message));
  const auto main_key = agents::main_session_key(settings->config, agents::default_agent_id(settings->config));
  if (*session == main_key) {
    return reply.error(invalid("Cannot delete the main session (" + main_key.full() + ")."));
  }
  after_runs_stop(context, *session, reply,
                  [&context, reply, key = *session, delete_transcript = params->delete_transcript] {
                    auto removed = context.sessions().remove(key, delete_transcript);
                    if (!removed) {
                      return reply.error(protocol::make_error(protocol::kUnavailable, removed.error().message));
                    }
                    reply.ok({{"ok", true}, {"key", key.full()}, {"deleted", *removed}, {"archived", json::array()}});
                  });
}

}  // namespace

void register_session_methods(MethodTable& table) {
  table.add("sessions.list", sessions_list);
  table.add("sessions.preview", sessions_preview);
  table.add("sessions.reset", sessions_reset);
  table.add("sessions.delete", sessions_delete);
}

}  // namespace openclaw::server
