// Runs one chat request against an agent's model selection (spec §5.3): the primary, then
// each fallback in order, on 429 / long-context 429 / 5xx / timeouts / network errors, all
// within the same request; a provider/profile that failed is cooled down and skipped until
// its cooldown ends (then the primary is tried again). Each switch is logged and counted.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/config/model.h"
#include "core/log/logger.h"
#include "providers/chat_model.h"
#include "providers/cooldown_tracker.h"
#include "providers/credentials.h"
#include "providers/http/https_client.h"
#include "providers/wire_adapter.h"

namespace openclaw::providers {

// A call in flight; cancel() is safe from any thread, after completion too, and stops the
// upstream request. The final callback then reports FailureReason::Cancelled (once).
class ModelCall {
 public:
  virtual ~ModelCall() = default;
  virtual void cancel() = 0;
};

struct ModelCallHandlers {
  TextSink on_text;                                 // streamed text of the answering model
  std::function<void(ChatOutcome outcome)> on_done;  // exactly once
};

// Where the router's figures go (GatewayMetrics implements it in the server); labels are
// provider ids and model ids from config, never request text.
class ModelCallObserver {
 public:
  virtual ~ModelCallObserver() = default;
  // outcome: "ok", or to_string(FailureReason).
  virtual void call_finished(const ModelRef& model, std::string_view outcome, double seconds) = 0;
  virtual void first_token(const ModelRef& model, double seconds) = 0;
  // kind: "input", "output", "cache_read", "cache_write".
  virtual void tokens(const ModelRef& model, std::string_view kind, std::int64_t count) = 0;
  virtual void failover(const ModelRef& from, const ModelRef& to, FailureReason reason) = 0;
};

// One attempt against one provider with one credential; the HTTP-backed implementation is
// make_http_provider_caller, tests substitute their own.
class ProviderCaller {
 public:
  virtual ~ProviderCaller() = default;
  virtual std::shared_ptr<ModelCall> call(const ProviderEndpoint& endpoint, const ChatRequest& request,
                                          const ProviderCredential& credential, ModelCallHandlers handlers) = 0;
  using EmbeddingsDone = std::function<void(std::expected<EmbeddingsResult, ModelFailure>)>;
  virtual std::shared_ptr<ModelCall> embed(const ProviderEndpoint& endpoint, const EmbeddingsRequest& request,
                                           const ProviderCredential& credential, EmbeddingsDone done) = 0;
};

// Builds the request with build_chat_request, sends it with `client`, feeds the body to
// make_response_decoder, and classifies non-2xx answers and transport errors.
std::shared_ptr<ProviderCaller> make_http_provider_caller(std::shared_ptr<HttpsClient> client, HttpTimeouts timeouts);

// What one routed request needs besides the chat itself.
struct RouteRequest {
  std::shared_ptr<const config::Config> config;  // the snapshot the request started under
  std::string agent_id;
  config::ModelSelection selection;  // primary + fallbacks ("provider/model" refs)
  ChatRequest chat;                  // model is filled per attempt
};

class ModelRouter {
 public:
  ModelRouter(std::shared_ptr<ProviderCaller> caller, std::shared_ptr<CredentialResolver> credentials,
              std::shared_ptr<CooldownTracker> cooldowns, ModelCallObserver& observer, log::Logger logger,
              Environment env, std::filesystem::path config_dir);

  // Tries the selection's models in order (each with its credentials in order, skipping
  // cooling-down ones unless every candidate is cooling down, in which case the one whose
  // cooldown ends first is tried). Moves on only while no text has been streamed yet: once
  // the client has seen text, a later failure ends the request with that failure. Reports
  // the last failure when every candidate failed; a missing credential for every candidate
  // is reported with the credential resolver's message.
  //
  // on_done may run before run() returns when nothing can be sent (no model configured,
  // every model without credentials) or when the caller completes synchronously; otherwise
  // the handlers run on the caller's threads (the HTTP client's I/O threads). on_text and
  // on_done of one request never run concurrently with each other. After cancel(), on_done
  // reports Cancelled, even when an answer was already on its way.
  //
  // Every failed attempt is counted (observer call_finished) and cools its provider/profile
  // down (see CooldownTracker); a success clears the streak. Each move to the next candidate
  // is logged at info ("model failover: openai/gpt-4o → anthropic/claude-sonnet-4
  // (rate_limit)", with agent, reason and status fields, never request text) and counted
  // (observer failover), including moves past a model without credentials. When every
  // candidate failed the request reports the last failure of an attempt that was sent, else
  // the first reason nothing could be sent (for a primary without credentials, the resolver's
  // "No API key found ..." message).
  //
  // REQUIRES: the router (and the observer) outlive every call it started.
  std::shared_ptr<ModelCall> run(RouteRequest request, ModelCallHandlers handlers);

  // Embeddings with `model` (e.g. from agents.defaults.memorySearch): the same endpoint and
  // credential rules, no fallbacks, no streaming.
  // The first credential not cooling down is used (else the first). `done` may run before
  // embed() returns when nothing can be sent.
  std::shared_ptr<ModelCall> embed(std::shared_ptr<const config::Config> config, const std::string& agent_id,
                                   const ModelRef& model,
                                   std::vector<std::string> inputs, ProviderCaller::EmbeddingsDone done);

  // Where "now" comes from (cooldowns, durations); tests substitute a clock they advance.
  // REQUIRES: called before the first run()/embed().
  using Clock = CooldownTracker::Clock;
  void set_clock(std::function<Clock::time_point()> now);

 private:
  struct Attempt;
  std::shared_ptr<ProviderCaller> caller_;
  std::shared_ptr<CredentialResolver> credentials_;
  std::shared_ptr<CooldownTracker> cooldowns_;
  ModelCallObserver& observer_;
  log::Logger logger_;
  Environment env_;
  std::filesystem::path config_dir_;
  std::function<Clock::time_point()> clock_ = [] { return Clock::now(); };
};

}  // namespace openclaw::providers
