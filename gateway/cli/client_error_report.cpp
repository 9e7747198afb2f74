// report_client_error (declared in gateway_connection.h): how every networked command tells
// an operator that the gateway could not be reached or said no.
#include <nlohmann/json.hpp>
#include <ostream>

#include "cli/gateway_connection.h"

namespace openclaw::cli {
namespace {

using client::ClientError;
using nlohmann::json;

std::string_view kind_name(ClientError::Kind kind) {
  switch (kind) {
    case ClientError::Kind::Unreachable: return "unreachable";
    case ClientError::Kind::Timeout: return "timeout";
    case ClientError::Kind::Rejected: return "rejected";
    case ClientError::Kind::Closed: return "closed";
    case ClientError::Kind::Rpc: return "rpc";
    case ClientError::Kind::Protocol: return "protocol";
  }
  return "unknown";
}

std::string request_id(const ClientError& error) {
  if (!error.gateway_error || !error.gateway_error->details.is_object()) return "";
  const auto id = error.gateway_error->details.find("requestId");
  return id != error.gateway_error->details.end() && id->is_string() ? id->get<std::string>() : "";
}

// One line saying what to do next, or "" when the message says it all.
std::string remedy(const ClientError& error) {
  const std::string code = error.detail_code();
  if (code == "PAIRING_REQUIRED") {
    const std::string id = request_id(error);
    if (!id.empty()) {
      return "pairing request " + id + " is waiting; approve it on the gateway host: openclaw devices approve " + id;
    }
    return "approve it on the gateway host: openclaw devices approve --latest";
  }
  if (code == "AUTH_TOKEN_MISMATCH" || code == "AUTH_DEVICE_TOKEN_MISMATCH") {
    return "the token does not match the gateway's gateway.auth.token: pass the current one with --token or "
           "OPENCLAW_GATEWAY_TOKEN";
  }
  if (code == "AUTH_TOKEN_MISSING") {
    return "the gateway wants a token: pass --token or set OPENCLAW_GATEWAY_TOKEN (on the gateway host: "
           "openclaw config get gateway.auth.token --reveal)";
  }
  if (code == "AUTH_PASSWORD_MISMATCH" || code == "AUTH_PASSWORD_MISSING") {
    return "pass the gateway password with --password or OPENCLAW_GATEWAY_PASSWORD";
  }
  if (code == "AUTH_RATE_LIMITED") return "too many failed attempts from this address: wait, then retry";
  if (code == "DEVICE_IDENTITY_REQUIRED") {
    return "connect with the gateway's token (--token) or run the command on the gateway host";
  }
  if (error.kind == ClientError::Kind::Unreachable) {
    return "start it with `openclaw gateway run` or check `openclaw gateway status`";
  }
  if (error.kind == ClientError::Kind::Timeout) return "raise --timeout, or check `openclaw gateway status`";
  return "";
}

}  // namespace

int report_client_error(const ClientError& error, bool json_output, std::ostream& out, std::ostream& err) {
  const std::string code = error.detail_code();
  const std::string hint = remedy(error);
  if (json_output) {
    json body = {{"type", error.kind == ClientError::Kind::Rpc ? "gateway_request_error" : "gateway_transport_error"},
                 {"kind", kind_name(error.kind)},
                 {"message", error.message}};
    if (error.gateway_error) {
      body["code"] = error.gateway_error->code;
      if (!error.gateway_error->details.is_null()) body["details"] = error.gateway_error->details;
      if (error.gateway_error->retryable) body["retryable"] = *error.gateway_error->retryable;
      if (error.gateway_error->retry_after_ms) body["retryAfterMs"] = *error.gateway_error->retry_after_ms;
    }
    if (error.close_code) {
      body["closeCode"] = *error.close_code;
      body["closeReason"] = error.close_reason;
    }
    if (const std::string id = request_id(error); !id.empty()) body["requestId"] = id;
    if (!hint.empty()) body["hint"] = hint;
    out << json{{"ok", false}, {"error", body}}.dump(2) << "\n";
    return 1;
  }
  err << "Error: " << error.message;
  if (!code.empty()) {
    err << " [" << code << "]";
  } else if (error.gateway_error && !error.gateway_error->code.empty()) {
    err << " [" << error.gateway_error->code << "]";
  }
  err << "\n";
  if (!hint.empty()) err << "  " << hint << "\n";
  return 1;
}

}  // namespace openclaw::cli
