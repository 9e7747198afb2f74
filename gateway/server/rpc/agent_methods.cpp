// agent and agent.wait (spec §2.3, §1.1; upstream `server-methods/agent.ts`). `agent` answers
// twice under one request id: first {runId, status:"accepted", acceptedAt}, then, when the
// run ends, {runId, status:"ok", summary:"completed", result} (or an error). Clients that
// wait for the final answer skip the accepted one; others take the first. agent.wait
// reports how a run ended, or {runId, status:"timeout"} when it did not end in time.
#include "agents/agent_catalog.h"
#include "agents/agent_id.h"
#include "agents/session_key.h"
#include "core/protocol/method_policy.h"
#include "core/util/text.h"
#include "server/gateway_context.h"
#include "server/rpc/agent_rpc_params.h"
#include "server/rpc/method_groups.h"
#include "server/rpc/method_table.h"
#include "server/rpc/run_event_stream.h"

namespace openclaw::server {
namespace {

using agents::RunOutcome;
using nlohmann::json;

// Upstream's agent.wait default.
constexpr std::int64_t kDefaultWaitTimeoutMs = 30'000;
// How long a retried `agent` call whose run is still going waits to send the final answer.
constexpr std::chrono::milliseconds kRetryFinalWait = agents::AgentRuntime::kFinishedRunRetention;

protocol::ErrorShape invalid(std::string message) {
  return protocol::make_error(protocol::kInvalidRequest, std::move(message));
}

// The run's answer as upstream's agent command returns it:
// {payloads:[{text}], meta:{durationMs, agentMeta:{sessionId, provider, model, usage}, aborted?, stopReason?}}.
json run_result(const RunOutcome& outcome) {
  json payloads = json::array();
  if (!outcome.text.empty()) payloads.push_back({{"text", outcome.text}});
  json meta = {{"durationMs", std::max<std::int64_t>(0, outcome.ended_at - outcome.started_at)}};
  json agent_meta = {{"sessionId", outcome.session_id},
                     {"usage",
                      {{"input", outcome.usage.input},
                       {"output", outcome.usage.output},
                       {"cacheRead", outcome.usage.cache_read},
                       {"cacheWrite", outcome.usage.cache_write},
                       {"total", outcome.usage.total()}}}};
  if (outcome.model) {
    agent_meta["provider"] = outcome.model->provider;
    agent_meta["model"] = outcome.model->model;
  }
  meta["agentMeta"] = std::move(agent_meta);
  if (outcome.status == RunOutcome::Status::Aborted) meta["aborted"] = true;
  if (!outcome.stop_reason.empty()) meta["stopReason"] = outcome.stop_reason;
  return {{"payloads", std::move(payloads)}, {"meta", std::move(meta)}};
}

// The second answer of `agent`: aborted runs complete (upstream resolves them with
// meta.aborted), failed and timed-out ones answer an error.
void send_final(const RpcReply& reply, const RunOutcome& outcome) {
  switch (outcome.status) {
    case RunOutcome::Status::Ok:
    case RunOutcome::Status::Aborted:
      return reply.ok(
          {{"runId", outcome.run_id}, {"status", "ok"}, {"summary", "completed"}, {"result", run_result(outcome)}});
    case RunOutcome::Status::Timeout:
      return reply.error(protocol::make_error(protocol::kAgentTimeout, outcome.error_message));
    case RunOutcome::Status::Error:
      return reply.error(protocol::make_error(protocol::kUnavailable, outcome.error_message));
  }
}

json accepted(const std::string& run_id) {
  return {{"runId", run_id}, {"status", "accepted"}, {"acceptedAt", now_ms()}};
}

// provider + model (or a "provider/model" model, or a bare model of the agent's primary
// provider) as a model override; nullopt when neither was given.
Result<std::optional<providers::ModelRef>> model_override(const rpc::AgentParams& params,
                                                          const RuntimeSettings& settings,
                                                          const agents::SessionKey& session) {
  const std::string provider(trim(params.provider.value_or("")));
  const std::string model(trim(params.model.value_or("")));
  if (provider.empty() && model.empty()) return std::optional<providers::ModelRef>{};
  if (model.empty()) return fail("invalid agent params: provider \"" + provider + "\" needs a model");
  if (!provider.empty()) return std::optional<providers::ModelRef>(providers::ModelRef{provider, model});
  if (auto ref = providers::parse_model_ref(model)) return std::optional<providers::ModelRef>(*ref);
  auto agent = agents::resolve_agent(settings.config, settings.layout, session.agent_id);
  if (agent && agent->model) {
    if (auto primary = providers::parse_model_ref(agent->model->primary)) {
      return std::optional<providers::ModelRef>(providers::ModelRef{primary->provider, model});
    }
  }
  return fail("invalid agent params: model \"" + model + "\" needs a provider (\"provider/model\")");
}

// The session the run belongs to: sessionKey, else the main session of agentId (or of the
// default agent).
Result<agents::SessionKey> run_session(const rpc::AgentParams& params, const config::Config& config) {
  std::optional<std::string> agent_id;
  if (params.agent_id && !trim(*params.agent_id).empty()) {
    agent_id = ascii_lowercase(trim(*params.agent_id));
    if (!agents::is_declared_agent(config, *agent_id)) {
      return fail("invalid agent params: unknown agent id \"" + *params.agent_id + "\"");
    }
  }
  if (params.session_key && !trim(*params.session_key).empty()) {
    auto session = agents::parse_session_key(*params.session_key, config);
    if (!session) return fail("invalid agent params: " + session.error().message);
    if (agent_id && session->agent_id != *agent_id) {
      return fail("invalid agent params: agent \"" + *params.agent_id + "\" does not match session key agent \"" +
                  session->agent_id + "\"");
    }
    return *session;
  }
  return agents::main_session_key(config, agent_id ? *agent_id : agents::default_agent_id(config));
}

// A retry of a run that already ended gets its final answer only, as upstream's dedupe
// cache answers it.
void answer_finished(GatewayContext& context, const std::string& run_id, const RpcReply& reply) {
  context.agent_runtime().wait(
      run_id, std::chrono::milliseconds(0), [reply, run_id](std::optional<RunOutcome> outcome) {
        if (outcome) return send_final(reply, *outcome);
        reply.error(protocol::make_error(protocol::kAgentResultNotFound, "run " + run_id + " is no longer remembered"));
      });
}

void agent_run(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto params = rpc::parse_agent(call.params);
  if (!params) return reply.error(params.error());
  if (!context.has_agents()) return reply.error(rpc::agents_unavailable());
  // Upstream lets only owners (operator.admin) pick another model for a run.
  if ((params->provider || params->model) && !call.caller.has_scope(protocol::kScopeAdmin)) {
    return reply.error(invalid("provider/model overrides are not authorized for this caller."));
  }
  const auto settings = context.settings();
  auto session = run_session(*params, settings->config);
  if (!session) return reply.error(invalid(session.error().message));
  auto model = model_override(*params, *settings, *session);
  if (!model) return reply.error(invalid(model.error().message));

  agents::RunRequest request;
  request.run_id = params->idempotency_key;
  request.session = *session;
  request.message = std::string(trim(params->message));
  request.model_override = *model;
  request.extra_system_prompt = params->extra_system_prompt.value_or("");
  if (params->timeout_seconds && *params->timeout_seconds > 0) {
    request.timeout = std::chrono::seconds(*params->timeout_seconds);
  }

  const std::string run_id = request.run_id;
  const std::string full_key = session->full();
  auto stream = std::make_shared<RunEventStream>(context, run_id, full_key, full_key);
  auto callbacks =
      RunEventStream::callbacks(stream, [reply](const RunOutcome& outcome) { send_final(reply, outcome); });
  switch (context.agent_runtime().start(std::move(request), std::move(callbacks))) {
    case agents::StartResult::Started:
      reply.ok(accepted(run_id));
      stream->release();
      return;
    case agents::StartResult::InFlight:
      // A retry of a run still going: acknowledged again, and answered when it ends.
      reply.ok(accepted(run_id));
      context.agent_runtime().wait(run_id, kRetryFinalWait, [reply](std::optional<RunOutcome> outcome) {
        if (outcome) send_final(reply, *outcome);
      });
      return;
    case agents::StartResult::Finished:
      answer_finished(context, run_id, reply);
      return;
  }
}

void agent_wait(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto params = rpc::parse_agent_wait(call.params);
  if (!params) return reply.error(params.error());
  if (!context.has_agents()) return reply.error(rpc::agents_unavailable());
  const std::string run_id(trim(params->run_id));
  const auto timeout = std::chrono::milliseconds(params->timeout_ms.value_or(kDefaultWaitTimeoutMs));
  context.agent_runtime().wait(run_id, timeout, [reply, run_id](std::optional<RunOutcome> outcome) {
    if (!outcome) return reply.ok({{"runId", run_id}, {"status", "timeout"}});
    json payload = {{"runId", run_id},
                    {"status", agents::to_string(outcome->status)},
                    {"startedAt", outcome->started_at},
                    {"endedAt", outcome->ended_at}};
    if (!outcome->error_message.empty()) payload["error"] = outcome->error_message;
    reply.ok(payload);
  });
}

}  // namespace

void register_agent_methods(MethodTable& table) {
  table.add("agent", agent_run);
  table.add("agent.wait", agent_wait);
}

}  // namespace openclaw::server
