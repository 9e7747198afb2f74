#include "core/config/config_snapshot.h"

#include "core/crypto/sha256.h"
#include "core/json5/json5.h"
#include "core/state/file_reader.h"

namespace openclaw::config {

std::string hash_config_text(std::string_view text) { return crypto::sha256_hex(text); }

const nlohmann::json& ConfigSnapshot::resolved() const {
  static const nlohmann::json empty = nlohmann::json::object();
  return loaded ? loaded->resolved : empty;
}

ConfigSnapshot read_config_snapshot(const std::filesystem::path& path, const Environment& env) {
  ConfigSnapshot snapshot;
  snapshot.path = path;
  snapshot.hash = hash_config_text("");

  auto text = state::read_file_limited(path, kMaxConfigFileBytes);
  if (!text) {
    if (text.error().not_found()) {
      snapshot.valid = true;
      return snapshot;
    }
    snapshot.exists = true;
    snapshot.issues.push_back({"", "read failed: " + text.error().reason});
    return snapshot;
  }
  snapshot.exists = true;
  snapshot.hash = hash_config_text(*text);
  snapshot.raw = *text;

  auto parsed = json5::parse(*text);
  if (!parsed) {
    snapshot.parsed = nullptr;
    snapshot.issues.push_back({"", "JSON5 parse failed: " + parsed.error().message});
    return snapshot;
  }
  snapshot.parsed = std::move(*parsed);

  auto loaded = load_config_text(std::move(*text), path, env);
  if (!loaded) {
    snapshot.warnings = std::move(loaded.error().warnings);
    if (!loaded.error().errors.empty()) {
      snapshot.issues = std::move(loaded.error().errors);
    } else {
      snapshot.issues.push_back({"", loaded.error().message});
    }
    return snapshot;
  }
  snapshot.valid = true;
  snapshot.warnings = loaded->warnings;
  snapshot.loaded = std::move(*loaded);
  return snapshot;
}

}  // namespace openclaw::config
