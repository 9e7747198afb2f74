#include "core/pairing/scopes.h"

#include <algorithm>

#include "core/util/text.h"

namespace openclaw::pairing {
namespace {

bool contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::vector<std::string> trimmed_non_blank(const std::vector<std::string>& scopes) {
  std::vector<std::string> out;
  out.reserve(scopes.size());
  for (const auto& scope : scopes) {
    const auto text = trim(scope);
    if (!text.empty()) out.emplace_back(text);
  }
  return out;
}

bool operator_scope_covered(std::string_view requested, const std::vector<std::string>& granted) {
  if (!requested.starts_with("operator.")) return false;
  if (contains(granted, kOperatorAdminScope) || contains(granted, requested)) return true;
  // Write implies the read-only and talk capabilities (upstream operatorScopeSatisfied).
  if (requested == kOperatorReadScope || requested == kOperatorTalkScope) {
    return contains(granted, kOperatorWriteScope);
  }
  return false;
}

bool scope_covered(std::string_view role, std::string_view requested,
                   const std::vector<std::string>& granted) {
  if (role == kOperatorRole) return operator_scope_covered(requested, granted);
  return requested.starts_with(std::string(role) + ".") && contains(granted, requested);
}

}  // namespace

const std::vector<std::string>& cli_default_operator_scopes() {
  static const std::vector<std::string> scopes = {
      "operator.admin",     "operator.read",    "operator.write",
      "operator.approvals", "operator.pairing", "operator.talk.secrets"};
  return scopes;
}

std::optional<std::string> missing_scope(std::string_view role,
                                         const std::vector<std::string>& granted,
                                         const std::vector<std::string>& requested) {
  const std::string_view trimmed_role = trim(role);
  const auto granted_scopes = trimmed_non_blank(granted);
  for (const auto& scope : requested) {
    const auto text = trim(scope);
    if (text.empty()) continue;
    if (!scope_covered(trimmed_role, text, granted_scopes)) return scope;
  }
  return std::nullopt;
}

bool role_scopes_allow(std::string_view role, const std::vector<std::string>& granted,
                       const std::vector<std::string>& requested) {
  return !missing_scope(role, granted, requested).has_value();
}

std::optional<std::string> scope_outside_roles(const std::vector<std::string>& roles,
                                               const std::vector<std::string>& scopes) {
  for (const auto& scope : scopes) {
    const std::string text(trim(scope));
    if (text.empty()) continue;
    const bool allowed = std::any_of(roles.begin(), roles.end(), [&](const std::string& role) {
      return role_scopes_allow(role, {text}, {text});
    });
    if (!allowed) return scope;
  }
  return std::nullopt;
}

std::vector<std::string> normalize_scopes(const std::vector<std::string>& scopes) {
  auto out = trimmed_non_blank(scopes);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> merge_scopes(const std::vector<std::string>& a,
                                      const std::vector<std::string>& b) {
  std::vector<std::string> all = a;
  all.insert(all.end(), b.begin(), b.end());
  return normalize_scopes(all);
}

std::vector<std::string> token_scopes_for_role(std::string_view role,
                                               const std::vector<std::string>& scopes) {
  std::vector<std::string> out;
  const bool operator_role = trim(role) == kOperatorRole;
  for (auto& scope : normalize_scopes(scopes)) {
    if (scope.starts_with("operator.") == operator_role) out.push_back(std::move(scope));
  }
  return out;
}

}  // namespace openclaw::pairing
