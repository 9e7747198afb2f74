#include "client/gateway_client.h"

namespace openclaw::client {

std::string GatewayTarget::display() const {
  return kind == Kind::AdminSocket ? "unix:" + socket_path.string() : url;
}

std::string ClientError::detail_code() const {
  if (!gateway_error || !gateway_error->details.is_object()) return "";
  const auto code = gateway_error->details.find("code");
  return code != gateway_error->details.end() && code->is_string() ? code->get<std::string>() : "";
}

}  // namespace openclaw::client
