#include "core/protocol/method_policy.h"

#include <algorithm>
#include <array>

#include "core/protocol/connect_params.h"
#include "core/util/text.h"

namespace openclaw::protocol {
namespace {

constexpr auto kNodeOnlyMethods = std::to_array<std::string_view>({
    "node.invoke.result",
    "node.event",
    "node.pending.drain",
    "node.canvas.capability.refresh",
    "node.pending.pull",
    "node.pending.ack",
    "skills.bins",
});

constexpr auto kReadMethods = std::to_array<std::string_view>({
    "doctor.memory.status",
    "doctor.memory.dreamDiary",
    "logs.tail",
    "channels.status",
    "status",
    "usage.status",
    "usage.cost",
    "tts.status",
    "tts.providers",
    "commands.list",
    "models.list",
    "tools.catalog",
    "tools.effective",
    "agents.list",
    "agent.identity.get",
    "skills.status",
    "skills.search",
    "skills.detail",
    "voicewake.get",
    "sessions.list",
    "sessions.get",
    "sessions.preview",
    "sessions.resolve",
    "sessions.compaction.list",
    "sessions.compaction.get",
    "sessions.subscribe",
    "sessions.unsubscribe",
    "sessions.messages.subscribe",
    "sessions.messages.unsubscribe",
    "sessions.usage",
    "sessions.usage.timeseries",
    "sessions.usage.logs",
    "cron.list",
    "cron.status",
    "cron.runs",
    "gateway.identity.get",
    "system-presence",
    "last-heartbeat",
    "node.list",
    "node.describe",
    "chat.history",
    "config.get",
    "config.schema.lookup",
    "talk.config",
    "agents.files.list",
    "agents.files.get",
});

constexpr auto kWriteMethods = std::to_array<std::string_view>({
    "message.action",
    "send",
    "poll",
    "agent",
    "agent.wait",
    "wake",
    "talk.mode",
    "talk.speak",
    "tts.enable",
    "tts.disable",
    "tts.convert",
    "tts.setProvider",
    "voicewake.set",
    "node.invoke",
    "chat.send",
    "chat.abort",
    "sessions.create",
    "sessions.send",
    "sessions.steer",
    "sessions.abort",
    "sessions.compaction.branch",
    "doctor.memory.backfillDreamDiary",
    "doctor.memory.resetDreamDiary",
    "doctor.memory.resetGroundedShortTerm",
    "doctor.memory.repairDreamingArtifacts",
    "doctor.memory.dedupeDreamDiary",
    "push.test",
    "node.pending.enqueue",
});

constexpr auto kApprovalPrefixes =
    std::to_array<std::string_view>({"exec.approval.", "plugin.approval."});
constexpr auto kPairingPrefixes =
    std::to_array<std::string_view>({"node.pair.", "device.pair.", "device.token."});
// Reserved for admins whatever comes after them (upstream ADMIN_METHOD_PREFIXES).
constexpr auto kAdminPrefixes =
    std::to_array<std::string_view>({"config.", "exec.approvals.", "wizard.", "update."});

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

template <std::size_t N>
bool has_any_prefix(const std::array<std::string_view, N>& prefixes, std::string_view name) {
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](std::string_view prefix) { return name.starts_with(prefix); });
}

bool holds(const std::vector<std::string>& scopes, std::string_view scope) {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

ErrorShape unauthorized_role(std::string_view role) {
  return ErrorShape{kInvalidRequest, "unauthorized role: " + std::string(role), nullptr,
                    std::nullopt, std::nullopt};
}

ErrorShape missing_scope(std::string_view scope, int protocol) {
  const std::string message = "missing scope: " + std::string(scope);
  if (protocol < 4)
    return ErrorShape{kInvalidRequest, message, nullptr, std::nullopt, std::nullopt};
  return ErrorShape{kForbidden,
                    message,
                    {{"code", "MISSING_SCOPE"},
                     {"missingScope", scope},
                     {"requiredScopes", nlohmann::json::array({scope})}},
                    std::nullopt,
                    std::nullopt};
}

// Trimmed, blank-free, de-duplicated (first occurrence kept).
std::vector<std::string> normalize_scope_list(const std::vector<std::string>& scopes) {
  std::vector<std::string> out;
  for (const auto& scope : scopes) {
    const std::string trimmed(trim(scope));
    if (!trimmed.empty() && !holds(out, trimmed)) out.push_back(trimmed);
  }
  return out;
}

bool operator_scope_satisfied(std::string_view requested, const std::vector<std::string>& granted) {
  if (holds(granted, kScopeAdmin) && requested.starts_with("operator.")) return true;
  if (requested == kScopeRead) return holds(granted, kScopeRead) || holds(granted, kScopeWrite);
  if (requested == kScopeTalk) return holds(granted, kScopeTalk) || holds(granted, kScopeWrite);
  return holds(granted, requested);
}

}  // namespace

