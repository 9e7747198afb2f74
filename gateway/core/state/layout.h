// Where each file lives in a state directory (spec §4, upstream's file-based layout), so the
// provisioner, the gateway and doctor agree on one map. Directories are 0700, files 0600.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace openclaw::state {

inline constexpr mode_t kDirectoryMode = 0700;
inline constexpr mode_t kFileMode = 0600;

class StateLayout {
 public:
  explicit StateLayout(std::filesystem::path root) : root_(std::move(root)) {}

  const std::filesystem::path& root() const { return root_; }

  std::filesystem::path config_file() const { return root_ / "openclaw.json"; }
  std::filesystem::path identity_dir() const { return root_ / "identity"; }
  std::filesystem::path device_identity() const { return identity_dir() / "device.json"; }
  std::filesystem::path device_auth() const { return identity_dir() / "device-auth.json"; }
  std::filesystem::path devices_dir() const { return root_ / "devices"; }
  std::filesystem::path paired_devices() const { return devices_dir() / "paired.json"; }
  std::filesystem::path pending_devices() const { return devices_dir() / "pending.json"; }
  std::filesystem::path credentials_dir() const { return root_ / "credentials"; }
  // The generated gateway token, referenced from openclaw.json by a file SecretRef.
  std::filesystem::path gateway_token() const { return credentials_dir() / "gateway-token"; }
  std::filesystem::path agent_dir(const std::string& agent_id) const {
    return root_ / "agents" / agent_id / "agent";
  }
  std::filesystem::path auth_profiles(const std::string& agent_id) const {
    return agent_dir(agent_id) / "auth-profiles.json";
  }
  std::filesystem::path sessions_dir(const std::string& agent_id) const {
    return root_ / "agents" / agent_id / "sessions";
  }
  std::filesystem::path workspace_dir() const { return root_ / "workspace"; }
  std::filesystem::path cron_dir() const { return root_ / "cron"; }
  std::filesystem::path logs_dir() const { return root_ / "logs"; }
  // The gateway's JSON-lines log (rotated to gateway.log.1, .2, ...) unless logging.file
  // names another file; logs.tail reads it.
  std::filesystem::path gateway_log() const { return logs_dir() / "gateway.log"; }
  // The same, honouring a configured logging.file: what the gateway writes and reads back.
  std::filesystem::path gateway_log(const std::optional<std::string>& configured_file) const {
    return configured_file ? std::filesystem::path(*configured_file) : gateway_log();
  }
  // The admin Unix socket (0600): a peer with the state directory owner's uid (or root)
  // gets full operator scopes without network pairing (operator-pain B1/B2).
  std::filesystem::path admin_socket() const { return root_ / "gateway.sock"; }
  std::filesystem::path metrics_dir() const { return root_ / "metrics"; }
  std::filesystem::path tls_dir() const { return root_ / "gateway" / "tls"; }
  // The auto-generated TLS pair, used unless gateway.tls.certPath/keyPath say otherwise.
  std::filesystem::path tls_certificate() const { return tls_dir() / "gateway-cert.pem"; }
  std::filesystem::path tls_private_key() const { return tls_dir() / "gateway-key.pem"; }

  // Every directory a ready state directory has, parents before children: the root,
  // identity, devices, credentials, agents/<id>/{agent,sessions} for each agent,
  // workspace, cron, logs and metrics.
  std::vector<std::filesystem::path> required_directories(
      const std::vector<std::string>& agent_ids) const;

 private:
  std::filesystem::path root_;
};

}  // namespace openclaw::state
