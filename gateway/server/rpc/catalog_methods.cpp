// models.list and agents.list: what the config declares (spec §2.3).
#include "server/gateway_context.h"
#include "server/gateway_summary.h"
#include "server/rpc/method_groups.h"
#include "server/rpc/method_table.h"
#include "server/rpc/params.h"

namespace openclaw::server {
namespace {

void models(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  if (auto params = rpc::params_object("models.list", call.params); !params) return reply.error(params.error());
  reply.ok(models_list(context.settings()->config));
}

void agents(GatewayContext& context, const RpcCall& call, const RpcReply& reply) {
  if (auto params = rpc::params_object("agents.list", call.params); !params) return reply.error(params.error());
  reply.ok(agents_list(context.settings()->config));
}

}  // namespace

void register_catalog_methods(MethodTable& table) {
  table.add("models.list", models);
  table.add("agents.list", agents);
}

}  // namespace openclaw::server
