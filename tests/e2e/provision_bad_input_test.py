"""openclaw-provision on bad input: one clear line naming the field, exit 1, nothing written."""

import os
import shutil
import subprocess
import unittest

from harness import PROVISION, TempDirTestCase, provision, tree_snapshot

METRICS = "metrics/provision.prom"


class FreshDirectoryBadInputTest(TempDirTestCase):
    def assert_refused(self, args, *expected_fragments, env=None):
        result = provision("apply", "--state-dir", self.state, *args, env=env)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        error_lines = [line for line in result.stderr.splitlines() if line.strip()]
        self.assertEqual(len(error_lines), 1, result.stderr)
        for fragment in expected_fragments:
            self.assertIn(fragment, error_lines[0])
        self.assertFalse(os.path.exists(self.state), "a refused run created the state directory")
        return error_lines[0]

    def test_invalid_cidr(self):
        self.assert_refused(["--trusted-proxies", "10.0.0.0/33"], "gateway.trustedProxies[0]", "10.0.0.0/33")

    def test_catch_all_proxy_range_needs_consent(self):
        self.assert_refused(["--trusted-proxies", "0.0.0.0/0"], "gateway.trustedProxies[0]", "--i-understand")

    def test_invalid_port(self):
        self.assert_refused(["--port", "70000"], "--port", "70000", "1-65535")
        self.assert_refused(["--port", "http"], "--port", "http")

    def test_invalid_bind_mode(self):
        self.assert_refused(["--bind", "everywhere"], "--bind", "everywhere", "loopback")

    def test_custom_bind_needs_an_ipv4_host(self):
        self.assert_refused(["--bind", "custom"], "gateway.customBindHost")
        self.assert_refused(["--bind", "custom", "--custom-bind-host", "::1"], "gateway.customBindHost", "::1")

    def test_yaml_syntax_error_names_file_line_and_column(self):
        spec = self.write("spec.yaml", "gateway:\n  port: [18789\n  bind: lan\n")
        line = self.assert_refused(["--spec", spec], spec, "line ")
        self.assertRegex(line, r"line \d+, column \d+")

    def test_unknown_spec_key(self):
        spec = self.write("spec.yaml", "gateway:\n  prot: 18789\n")
        self.assert_refused(["--spec", spec], "gateway.prot", "unknown key")

    def test_unknown_flag(self):
        self.assert_refused(["--prot", "1"], "--prot", "unknown option")

    def test_wrong_type_in_spec(self):
        spec = self.write("spec.yaml", "gateway:\n  trustedProxies: {a: b}\n")
        self.assert_refused(["--spec", spec], "gateway.trustedProxies", "list of strings")

    def test_missing_secret_file(self):
        missing = os.path.join(self.tmp, "no-such-token")
        self.assert_refused(["--auth-token-file", missing], "gateway.auth.tokenFile", missing,
                            "No such file or directory")

    def test_unreadable_secret_file(self):
        # Root reads any file regardless of its mode, so a directory stands in for an
        # unreadable file here.
        directory = os.path.join(self.tmp, "token-dir")
        os.mkdir(directory)
        self.assert_refused(["--auth-token-file", directory], "gateway.auth.tokenFile", "is a directory")

    def test_empty_secret_file(self):
        empty = self.write("empty-token", "\n")
        self.assert_refused(["--auth-token-file", empty], "gateway.auth.tokenFile", "is empty")

    def test_unset_token_env(self):
        self.assert_refused(["--auth-token-env", "NOT_SET_ANYWHERE"], "gateway.auth.tokenEnv", "NOT_SET_ANYWHERE")

    def test_unreadable_provider_key_file(self):
        spec = self.write("spec.yaml", f"providers:\n  anthropic:\n    apiKeyFile: {self.tmp}/missing.key\n")
        self.assert_refused(["--spec", spec], "providers.anthropic.apiKeyFile", "missing.key")

    def test_invalid_public_url(self):
        self.assert_refused(["--public-url", "ftp://example.com"], "gateway.publicUrl", "http or https")

    def test_origin_with_a_path(self):
        self.assert_refused(["--allowed-origins", "https://example.com/app"], "gateway.allowedOrigins[0]", "path")

    def test_auth_none_on_lan(self):
        self.assert_refused(["--bind", "lan", "--auth-mode", "none", "--i-understand"], "gateway.auth.mode")

    def test_trusted_proxy_mode_needs_proxies(self):
        self.assert_refused(["--auth-mode", "trusted-proxy", "--auth-trusted-proxy-user-header", "x-user"],
                            "gateway.trustedProxies")

    def test_bad_device_public_key(self):
        spec = self.write("spec.yaml", "devices:\n  - name: laptop\n    publicKey: not-a-key\n")
        self.assert_refused(["--spec", spec], "devices[0].publicKey")

    def test_bad_owner(self):
        self.assert_refused(["--owner", "root"], "owner", "uid:gid")

    def test_secret_values_never_appear_in_errors(self):
        spec = self.write("spec.yaml", "providers:\n  openai:\n    apiKey: sk-very-secret-value\n")
        line = self.assert_refused(["--spec", spec], "providers.openai.apiKey", "allowPlaintextSecrets")
        self.assertNotIn("sk-very-secret-value", line)


