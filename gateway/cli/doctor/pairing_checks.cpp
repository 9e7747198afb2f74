#include "cli/doctor/pairing_checks.h"

#include <filesystem>

#include "cli/doctor/lock_checks.h"
#include "core/pairing/device_store.h"

namespace openclaw::cli::doctor {
namespace {

std::string text_field(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string joined(const nlohmann::json& list) {
  std::string text;
  if (!list.is_array()) return text;
  for (const auto& item : list) {
    if (!item.is_string()) continue;
    text += (text.empty() ? "" : ",") + item.get<std::string>();
  }
  return text;
}

std::string describe_request(const nlohmann::json& request, std::int64_t now_ms) {
  const std::string device_id = text_field(request, "deviceId");
  std::string who = text_field(request, "displayName");
  if (who.empty()) who = text_field(request, "clientId");
  std::string text = "Pending pairing request " + text_field(request, "requestId") + ": device " +
                     device_id.substr(0, 12) + (who.empty() ? "" : " (" + who + ")");
  const std::string platform = text_field(request, "platform");
  if (!platform.empty()) text += ", " + platform;
  text += ", role " + text_field(request, "role");
  const std::string scopes = joined(request.value("scopes", nlohmann::json::array()));
  if (!scopes.empty()) text += ", scopes " + scopes;
  const std::string ip = text_field(request, "remoteIp");
  if (!ip.empty()) text += ", from " + ip;
  if (request.value("isRepair", false)) text += ", repair of a paired device";
  const auto ts = request.find("ts");
  if (ts != request.end() && ts->is_number_integer())
    text += ", " + format_age(now_ms - ts->get<std::int64_t>()) + " ago";
  return text;
}

}  // namespace

void check_pairing(const DoctorInputs& inputs, const DoctorOptions& options, Findings& findings) {
  if (!std::filesystem::is_directory(inputs.layout.devices_dir()))
    return;  // the State section reports it
  auto store = pairing::DeviceStore::open(inputs.layout);
  if (!store) {
    findings.error("pairing.store", kPairingSection,
                   store.error().message + "; the gateway will refuse to start",
                   "restore the file from a backup or move it aside (doctor never rewrites it)");
    return;
  }
  const auto listing = (*store)->list(options.now_ms);
  const auto& pending = listing["pending"];
  const auto& paired = listing["paired"];
  findings.ok("pairing.paired", kPairingSection,
              std::to_string(paired.size()) + " paired device(s)");
  if (pending.empty()) {
    findings.ok("pairing.pending", kPairingSection, "No pending pairing requests");
    return;
  }
  for (const auto& request : pending) {
    findings.warn("pairing.pending", kPairingSection, describe_request(request, options.now_ms),
                  "openclaw devices approve " + text_field(request, "requestId"));
  }
}

}  // namespace openclaw::cli::doctor
