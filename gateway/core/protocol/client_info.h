// ClientInfo: who is connecting (`connect.params.client`, spec §1.3) — the closed sets of
// client ids and modes upstream accepts, and the classifications its policies use
// (src/utils/message-channel.ts).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace openclaw::protocol {

inline constexpr char kClientIdWebchatUi[] = "webchat-ui";
inline constexpr char kClientIdControlUi[] = "openclaw-control-ui";
inline constexpr char kClientIdTui[] = "openclaw-tui";
inline constexpr char kClientIdWebchat[] = "webchat";
inline constexpr char kClientIdCli[] = "cli";
inline constexpr char kClientIdGatewayClient[] = "gateway-client";
inline constexpr char kClientIdMacos[] = "openclaw-macos";
inline constexpr char kClientIdIos[] = "openclaw-ios";
inline constexpr char kClientIdAndroid[] = "openclaw-android";
inline constexpr char kClientIdNodeHost[] = "node-host";
inline constexpr char kClientIdTest[] = "test";
inline constexpr char kClientIdFingerprint[] = "fingerprint";
inline constexpr char kClientIdProbe[] = "openclaw-probe";

inline constexpr char kClientModeWebchat[] = "webchat";
inline constexpr char kClientModeCli[] = "cli";
inline constexpr char kClientModeUi[] = "ui";
inline constexpr char kClientModeBackend[] = "backend";
inline constexpr char kClientModeNode[] = "node";
inline constexpr char kClientModeProbe[] = "probe";
inline constexpr char kClientModeTest[] = "test";

// Every accepted `client.id`: the [Apr] set plus the first-party apps [Latest] added
// (openclaw-linux, openclaw-watchos, openclaw-browser-copilot), so newer apps are not
// refused at the schema. `openclaw-worker` is left out: workers speak a separate protocol.
std::span<const std::string_view> known_client_ids();
// Every accepted `client.mode` ([Apr]; [Latest]'s `worker` is left out as above).
std::span<const std::string_view> known_client_modes();

struct ClientInfo {
  std::string id;
  std::optional<std::string> display_name;
  std::string version;
  std::string platform;
  std::optional<std::string> device_family;
  std::optional<std::string> model_identifier;
  std::string mode;
  std::optional<std::string> instance_id;
  // [Latest] additions, accepted so newer clients pass the closed schema.
  std::optional<std::string> build_id;   // at most 96 characters
  std::optional<std::string> time_zone;  // IANA zone, at most 64 characters
};

// Control UI or TUI (`openclaw-control-ui`, `openclaw-tui`).
bool is_operator_ui(const ClientInfo& client);
// The browser Control UI only (`openclaw-control-ui`).
bool is_browser_operator_ui(const ClientInfo& client);
// Mode `webchat` or id `webchat-ui`.
bool is_webchat(const ClientInfo& client);
// Mode `cli` (the probe, `cli`/`probe`, is not).
bool is_cli(const ClientInfo& client);

}  // namespace openclaw::protocol
