// POST /v1/responses (OpenResponses, spec §6): one agent run answered as a `response`
// object, or as the SSE event sequence response.created → response.in_progress →
// response.output_item.added → response.content_part.added → response.output_text.delta… →
// response.output_text.done → response.content_part.done → response.output_item.done →
// response.completed (or response.failed), then `data: [DONE]`.
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

struct ResponsesBody {
  std::string model;
  json input;
  std::string instructions;
  bool stream = false;
  std::optional<std::string> user;
};

// The fields this gateway reads, checked the way upstream's request schema checks them;
// fails "<field>: <problem>".
Result<ResponsesBody> read_body(const json& body) {
  if (!body.is_object()) return fail("Invalid request body: expected a JSON object");
  ResponsesBody out;
  const auto model = body.find("model");
  if (model == body.end()) return fail("model: Required");
  if (!model->is_string()) return fail("model: Expected string");
  out.model = model->get<std::string>();
  const auto input = body.find("input");
  if (input == body.end()) return fail("input: Required");
  if (!input->is_string() && !input->is_array()) return fail("input: Expected string or array of items");
  out.input = *input;
  if (const auto it = body.find("instructions"); it != body.end() && !it->is_null()) {
    if (!it->is_string()) return fail("instructions: Expected string");
    out.instructions = it->get<std::string>();
  }
  if (const auto it = body.find("stream"); it != body.end() && !it->is_null()) {
    if (!it->is_boolean()) return fail("stream: Expected boolean");
    out.stream = it->get<bool>();
  }
  if (const auto it = body.find("user"); it != body.end() && !it->is_null()) {
    if (!it->is_string()) return fail("user: Expected string");
    out.user = it->get<std::string>();
  }
  return out;
}

class ResponsesRun {
 public:
  ResponsesRun(GatewayContext& context, std::shared_ptr<HttpResponder> responder, HttpRequest head,
               std::string response_id, std::string model, std::string agent_id, bool stream)
      : responder_(std::move(responder)),
        sse_(responder_),
        head_(std::move(head)),
        settings_(context.settings()),
        response_id_(std::move(response_id)),
        item_id_("msg_" + random_uuid()),
        model_(std::move(model)),
        agent_id_(std::move(agent_id)),
        stream_(stream),
        logger_(context.logger().with_subsystem("gateway/openai")) {}

  const std::string& response_id() const { return response_id_; }

  void begin() {
    if (!stream_) return;
    sse_.start(sse_head(head_, settings_.get()));
    const auto initial = resource("in_progress", ordered_json::array(), providers::TokenUsage{});
    sse_.event("response.created", typed("response.created", {{"response", initial}}));
    sse_.event("response.in_progress", typed("response.in_progress", {{"response", initial}}));
    ordered_json added;
    added["output_index"] = 0;
    added["item"] = output_item("", nullptr, "in_progress");
    sse_.event("response.output_item.added", typed("response.output_item.added", added));
    auto part = position();
    part["part"] = text_part("");
    sse_.event("response.content_part.added", typed("response.content_part.added", part));
  }

  void on_delta(std::string_view delta) {
    if (!stream_ || delta.empty()) return;
    streamed_ = true;
    text_ += delta;
    auto event = position();
    event["delta"] = delta;
    sse_.event("response.output_text.delta", typed("response.output_text.delta", event));
  }

  void on_done(const agents::RunOutcome& outcome) {
    log_outcome(outcome);
    const bool answered =
        outcome.status == agents::RunOutcome::Status::Ok || outcome.status == agents::RunOutcome::Status::Aborted;
    if (!answered) return fail(error_for_outcome(outcome), outcome.usage);
    if (!stream_) {
      const auto body =
          resource("completed", ordered_json::array({output_item(answer_text(outcome), "final_answer", "completed")}),
                   outcome.usage);
      return responder_->respond(json_response(head_, http::status::ok, body, settings_.get()));
    }
    if (!streamed_) on_delta(answer_text(outcome));
    auto text_done = position();
    text_done["text"] = text_;
    sse_.event("response.output_text.done", typed("response.output_text.done", text_done));
    auto part_done = position();
    part_done["part"] = text_part(text_);
    sse_.event("response.content_part.done", typed("response.content_part.done", part_done));
    const auto item = output_item(text_, "final_answer", "completed");
    ordered_json item_done;
    item_done["output_index"] = 0;
    item_done["item"] = item;
    sse_.event("response.output_item.done", typed("response.output_item.done", item_done));
    const auto final_response = resource("completed", ordered_json::array({item}), outcome.usage);
    sse_.event("response.completed", typed("response.completed", {{"response", final_response}}));
    sse_.done();
  }

