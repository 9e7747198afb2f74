#include "server/node_invocations.h"

#include "core/protocol/error_shape.h"
#include "server/uuid.h"

namespace openclaw::server {
namespace {

protocol::ErrorShape unavailable(std::string message, nlohmann::json details = nullptr) {
  auto error = protocol::make_error(protocol::kUnavailable, std::move(message));
  error.details = std::move(details);
  return error;
}

}  // namespace

std::string NodeInvocations::start(const std::string& node_id, const std::string& command, const RpcReply& reply,
                                   std::chrono::milliseconds timeout) {
  const std::string id = random_uuid();
  auto timer = std::make_unique<boost::asio::steady_timer>(io_, timeout);
  timer->async_wait([this, id](const boost::system::error_code& ec) {
    if (ec) return;
    if (auto pending = take(id)) pending->reply.error(unavailable("node invoke timed out"));
  });
  std::lock_guard lock(mutex_);
  pending_.emplace(id, Pending{node_id, command, reply, std::move(timer)});
  return id;
}

std::optional<NodeInvocations::Pending> NodeInvocations::take(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = pending_.find(id);
  if (it == pending_.end()) return std::nullopt;
  Pending pending = std::move(it->second);
  pending_.erase(it);
  pending.timer->cancel();
  return pending;
}

bool NodeInvocations::finish(const std::string& id, const std::string& node_id, const nlohmann::json& result) {
  {
    std::lock_guard lock(mutex_);
    auto it = pending_.find(id);
    if (it == pending_.end() || it->second.node_id != node_id) return false;
  }
  auto pending = take(id);
  if (!pending) return false;
  if (result.value("ok", false)) {
    nlohmann::json payload = {{"ok", true}, {"nodeId", node_id}, {"command", pending->command}};
    payload["payload"] = result.contains("payload") ? result["payload"] : nlohmann::json(nullptr);
    if (result.contains("payloadJSON")) payload["payloadJSON"] = result["payloadJSON"];
    pending->reply.ok(payload);
  } else {
    const auto& error = result.contains("error") && result["error"].is_object() ? result["error"] : nlohmann::json::object();
    pending->reply.error(unavailable(error.value("message", "node invoke failed"), {{"nodeError", error}}));
  }
  return true;
}

void NodeInvocations::node_disconnected(const std::string& node_id) {
  std::vector<std::string> ids;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [id, pending] : pending_) {
      if (pending.node_id == node_id) ids.push_back(id);
    }
  }
  for (const auto& id : ids) {
    if (auto pending = take(id)) pending->reply.error(unavailable("node disconnected"));
  }
}

}  // namespace openclaw::server
