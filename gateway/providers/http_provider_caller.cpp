// make_http_provider_caller: one attempt = one HTTP exchange. The wire adapter builds the
// request and decodes the answer; this file only wires HttpsClient's callbacks to it and
// decides which of the adapter's classifiers applies (HTTP status, transport error, body).
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "providers/model_router.h"

namespace openclaw::providers {
namespace {

// An error answer is read for its message only; the classifier bounds what it quotes.
constexpr std::size_t kMaxErrorBodyBytes = 64 * 1024;
// An embeddings answer carries a vector of ~1-3k numbers per input.
constexpr std::size_t kMaxEmbeddingsBodyBytes = 64 * 1024 * 1024;

bool is_success(int status) { return status >= 200 && status < 300; }

// The limits of one request to `endpoint`: its configured timeout (timeoutSeconds) replaces
// the first-byte and idle limits and caps the connect limit.
HttpTimeouts timeouts_for(const ProviderEndpoint& endpoint, HttpTimeouts defaults) {
  if (!endpoint.timeout) return defaults;
  defaults.first_byte = *endpoint.timeout;
  defaults.idle = *endpoint.timeout;
  if (defaults.connect <= std::chrono::milliseconds::zero() || *endpoint.timeout < defaults.connect) {
    defaults.connect = *endpoint.timeout;
  }
  return defaults;
}

class HttpModelCall final : public ModelCall {
 public:
  explicit HttpModelCall(std::shared_ptr<HttpCall> call) : call_(std::move(call)) {}
  void cancel() override {
    if (call_) call_->cancel();
  }

 private:
  std::shared_ptr<HttpCall> call_;
};

// The state of one chat exchange. HttpsClient calls the handlers one at a time per request,
// so no lock is needed; the handlers share ownership of it.
struct ChatExchange {
  ProviderEndpoint endpoint;
  ModelRef model;
  std::unique_ptr<ResponseDecoder> decoder;
  std::optional<ResponseHead> head;
  std::string error_body;
  std::function<void(ChatOutcome)> on_done;

  void on_head(const ResponseHead& response) { head = response; }

  void on_body(std::string_view bytes) {
    if (head && is_success(head->status)) {
      decoder->feed(bytes);
    } else if (error_body.size() < kMaxErrorBodyBytes) {
      error_body.append(bytes.substr(0, kMaxErrorBodyBytes - error_body.size()));
    }
  }

  void on_complete(const std::optional<TransportError>& error) {
    auto done = std::exchange(on_done, nullptr);
    if (!done) return;
    if (error) {
      done(std::unexpected(classify_transport_failure(endpoint, model, *error)));
    } else if (!head) {
      // The client reports a complete exchange only after a head; guard anyway.
      ModelFailure failure;
      failure.reason = FailureReason::Network;
      failure.message =
          "provider \"" + endpoint.provider_id + "\" model \"" + model.model + "\": no response";
      done(std::unexpected(std::move(failure)));
    } else if (!is_success(head->status)) {
      done(std::unexpected(classify_http_failure(endpoint, model, *head, error_body)));
    } else {
      done(decoder->finish());
    }
  }
};

struct EmbeddingsExchange {
  ProviderEndpoint endpoint;
  ModelRef model;
  std::optional<ResponseHead> head;
  std::string body;
  bool too_large = false;
  ProviderCaller::EmbeddingsDone on_done;

  void on_body(std::string_view bytes) {
    const bool success = head && is_success(head->status);
    const std::size_t limit = success ? kMaxEmbeddingsBodyBytes : kMaxErrorBodyBytes;
    const std::size_t room = limit - std::min(limit, body.size());
    // A truncated error body still classifies; a truncated vector list would be wrong.
    if (bytes.size() > room && success) too_large = true;
    body.append(bytes.substr(0, room));
  }

  ModelFailure network_failure(std::string what) const {
    ModelFailure failure;
    failure.reason = FailureReason::Network;
    failure.http_status = head ? head->status : 0;
    failure.message = "provider \"" + endpoint.provider_id + "\" embeddings model \"" +
                      model.model + "\": " + what;
    return failure;
  }

  void on_complete(const std::optional<TransportError>& error) {
    auto done = std::exchange(on_done, nullptr);
    if (!done) return;
    if (error) {
      done(std::unexpected(classify_transport_failure(endpoint, model, *error)));
    } else if (!head) {
      done(std::unexpected(network_failure("no response")));
    } else if (!is_success(head->status)) {
      done(std::unexpected(classify_http_failure(endpoint, model, *head, body)));
    } else if (too_large) {
      done(std::unexpected(network_failure("response larger than 64 MiB")));
    } else if (auto result = parse_embeddings_response(body)) {
      done(std::move(*result));
    } else {
      done(std::unexpected(network_failure(result.error().message)));
    }
  }
};

class HttpProviderCaller final : public ProviderCaller {
 public:
  HttpProviderCaller(std::shared_ptr<HttpsClient> client, HttpTimeouts timeouts)
      : client_(std::move(client)), timeouts_(timeouts) {}

  std::shared_ptr<ModelCall> call(const ProviderEndpoint& endpoint, const ChatRequest& request,
                                  const ProviderCredential& credential,
                                  ModelCallHandlers handlers) override {
    OutgoingRequest outgoing = build_chat_request(endpoint, request, credential.api_key);
    outgoing.timeouts = timeouts_for(endpoint, timeouts_);
    auto exchange = std::make_shared<ChatExchange>();
    exchange->endpoint = endpoint;
    exchange->model = request.model;
    exchange->decoder =
        make_response_decoder(endpoint, request.model, request.stream, std::move(handlers.on_text));
    exchange->on_done = std::move(handlers.on_done);

    ResponseHandlers response;
    response.on_head = [exchange](const ResponseHead& head) { exchange->on_head(head); };
    response.on_body = [exchange](std::string_view bytes) { exchange->on_body(bytes); };
    response.on_complete = [exchange](std::optional<TransportError> error) {
      exchange->on_complete(error);
    };
    return std::make_shared<HttpModelCall>(
        client_->start(std::move(outgoing), std::move(response)));
  }

  std::shared_ptr<ModelCall> embed(const ProviderEndpoint& endpoint,
                                   const EmbeddingsRequest& request,
                                   const ProviderCredential& credential,
                                   EmbeddingsDone done) override {
    OutgoingRequest outgoing = build_embeddings_request(endpoint, request, credential.api_key);
    outgoing.timeouts = timeouts_for(endpoint, timeouts_);
    auto exchange = std::make_shared<EmbeddingsExchange>();
    exchange->endpoint = endpoint;
    exchange->model = ModelRef{endpoint.provider_id, request.model};
    exchange->on_done = std::move(done);

    ResponseHandlers response;
    response.on_head = [exchange](const ResponseHead& head) { exchange->head = head; };
    response.on_body = [exchange](std::string_view bytes) { exchange->on_body(bytes); };
    response.on_complete = [exchange](std::optional<TransportError> error) {
      exchange->on_complete(error);
    };
    return std::make_shared<HttpModelCall>(
        client_->start(std::move(outgoing), std::move(response)));
  }

 private:
  std::shared_ptr<HttpsClient> client_;
  HttpTimeouts timeouts_;
};

}  // namespace

std::shared_ptr<ProviderCaller> make_http_provider_caller(std::shared_ptr<HttpsClient> client,
                                                          HttpTimeouts timeouts) {
  return std::make_shared<HttpProviderCaller>(std::move(client), timeouts);
}

}  // namespace openclaw::providers
