// How both OpenAI-compatible routes (chat completions, responses) hand a request to the
// agent runtime: one RunRequest from the resolved target and prompt, a disconnect that
// aborts the run, and the route's own run object receiving the deltas and the outcome.
#pragma once

#include <memory>
#include <string>

#include "agents/agent_runtime.h"
#include "server/gateway_context.h"
#include "server/http/agent_target.h"
#include "server/http/http_responder.h"
#include "server/http/openai_prompt.h"

namespace openclaw::server {

// HttpRun has begin(), on_delta(text), on_done(outcome) and fail_to_start() (the run id was
// already running or finished).
template <class HttpRun>
void start_openai_run(GatewayContext& context, HttpResponder& responder, const std::shared_ptr<HttpRun>& run,
                      std::string run_id, AgentTarget target, AgentPrompt prompt) {
  agents::RunRequest request;
  request.run_id = run_id;
  request.session = std::move(target.session);
  request.persist = !target.stateless;
  request.message = std::move(prompt.message);
  request.model_override = std::move(target.model_override);
  request.system_prompt_override = std::move(prompt.system_prompt);
  // Earlier turns the client sent replace the transcript; a lone message continues it.
  if (!prompt.history.empty()) request.history_override = std::move(prompt.history);

  GatewayContext* gateway = &context;
  responder.on_disconnect([gateway, run_id] { gateway->agent_runtime().abort_run(run_id); });
  run->begin();
  agents::RunCallbacks callbacks;
  callbacks.on_delta = [run](std::string_view delta, const std::string&) { run->on_delta(delta); };
  callbacks.on_done = [run](const agents::RunOutcome& outcome) { run->on_done(outcome); };
  if (context.agent_runtime().start(std::move(request), std::move(callbacks)) != agents::StartResult::Started) {
    run->fail_to_start();
  }
}

}  // namespace openclaw::server
