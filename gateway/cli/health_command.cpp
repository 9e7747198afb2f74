#include "cli/health_command.h"

#include <chrono>
#include <iostream>

#include "cli/gateway_connection.h"

namespace openclaw::cli {
namespace {

using nlohmann::json;

constexpr char kUsage[] = "usage: openclaw health [--json] [--verbose] [--url URL] [--token T] [--timeout MS]";

std::string text_of(const json& object, const char* key, const std::string& fallback = "") {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

void append_sessions(std::string& text, const std::string& label, const json& sessions) {
  if (!sessions.is_object()) return;
  const auto count = sessions.value("count", json(0));
  text += label + ": " + text_of(sessions, "path", "(unknown)") + " (" + count.dump() + " entries)\n";
  const auto recent = sessions.find("recent");
  if (recent == sessions.end() || !recent->is_array()) return;
  for (const auto& entry : *recent) {
    if (!entry.is_object()) continue;
    const auto age = entry.find("age");
    std::string when = "no activity";
    if (age != entry.end() && age->is_number()) {
      when = std::to_string(static_cast<std::int64_t>(age->get<double>() / 60000.0 + 0.5)) + "m ago";
    }
    text += "- " + text_of(entry, "key", "?") + " (" + when + ")\n";
  }
}

}  // namespace

std::string format_health(const json& summary, std::chrono::milliseconds elapsed, bool verbose) {
  std::string text = std::string("Gateway: ") + (summary.value("ok", false) ? "ok" : "not ok") + " (" +
                     std::to_string(elapsed.count()) + "ms)\n";
  if (verbose && summary.contains("durationMs") && summary["durationMs"].is_number()) {
    text += "Gateway probe duration: " + summary["durationMs"].dump() + "ms\n";
  }
  const std::string default_id = text_of(summary, "defaultAgentId");
  const json agents = summary.value("agents", json::array());
  if (agents.is_array() && !agents.empty()) {
    std::string labels;
    for (const auto& agent : agents) {
      if (!agent.is_object()) continue;
      if (!labels.empty()) labels += ", ";
      labels += text_of(agent, "agentId", "?") + (agent.value("isDefault", false) ? " (default)" : "");
    }
    text += "Agents: " + labels + "\n";
  }
  std::vector<json> shown;
  if (agents.is_array()) {
    for (const auto& agent : agents) {
      if (agent.is_object() && (verbose || default_id.empty() || text_of(agent, "agentId") == default_id)) {
        shown.push_back(agent);
      }
    }
  }
  std::string heartbeats;
  for (const auto& agent : shown) {
    const json heartbeat = agent.value("heartbeat", json::object());
    const bool enabled = heartbeat.is_object() && heartbeat.value("enabled", true);
    const std::string every = heartbeat.is_object() ? text_of(heartbeat, "every", "unknown") : "unknown";
    if (!heartbeats.empty()) heartbeats += ", ";
    heartbeats += (enabled ? every : "disabled") + " (" + text_of(agent, "agentId", "?") + ")";
  }
  if (!heartbeats.empty()) text += "Heartbeat interval: " + heartbeats + "\n";
  if (shown.empty()) {
    append_sessions(text, "Session store", summary.value("sessions", json()));
  } else {
    for (const auto& agent : shown) {
      append_sessions(text, "Session store (" + text_of(agent, "agentId", "?") + ")", agent.value("sessions", json()));
    }
  }
  return text;
}

int run_health(std::vector<std::string> args, const Environment& env, std::ostream& out, std::ostream& err) {
  auto network = take_network_options(args, env);
  if (!network) {
    err << "openclaw health: " << network.error().message << "\n" << kUsage << "\n";
    return 2;
  }
  bool verbose = false;
  for (const auto& word : args) {
    if (word == "--verbose") {
      verbose = true;
    } else {
      err << "openclaw health: unknown argument " << word << "\n" << kUsage << "\n";
      return 2;
    }
  }
  auto local = locate_local_gateway(env);
  if (!local) {
    err << "Error: " << local.error().message << "\n";
    return 1;
  }
  const auto started = std::chrono::steady_clock::now();
  auto client = connect_to_gateway(*network, *local, ConnectRequest{});
  if (!client) return report_client_error(client.error(), network->json, out, err);
  const json params = verbose ? json{{"probe", true}} : json(nullptr);
  auto summary = (*client)->call("health", params, network->timeout);
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  (*client)->close();
  if (!summary) return report_client_error(summary.error(), network->json, out, err);
  const bool healthy = summary->is_object() && summary->value("ok", false);
  if (network->json) {
    out << summary->dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  } else {
    if (verbose) {
      const json server = (*client)->hello().value("server", json::object());
      out << "Connected to " << (*client)->target().display() << " (protocol " << (*client)->protocol()
          << ", gateway " << (server.is_object() ? server.value("version", std::string("?")) : "?") << ")\n";
    }
    out << format_health(summary->is_object() ? *summary : json::object(), elapsed, verbose);
  }
  return healthy ? 0 : 1;
}

int health_command(const std::vector<std::string>& args) {
  return run_health(args, Environment::from_process(), std::cout, std::cerr);
}

}  // namespace openclaw::cli
