#include "core/protocol/client_info.h"

#include <array>

namespace openclaw::protocol {
namespace {

constexpr auto kClientIds = std::to_array<std::string_view>({
    kClientIdWebchatUi,
    kClientIdControlUi,
    "openclaw-browser-copilot",
    kClientIdTui,
    kClientIdWebchat,
    kClientIdCli,
    kClientIdGatewayClient,
    kClientIdMacos,
    "openclaw-linux",
    kClientIdIos,
    "openclaw-watchos",
    kClientIdAndroid,
    kClientIdNodeHost,
    kClientIdTest,
    kClientIdFingerprint,
    kClientIdProbe,
});

constexpr auto kClientModes = std::to_array<std::string_view>({
    kClientModeWebchat,
    kClientModeCli,
    kClientModeUi,
    kClientModeBackend,
    kClientModeNode,
    kClientModeProbe,
    kClientModeTest,
});

}  // namespace

std::span<const std::string_view> known_client_ids() { return kClientIds; }

std::span<const std::string_view> known_client_modes() { return kClientModes; }

bool is_operator_ui(const ClientInfo& client) {
  return client.id == kClientIdControlUi || client.id == kClientIdTui;
}

bool is_browser_operator_ui(const ClientInfo& client) { return client.id == kClientIdControlUi; }

bool is_webchat(const ClientInfo& client) {
  return client.mode == kClientModeWebchat || client.id == kClientIdWebchatUi;
}

bool is_cli(const ClientInfo& client) { return client.mode == kClientModeCli; }

}  // namespace openclaw::protocol
