#include "client/device_auth_store.h"

#include <nlohmann/json.hpp>

#include "core/pairing/scopes.h"
#include "core/state/atomic_file.h"
#include "core/state/file_reader.h"
#include "core/state/layout.h"
#include "core/util/text.h"

namespace openclaw::client {
namespace {

using nlohmann::json;

constexpr std::uintmax_t kMaxStoreBytes = 1024 * 1024;

// The parsed file, or nullopt when there is none. Errors name the file, never its content.
Result<std::optional<json>> read_store(const std::filesystem::path& path) {
  auto text = state::read_file_limited(path, kMaxStoreBytes);
  if (!text) {
    if (text.error().not_found()) return std::optional<json>{};
    return fail("cannot read " + path.string() + ": " + text.error().reason);
  }
  json document = json::parse(*text, nullptr, false);
  if (document.is_discarded()) return fail(path.string() + ": not valid JSON");
  if (!document.is_object()) return fail(path.string() + ": expected a JSON object");
  const auto version = document.find("version");
  if (version == document.end() || !version->is_number_integer() || version->get<std::int64_t>() != 1) {
    return fail(path.string() + ": unsupported version (expected \"version\": 1)");
  }
  const auto device = document.find("deviceId");
  if (device == document.end() || !device->is_string()) return fail(path.string() + ": deviceId is missing");
  const auto tokens = document.find("tokens");
  if (tokens != document.end() && !tokens->is_object()) return fail(path.string() + ": tokens must be an object");
  return std::optional<json>(std::move(document));
}

Result<StoredDeviceToken> parse_entry(const json& entry, std::string_view role, const std::filesystem::path& path) {
  const std::string where = path.string() + ": tokens." + std::string(role);
  if (!entry.is_object()) return fail(where + " must be an object");
  const auto token = entry.find("token");
  if (token == entry.end() || !token->is_string() || trim(token->get_ref<const std::string&>()).empty()) {
    return fail(where + ".token is missing");
  }
  StoredDeviceToken result;
  result.token = std::string(trim(token->get_ref<const std::string&>()));
  result.role = entry.contains("role") && entry["role"].is_string() ? entry["role"].get<std::string>() : std::string(role);
  if (const auto scopes = entry.find("scopes"); scopes != entry.end()) {
    if (!scopes->is_array()) return fail(where + ".scopes must be an array");
    for (const auto& scope : *scopes) {
      if (!scope.is_string()) return fail(where + ".scopes must hold strings");
      result.scopes.push_back(scope.get<std::string>());
    }
  }
  result.scopes = pairing::normalize_scopes(result.scopes);
  if (const auto updated = entry.find("updatedAtMs"); updated != entry.end() && updated->is_number_integer()) {
    result.updated_at_ms = updated->get<std::int64_t>();
  }
  return result;
}

Status write_store(const std::filesystem::path& path, const json& document) {
  auto written = state::write_file_atomically(path, document.dump(2) + "\n", {state::kFileMode, std::nullopt});
  if (!written) return fail("cannot write " + path.string() + ": " + written.error().message);
  return {};
}

}  // namespace

Result<std::optional<StoredDeviceToken>> DeviceAuthStore::load(std::string_view device_id, std::string_view role) const {
  auto document = read_store(path_);
  if (!document) return std::unexpected(document.error());
  if (!*document || (**document)["deviceId"].get<std::string>() != device_id) return std::optional<StoredDeviceToken>{};
  const json& store = **document;
  const std::string key(trim(role));
  if (!store.contains("tokens") || !store["tokens"].contains(key)) return std::optional<StoredDeviceToken>{};
  auto entry = parse_entry(store["tokens"][key], key, path_);
  if (!entry) return std::unexpected(entry.error());
  return std::optional<StoredDeviceToken>(std::move(*entry));
}

Status DeviceAuthStore::save(std::string_view device_id, const StoredDeviceToken& entry) const {
  auto existing = read_store(path_);
  json tokens = json::object();
  if (existing && *existing && (**existing)["deviceId"].get<std::string>() == device_id) {
    tokens = (**existing).value("tokens", json::object());
  }
  const std::string role(trim(entry.role));
  tokens[role] = {{"token", entry.token},
                  {"role", role},
                  {"scopes", pairing::normalize_scopes(entry.scopes)},
                  {"updatedAtMs", entry.updated_at_ms}};
  return write_store(path_, {{"version", 1}, {"deviceId", std::string(device_id)}, {"tokens", tokens}});
}

Status DeviceAuthStore::clear(std::string_view device_id, std::string_view role) const {
  auto existing = read_store(path_);
  if (!existing) return std::unexpected(existing.error());
  if (!*existing || (**existing)["deviceId"].get<std::string>() != device_id) return {};
  json document = std::move(**existing);
  const std::string key(trim(role));
  if (!document.contains("tokens") || !document["tokens"].contains(key)) return {};
  document["tokens"].erase(key);
  return write_store(path_, document);
}

}  // namespace openclaw::client
