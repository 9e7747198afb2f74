#include <gtest/gtest.h>

#include "cli/service/systemd_unit.h"

namespace openclaw::cli::service {
namespace {

UnitSettings system_unit() {
  UnitSettings settings;
  settings.scope = Scope::System;
  settings.executable = "/usr/local/bin/openclaw";
  settings.port = 18789;
  settings.state_dir = "/var/lib/openclaw";
  return settings;
}

TEST(SystemdUnit, SystemUnitIsTheRunbookUnitWithHardening) {
  const std::string unit = render_unit(system_unit());
  for (const char* line :
       {"[Unit]\n", "Description=OpenClaw Gateway\n", "After=network-online.target\n",
        "Wants=network-online.target\n", "[Service]\n",
        "ExecStart=/usr/local/bin/openclaw gateway run --port 18789\n",
        "Environment=OPENCLAW_STATE_DIR=/var/lib/openclaw\n", "Restart=always\n", "RestartSec=5\n",
        "TimeoutStopSec=30\n", "SuccessExitStatus=0 143\n", "KillMode=control-group\n",
        "NoNewPrivileges=true\n", "ProtectSystem=strict\n", "ReadWritePaths=/var/lib/openclaw\n",
        "PrivateTmp=true\n", "[Install]\n", "WantedBy=multi-user.target\n"}) {
    EXPECT_NE(unit.find(line), std::string::npos) << "missing: " << line << "\n" << unit;
  }
  EXPECT_EQ(unit.find("User="), std::string::npos);
  EXPECT_EQ(unit.find("TOKEN"), std::string::npos);
}

TEST(SystemdUnit, UserUnitLeavesOutNamespaceHardening) {
  UnitSettings settings = system_unit();
  settings.scope = Scope::User;
  settings.user = "1000";  // ignored: a user unit runs as its user
  const std::string unit = render_unit(settings);
  EXPECT_NE(unit.find("NoNewPrivileges=true\n"), std::string::npos);
  EXPECT_EQ(unit.find("\nProtectSystem="), std::string::npos);
  EXPECT_EQ(unit.find("\nPrivateTmp="), std::string::npos);
  EXPECT_EQ(unit.find("User="), std::string::npos);
  EXPECT_NE(unit.find("WantedBy=default.target\n"), std::string::npos);
}

TEST(SystemdUnit, OwnerConfigPathAndExtraWritablePaths) {
  UnitSettings settings = system_unit();
  settings.user = "1000";
  settings.group = "1000";
  settings.config_path = "/etc/openclaw/openclaw.json";
  settings.extra_writable_paths = {"/etc/openclaw", "/var/log/openclaw"};
  const std::string unit = render_unit(settings);
  EXPECT_NE(unit.find("User=1000\nGroup=1000\n"), std::string::npos);
  EXPECT_NE(unit.find("Environment=OPENCLAW_CONFIG_PATH=/etc/openclaw/openclaw.json\n"),
            std::string::npos);
  EXPECT_NE(unit.find("ReadWritePaths=/var/lib/openclaw -/etc/openclaw -/var/log/openclaw\n"),
            std::string::npos);
}

TEST(SystemdUnit, WordsAreQuotedAndSpecifiersEscaped) {
  EXPECT_EQ(unit_word("/opt/open claw/bin"), "\"/opt/open claw/bin\"");
  EXPECT_EQ(unit_word("100%"), "100%%");
  EXPECT_EQ(unit_word("a$b", true), "a$$b");
  EXPECT_EQ(unit_word("a$b"), "a$b");
  EXPECT_EQ(unit_word("say \"hi\""), "\"say \\\"hi\\\"\"");
  UnitSettings settings = system_unit();
  settings.executable = "/opt/my apps/openclaw";
  settings.state_dir = "/srv/state 1";
  const std::string unit = render_unit(settings);
  EXPECT_NE(unit.find("ExecStart=\"/opt/my apps/openclaw\" gateway run --port 18789\n"),
            std::string::npos);
  EXPECT_NE(unit.find("Environment=\"OPENCLAW_STATE_DIR=/srv/state 1\"\n"), std::string::npos);
  EXPECT_NE(unit.find("ReadWritePaths=\"/srv/state 1\"\n"), std::string::npos);
}

}  // namespace
}  // namespace openclaw::cli::service
