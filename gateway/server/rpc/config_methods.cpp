// Config over RPC (spec §2.3, §5.1; upstream server-methods/config.ts): config.get hands out
// a redacted snapshot whose `hash` (SHA-256 of the file text) is the token for optimistic
// concurrency; config.set / config.apply replace the whole file and config.patch merges a
// JSON5 merge patch into it, each only when `baseHash` still matches the file. A redacted
// marker sent back keeps the stored secret. Candidates are validated before anything is
// written, the write is atomic (the previous file stays as .bak), and the gateway then
// reloads (context.request_reload). config.apply and config.patch spend the control-plane
// write budget (3 per 60 s per caller per method).
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>

#include "core/config/config_edit.h"
#include "core/config/config_snapshot.h"
#include "core/config/json_schema.h"
#include "core/config/merge_patch.h"
#include "core/config/redaction.h"
#include "core/json5/json5.h"
#include "server/control_plane_budget.h"
#include "server/gateway_context.h"
#include "server/rpc/method_groups.h"
#include "server/rpc/method_table.h"
#include "server/rpc/params.h"

namespace openclaw::server {
namespace {

using nlohmann::json;

constexpr std::size_t kIssuesInMessage = 3;

// Shared by the handlers of one method table: the write budget and the lock that makes each
// read-check-write of the config file one step.
struct ConfigRpcState {
  ControlPlaneBudget budget;
  std::mutex write_mutex;
};

protocol::ErrorShape invalid_request(std::string message) {
  return protocol::make_error(protocol::kInvalidRequest, std::move(message));
}

json issues_json(const std::vector<config::Diagnostic>& issues) {
  json out = json::array();
  for (const auto& issue : issues)
    out.push_back({{"path", issue.path}, {"message", issue.message}});
  return out;
}

// upstream ConfigFileSnapshot, redacted. An invalid file is handed out without its text or
// trees: what cannot be parsed and checked cannot be redacted with certainty.
json snapshot_payload(const config::ConfigSnapshot& snapshot) {
  json payload = {{"path", snapshot.path.string()},
                  {"exists", snapshot.exists},
                  {"valid", snapshot.valid},
                  {"hash", snapshot.hash},
                  {"issues", issues_json(snapshot.issues)},
                  {"warnings", issues_json(snapshot.warnings)},
                  {"legacyIssues", json::array()}};
  if (!snapshot.valid) {
    payload["raw"] = nullptr;
    payload["parsed"] = nullptr;
    payload["config"] = json::object();
    payload["resolved"] = json::object();
    return payload;
  }
  const json resolved = config::redact_config(snapshot.resolved());
  payload["raw"] =
      snapshot.raw ? json(config::redact_raw_text(*snapshot.raw, snapshot.parsed)) : json(nullptr);
  payload["parsed"] = config::redact_config(snapshot.parsed);
  payload["config"] = resolved;
  payload["resolved"] = resolved;
  return payload;
}

// "invalid config: a: ...; b: ...; c: ... (+2 more issues)", as upstream summarizes.
std::string summarize_issues(const std::vector<config::Diagnostic>& issues) {
  if (issues.empty()) return "invalid config";
  std::string message = "invalid config: ";
  const std::size_t shown = std::min(issues.size(), kIssuesInMessage);
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) message += "; ";
    message += issues[i].to_string();
  }
  if (const std::size_t hidden = issues.size() - shown; hidden > 0) {
    message += " (+" + std::to_string(hidden) + " more issue" + (hidden == 1 ? "" : "s") + ")";
  }
  return message;
}

// The base-hash rule: a write over an existing file must name the hash it was based on.
std::optional<protocol::ErrorShape> check_base_hash(const std::optional<std::string>& base_hash,
                                                    const config::ConfigSnapshot& snapshot) {
  if (!snapshot.exists) return std::nullopt;
  std::string_view given = base_hash ? std::string_view(*base_hash) : std::string_view();
  while (!given.empty() && given.front() == ' ') given.remove_prefix(1);
  while (!given.empty() && given.back() == ' ') given.remove_suffix(1);
  if (given.empty())
    return invalid_request("config base hash required; re-run config.get and retry");
  if (given != snapshot.hash)
    return invalid_request("config changed since last load; re-run config.get and retry");
  return std::nullopt;
}

std::string_view outcome_name(ReloadOutcome::Result result) {
  switch (result) {
    case ReloadOutcome::Result::Applied:
      return "applied";
    case ReloadOutcome::Result::Restarted:
      return "restarted";
    case ReloadOutcome::Result::NoChange:
      return "noChange";
    case ReloadOutcome::Result::Rejected:
      return "rejected";
    case ReloadOutcome::Result::Disabled:
      return "disabled";
  }
  return "noChange";
}

