// POST /v1/chat/completions (spec §6): one agent run answered as a `chat.completion`, or as
// SSE `chat.completion.chunk`s (role first, content as it streams, the stop chunk, the usage
// chunk when stream_options.include_usage, then `data: [DONE]`).
#include <chrono>
#include <memory>
#include <string>

#include "core/log/logger.h"
#include "server/http/agent_target.h"
#include "server/http/openai_common.h"
#include "server/http/openai_outcome.h"
#include "server/http/openai_prompt.h"
#include "server/http/openai_routes.h"
#include "server/http/openai_run_start.h"
#include "server/http/sse_writer.h"
#include "server/uuid.h"

namespace openclaw::server {
namespace {

namespace http = boost::beast::http;
using nlohmann::json;
using ordered_json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

// JavaScript truthiness of `stream`, as upstream reads it (Boolean(payload.stream)).
bool truthy(const json& body, const char* key) {
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) return false;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_number()) return it->get<double>() != 0.0;
  if (it->is_string()) return !it->get_ref<const std::string&>().empty();
  return true;  // objects and arrays
}

bool include_usage(const json& body) {
  const auto options = body.find("stream_options");
  if (options == body.end() || !options->is_object()) return false;
  const auto flag = options->find("include_usage");
  return flag != options->end() && flag->is_boolean() && flag->get<bool>();
}

// One run and the state of its answer. The runtime calls on_delta/on_done one after the
// other (never at once); the responder carries the bytes to the connection's strand.
class ChatCompletionRun {
 public:
  ChatCompletionRun(GatewayContext& context, std::shared_ptr<HttpResponder> responder, HttpRequest head,
                    std::string run_id, std::string model, std::string agent_id, bool stream, bool usage_chunk)
      : responder_(std::move(responder)),
        sse_(responder_),
        head_(std::move(head)),
        settings_(context.settings()),
        run_id_(std::move(run_id)),
        model_(std::move(model)),
        agent_id_(std::move(agent_id)),
        stream_(stream),
        usage_chunk_(usage_chunk),
        logger_(context.logger().with_subsystem("gateway/openai")) {}

  const std::string& run_id() const { return run_id_; }

  void begin() {
    if (stream_) sse_.start(sse_head(head_, settings_.get()));
  }

  void on_delta(std::string_view delta) {
    if (!stream_ || delta.empty()) return;
    write_role();
    streamed_ = true;
    sse_.data(content_chunk(delta, false));
  }

  void on_done(const agents::RunOutcome& outcome) {
    log_outcome(outcome);
    const bool answered =
        outcome.status == agents::RunOutcome::Status::Ok || outcome.status == agents::RunOutcome::Status::Aborted;
    if (!stream_) {
      if (!answered) {
        const auto error = error_for_outcome(outcome);
        return responder_->respond(json_response(head_, error.status, error_json(error), settings_.get()));
      }
      return responder_->respond(json_response(head_, http::status::ok, completion(outcome), settings_.get()));
    }
    write_role();
    if (answered) {
      if (!streamed_) sse_.data(content_chunk(answer_text(outcome), false));
      sse_.data(stop_chunk());
    } else {
      // Upstream ends a failed stream with the error as the last content, then [DONE].
      sse_.data(content_chunk("Error: " + error_for_outcome(outcome).message, true));
    }
    if (usage_chunk_) sse_.data(usage_chunk(outcome.usage));
    sse_.done();
  }

  // The run could not start (its id is taken): answer as an internal error.
  void fail_to_start() {
    const OpenAiError error{http::status::internal_server_error, "api_error", "internal error"};
    if (!stream_) return responder_->respond(json_response(head_, error.status, error_json(error), settings_.get()));
    write_role();
    sse_.data(content_chunk("Error: internal error", true));
    sse_.done();
  }

 private:
  ordered_json chunk_base() const {
    ordered_json chunk;
    chunk["id"] = run_id_;
    chunk["object"] = "chat.completion.chunk";
    chunk["created"] = unix_seconds();
    chunk["model"] = model_;
    return chunk;
  }

  void write_role() {
    if (wrote_role_) return;
    wrote_role_ = true;
    ordered_json delta;
    delta["role"] = "assistant";
    ordered_json choice;
    choice["index"] = 0;
    choice["delta"] = std::move(delta);
    auto chunk = chunk_base();
    chunk["choices"] = ordered_json::array({std::move(choice)});
    sse_.data(chunk);
  }

