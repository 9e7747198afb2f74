// Scope rules for device pairing and device tokens (spec §1.12, §3.9): which granted scopes
// cover which requested ones for a role, and how scope lists are normalised and merged.
// Upstream's names: roleScopesAllow, resolveMissingRequestedScope, normalizeDeviceAuthScopes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace openclaw::pairing {

inline constexpr std::string_view kOperatorRole = "operator";
inline constexpr std::string_view kNodeRole = "node";
inline constexpr std::string_view kOperatorAdminScope = "operator.admin";
inline constexpr std::string_view kOperatorReadScope = "operator.read";
inline constexpr std::string_view kOperatorWriteScope = "operator.write";
inline constexpr std::string_view kOperatorTalkScope = "operator.talk";

// The scopes upstream's CLI asks for (CLI_DEFAULT_OPERATOR_SCOPES): admin, read, write,
// approvals, pairing, talk.secrets. An owner device gets all of them.
const std::vector<std::string>& cli_default_operator_scopes();

// True when `granted` covers every scope in `requested` for `role` (roleScopesAllow).
// Scopes are compared trimmed; blank entries are ignored; an empty request is always
// covered. For the operator role a requested scope must start with "operator." and is
// covered by operator.admin (every operator.* scope), by operator.write (operator.read and
// operator.talk), or by itself. Any other role only gets scopes spelled "<role>.<name>",
// matched exactly.
bool role_scopes_allow(std::string_view role, const std::vector<std::string>& granted,
                       const std::vector<std::string>& requested);

// The first scope of `requested` (as written) that `granted` does not cover for `role`, or
// nullopt when all are covered. For "missing scope: <s>" errors.
std::optional<std::string> missing_scope(std::string_view role,
                                         const std::vector<std::string>& granted,
                                         const std::vector<std::string>& requested);

// The first scope of `scopes` that none of `roles` may hold at all (an operator.* scope
// without the operator role, a "node.x" scope without node, an unprefixed one), or nullopt.
// For "invalid scope for requested roles: <s>".
std::optional<std::string> scope_outside_roles(const std::vector<std::string>& roles,
                                               const std::vector<std::string>& scopes);

// `scopes` trimmed, without blanks and duplicates, sorted.
std::vector<std::string> normalize_scopes(const std::vector<std::string>& scopes);

// The union of `a` and `b`, normalised (sorted, unique, no blanks).
std::vector<std::string> merge_scopes(const std::vector<std::string>& a,
                                      const std::vector<std::string>& b);

// The part of `scopes` a token for `role` carries: the operator.* scopes for the operator
// role, every other scope for other roles (upstream resolveRoleScopedDeviceTokenScopes).
// Normalised.
std::vector<std::string> token_scopes_for_role(std::string_view role,
                                               const std::vector<std::string>& scopes);

}  // namespace openclaw::pairing
