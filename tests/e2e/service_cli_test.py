"""`openclaw gateway install|uninstall|start|stop|restart` (spec §9, the runbook's systemd
tabs). This machine has no systemd, so the commands must say so and write nothing; with the
test hooks (OPENCLAW_SYSTEMD_RUNNING=1, OPENCLAW_SYSTEMD_DIR, a recording `systemctl` first on
PATH) the unit they write and the systemctl calls they make are checked exactly."""

import os
import subprocess
import unittest

from gateway_harness import GatewayTestCase, free_port
from harness import OPENCLAW, TempDirTestCase, mode_of, provision

UNIT = "openclaw-gateway.service"
SYSTEM_UNIT = "/etc/systemd/system/" + UNIT
RECORDING_SYSTEMCTL = """#!/bin/sh
echo "$*" >> "%s"
exit %d
"""


class ServiceTestCase(TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.port = free_port()
        provision("apply", "--state-dir", self.state, "--port", str(self.port), "--bind", "loopback", check=True)
        self.units = os.path.join(self.tmp, "units")
        self.fakebin = os.path.join(self.tmp, "fakebin")
        self.calls_log = os.path.join(self.tmp, "systemctl-calls")
        os.makedirs(self.units)
        os.makedirs(self.fakebin)
        self.fake_systemctl(0)

    def fake_systemctl(self, exit_code):
        path = os.path.join(self.fakebin, "systemctl")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(RECORDING_SYSTEMCTL % (self.calls_log, exit_code))
        os.chmod(path, 0o755)

    def calls(self):
        if not os.path.exists(self.calls_log):
            return []
        with open(self.calls_log, encoding="utf-8") as handle:
            return handle.read().splitlines()

    def openclaw(self, *args, systemd=True, extra_env=None):
        env = {"PATH": self.fakebin + ":/usr/bin:/bin", "HOME": self.tmp, "OPENCLAW_STATE_DIR": self.state,
               "OPENCLAW_SYSTEMD_DIR": self.units}
        if systemd:
            env["OPENCLAW_SYSTEMD_RUNNING"] = "1"
        env.update(extra_env or {})
        return subprocess.run([OPENCLAW, *args], env=env, capture_output=True, text=True, timeout=60)

    def unit_text(self):
        with open(os.path.join(self.units, UNIT), encoding="utf-8") as handle:
            return handle.read()


class WithoutSystemdTest(ServiceTestCase):
    @unittest.skipIf(os.path.isdir("/run/systemd/system"), "this machine runs systemd")
    def test_install_says_systemd_is_not_running_and_writes_nothing(self):
        system_unit_existed = os.path.exists(SYSTEM_UNIT)
        result = self.openclaw("gateway", "install", systemd=False)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("systemd is not running on this machine; run the gateway under your supervisor with: "
                      "openclaw gateway run --port %d" % self.port, result.stderr)
        self.assertIn("OPENCLAW_STATE_DIR=%s %s gateway run --port %d" % (self.state, os.path.realpath(OPENCLAW),
                                                                          self.port), result.stderr)
        self.assertEqual(os.listdir(self.units), [])
        self.assertEqual(os.path.exists(SYSTEM_UNIT), system_unit_existed)
        self.assertEqual(self.calls(), [], "systemctl must not be run")

    def test_declared_absent_systemd_is_believed(self):
        for command in ("install", "start"):
            result = self.openclaw("gateway", command, systemd=False, extra_env={"OPENCLAW_SYSTEMD_RUNNING": "0"})
            self.assertEqual(result.returncode, 1)
            self.assertIn("systemd is not running on this machine", result.stderr)
        result = self.openclaw("gateway", "restart", systemd=False, extra_env={"OPENCLAW_SYSTEMD_RUNNING": "0"})
        self.assertEqual(result.returncode, 1)
        self.assertIn("There is no gateway service on this machine (systemd is not running); restart a foreground "
                      "gateway with: openclaw gateway run --force --port %d" % self.port, result.stderr)
        result = self.openclaw("gateway", "uninstall", systemd=False, extra_env={"OPENCLAW_SYSTEMD_RUNNING": "0"})
        self.assertEqual(result.returncode, 0)
        self.assertIn("no gateway service to uninstall", result.stdout)
        self.assertEqual(os.listdir(self.units), [])
        self.assertEqual(self.calls(), [])

    def test_stop_without_a_service_and_nothing_running(self):
        result = self.openclaw("gateway", "stop", systemd=False, extra_env={"OPENCLAW_SYSTEMD_RUNNING": "0"})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("There is no gateway service on this machine (systemd is not running).", result.stdout)
        self.assertIn("No gateway is listening on port %d." % self.port, result.stdout)


class WithSystemdHooksTest(ServiceTestCase):
    def test_install_writes_the_runbook_unit_and_enables_it(self):
        result = self.openclaw("gateway", "install")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        unit_path = os.path.join(self.units, UNIT)
        self.assertIn("Installed the gateway service: " + unit_path, result.stdout)
        self.assertEqual(mode_of(unit_path), 0o644)
        scope = "system" if os.geteuid() == 0 else "user"
        expected = [
            "[Unit]",
            "Description=OpenClaw Gateway",
            "After=network-online.target",
            "Wants=network-online.target",
            "",
            "[Service]",
            "Type=simple",
            "ExecStart=%s gateway run --port %d" % (os.path.realpath(OPENCLAW), self.port),
            "Environment=OPENCLAW_STATE_DIR=" + self.state,
            "Restart=always",
            "RestartSec=5",
            "TimeoutStartSec=30",
            "TimeoutStopSec=30",
            "SuccessExitStatus=0 143",
            "KillMode=control-group",
            "NoNewPrivileges=true",
        ]
        if scope == "system":
            expected += ["ProtectSystem=strict", "ReadWritePaths=" + self.state, "PrivateTmp=true", "",
                         "[Install]", "WantedBy=multi-user.target"]
            self.assertEqual(self.calls(), ["daemon-reload", "enable --now " + UNIT])
        lines = [line for line in self.unit_text().splitlines() if not line.startswith("#")]
        if scope == "system":
            self.assertEqual(lines, expected)
        with open(os.path.join(self.state, "credentials", "gateway-token"), encoding="utf-8") as handle:
            token = handle.read().strip()
        self.assertNotIn(token, self.unit_text(), "no secret in the unit")
        self.assertNotIn("TOKEN", self.unit_text())

    def test_user_unit(self):
        result = self.openclaw("gateway", "install", "--user", "--port", "19002")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        text = self.unit_text()
        self.assertIn("ExecStart=%s gateway run --port 19002\n" % os.path.realpath(OPENCLAW), text)
        self.assertIn("WantedBy=default.target\n", text)
        self.assertNotIn("\nProtectSystem=", text)
        self.assertEqual(self.calls(), ["--user daemon-reload", "--user enable --now " + UNIT])
        self.assertIn("loginctl enable-linger", result.stdout)

    def test_existing_unit_is_replaced_only_with_force(self):
        self.assertEqual(self.openclaw("gateway", "install").returncode, 0)
        original = self.unit_text()
        result = self.openclaw("gateway", "install", "--port", "19003")
        self.assertEqual(result.returncode, 1)
        self.assertIn("already exists with other settings; replace it with: openclaw gateway install --force",
                      result.stderr)
        self.assertEqual(self.unit_text(), original)
        self.assertEqual(self.openclaw("gateway", "install").returncode, 0, "the same unit again is fine")

        result = self.openclaw("gateway", "install", "--port", "19003", "--force")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("gateway run --port 19003\n", self.unit_text())
        self.assertEqual(self.calls()[-3:], ["daemon-reload", "enable " + UNIT, "restart " + UNIT],
                         "a replaced unit is restarted so the new port takes effect")

    def test_state_dir_of_another_user_runs_the_system_unit_as_that_user(self):
        if os.geteuid() != 0:
            self.skipTest("needs root to chown")
        os.chown(self.state, 1234, 1235)
        self.assertEqual(self.openclaw("gateway", "install", "--system").returncode, 0)
        self.assertIn("User=1234\nGroup=1235\n", self.unit_text())

    def test_start_stop_restart_uninstall_call_systemctl(self):
        self.assertEqual(self.openclaw("gateway", "install").returncode, 0)
        for command in ("start", "stop", "restart"):
            result = self.openclaw("gateway", command)
            self.assertEqual(result.returncode, 0, result.stderr)
        result = self.openclaw("gateway", "uninstall")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.units, UNIT)))
        prefix = "" if os.geteuid() == 0 else "--user "
        self.assertEqual(self.calls()[2:], [prefix + "start " + UNIT, prefix + "stop " + UNIT,
                                            prefix + "restart " + UNIT, prefix + "disable --now " + UNIT,
                                            prefix + "daemon-reload"])

    def test_without_an_installed_unit(self):
        result = self.openclaw("gateway", "start")
        self.assertEqual(result.returncode, 1)
        self.assertIn("There is no gateway service on this machine. Install one with: openclaw gateway install",
                      result.stderr)
        result = self.openclaw("gateway", "uninstall")
        self.assertEqual(result.returncode, 0)
        self.assertIn("nothing to uninstall", result.stdout)
        self.assertEqual(self.calls(), [])

    def test_systemctl_failure_is_reported(self):
        self.fake_systemctl(3)
        result = self.openclaw("gateway", "install")
        self.assertEqual(result.returncode, 1)
        self.assertIn("daemon-reload` failed (exit 3)", result.stderr)

    def test_bad_options_are_usage_errors(self):
        for args in (("install", "--port", "0"), ("install", "--user", "--system"), ("start", "--force")):
            result = self.openclaw("gateway", *args)
            self.assertEqual(result.returncode, 2, args)
        self.assertEqual(os.listdir(self.units), [])


class StopWithoutServiceTest(GatewayTestCase):
    """`gateway stop` on a box without systemd: it finds the gateway on the port instead."""

    def stop(self, *args):
        return self.cli("gateway", "stop", *args, env=self.cli_env(OPENCLAW_SYSTEMD_RUNNING="0"))

    def test_stop_names_the_gateway_and_needs_yes(self):
        result = self.stop()
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("There is no gateway service on this machine (systemd is not running).", result.stdout)
        self.assertIn("An openclaw gateway (pid %d) is listening on port %d. Stop it with: openclaw gateway stop "
                      "--yes" % (self.process.pid, self.port), result.stdout)
        self.assertIsNone(self.process.poll(), "nothing is stopped without --yes")

        result = self.stop("--yes")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("Stopped the gateway on port %d (pid %d)." % (self.port, self.process.pid), result.stdout)
        self.assertEqual(self.process.wait(timeout=10), 0, "SIGTERM: a clean stop")

    def test_restart_without_a_service_points_at_run_force(self):
        result = self.cli("gateway", "restart", env=self.cli_env(OPENCLAW_SYSTEMD_RUNNING="0"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("openclaw gateway run --force --port %d" % self.port, result.stderr)
        self.assertIsNone(self.process.poll())
