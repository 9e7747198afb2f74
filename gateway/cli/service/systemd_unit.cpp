#include "cli/service/systemd_unit.h"

namespace openclaw::cli::service {

std::string_view to_string(Scope scope) { return scope == Scope::System ? "system" : "user"; }

std::string unit_word(std::string_view text, bool in_exec) {
  std::string escaped;
  bool needs_quotes = text.empty();
  for (char c : text) {
    if (c == '%') {
      escaped += "%%";
    } else if (c == '$' && in_exec) {
      escaped += "$$";
    } else if (c == '"' || c == '\\') {
      escaped += '\\';
      escaped += c;
      needs_quotes = true;
    } else {
      if (c == ' ' || c == '\t' || c == '\'' || c == '\n') needs_quotes = true;
      escaped += c;
    }
  }
  return needs_quotes ? "\"" + escaped + "\"" : escaped;
}

std::string render_unit(const UnitSettings& settings) {
  const bool system = settings.scope == Scope::System;
  std::string unit;
  unit += "# Written by `openclaw gateway install` (" + std::string(to_string(settings.scope)) +
          " unit). After changing gateway.port, run `openclaw gateway install --force`.\n";
  unit += "# No secrets here: the gateway reads its token from the state directory.\n";
  unit +=
      "[Unit]\n"
      "Description=OpenClaw Gateway\n"
      "After=network-online.target\n"
      "Wants=network-online.target\n"
      "\n"
      "[Service]\n"
      "Type=simple\n";
  unit += "ExecStart=" + unit_word(settings.executable.string(), true) + " gateway run --port " +
          std::to_string(settings.port) + "\n";
  unit += "Environment=" + unit_word("OPENCLAW_STATE_DIR=" + settings.state_dir.string()) + "\n";
  if (settings.config_path) {
    unit +=
        "Environment=" + unit_word("OPENCLAW_CONFIG_PATH=" + settings.config_path->string()) + "\n";
  }
  if (system && settings.user) unit += "User=" + unit_word(*settings.user) + "\n";
  if (system && settings.group) unit += "Group=" + unit_word(*settings.group) + "\n";
  unit +=
      "Restart=always\n"
      "RestartSec=5\n"
      "TimeoutStartSec=30\n"
      "TimeoutStopSec=30\n"
      "SuccessExitStatus=0 143\n"
      "KillMode=control-group\n"
      "NoNewPrivileges=true\n";
  if (system) {
    unit += "ProtectSystem=strict\n";
    unit += "ReadWritePaths=" + unit_word(settings.state_dir.string());
    // "-": a path that does not exist yet must not stop the service from starting.
    for (const auto& path : settings.extra_writable_paths)
      unit += " " + unit_word("-" + path.string());
    unit += "\n";
    unit += "PrivateTmp=true\n";
  } else {
    unit +=
        "# ProtectSystem=strict and PrivateTmp need user namespaces in a user manager; see the "
        "system unit.\n";
  }
  unit += "\n[Install]\n";
  unit += system ? "WantedBy=multi-user.target\n" : "WantedBy=default.target\n";
  return unit;
}

}  // namespace openclaw::cli::service
