"""`openclaw doctor` end to end (spec §4.1, issue 4): a provisioned state is healthy; wrong
modes and a missing sessions dir are reported with their remedies and repaired by --fix
without touching a byte of user data; an invalid config is an error naming the file and the
key; wide trustedProxies are warned; a running gateway answers the health check; pending
pairing requests are listed with the command that approves them; --json has one shape."""

import json
import os
import subprocess

from gateway_harness import Device, GatewayTestCase, free_port
from harness import OPENCLAW, TempDirTestCase, mode_of, provision, read_json

REMOTE = {"X-Forwarded-For": "203.0.113.7"}


def findings_by_id(report, finding_id):
    return [finding for finding in report["findings"] if finding["id"] == finding_id]


def problems(report, ignore=()):
    """Findings that are errors or warnings (and not fixed), except the ids in `ignore`."""
    return [finding for finding in report["findings"]
            if finding["severity"] in ("warn", "error") and not finding["fixed"] and finding["id"] not in ignore]


def file_contents(root, skip_dirs=("logs",)):
    """{relative path: bytes} of every regular file under root, outside skip_dirs."""
    contents = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if os.path.relpath(os.path.join(dirpath, d), root) not in skip_dirs]
        for name in filenames:
            full = os.path.join(dirpath, name)
            if os.path.isfile(full) and not os.path.islink(full):
                with open(full, "rb") as handle:
                    contents[os.path.relpath(full, root)] = handle.read()
    return contents


