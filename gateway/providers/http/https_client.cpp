#include "providers/http/https_client.h"

#include "core/util/text.h"
#include "providers/http/connection_pool.h"
#include "providers/http/outgoing_call.h"
#include "providers/http/proxy_settings.h"
#include "providers/http/tls_verification.h"

namespace openclaw::providers {
namespace {

class PooledHttpsClient final : public HttpsClient {
 public:
  explicit PooledHttpsClient(std::shared_ptr<const ClientShared> shared)
      : shared_(std::move(shared)) {}

  std::shared_ptr<HttpCall> start(OutgoingRequest request, ResponseHandlers handlers) override {
    auto call = std::make_shared<OutgoingCall>(shared_, std::move(request), std::move(handlers));
    call->begin();
    return call;
  }

  std::size_t idle_connections() const override { return shared_->pool->idle_count(); }

 private:
  std::shared_ptr<const ClientShared> shared_;
};

}  // namespace

std::optional<std::string> ResponseHead::header(std::string_view name) const {
  auto found = headers.find(ascii_lowercase(name));
  if (found == headers.end()) return std::nullopt;
  return found->second;
}

Result<std::shared_ptr<HttpsClient>> HttpsClient::create(boost::asio::io_context& io,
                                                         HttpsClientOptions options) {
  auto tls = make_client_tls_context(options.ca_file);
  if (!tls) return std::unexpected(tls.error());
  std::optional<ProxyEndpoint> proxy;
  if (options.proxy_url) {
    auto parsed = parse_proxy_url(*options.proxy_url);
    if (!parsed) return fail("proxy: " + parsed.error().message);
    proxy = std::move(*parsed);
  }
  auto pool = std::make_shared<ConnectionPool>(io, options.max_idle_per_origin,
                                               options.idle_connection_lifetime);
  auto shared = std::make_shared<const ClientShared>(
      ClientShared{io, std::move(*tls), std::move(pool), std::move(proxy),
                   std::move(options.hosts_without_proxy)});
  return std::make_shared<PooledHttpsClient>(std::move(shared));
}

}  // namespace openclaw::providers