  ordered_json content_chunk(std::string_view content, bool stop) const {
    ordered_json delta;
    delta["content"] = content;
    ordered_json choice;
    choice["index"] = 0;
    choice["delta"] = std::move(delta);
    choice["finish_reason"] = stop ? ordered_json("stop") : ordered_json(nullptr);
    auto chunk = chunk_base();
    chunk["choices"] = ordered_json::array({std::move(choice)});
    return chunk;
  }

  ordered_json stop_chunk() const {
    ordered_json choice;
    choice["index"] = 0;
    choice["delta"] = ordered_json::object();
    choice["finish_reason"] = "stop";
    auto chunk = chunk_base();
    chunk["choices"] = ordered_json::array({std::move(choice)});
    return chunk;
  }

  ordered_json usage_chunk(const providers::TokenUsage& usage) const {
    auto chunk = chunk_base();
    chunk["choices"] = ordered_json::array();
    chunk["usage"] = chat_usage_json(usage);
    return chunk;
  }

  ordered_json completion(const agents::RunOutcome& outcome) const {
    ordered_json message;
    message["role"] = "assistant";
    message["content"] = answer_text(outcome);
    ordered_json choice;
    choice["index"] = 0;
    choice["message"] = std::move(message);
    choice["finish_reason"] = "stop";
    ordered_json body;
    body["id"] = run_id_;
    body["object"] = "chat.completion";
    body["created"] = unix_seconds();
    body["model"] = model_;
    body["choices"] = ordered_json::array({std::move(choice)});
    body["usage"] = chat_usage_json(outcome.usage);
    return body;
  }

  // Ids, outcome and timing only: never the messages or the answer.
  void log_outcome(const agents::RunOutcome& outcome) const {
    log_run_outcome(logger_, "chat completion", {{"runId", run_id_}, {"agentId", agent_id_}, {"stream", stream_}}, outcome,
                    started_);
  }


  std::shared_ptr<HttpResponder> responder_;
  SseWriter sse_;
  HttpRequest head_;
  std::shared_ptr<const RuntimeSettings> settings_;
  std::string run_id_;
  std::string model_;
  std::string agent_id_;
  bool stream_;
  bool usage_chunk_;
  bool wrote_role_ = false;
  bool streamed_ = false;
  Clock::time_point started_ = Clock::now();
  log::Logger logger_;
};

}  // namespace

void openai_chat_completions(GatewayContext& context, HttpRequest request, std::shared_ptr<HttpResponder> responder) {
  const auto settings = context.settings();
  json body = json::parse(request.body(), nullptr, false);
  if (body.is_discarded()) return responder->respond(invalid_request(request, "Invalid JSON body.", settings.get()));
  if (!body.is_object()) body = json::object();
  request.body().clear();  // only the head is needed from here on

  const auto model_field = body.find("model");
  const std::string model = model_field != body.end() && model_field->is_string() ? model_field->get<std::string>()
                                                                                  : std::string(kOpenClawModelId);
  const auto user_field = body.find("user");
  TargetRequest target_request{
      .model = model,
      .user = user_field != body.end() && user_field->is_string() ? std::optional(user_field->get<std::string>())
                                                                  : std::nullopt,
      .session_prefix = "openai",
      .agent_header = agent_header(request),
      .session_key_header = header_value(request, "x-openclaw-session-key"),
      .model_header = header_value(request, "x-openclaw-model"),
  };
  auto target = resolve_agent_target(settings->config, target_request);
  if (!target) return responder->respond(invalid_request(request, target.error().message, settings.get()));
  const auto messages = body.find("messages");
  auto prompt = prompt_from_chat_messages(messages == body.end() ? json() : *messages);
  if (!prompt) return responder->respond(invalid_request(request, prompt.error().message, settings.get()));
  if (!context.has_agents()) {
    return responder->respond(openai_error_response(request, http::status::service_unavailable,
                                                    "Agent runs are not available on this gateway.", "api_error",
                                                    settings.get()));
  }

  const bool stream = truthy(body, "stream");
  auto run = std::make_shared<ChatCompletionRun>(context, responder, std::move(request), "chatcmpl_" + random_uuid(),
                                                 model, target->agent_id, stream, stream && include_usage(body));
  start_openai_run(context, *responder, run, run->run_id(), std::move(*target), std::move(*prompt));
}

}  // namespace openclaw::server
