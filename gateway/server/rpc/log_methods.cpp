// logs.tail (spec §2.3): the gateway's own JSON-lines log file over RPC, for `openclaw logs`
// and the Control UI. Reading and rotation handling live in server/log_tail.h.
#include "core/protocol/schema_validation.h"
#include "server/gateway_context.h"
#include "server/log_tail.h"
#include "server/rpc/method_groups.h"
#include "server/rpc/method_table.h"
#include "server/rpc/params.h"

namespace openclaw::server {
namespace {

using nlohmann::json;

constexpr std::string_view kLogsTail = "logs.tail";

// {type:"integer", minimum, maximum} as AJV reports it.
std::optional<std::int64_t> bounded_integer(const json& value, std::string_view path,
                                            protocol::ValidationErrors& errors,
                                            std::int64_t minimum, std::int64_t maximum) {
  auto number = protocol::check_integer(value, path, errors, minimum);
  if (value.is_number() && value.get<double>() > static_cast<double>(maximum)) {
    errors.add(path, "must be <= " + std::to_string(maximum));
    return std::nullopt;
  }
  return number;
}

// LogsTailParams: a closed object {cursor?: int >= 0, limit?: 1..5000, maxBytes?: 1..1000000}.
// Errors name the field: "invalid logs.tail params: at /limit: must be <= 5000".
rpc::Param<LogTailRequest> parse_logs_tail_params(const json& params) {
  auto object = rpc::params_object(kLogsTail, params);
  if (!object) return std::unexpected(object.error());
  protocol::ValidationErrors errors;
  protocol::check_closed_object(*object, "", {}, {"cursor", "limit", "maxBytes"}, errors);
  LogTailRequest request;
  if (auto it = object->find("cursor"); it != object->end()) {
    if (auto cursor = protocol::check_integer(*it, "/cursor", errors, 0)) {
      request.cursor = static_cast<std::uint64_t>(*cursor);
    }
  }
  if (auto it = object->find("limit"); it != object->end()) {
    if (auto limit = bounded_integer(*it, "/limit", errors, 1,
                                     static_cast<std::int64_t>(kLogTailMaxLimit))) {
      request.limit = static_cast<std::size_t>(*limit);
    }
  }
  if (auto it = object->find("maxBytes"); it != object->end()) {
    if (auto max_bytes = bounded_integer(*it, "/maxBytes", errors, 1,
                                         static_cast<std::int64_t>(kLogTailMaxMaxBytes))) {
      request.max_bytes = static_cast<std::size_t>(*max_bytes);
    }
  }
  if (!errors.empty()) return std::unexpected(rpc::invalid_params(kLogsTail, errors.format()));
  return request;
}

// {file, cursor, size, lines, truncated, reset}; truncated and reset are always present, as
// upstream sends them.
void logs_tail(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  auto request = parse_logs_tail_params(call.params);
  if (!request) return reply.error(request.error());
  const auto file = gateway_log_file(*context.settings());
  auto tail = read_log_tail(file, *request);
  if (!tail) {
    return reply.error(
        protocol::make_error(protocol::kUnavailable, "log read failed: " + tail.error().message));
  }
  reply.ok({{"file", file.string()},
            {"cursor", tail->cursor},
            {"size", tail->size},
            {"lines", tail->lines},
            {"truncated", tail->truncated},
            {"reset", tail->reset}});
}

}  // namespace

void register_log_methods(MethodTable& table) { table.add(std::string(kLogsTail), logs_tail); }

}  // namespace openclaw::server