class NonWritableStateDirTest(TempDirTestCase):
    def test_state_dir_below_a_file(self):
        blocker = self.write("blocker", "not a directory")
        result = provision("apply", "--state-dir", os.path.join(blocker, "state"))
        self.assertEqual(result.returncode, 1)
        self.assertIn("is not a directory", result.stderr)
        self.assertIn(blocker, result.stderr)

    @unittest.skipUnless(shutil.which("unshare") and os.geteuid() == 0, "needs root and unshare")
    def test_read_only_mount(self):
        # A read-only filesystem refuses even root; the provisioner must say so before it writes.
        mount = os.path.join(self.tmp, "ro")
        os.mkdir(mount)
        script = (f"mount -t tmpfs -o ro tmpfs {mount} && "
                  f"{PROVISION} apply --state-dir {mount}/state; echo rc=$?")
        result = subprocess.run(["unshare", "--mount", "sh", "-c", script], capture_output=True, text=True,
                                timeout=60)
        if "rc=" not in result.stdout:
            self.skipTest("cannot mount tmpfs here: " + result.stderr)
        self.assertIn("rc=1", result.stdout)
        self.assertIn("Read-only file system", result.stderr)
        self.assertIn(mount, result.stderr)


class ExistingStateBadInputTest(TempDirTestCase):
    def setUp(self):
        super().setUp()
        provision("apply", "--state-dir", self.state, check=True)
        self.before = tree_snapshot(self.state, skip={METRICS})

    def assert_nothing_changed(self):
        self.assertEqual(tree_snapshot(self.state, skip={METRICS}), self.before)

    def test_unparsable_config_is_left_alone(self):
        config = os.path.join(self.state, "openclaw.json")
        with open(config, "w", encoding="utf-8") as handle:
            handle.write('{ gateway: { port: 18789, }\n')
        self.before = tree_snapshot(self.state, skip={METRICS})
        result = provision("apply", "--state-dir", self.state, "--port", "18790")
        self.assertEqual(result.returncode, 1)
        self.assertIn(config, result.stderr)
        self.assertRegex(result.stderr, r"line \d+, column \d+")
        self.assert_nothing_changed()
        with open(os.path.join(self.state, METRICS), encoding="utf-8") as handle:
            self.assertRegex(handle.read(), r"(?m)^openclaw_provision_last_run_success 0$")

    def test_config_that_would_be_invalid_is_not_written(self):
        config = os.path.join(self.state, "openclaw.json")
        with open(config, encoding="utf-8") as handle:
            text = handle.read()
        with open(config, "w", encoding="utf-8") as handle:
            handle.write(text.replace('"bind": "loopback"', '"bind": "loopback", "reload": {"mode": "sometimes"}'))
        self.before = tree_snapshot(self.state, skip={METRICS})
        result = provision("apply", "--state-dir", self.state, "--port", "18790")
        self.assertEqual(result.returncode, 1)
        self.assertIn("gateway.reload.mode", result.stderr)
        self.assert_nothing_changed()

    def test_corrupt_paired_devices_stop_the_run(self):
        paired = os.path.join(self.state, "devices", "paired.json")
        with open(paired, "w", encoding="utf-8") as handle:
            handle.write('{"abc": ')
        self.before = tree_snapshot(self.state, skip={METRICS})
        result = provision("apply", "--state-dir", self.state, "--port", "18790")
        self.assertEqual(result.returncode, 1)
        self.assertIn(paired, result.stderr)
        self.assert_nothing_changed()


if __name__ == "__main__":
    unittest.main()