MethodScope method_scope(std::string_view method) {
  if (method == "health") return MethodScope::Open;
  if (contains(kNodeOnlyMethods, method)) return MethodScope::NodeOnly;
  // Explicit entries first: config.get and config.schema.lookup sit under an admin prefix.
  if (contains(kReadMethods, method)) return MethodScope::Read;
  if (contains(kWriteMethods, method)) return MethodScope::Write;
  if (has_any_prefix(kAdminPrefixes, method)) return MethodScope::Admin;
  if (has_any_prefix(kApprovalPrefixes, method)) return MethodScope::Approvals;
  if (has_any_prefix(kPairingPrefixes, method) || method == "node.rename") {
    return MethodScope::Pairing;
  }
  return MethodScope::Admin;
}

std::string_view required_scope_name(MethodScope scope) {
  switch (scope) {
    case MethodScope::Read:
      return kScopeRead;
    case MethodScope::Write:
      return kScopeWrite;
    case MethodScope::Approvals:
      return kScopeApprovals;
    case MethodScope::Pairing:
      return kScopePairing;
    case MethodScope::Admin:
      return kScopeAdmin;
    case MethodScope::Open:
    case MethodScope::NodeOnly:
      return {};
  }
  return {};
}

std::optional<ErrorShape> authorize_method(std::string_view method, std::string_view role,
                                           const std::vector<std::string>& scopes, int protocol) {
  const MethodScope scope = method_scope(method);
  if (scope == MethodScope::Open) return std::nullopt;
  if (role != kRoleOperator && role != kRoleNode) return unauthorized_role(role);
  if (scope == MethodScope::NodeOnly) {
    if (role == kRoleNode) return std::nullopt;
    return unauthorized_role(role);
  }
  if (role == kRoleNode) return unauthorized_role(role);
  if (holds(scopes, kScopeAdmin)) return std::nullopt;
  if (scope == MethodScope::Read) {
    if (holds(scopes, kScopeRead) || holds(scopes, kScopeWrite)) return std::nullopt;
    return missing_scope(kScopeRead, protocol);
  }
  const std::string_view required = required_scope_name(scope);
  if (holds(scopes, required)) return std::nullopt;
  return missing_scope(required, protocol);
}

ErrorShape unknown_method_error(std::string_view method) {
  return ErrorShape{kInvalidRequest, "unknown method: " + std::string(method), nullptr,
                    std::nullopt, std::nullopt};
}

bool scopes_allow(std::string_view role, const std::vector<std::string>& granted,
                  const std::vector<std::string>& requested) {
  const auto wanted = normalize_scope_list(requested);
  if (wanted.empty()) return true;
  const auto allowed = normalize_scope_list(granted);
  if (allowed.empty()) return false;
  const std::string_view trimmed_role = trim(role);
  if (trimmed_role != kRoleOperator) {
    const std::string prefix = std::string(trimmed_role) + ".";
    return std::all_of(wanted.begin(), wanted.end(), [&](const std::string& scope) {
      return scope.starts_with(prefix) && holds(allowed, scope);
    });
  }
  return std::all_of(wanted.begin(), wanted.end(), [&](const std::string& scope) {
    return operator_scope_satisfied(scope, allowed);
  });
}

std::vector<std::string> cli_default_operator_scopes() {
  return {kScopeAdmin, kScopeRead, kScopeWrite, kScopeApprovals, kScopePairing, kScopeTalkSecrets};
}

bool event_visible(std::string_view event, std::string_view role,
                   const std::vector<std::string>& scopes) {
  std::string_view required;
  if (event.starts_with("exec.approval.") || event.starts_with("plugin.approval.")) {
    required = kScopeApprovals;
  } else if (event.starts_with("device.pair.") || event.starts_with("node.pair.")) {
    required = kScopePairing;
  } else if (event == "sessions.changed" || event == "session.message" || event == "session.tool") {
    required = kScopeRead;
  } else {
    return true;
  }
  if (role != kRoleOperator) return false;
  if (holds(scopes, kScopeAdmin)) return true;
  if (required == kScopeRead) return holds(scopes, kScopeRead) || holds(scopes, kScopeWrite);
  return holds(scopes, required);
}

}  // namespace openclaw::protocol
