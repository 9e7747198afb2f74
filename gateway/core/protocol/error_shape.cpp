#include "core/protocol/error_shape.h"

namespace openclaw::protocol {

nlohmann::json ErrorShape::to_json() const {
  nlohmann::json out = {{"code", code}, {"message", message}};
  if (!details.is_null()) out["details"] = details;
  if (retryable) out["retryable"] = *retryable;
  if (retry_after_ms) out["retryAfterMs"] = *retry_after_ms;
  return out;
}

std::string ErrorShape::dump() const {
  // Built by hand because nlohmann::json sorts object keys; the order matches what the
  // upstream gateway sends for a rate-limited connect (code, message, retryable,
  // retryAfterMs, details).
  std::string out = "{\"code\":" + dump_json(code) + ",\"message\":" + dump_json(message);
  if (retryable) out += std::string(",\"retryable\":") + (*retryable ? "true" : "false");
  if (retry_after_ms) out += ",\"retryAfterMs\":" + std::to_string(*retry_after_ms);
  if (!details.is_null()) out += ",\"details\":" + dump_json(details);
  out += '}';
  return out;
}

std::string dump_json(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace openclaw::protocol
