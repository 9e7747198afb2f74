#include "core/protocol/client_info.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace openclaw::protocol {
namespace {

ClientInfo client(std::string id, std::string mode) {
  ClientInfo info;
  info.id = std::move(id);
  info.mode = std::move(mode);
  return info;
}

bool known_id(std::string_view id) {
  const auto ids = known_client_ids();
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

bool known_mode(std::string_view mode) {
  const auto modes = known_client_modes();
  return std::find(modes.begin(), modes.end(), mode) != modes.end();
}

TEST(KnownClientIds, CoverUpstreamsSet) {
  for (const char* id :
       {"webchat-ui", "openclaw-control-ui", "openclaw-tui", "webchat", "cli", "gateway-client",
        "openclaw-macos", "openclaw-ios", "openclaw-android", "node-host", "test", "fingerprint",
        "openclaw-probe", "openclaw-linux", "openclaw-watchos", "openclaw-browser-copilot"}) {
    EXPECT_TRUE(known_id(id)) << id;
  }
  EXPECT_FALSE(known_id("bogus"));
  EXPECT_FALSE(known_id("openclaw-worker"));
  EXPECT_FALSE(known_id(""));
  EXPECT_FALSE(known_id("CLI"));
}

TEST(KnownClientModes, CoverUpstreamsSet) {
  for (const char* mode : {"webchat", "cli", "ui", "backend", "node", "probe", "test"}) {
    EXPECT_TRUE(known_mode(mode)) << mode;
  }
  EXPECT_FALSE(known_mode("worker"));
  EXPECT_FALSE(known_mode(""));
}

TEST(ClientClassification, OperatorUiIsControlUiOrTui) {
  EXPECT_TRUE(is_operator_ui(client("openclaw-control-ui", "webchat")));
  EXPECT_TRUE(is_operator_ui(client("openclaw-tui", "ui")));
  EXPECT_FALSE(is_operator_ui(client("openclaw-macos", "ui")));
  EXPECT_FALSE(is_operator_ui(client("webchat-ui", "webchat")));
}

TEST(ClientClassification, BrowserOperatorUiIsOnlyTheControlUi) {
  EXPECT_TRUE(is_browser_operator_ui(client("openclaw-control-ui", "webchat")));
  EXPECT_FALSE(is_browser_operator_ui(client("openclaw-tui", "ui")));
}

TEST(ClientClassification, WebchatIsModeOrId) {
  EXPECT_TRUE(is_webchat(client("openclaw-control-ui", "webchat")));
  EXPECT_TRUE(is_webchat(client("webchat-ui", "ui")));
  EXPECT_FALSE(is_webchat(client("webchat", "cli")));
}

TEST(ClientClassification, CliIsTheCliMode) {
  EXPECT_TRUE(is_cli(client("cli", "cli")));
  EXPECT_FALSE(is_cli(client("cli", "probe")));
  EXPECT_FALSE(is_cli(client("gateway-client", "backend")));
}

}  // namespace
}  // namespace openclaw::protocol
