#include "cli/devices/devices_format.h"

#include <algorithm>

namespace openclaw::cli::devices {
namespace {

using nlohmann::json;

std::string text(const json& object, const char* key) {
  if (!object.is_object()) return "";
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string join(const json& items) {
  std::string out;
  if (!items.is_array()) return out;
  for (const auto& item : items) {
    if (item.is_string()) out += (out.empty() ? "" : ", ") + item.get<std::string>();
  }
  return out;
}

json array_field(const json& object, const char* key) {
  if (!object.is_object()) return json::array();
  const auto it = object.find(key);
  return it != object.end() && it->is_array() ? *it : json::array();
}

std::string device_label(const json& entry) {
  const std::string name = text(entry, "displayName");
  return name.empty() ? text(entry, "deviceId") : name;
}

std::string pending_roles(const json& request) {
  const std::string roles = join(array_field(request, "roles"));
  return roles.empty() ? text(request, "role") : roles;
}

}  // namespace

std::string render_table(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths(headers.size());
  for (std::size_t i = 0; i < headers.size(); ++i) widths[i] = headers[i].size();
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  auto render_row = [&widths](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      const std::string cell = i < cells.size() ? cells[i] : "";
      line += cell + std::string(i + 1 < widths.size() ? widths[i] - cell.size() + 2 : 0, ' ');
    }
    line.erase(line.find_last_not_of(' ') + 1);
    return line + "\n";
  };
  std::string table = render_row(headers);
  for (const auto& row : rows) table += render_row(row);
  return table;
}

std::string format_age(std::int64_t age_ms) {
  const std::int64_t seconds = std::max<std::int64_t>(0, age_ms) / 1000;
  if (seconds < 5) return "just now";
  if (seconds < 60) return std::to_string(seconds) + "s ago";
  if (seconds < 3600) return std::to_string(seconds / 60) + "m ago";
  if (seconds < 86400) return std::to_string(seconds / 3600) + "h ago";
  return std::to_string(seconds / 86400) + "d ago";
}

std::string format_token_summary(const json& tokens) {
  std::vector<std::string> parts;
  if (tokens.is_array()) {
    for (const auto& token : tokens) {
      const bool revoked = token.is_object() && token.contains("revokedAtMs") && !token["revokedAtMs"].is_null();
      parts.push_back(text(token, "role") + (revoked ? " (revoked)" : ""));
    }
  }
  if (parts.empty()) return "none";
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out;
}

std::string format_device_list(const json& list, std::int64_t now_ms) {
  const json pending = array_field(list, "pending");
  const json paired = array_field(list, "paired");
  std::string out;
  if (!pending.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& request : pending) {
      const auto ts = request.is_object() ? request.value("ts", json()) : json();
      rows.push_back({text(request, "requestId"), device_label(request), pending_roles(request),
                      join(array_field(request, "scopes")), text(request, "remoteIp"),
                      ts.is_number_integer() ? format_age(now_ms - ts.get<std::int64_t>()) : "",
                      request.is_object() && request.value("isRepair", false) ? "repair" : ""});
    }
    out += "Pending (" + std::to_string(pending.size()) + ")\n";
    out += render_table({"Request", "Device", "Role", "Scopes", "IP", "Age", "Flags"}, rows);
  }
  if (!paired.empty()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& device : paired) {
      rows.push_back({device_label(device), join(array_field(device, "roles")), join(array_field(device, "scopes")),
                      format_token_summary(array_field(device, "tokens")), text(device, "remoteIp")});
    }
    if (!out.empty()) out += "\n";
    out += "Paired (" + std::to_string(paired.size()) + ")\n";
    out += render_table({"Device", "Roles", "Scopes", "Tokens", "IP"}, rows);
  }
  if (out.empty()) out = "No device pairing entries.\n";
  return out;
}

std::optional<json> latest_pending_request(const json& list) {
  std::optional<json> latest;
  std::int64_t latest_ts = 0;
  for (const auto& request : array_field(list, "pending")) {
    const auto ts = request.is_object() ? request.value("ts", json()) : json();
    const std::int64_t value = ts.is_number_integer() ? ts.get<std::int64_t>() : 0;
    if (!latest || value > latest_ts) {
      latest = request;
      latest_ts = value;
    }
  }
  return latest;
}

std::string format_approved(const json& result, const std::string& request_id) {
  const json device = result.is_object() ? result.value("device", json::object()) : json::object();
  const std::string device_id = text(device, "deviceId");
  const std::string name = text(device, "displayName");
  const std::string display = name.empty() ? (device_id.empty() ? "ok" : device_id) : name + " (" + device_id + ")";
  return "Approved " + display + " (" + request_id + ")";
}

}  // namespace openclaw::cli::devices