class StoppedGatewayDoctorTest(TempDirTestCase):
    """Doctor on a box where the gateway is not running (before the first start)."""

    def setUp(self):
        super().setUp()
        self.port = free_port()
        provision("apply", "--state-dir", self.state, "--port", str(self.port), "--bind", "loopback", check=True)

    def doctor(self, *args):
        env = {"PATH": "/usr/bin:/bin", "HOME": self.tmp, "OPENCLAW_STATE_DIR": self.state}
        return subprocess.run([OPENCLAW, "doctor", *args], env=env, capture_output=True, text=True, timeout=60)

    def doctor_json(self, *args, expect=0):
        result = self.doctor(*args, "--json")
        self.assertEqual(result.returncode, expect, result.stdout + result.stderr)
        return json.loads(result.stdout)

    def test_provisioned_state_is_healthy_and_a_stopped_gateway_only_a_warning(self):
        result = self.doctor()
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("State integrity\n  ✓ " + self.state + " exists, is writable and 700", result.stdout)
        self.assertIn("Gateway not running (nothing answers at ws://127.0.0.1:%d)." % self.port, result.stdout)
        self.assertIn("fix: openclaw gateway run --port %d" % self.port, result.stdout)
        report = self.doctor_json()
        self.assertTrue(report["ok"])
        self.assertEqual(problems(report), findings_by_id(report, "gateway.health"))
        self.assertEqual(findings_by_id(report, "gateway.health")[0]["severity"], "warn")

    def test_reporting_changes_nothing(self):
        before = {path: (mode_of(os.path.join(self.state, path)), data)
                  for path, data in file_contents(self.state, skip_dirs=()).items()}
        os.chmod(self.state, 0o755)
        self.doctor()
        after = {path: (mode_of(os.path.join(self.state, path)), data)
                 for path, data in file_contents(self.state, skip_dirs=()).items()}
        self.assertEqual(before, after)
        self.assertEqual(mode_of(self.state), 0o755)

    def test_invalid_config_is_an_error_naming_the_file_and_the_key(self):
        config_path = os.path.join(self.state, "openclaw.json")
        config = read_json(config_path)
        config["gateway"]["port"] = 70000
        with open(config_path, "w", encoding="utf-8") as handle:
            json.dump(config, handle)
        result = self.doctor()
        self.assertEqual(result.returncode, 1, result.stdout)
        self.assertIn("✗ " + config_path + ": invalid config: gateway.port", result.stdout)
        report = self.doctor_json(expect=1)
        self.assertFalse(report["ok"])
        invalid = findings_by_id(report, "config.invalid")
        self.assertEqual(len(invalid), 1)
        self.assertEqual(invalid[0]["severity"], "error")
        self.assertIn(config_path, invalid[0]["message"])
        self.assertIn("gateway.port", invalid[0]["message"])
        self.assertIn("openclaw config unset gateway.port", invalid[0]["remedy"])

    def test_unparsable_config_names_the_line(self):
        config_path = os.path.join(self.state, "openclaw.json")
        with open(config_path, "w", encoding="utf-8") as handle:
            handle.write('{\n  "gateway": {\n    "mode": "local",,\n  }\n}\n')
        report = self.doctor_json(expect=1)
        parse = findings_by_id(report, "config.parse")[0]
        self.assertIn(config_path, parse["message"])
        self.assertIn("line 3", parse["message"])

    def test_lan_bind_without_auth_is_refused_and_fix_generates_a_token(self):
        config_path = os.path.join(self.state, "openclaw.json")
        config = read_json(config_path)
        config["gateway"]["bind"] = "lan"
        config["gateway"]["auth"] = {"mode": "none"}
        config["gateway"]["controlUi"] = {"allowedOrigins": ["https://gw.example.com"]}
        with open(config_path, "w", encoding="utf-8") as handle:
            json.dump(config, handle)
        os.remove(os.path.join(self.state, "credentials", "gateway-token"))
        report = self.doctor_json(expect=1)
        missing = findings_by_id(report, "gateway.auth.missing")[0]
        self.assertIn("refusing to bind gateway to 0.0.0.0:%d without auth" % self.port, missing["message"])
        self.assertEqual(missing["remedy"], "openclaw doctor --generate-gateway-token")

        fixed = self.doctor_json("--fix")
        self.assertTrue(findings_by_id(fixed, "gateway.auth.missing")[0]["fixed"])
        token_file = os.path.join(self.state, "credentials", "gateway-token")
        with open(token_file, encoding="utf-8") as handle:
            token = handle.read().strip()
        self.assertRegex(token, "^[0-9a-f]{48}$")
        self.assertEqual(mode_of(token_file), 0o600)
        self.assertNotIn(token, json.dumps(fixed), "the token itself is never printed")
        auth = read_json(config_path)["gateway"]["auth"]
        self.assertEqual(auth["mode"], "token")
        self.assertEqual(auth["token"], {"source": "file", "provider": "gateway-token", "id": "value"})
        self.assertEqual(findings_by_id(self.doctor_json(), "gateway.auth")[0]["severity"], "ok")

    def test_wide_trusted_proxies_are_warned(self):
        config_path = os.path.join(self.state, "openclaw.json")
        config = read_json(config_path)
        config["gateway"]["trustedProxies"] = ["0.0.0.0/0", "172.19.0.2"]
        with open(config_path, "w", encoding="utf-8") as handle:
            json.dump(config, handle)
        report = self.doctor_json()
        wide = findings_by_id(report, "security.trusted-proxies.wide")
        self.assertEqual(len(wide), 1)
        self.assertEqual(wide[0]["severity"], "warn")
        self.assertIn('gateway.trustedProxies[0]: "0.0.0.0/0" trusts every IPv4 address', wide[0]["message"])
        self.assertIn("openclaw config set gateway.trustedProxies", wide[0]["remedy"])

    def test_missing_state_dir_is_critical_and_not_created_by_fix(self):
        missing = os.path.join(self.tmp, "typo-state")
        env = {"PATH": "/usr/bin:/bin", "HOME": self.tmp, "OPENCLAW_STATE_DIR": missing}
        result = subprocess.run([OPENCLAW, "doctor", "--fix"], env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(result.returncode, 1)
        self.assertIn("CRITICAL: state directory missing (%s)" % missing, result.stdout)
        self.assertIn("fix: openclaw-provision apply --state-dir " + missing, result.stdout)
        self.assertFalse(os.path.exists(missing))

    def test_json_shape(self):
        report = self.doctor_json()
        self.assertEqual(set(report), {"ok", "stateDir", "configPath", "findings", "fixed"})
        self.assertEqual(report["stateDir"], self.state)
        self.assertEqual(report["configPath"], os.path.join(self.state, "openclaw.json"))
        self.assertEqual(report["fixed"], [])
        for finding in report["findings"]:
            self.assertLessEqual({"id", "section", "severity", "message", "fixable", "fixed"}, set(finding))
            self.assertIn(finding["severity"], ("ok", "info", "warn", "error"))
        sections = []
        for finding in report["findings"]:
            if finding["section"] not in sections:
                sections.append(finding["section"])
        self.assertEqual(sections, ["Config", "Gateway", "State integrity", "Gateway auth", "Session locks",
                                    "Device pairing", "Gateway health"])

    def test_bad_option_is_a_usage_error(self):
        result = self.doctor("--frobnicate")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--frobnicate", result.stderr)


class RunningGatewayDoctorTest(GatewayTestCase):
    extra_config = {"gateway": {"trustedProxies": ["127.0.0.0/8"]}}

    def doctor_json(self, *args, expect=0):
        result = self.cli("doctor", *args, "--json")
        self.assertEqual(result.returncode, expect, result.stdout + result.stderr)
        return json.loads(result.stdout)

    def test_running_gateway_is_healthy(self):
        report = self.doctor_json()
        self.assertTrue(report["ok"])
        self.assertEqual(problems(report), [])
        health = findings_by_id(report, "gateway.health")[0]
        self.assertEqual(health["severity"], "ok")
        self.assertTrue(health["message"].startswith("Gateway healthy"), health)
        port = findings_by_id(report, "gateway.port")[0]
        self.assertEqual(port["severity"], "ok")
        self.assertIn("held by the openclaw gateway (pid %d)" % self.process.pid, port["message"])

    def test_wrong_modes_and_missing_sessions_dir_are_repaired_and_user_files_untouched(self):
        sessions = os.path.join(self.state, "agents", "main", "sessions")
        os.rmdir(sessions)
        os.chmod(self.state, 0o755)
        config_path = os.path.join(self.state, "openclaw.json")
        token_path = os.path.join(self.state, "credentials", "gateway-token")
        os.chmod(config_path, 0o644)
        os.chmod(token_path, 0o644)
        before = file_contents(self.state)

        result = self.cli("doctor")
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        text = result.stdout
        self.assertIn("! State directory permissions are too open (%s, mode 755). Recommend chmod 700.\n"
                      "      fix: chmod 700 %s\n" % (self.state, self.state), text)
        self.assertIn("✗ CRITICAL: Session store dir missing (%s).\n      fix: mkdir -m 700 -p %s\n"
                      % (sessions, sessions), text)
        self.assertIn("! Config file is group/world accessible (%s, mode 644). Recommend chmod 600.\n"
                      "      fix: chmod 600 %s\n" % (config_path, config_path), text)
        self.assertIn("Credential file is group/world accessible (%s, mode 644)" % token_path, text)
        self.assertIn('run "openclaw doctor --fix"', text)

        fixed = self.doctor_json("--fix")
        self.assertTrue(fixed["ok"])
        actions = [entry["action"] for entry in fixed["fixed"]]
        self.assertIn("Tightened permissions on %s to 700" % self.state, actions)
        self.assertIn("Created Session store dir: " + sessions, actions)
        self.assertIn("Tightened permissions on %s to 600" % config_path, actions)
        self.assertIn("Tightened permissions on %s to 600" % token_path, actions)
        self.assertEqual(mode_of(self.state), 0o700)
        self.assertEqual(mode_of(sessions), 0o700)
        self.assertEqual(mode_of(config_path), 0o600)
        self.assertEqual(mode_of(token_path), 0o600)
        self.assertEqual(file_contents(self.state), before, "doctor --fix changed a file's content")

        again = self.doctor_json()
        self.assertEqual(problems(again), [])
        self.assertEqual(again["fixed"], [])

    async def test_pending_pairing_request_is_listed_with_its_approve_command(self):
        connection, response = await self.connect(token=self.token, device=Device(), headers=REMOTE)
        request_id = response["error"]["details"]["requestId"]
        await connection.closed()
        report = self.doctor_json()
        pending = findings_by_id(report, "pairing.pending")
        self.assertEqual(len(pending), 1)
        self.assertEqual(pending[0]["severity"], "warn")
        self.assertIn("Pending pairing request " + request_id, pending[0]["message"])
        self.assertIn("from 203.0.113.7", pending[0]["message"])
        self.assertEqual(pending[0]["remedy"], "openclaw devices approve " + request_id)
        self.assertTrue(report["ok"], "a pending request is not an error")
        text = self.cli("doctor").stdout
        self.assertIn("Device pairing\n", text)
        self.assertIn("fix: openclaw devices approve " + request_id, text)

    def test_stale_lock_of_a_dead_process_is_removed_by_fix(self):
        sessions = os.path.join(self.state, "agents", "main", "sessions")
        dead = os.path.join(sessions, "dead.jsonl.lock")
        with open(dead, "w", encoding="utf-8") as handle:
            json.dump({"pid": 2147483000, "createdAt": "2026-01-01T00:00:00.000Z"}, handle)
        live = os.path.join(sessions, "live.jsonl.lock")
        with open(live, "w", encoding="utf-8") as handle:
            json.dump({"pid": self.process.pid, "createdAt": "2026-01-01T00:00:00.000Z"}, handle)
        report = self.doctor_json()
        stale = findings_by_id(report, "session.lock.stale")
        self.assertEqual(len(stale), 2)
        fixed = self.doctor_json("--fix")
        self.assertFalse(os.path.exists(dead))
        self.assertTrue(os.path.exists(live), "a lock whose process lives is never removed")
        self.assertEqual([entry["action"] for entry in fixed["fixed"]], ["Removed stale session lock " + dead])