  // The run could not start (its id is taken): answer as an internal error.
  void fail_to_start() { fail(OpenAiError{}, providers::TokenUsage{}); }

 private:
  void fail(const OpenAiError& error, const providers::TokenUsage& usage) {
    ordered_json details;
    details["code"] = error.type;
    details["message"] = error.message;
    auto failed = resource("failed", ordered_json::array(), usage);
    failed["error"] = details;
    if (!stream_) return responder_->respond(json_response(head_, error.status, failed, settings_.get()));
    sse_.event("response.failed", typed("response.failed", {{"response", failed}}));
    sse_.done();
  }

  static ordered_json typed(std::string_view type, const ordered_json& fields) {
    ordered_json event;
    event["type"] = type;
    for (const auto& [key, value] : fields.items()) event[key] = value;
    return event;
  }

  ordered_json position() const {
    ordered_json at;
    at["item_id"] = item_id_;
    at["output_index"] = 0;
    at["content_index"] = 0;
    return at;
  }

  static ordered_json text_part(std::string_view text) {
    ordered_json part;
    part["type"] = "output_text";
    part["text"] = text;
    return part;
  }

  ordered_json output_item(std::string_view text, const char* phase, const char* status) const {
    ordered_json item;
    item["type"] = "message";
    item["id"] = item_id_;
    item["role"] = "assistant";
    item["content"] = ordered_json::array({text_part(text)});
    if (phase) item["phase"] = phase;
    item["status"] = status;
    return item;
  }

  ordered_json resource(const char* status, ordered_json output, const providers::TokenUsage& usage) const {
    ordered_json body;
    body["id"] = response_id_;
    body["object"] = "response";
    body["created_at"] = unix_seconds();
    body["status"] = status;
    body["model"] = model_;
    body["output"] = std::move(output);
    body["usage"] = responses_usage_json(usage);
    return body;
  }

  // Ids, outcome and timing only: never the input or the answer.
  void log_outcome(const agents::RunOutcome& outcome) const {
    log_run_outcome(logger_, "response", {{"responseId", response_id_}, {"agentId", agent_id_}, {"stream", stream_}}, outcome,
                    started_);
  }


  std::shared_ptr<HttpResponder> responder_;
  SseWriter sse_;
  HttpRequest head_;
  std::shared_ptr<const RuntimeSettings> settings_;
  std::string response_id_;
  std::string item_id_;
  std::string model_;
  std::string agent_id_;
  bool stream_;
  bool streamed_ = false;
  std::string text_;
  Clock::time_point started_ = Clock::now();
  log::Logger logger_;
};

}  // namespace

void openai_responses(GatewayContext& context, HttpRequest request, std::shared_ptr<HttpResponder> responder) {
  const auto settings = context.settings();
  const json parsed = json::parse(request.body(), nullptr, false);
  if (parsed.is_discarded()) return responder->respond(invalid_request(request, "Invalid JSON body.", settings.get()));
  request.body().clear();  // only the head is needed from here on
  auto body = read_body(parsed);
  if (!body) return responder->respond(invalid_request(request, body.error().message, settings.get()));

  TargetRequest target_request{
      .model = body->model,
      .user = body->user,
      .session_prefix = "openresponses",
      .agent_header = agent_header(request),
      .session_key_header = header_value(request, "x-openclaw-session-key"),
      .model_header = header_value(request, "x-openclaw-model"),
  };
  auto target = resolve_agent_target(settings->config, target_request);
  if (!target) return responder->respond(invalid_request(request, target.error().message, settings.get()));
  auto prompt = prompt_from_responses_input(body->input, body->instructions);
  if (!prompt) return responder->respond(invalid_request(request, prompt.error().message, settings.get()));
  if (!context.has_agents()) {
    return responder->respond(openai_error_response(request, http::status::service_unavailable,
                                                    "Agent runs are not available on this gateway.", "api_error",
                                                    settings.get()));
  }

  auto run = std::make_shared<ResponsesRun>(context, responder, std::move(request), "resp_" + random_uuid(),
                                            body->model, target->agent_id, body->stream);
  start_openai_run(context, *responder, run, run->response_id(), std::move(*target), std::move(*prompt));
}

}  // namespace openclaw::server