// The params every write takes: raw (required) and baseHash; apply and patch also accept
// upstream's restart-request fields (sessionKey, note, restartDelayMs, deliveryContext),
// checked for type and otherwise unused: this gateway reloads in-process.
struct WriteParams {
  std::string raw;
  std::optional<std::string> base_hash;
};

rpc::Param<WriteParams> read_write_params(std::string_view method, const json& params,
                                          bool restart_fields) {
  if (auto object = rpc::params_object(method, params); !object)
    return std::unexpected(object.error());
  auto raw = rpc::required_string(method, params, "raw");
  if (!raw) return std::unexpected(raw.error());
  auto base_hash = rpc::optional_string(method, params, "baseHash");
  if (!base_hash) return std::unexpected(base_hash.error());
  if (restart_fields) {
    for (const char* key : {"sessionKey", "note"}) {
      if (auto text = rpc::optional_string(method, params, key); !text)
        return std::unexpected(text.error());
    }
    auto delay = rpc::optional_integer(method, params, "restartDelayMs", 0, 24LL * 60 * 60 * 1000);
    if (!delay) return std::unexpected(delay.error());
  }
  return WriteParams{std::move(*raw), std::move(*base_hash)};
}

class ConfigWriter {
 public:
  ConfigWriter(GatewayContext& context, const RpcCall& call, const RpcReply& reply,
               std::string_view method)
      : context_(context),
        call_(call),
        reply_(reply),
        method_(method),
        env_(Environment::from_process()) {}

  config::ConfigSnapshot snapshot() const {
    return config::read_config_snapshot(context_.settings()->config_path, env_);
  }

  // Puts back the secrets a client received redacted (and the ${VAR} placeholders it received
  // resolved), then validates and writes `candidate` over `base`, reloads, and answers.
  void commit(std::unique_lock<std::mutex> lock, const config::ConfigSnapshot& base,
              const json& candidate) {
    const json original = base.parsed.is_object() ? base.parsed : json::object();
    auto restored = config::restore_redacted(candidate, original, base.resolved());
    if (!restored) return reply_.error(invalid_request(restored.error().message));
    const json document = config::keep_env_placeholders(*restored, original, base.resolved());
    auto written = config::write_config(base, document, env_);
    lock.unlock();
    if (!written) return reply_.error(write_error(written.error()));

    json payload = {{"ok", true},
                    {"path", base.path.string()},
                    {"config", config::redact_config(written->loaded.resolved)}};
    if (!written->changed) {
      payload["noop"] = true;
      payload["restart"] = false;
      return reply_.ok(payload);
    }
    context_.logger().info("config written", {{"method", method_},
                                              {"connId", call_.caller.conn_id},
                                              {"deviceId", call_.caller.device_id.value_or("")},
                                              {"clientIp", call_.caller.remote_ip},
                                              {"path", written->path.string()}});
    const ReloadOutcome outcome = context_.request_reload(method_);
    json reload = {{"result", outcome_name(outcome.result)}, {"changedPaths", outcome.changed}};
    if (!outcome.message.empty()) reload["message"] = outcome.message;
    payload["restart"] = outcome.result == ReloadOutcome::Result::Restarted;
    payload["reload"] = std::move(reload);
    reply_.ok(payload);
  }

 private:
  protocol::ErrorShape write_error(const config::ConfigWriteError& error) const {
    switch (error.kind) {
      case config::ConfigWriteError::Kind::Invalid: {
        auto shape = invalid_request(summarize_issues(error.errors));
        shape.details = {{"issues", issues_json(error.errors)}};
        return shape;
      }
      case config::ConfigWriteError::Kind::Changed:
        return invalid_request("config changed since last load; re-run config.get and retry");
      case config::ConfigWriteError::Kind::Io:
        break;
    }
    context_.logger().error("config write failed",
                            {{"method", method_}, {"reason", error.message}});
    return protocol::make_error(protocol::kUnavailable, "config write failed: " + error.message);
  }

  GatewayContext& context_;
  const RpcCall& call_;
  const RpcReply& reply_;
  std::string method_;
  Environment env_;
};

void config_get(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  if (auto params = rpc::params_object("config.get", call.params); !params)
    return reply.error(params.error());
  reply.ok(snapshot_payload(
      config::read_config_snapshot(context.settings()->config_path, Environment::from_process())));
}

