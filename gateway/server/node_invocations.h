// node.invoke in flight (spec §2.3): the gateway forwards a command to a node as a
// `node.invoke.request` event and answers the operator's request when the node sends
// `node.invoke.result` with the same id, when the timeout passes, or when the node leaves.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "server/rpc/method_table.h"

namespace openclaw::server {

class NodeInvocations {
 public:
  explicit NodeInvocations(boost::asio::io_context& io) : io_(io) {}

  // Registers an invocation and returns its id; `reply` is answered exactly once.
  std::string start(const std::string& node_id, const std::string& command, const RpcReply& reply,
                    std::chrono::milliseconds timeout);

  // A node's answer. False when no invocation with this id is waiting for that node (late,
  // duplicate, or another node's id).
  bool finish(const std::string& id, const std::string& node_id, const nlohmann::json& result);

  // The node left: every invocation waiting for it fails.
  void node_disconnected(const std::string& node_id);

 private:
  struct Pending {
    std::string node_id;
    std::string command;
    RpcReply reply;
    std::unique_ptr<boost::asio::steady_timer> timer;
  };

  std::optional<Pending> take(const std::string& id);

  boost::asio::io_context& io_;
  std::mutex mutex_;
  std::map<std::string, Pending> pending_;
};

}  // namespace openclaw::server
