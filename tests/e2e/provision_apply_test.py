"""openclaw-provision apply/plan: the state directory it makes, and that it makes it once."""

import json
import os
import re
import unittest

from harness import (TempDirTestCase, generate_ed25519_public_key, mode_of, provision, read_json,
                     tree_snapshot)

DIRECTORIES = ["", "identity", "devices", "credentials", "agents", "agents/main", "agents/main/agent",
               "agents/main/sessions", "workspace", "cron", "logs", "metrics"]
METRICS = "metrics/provision.prom"


class FreshApplyTest(TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.result = provision("apply", "--state-dir", self.state, "--json", check=True)
        self.report = json.loads(self.result.stdout)

    def test_every_directory_is_created_0700(self):
        for rel in DIRECTORIES:
            path = os.path.join(self.state, rel)
            self.assertTrue(os.path.isdir(path), rel)
            self.assertEqual(mode_of(path), 0o700, rel)

    def test_every_state_file_is_0600(self):
        for dirpath, _, filenames in os.walk(self.state):
            for name in filenames:
                rel = os.path.relpath(os.path.join(dirpath, name), self.state)
                if rel == METRICS:
                    continue
                self.assertEqual(mode_of(os.path.join(dirpath, name)), 0o600, rel)

    def test_config_is_strict_json_for_a_local_loopback_gateway_with_a_referenced_token(self):
        config = read_json(os.path.join(self.state, "openclaw.json"))
        gateway = config["gateway"]
        self.assertEqual(gateway["mode"], "local")
        self.assertEqual(gateway["port"], 18789)
        self.assertEqual(gateway["bind"], "loopback")
        self.assertEqual(gateway["auth"]["mode"], "token")
        self.assertEqual(gateway["auth"]["token"], {"source": "file", "provider": "gateway-token", "id": "value"})
        provider = config["secrets"]["providers"]["gateway-token"]
        self.assertEqual(provider["source"], "file")
        self.assertEqual(provider["mode"], "singleValue")
        self.assertEqual(provider["path"], os.path.join(self.state, "credentials", "gateway-token"))

    def test_generated_token_is_48_hex_and_never_printed(self):
        with open(os.path.join(self.state, "credentials", "gateway-token"), encoding="utf-8") as handle:
            token = handle.read().strip()
        self.assertRegex(token, r"^[0-9a-f]{48}$")
        self.assertNotIn(token, self.result.stdout + self.result.stderr)
        self.assertRegex(self.report["summary"]["tokenFingerprint"], r"^sha256:[0-9a-f]{12}$")

    def test_cli_identity_is_pre_approved_with_owner_scopes(self):
        identity = read_json(os.path.join(self.state, "identity", "device.json"))
        self.assertEqual(identity["version"], 1)
        self.assertIn("BEGIN PRIVATE KEY", identity["privateKeyPem"])
        paired = read_json(os.path.join(self.state, "devices", "paired.json"))
        device = paired[identity["deviceId"]]
        self.assertEqual(device["deviceId"], identity["deviceId"])
        self.assertEqual(device["role"], "operator")
        self.assertIn("operator.admin", device["approvedScopes"])
        self.assertIn("operator.pairing", device["approvedScopes"])
        token = device["tokens"]["operator"]["token"]
        self.assertRegex(token, r"^[A-Za-z0-9_-]{43}$")
        stored = read_json(os.path.join(self.state, "identity", "device-auth.json"))
        self.assertEqual(stored["deviceId"], identity["deviceId"])
        self.assertEqual(stored["tokens"]["operator"]["token"], token)

    def test_metrics_record_the_run(self):
        with open(os.path.join(self.state, METRICS), encoding="utf-8") as handle:
            metrics = handle.read()
        self.assertRegex(metrics, r"(?m)^openclaw_provision_last_run_success 1$")
        self.assertRegex(metrics, r'(?m)^openclaw_provision_changes\{kind="directory"\} 12$')
        self.assertRegex(metrics, r'(?m)^openclaw_provision_changes\{kind="config"\} 1$')
        self.assertRegex(metrics, r'openclaw_provision_info\{.*spec_fingerprint="[0-9a-f]{16}".*\} 1')
        self.assertRegex(metrics, r"(?m)^openclaw_provision_last_run_timestamp_seconds \d")


class IdempotenceTest(TempDirTestCase):
    def test_second_apply_changes_nothing_byte_for_byte(self):
        provision("apply", "--state-dir", self.state, check=True)
        before = tree_snapshot(self.state, skip={METRICS})
        second = provision("apply", "--state-dir", self.state, "--json", check=True)
        report = json.loads(second.stdout)
        self.assertFalse(report["changed"])
        self.assertEqual(report["changes"], [])
        self.assertEqual(tree_snapshot(self.state, skip={METRICS}), before)
        with open(os.path.join(self.state, METRICS), encoding="utf-8") as handle:
            self.assertRegex(handle.read(), r'(?m)^openclaw_provision_changes\{kind="config"\} 0$')

    def test_plan_reports_and_changes_nothing(self):
        plan = provision("plan", "--state-dir", self.state)
        self.assertEqual(plan.returncode, 2, plan.stderr)
        self.assertIn("Would make", plan.stdout)
        self.assertFalse(os.path.exists(self.state))
        provision("apply", "--state-dir", self.state, check=True)
        again = provision("plan", "--state-dir", self.state)
        self.assertEqual(again.returncode, 0, again.stdout + again.stderr)
        self.assertIn("No changes", again.stdout)

    def test_plan_sees_a_loosened_mode(self):
        provision("apply", "--state-dir", self.state, check=True)
        os.chmod(os.path.join(self.state, "devices", "paired.json"), 0o644)
        plan = provision("plan", "--state-dir", self.state, "--json")
        self.assertEqual(plan.returncode, 2)
        changes = json.loads(plan.stdout)["changes"]
        self.assertEqual(changes, [{"kind": "permissions", "action": "chmod",
                                    "path": os.path.join(self.state, "devices", "paired.json"),
                                    "detail": "0644 -> 0600"}])
        provision("apply", "--state-dir", self.state, check=True)
        self.assertEqual(mode_of(os.path.join(self.state, "devices", "paired.json")), 0o600)

    def test_owner_is_applied_to_every_path(self):
        provision("apply", "--state-dir", self.state, "--owner", "12345:23456", check=True)
        for dirpath, dirnames, filenames in os.walk(self.state):
            for name in dirnames + filenames:
                info = os.lstat(os.path.join(dirpath, name))
                self.assertEqual((info.st_uid, info.st_gid), (12345, 23456), os.path.join(dirpath, name))
        self.assertEqual(os.lstat(self.state).st_uid, 12345)


class MergeTest(TempDirTestCase):
    EXISTING = """// hand-written before provisioning
{
  gateway: { port: 18789, controlUi: { basePath: '/ui', }, tailscale: { mode: 'off' } },
  agents: { defaults: { workspace: '~/my-workspace' } },
  session: { mainKey: 'main', },
  logging: { level: 'debug' },
}
"""

    def test_unmanaged_keys_survive_and_the_old_file_is_kept(self):
        os.makedirs(self.state, mode=0o700)
        config_path = os.path.join(self.state, "openclaw.json")
        with open(config_path, "w", encoding="utf-8") as handle:
            handle.write(self.EXISTING)
        provision("apply", "--state-dir", self.state, "--port", "18800", check=True)
        config = read_json(config_path)
        self.assertEqual(config["gateway"]["port"], 18800)
        self.assertEqual(config["gateway"]["controlUi"]["basePath"], "/ui")
        self.assertEqual(config["gateway"]["tailscale"], {"mode": "off"})
        self.assertEqual(config["agents"]["defaults"]["workspace"], "~/my-workspace")
        self.assertEqual(config["session"], {"mainKey": "main"})
        self.assertEqual(config["logging"], {"level": "debug"})
        with open(config_path + ".bak", encoding="utf-8") as handle:
            self.assertEqual(handle.read(), self.EXISTING)

    def test_a_config_that_already_says_the_same_thing_is_not_rewritten(self):
        provision("apply", "--state-dir", self.state, check=True)
        config_path = os.path.join(self.state, "openclaw.json")
        config = read_json(config_path)
        commented = "// my notes stay\n" + json.dumps(config, indent=4)
        with open(config_path, "w", encoding="utf-8") as handle:
            handle.write(commented)
        provision("apply", "--state-dir", self.state, check=True)
        with open(config_path, encoding="utf-8") as handle:
            self.assertEqual(handle.read(), commented)

    def test_existing_token_sessions_and_credentials_are_kept(self):
        provision("apply", "--state-dir", self.state, check=True)
        token_path = os.path.join(self.state, "credentials", "gateway-token")
        with open(token_path, encoding="utf-8") as handle:
            token = handle.read()
        transcript = os.path.join(self.state, "agents", "main", "sessions", "abc.jsonl")
        channel = os.path.join(self.state, "credentials", "telegram-allowFrom.json")
        for path in (transcript, channel):
            with open(path, "w", encoding="utf-8") as handle:
                handle.write('{"keep": true}\n')
        provision("apply", "--state-dir", self.state, "--port", "18801", "--trusted-proxies",
                  "10.1.2.3,fd00::/8", check=True)
        with open(token_path, encoding="utf-8") as handle:
            self.assertEqual(handle.read(), token)
        for path in (transcript, channel):
            with open(path, encoding="utf-8") as handle:
                self.assertEqual(handle.read(), '{"keep": true}\n')
        config = read_json(os.path.join(self.state, "openclaw.json"))
        self.assertEqual(config["gateway"]["trustedProxies"], ["10.1.2.3", "fd00::/8"])

    def test_devices_added_by_hand_stay_paired(self):
        public_key, device_id = generate_ed25519_public_key(self.tmp)
        provision("device", "add", "--state-dir", self.state, "--public-key", public_key, "--name", "laptop",
                  check=True)
        provision("apply", "--state-dir", self.state, check=True)
        paired = read_json(os.path.join(self.state, "devices", "paired.json"))
        self.assertIn(device_id, paired)
        self.assertEqual(paired[device_id]["displayName"], "laptop")


class SpecFileTest(TempDirTestCase):
    def test_yaml_spec_with_providers_models_and_owner_device(self):
        public_key, device_id = generate_ed25519_public_key(self.tmp)
        key_file = self.write("anthropic.key", "sk-ant-test-key-value\n")
        spec = self.write("spec.yaml", f"""
stateDir: {self.state}
gateway:
  port: 18790
  bind: lan
  publicUrl: https://Chat.Example.com/app
  trustedProxies: [172.30.0.2, 10.0.0.0/8]
  openai:
    chatCompletions: true
  metrics:
    enabled: true
    port: 9464
models:
  primary: anthropic/claude-sonnet-4-5
  fallbacks: [openai/gpt-5-mini]
providers:
  anthropic:
    apiKeyFile: {key_file}
  openai:
    apiKeyEnv: OPENAI_API_KEY
devices:
  - name: owner laptop
    publicKey: {public_key}
""")
        result = provision("apply", "--spec", spec, "--json", env={"OPENAI_API_KEY": "sk-openai-test"})
        self.assertEqual(result.returncode, 0, result.stderr)
        for secret in ("sk-ant-test-key-value", "sk-openai-test"):
            self.assertNotIn(secret, result.stdout + result.stderr)
        config = read_json(os.path.join(self.state, "openclaw.json"))
        self.assertEqual(config["gateway"]["bind"], "lan")
        self.assertEqual(config["gateway"]["controlUi"]["allowedOrigins"], ["https://chat.example.com"])
        self.assertEqual(config["gateway"]["trustedProxies"], ["172.30.0.2", "10.0.0.0/8"])
        self.assertTrue(config["gateway"]["http"]["endpoints"]["chatCompletions"]["enabled"])
        self.assertEqual(config["gateway"]["metrics"], {"enabled": True, "bind": "127.0.0.1", "port": 9464})
        self.assertEqual(config["agents"]["defaults"]["model"],
                         {"primary": "anthropic/claude-sonnet-4-5", "fallbacks": ["openai/gpt-5-mini"]})
        self.assertEqual(config["auth"]["profiles"]["anthropic:default"], {"provider": "anthropic", "mode": "api_key"})
        self.assertEqual(config["auth"]["order"]["openai"], ["openai:default"])
        self.assertNotIn("sk-", json.dumps(config))
        profiles = read_json(os.path.join(self.state, "agents", "main", "agent", "auth-profiles.json"))
        self.assertEqual(profiles["profiles"]["openai:default"]["keyRef"],
                         {"source": "env", "provider": "default", "id": "OPENAI_API_KEY"})
        anthropic_ref = profiles["profiles"]["anthropic:default"]["keyRef"]
        self.assertEqual(anthropic_ref["source"], "file")
        self.assertEqual(config["secrets"]["providers"][anthropic_ref["provider"]]["path"], key_file)
        paired = read_json(os.path.join(self.state, "devices", "paired.json"))
        self.assertEqual(paired[device_id]["publicKey"], public_key)
        self.assertEqual(paired[device_id]["displayName"], "owner laptop")

    def test_precedence_flag_beats_env_beats_file(self):
        spec = self.write("spec.json", json.dumps({"stateDir": self.state, "gateway": {"port": 1000}}))
        env = {"OPENCLAW_PROVISION_GATEWAY_PORT": "2000"}
        provision("apply", "-f", spec, "--port", "3000", env=env, check=True)
        self.assertEqual(read_json(os.path.join(self.state, "openclaw.json"))["gateway"]["port"], 3000)
        provision("apply", "-f", spec, env=env, check=True)
        self.assertEqual(read_json(os.path.join(self.state, "openclaw.json"))["gateway"]["port"], 2000)
        provision("apply", "-f", spec, check=True)
        self.assertEqual(read_json(os.path.join(self.state, "openclaw.json"))["gateway"]["port"], 1000)

    def test_state_dir_from_openclaw_state_dir(self):
        provision("apply", env={"OPENCLAW_STATE_DIR": self.state}, check=True)
        self.assertTrue(os.path.isfile(os.path.join(self.state, "openclaw.json")))

    def test_token_from_a_secret_file_is_referenced_not_copied(self):
        secret = self.write("gateway_token", "a-token-from-docker-secrets-0123456789\n")
        result = provision("apply", "--state-dir", self.state, "--auth-token-file", secret, "--json", check=True)
        config = read_json(os.path.join(self.state, "openclaw.json"))
        self.assertEqual(config["secrets"]["providers"]["gateway-token"]["path"], secret)
        self.assertFalse(os.path.exists(os.path.join(self.state, "credentials", "gateway-token")))
        self.assertEqual(json.loads(result.stdout)["summary"]["tokenSource"], "file " + secret)

    def test_token_from_env_is_an_env_ref(self):
        env = {"MY_GATEWAY_TOKEN": "env-token-0123456789abcdef"}
        provision("apply", "--state-dir", self.state, "--auth-token-env", "MY_GATEWAY_TOKEN", env=env, check=True)
        token = read_json(os.path.join(self.state, "openclaw.json"))["gateway"]["auth"]["token"]
        self.assertEqual(token, {"source": "env", "provider": "default", "id": "MY_GATEWAY_TOKEN"})


class TokenRotationTest(TempDirTestCase):
    def test_rotate_replaces_only_the_gateway_token(self):
        provision("apply", "--state-dir", self.state, check=True)
        token_path = os.path.join(self.state, "credentials", "gateway-token")
        with open(token_path, encoding="utf-8") as handle:
            old = handle.read().strip()
        paired_before = tree_snapshot(os.path.join(self.state, "devices"))
        rotated = provision("token", "rotate", "--state-dir", self.state, "--json", "--reveal", check=True)
        summary = json.loads(rotated.stdout)["summary"]
        with open(token_path, encoding="utf-8") as handle:
            new = handle.read().strip()
        self.assertNotEqual(old, new)
        self.assertEqual(summary["token"], new)
        self.assertEqual(tree_snapshot(os.path.join(self.state, "devices")), paired_before)
        again = provision("apply", "--state-dir", self.state, "--json", check=True)
        self.assertFalse(json.loads(again.stdout)["changed"])

    def test_rotate_refuses_a_token_owned_elsewhere(self):
        secret = self.write("gateway_token", "externally-managed-token-0123456789\n")
        provision("apply", "--state-dir", self.state, "--auth-token-file", secret, check=True)
        result = provision("token", "rotate", "--state-dir", self.state, "--auth-token-file", secret)
        self.assertEqual(result.returncode, 1)
        self.assertIn("rotate it there", result.stderr)


class ShowTest(TempDirTestCase):
    def test_show_gives_fingerprint_and_reveals_only_when_asked(self):
        provision("apply", "--state-dir", self.state, check=True)
        with open(os.path.join(self.state, "credentials", "gateway-token"), encoding="utf-8") as handle:
            token = handle.read().strip()
        shown = provision("show", "--state-dir", self.state, "--json", check=True)
        report = json.loads(shown.stdout)
        self.assertNotIn(token, shown.stdout)
        self.assertRegex(report["token"]["fingerprint"], r"^sha256:[0-9a-f]{12}$")
        self.assertEqual(report["token"]["source"], "file:gateway-token:value")
        self.assertEqual(len(report["pairedDevices"]), 1)
        revealed = provision("show", "--state-dir", self.state, "--reveal", check=True)
        self.assertIn(token, revealed.stdout)

    def test_show_before_apply_says_so(self):
        result = provision("show", "--state-dir", self.state)
        self.assertEqual(result.returncode, 1)
        self.assertIn("run apply", result.stderr)


if __name__ == "__main__":
    unittest.main()