void config_schema(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  if (auto params = rpc::params_object("config.schema", call.params); !params)
    return reply.error(params.error());
  static const json schema = config::config_json_schema();
  static const json hints = config::config_ui_hints();
  reply.ok({{"schema", schema},
            {"uiHints", hints},
            {"version", context.version()},
            {"generatedAt", log::format_timestamp(std::chrono::system_clock::now())}});
}

// config.set and config.apply: `raw` is the whole new file (JSON5).
void replace_config(ConfigRpcState& state, std::string_view method, GatewayContext& context,
                    const RpcCall& call, const RpcReply& reply) {
  auto params = read_write_params(method, call.params, method == "config.apply");
  if (!params) return reply.error(params.error());
  ConfigWriter writer(context, call, reply, method);
  std::unique_lock lock(state.write_mutex);
  const auto base = writer.snapshot();
  if (auto refused = check_base_hash(params->base_hash, base)) return reply.error(*refused);
  auto parsed = json5::parse(params->raw);
  if (!parsed) return reply.error(invalid_request("JSON5 parse failed: " + parsed.error().message));
  if (!parsed->is_object())
    return reply.error(invalid_request("invalid config: the config must be a JSON object"));
  writer.commit(std::move(lock), base, *parsed);
}

// config.patch: `raw` is a JSON5 merge patch applied to the file as written.
void patch_config(ConfigRpcState& state, GatewayContext& context, const RpcCall& call,
                  const RpcReply& reply) {
  auto params = read_write_params("config.patch", call.params, true);
  if (!params) return reply.error(params.error());
  ConfigWriter writer(context, call, reply, "config.patch");
  std::unique_lock lock(state.write_mutex);
  const auto base = writer.snapshot();
  if (auto refused = check_base_hash(params->base_hash, base)) return reply.error(*refused);
  if (!base.valid) return reply.error(invalid_request("invalid config; fix before patching"));
  auto patch = json5::parse(params->raw);
  if (!patch) return reply.error(invalid_request("JSON5 parse failed: " + patch.error().message));
  if (!patch->is_object())
    return reply.error(invalid_request("config.patch raw must be an object"));
  writer.commit(std::move(lock), base, config::apply_merge_patch(base.parsed, *patch));
}

void secrets_reload(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  if (auto params = rpc::params_object("secrets.reload", call.params); !params)
    return reply.error(params.error());
  const ReloadOutcome outcome = context.request_reload("secrets.reload");
  if (outcome.result == ReloadOutcome::Result::Rejected) {
    context.logger().warn("secrets.reload failed", {{"reason", outcome.message}});
    return reply.error(protocol::make_error(protocol::kUnavailable, "secrets.reload failed"));
  }
  reply.ok({{"ok", true}, {"warningCount", 0}});
}

// Wraps a budgeted handler: the call is counted (and refused when over budget) before its
// params are even read, as upstream checks the budget before dispatching.
MethodHandler budgeted(
    std::shared_ptr<ConfigRpcState> state, std::string method,
    std::function<void(ConfigRpcState&, GatewayContext&, const RpcCall&, const RpcReply&)>
        handler) {
  return [state = std::move(state), method = std::move(method), handler = std::move(handler)](
             GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
    const auto decision = state->budget.consume(method, call.caller, now_ms());
    if (!decision.allowed) {
      context.logger().warn("control-plane write rate-limited",
                            {{"method", method},
                             {"connId", call.caller.conn_id},
                             {"retryAfterMs", decision.retry_after_ms}});
      return reply.error(state->budget.refusal(method, decision));
    }
    handler(*state, context, call, reply);
  };
}

}  // namespace

void register_config_methods(MethodTable& table) {
  auto state = std::make_shared<ConfigRpcState>();
  table.add("config.get", config_get);
  table.add("config.schema", config_schema);
  table.add("config.set",
            [state](GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
              replace_config(*state, "config.set", context, call, reply);
            });
  table.add("config.patch",
            budgeted(state, "config.patch",
                     [](ConfigRpcState& shared, GatewayContext& context, const RpcCall& call,
                        const RpcReply& reply) { patch_config(shared, context, call, reply); }));
  table.add("config.apply", budgeted(state, "config.apply",
                                     [](ConfigRpcState& shared, GatewayContext& context,
                                        const RpcCall& call, const RpcReply& reply) {
                                       replace_config(shared, "config.apply", context, call, reply);
                                     }));
  table.add("secrets.reload", secrets_reload);
}

}  // namespace openclaw::server
