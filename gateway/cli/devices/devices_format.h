// How `openclaw devices` shows pairing state (upstream's devices-cli): the pending and
// paired tables of `devices list`, the one-line results of approve / reject / remove /
// clear, and the choice of "the latest" pending request. Pure: input is the gateway's
// device.pair.* payloads.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace openclaw::cli::devices {

// Left-aligned columns separated by two spaces, a header row first; trailing spaces trimmed.
std::string render_table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows);

// "just now", "42s ago", "5m ago", "3h ago", "2d ago".
std::string format_age(std::int64_t age_ms);

// "operator, node" for the tokens' roles, "(revoked)" after a revoked one; "none" when empty.
std::string format_token_summary(const nlohmann::json& tokens);

// "Pending (N)" + table (Request, Device, Role, Scopes, IP, Age, Flags), "Paired (N)" + table
// (Device, Roles, Scopes, Tokens, IP), or "No device pairing entries." `now_ms` dates ages.
std::string format_device_list(const nlohmann::json& list, std::int64_t now_ms);

// The pending request with the greatest ts (the first one on ties); nullopt when none.
std::optional<nlohmann::json> latest_pending_request(const nlohmann::json& list);

// "Approved <displayName> (<deviceId>) (<requestId>)" — the display name only when set.
std::string format_approved(const nlohmann::json& result, const std::string& request_id);

}  // namespace openclaw::cli::devices
