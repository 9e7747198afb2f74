// Who may call which RPC method and receive which event (spec §1.9, §1.11, §1.12, §3.9):
// the method-to-scope table, the role/scope check run before every request, and the
// scope-coverage rule shared by pairing and device tokens.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/error_shape.h"

namespace openclaw::protocol {

inline constexpr char kScopeAdmin[] = "operator.admin";
inline constexpr char kScopeRead[] = "operator.read";
inline constexpr char kScopeWrite[] = "operator.write";
inline constexpr char kScopeApprovals[] = "operator.approvals";
inline constexpr char kScopePairing[] = "operator.pairing";
inline constexpr char kScopeTalkSecrets[] = "operator.talk.secrets";
inline constexpr char kScopeTalk[] = "operator.talk";  // [Latest]; satisfied by write

enum class MethodScope {
  Open,  // health: any role, no scope
  Read,
  Write,
  Approvals,
  Pairing,
  Admin,
  NodeOnly,  // only role "node" may call it
};

// The scope group of `method` ([Apr] method-scopes.ts, spec §2.1). Methods under the
// reserved prefixes config., exec.approvals., wizard. and update. are Admin (config.get and
// config.schema.lookup excepted: Read), and so is every method not listed (default-deny).
MethodScope method_scope(std::string_view method);

// The operator scope a scope group needs ("operator.read", ...); empty for Open and NodeOnly.
std::string_view required_scope_name(MethodScope scope);

// nullopt when a client with `role` and `scopes` may call `method`; otherwise the error to
// answer with:
//  - INVALID_REQUEST "unauthorized role: <role>" for an unknown role, an operator calling a
//    node-only method, or a node calling anything else (health is open to every role);
//  - "missing scope: <scope>" when the operator lacks the method's scope (operator.admin
//    covers everything, operator.write covers read methods). On protocol 3 it is
//    INVALID_REQUEST; on 4 it is FORBIDDEN with details {code:"MISSING_SCOPE", missingScope,
//    requiredScopes:[...]}.
std::optional<ErrorShape> authorize_method(std::string_view method, std::string_view role,
                                           const std::vector<std::string>& scopes, int protocol);

// INVALID_REQUEST "unknown method: <method>".
ErrorShape unknown_method_error(std::string_view method);

// Whether `granted` scopes cover every `requested` one (upstream roleScopesAllow). Scopes are
// trimmed and blanks ignored; nothing requested is always covered, nothing granted covers
// nothing. For operators: operator.admin covers every operator.* scope, operator.write covers
// operator.read and operator.talk, anything else must be granted exactly. Other roles may
// only hold scopes prefixed "<role>." and need each granted exactly.
bool scopes_allow(std::string_view role, const std::vector<std::string>& granted,
                  const std::vector<std::string>& requested);

// What the CLI asks for by default: admin, read, write, approvals, pairing, talk.secrets.
std::vector<std::string> cli_default_operator_scopes();

// Whether a broadcast `event` may be delivered to a client with `role` and `scopes` ([Apr]
// server-broadcast.ts): exec.approval.* and plugin.approval.* need operator.approvals;
// device.pair.* and node.pair.* need operator.pairing; sessions.changed, session.message and
// session.tool need read (or write); operator.admin sees all of these; non-operators see
// none of them. Every other event is delivered to everyone.
bool event_visible(std::string_view event, std::string_view role,
                   const std::vector<std::string>& scopes);

}  // namespace openclaw::protocol
