// The systemd unit `openclaw gateway install` writes: the runbook's unit (ExecStart with the
// resolved --port, Restart=always, RestartSec=5, TimeoutStopSec=30, SuccessExitStatus=0 143,
// KillMode=control-group) plus hardening that leaves the state directory writable. No secret
// ever goes into it: the gateway reads its token from the state directory (operator-pain B3,
// "token baked into the systemd unit").
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace openclaw::cli::service {

inline constexpr std::string_view kUnitName = "openclaw-gateway.service";

// A system unit (/etc/systemd/system, started at boot) or a user unit
// (~/.config/systemd/user, runs while the user's manager does; see loginctl enable-linger).
enum class Scope { System, User };

std::string_view to_string(Scope scope);  // "system" | "user"

struct UnitSettings {
  Scope scope = Scope::System;
  std::filesystem::path executable;  // absolute path of this openclaw binary
  unsigned short port = 18789;
  std::filesystem::path state_dir;                   // absolute; exported as OPENCLAW_STATE_DIR
  std::optional<std::filesystem::path> config_path;  // exported as OPENCLAW_CONFIG_PATH when set
  // Besides the state directory, what the gateway writes (the config's directory when it lives
  // elsewhere, a logging.file directory); ReadWritePaths under ProtectSystem=strict.
  std::vector<std::filesystem::path> extra_writable_paths;
  // System units whose state directory belongs to another user run as that user (uid/gid),
  // so files the gateway creates stay readable by it (operator-pain C1).
  std::optional<std::string> user;
  std::optional<std::string> group;
};

// The unit file's text. ProtectSystem=strict and PrivateTmp only go into system units: in a
// user manager they need unprivileged user namespaces, and where those are off the service
// would not start at all.
std::string render_unit(const UnitSettings& settings);

// One word of a unit setting: '%' doubled (specifiers), double-quoted with '"' and '\'
// escaped when it holds whitespace, quotes or backslashes. `in_exec` also doubles '$'
// (ExecStart= expands $VARIABLES).
std::string unit_word(std::string_view text, bool in_exec = false);

}  // namespace openclaw::cli::service
