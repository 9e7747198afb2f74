"""`openclaw config get|set|unset|validate|file|schema` offline, on a provisioned state directory, as an
operator on the box runs them (spec §9): edits keep unrelated keys, refused edits leave the file byte for
byte as it was, the previous file is kept as openclaw.json.bak, and secrets print only with --reveal."""

import json
import os
import subprocess

from harness import OPENCLAW, TempDirTestCase, mode_of, provision, read_json

MARKER = "__OPENCLAW_REDACTED__"


class ConfigCliTest(TempDirTestCase):
    def setUp(self):
        super().setUp()
        provision("apply", "--state-dir", self.state, "--port", "18999", "--bind", "loopback", check=True)
        self.config = os.path.join(self.state, "openclaw.json")
        self.backup = self.config + ".bak"
        with open(os.path.join(self.state, "credentials", "gateway-token"), encoding="utf-8") as handle:
            self.token = handle.read().strip()

    def cli(self, *args, env=None):
        base = {"PATH": "/usr/bin:/bin", "HOME": self.tmp, "OPENCLAW_STATE_DIR": self.state}
        base.update(env or {})
        return subprocess.run([OPENCLAW, "config", *args], env=base, capture_output=True, text=True, timeout=30)

    def ok(self, *args, env=None):
        result = self.cli(*args, env=env)
        self.assertEqual(result.returncode, 0, "config %s: %s%s" % (" ".join(args), result.stdout, result.stderr))
        return result

    def file_bytes(self, path=None):
        with open(path or self.config, "rb") as handle:
            return handle.read()

    def write_config(self, text):
        with open(self.config, "w", encoding="utf-8") as handle:
            handle.write(text)

    def test_set_get_unset_keep_unrelated_keys(self):
        before = read_json(self.config)
        previous = self.file_bytes()

        result = self.ok("set", "gateway.port", "19555")
        self.assertIn("Updated gateway.port.", result.stdout)
        after = read_json(self.config)
        self.assertEqual(after["gateway"]["port"], 19555)
        del before["gateway"]["port"], after["gateway"]["port"]
        self.assertEqual(after, before, "every other key is kept")
        self.assertEqual(self.file_bytes(self.backup), previous, "the previous file is kept as .bak")
        self.assertEqual(mode_of(self.config), 0o600)
        self.assertEqual(mode_of(self.backup), 0o600)
        leftovers = [name for name in os.listdir(self.state) if ".tmp" in name]
        self.assertEqual(leftovers, [])

        self.assertEqual(self.ok("get", "gateway.port").stdout, "19555\n")
        self.assertEqual(json.loads(self.ok("get", "gateway.port", "--json").stdout), 19555)

        # Values are JSON5 when they parse, else plain strings (upstream's rule).
        self.ok("set", "agents.defaults.model", "{primary: 'openai/gpt-4o', fallbacks: ['openai/gpt-4o-mini']}")
        self.assertEqual(json.loads(self.ok("get", "agents.defaults.model", "--json").stdout),
                         {"primary": "openai/gpt-4o", "fallbacks": ["openai/gpt-4o-mini"]})
        self.ok("set", "gateway.controlUi.basePath", "/ui")
        self.assertEqual(self.ok("get", "gateway.controlUi.basePath").stdout, "/ui\n")
        self.ok("set", 'models.providers["local.llm"].baseUrl', "http://127.0.0.1:11434/v1")
        self.assertEqual(read_json(self.config)["models"]["providers"]["local.llm"]["baseUrl"],
                         "http://127.0.0.1:11434/v1")

        removed = self.ok("unset", "gateway.controlUi.basePath")
        self.assertIn("Removed gateway.controlUi.basePath.", removed.stdout)
        self.assertNotIn("basePath", read_json(self.config)["gateway"].get("controlUi", {}))
        self.assertEqual(read_json(self.config)["gateway"]["port"], 19555)

        missing = self.cli("unset", "gateway.controlUi.basePath")
        self.assertEqual(missing.returncode, 1)
        self.assertIn("Config path not found: gateway.controlUi.basePath. Nothing was changed.", missing.stderr)
        absent = self.cli("get", "gateway.nothing")
        self.assertEqual(absent.returncode, 1)
        self.assertIn("Config path not found: gateway.nothing.", absent.stderr)

    def test_batch_and_strict_json(self):
        result = self.ok("set", "--batch-json",
                         '[{"path": "gateway.port", "value": 19001}, {"path": "logging.level", "value": "debug"}]')
        self.assertIn("Updated 2 config paths.", result.stdout)
        config = read_json(self.config)
        self.assertEqual((config["gateway"]["port"], config["logging"]["level"]), (19001, "debug"))

        previous = self.file_bytes()
        strict = self.cli("set", "gateway.controlUi.basePath", "not json", "--strict-json")
        self.assertEqual(strict.returncode, 1)
        self.assertIn("not valid JSON", strict.stderr)
        self.assertEqual(self.file_bytes(), previous)
        bad_batch = self.cli("set", "--batch-json", '[{"path": "gateway.port"}]')
        self.assertEqual(bad_batch.returncode, 2)
        self.assertIn("batch entry 1", bad_batch.stderr)

    def test_invalid_edits_are_refused_and_the_file_stays_byte_identical(self):
        previous = self.file_bytes()
        out_of_range = self.cli("set", "gateway.port", "70000")
        self.assertEqual(out_of_range.returncode, 1)
        self.assertIn("gateway.port: 70000 is out of range (expected an integer 1-65535)", out_of_range.stderr)
        self.assertIn("nothing was written", out_of_range.stderr)
        self.assertEqual(self.file_bytes(), previous)
        self.assertFalse(os.path.exists(self.backup), "no backup for a write that did not happen")

        through_scalar = self.cli("set", "gateway.port.inner", "1")
        self.assertEqual(through_scalar.returncode, 1)
        self.assertIn("gateway.port is not an object (it is a number)", through_scalar.stderr)
        wrong_enum = self.cli("set", "gateway.bind", "everywhere")
        self.assertEqual(wrong_enum.returncode, 1)
        self.assertIn("gateway.bind", wrong_enum.stderr)
        self.assertEqual(self.file_bytes(), previous)

        bad_path = self.cli("get", "gateway..port")
        self.assertEqual(bad_path.returncode, 2)
        self.assertIn("gateway..port", bad_path.stderr)
        self.assertEqual(self.cli("set", "gateway.port").returncode, 2)
        self.assertEqual(self.cli("get", "gateway.port", "--bogus").returncode, 2)

    def test_secrets_are_redacted_unless_revealed(self):
        result = self.ok("get", "gateway.auth.token")
        self.assertTrue(result.stdout.startswith(MARKER + " ("), result.stdout)
        self.assertIn("SecretRef", result.stdout)
        self.assertIn(os.path.join(self.state, "credentials", "gateway-token"), result.stdout)
        self.assertNotIn(self.token, result.stdout + result.stderr)
        self.assertNotIn(self.token, self.ok("get", "gateway.auth").stdout)
        self.assertNotIn(self.token, self.ok("get", "gateway.auth.token", "--json").stdout)

        self.assertEqual(self.ok("get", "gateway.auth.token", "--reveal").stdout, self.token + "\n")
        self.assertEqual(json.loads(self.ok("get", "gateway.auth.token", "--reveal", "--json").stdout), self.token)

        self.ok("set", "models.providers.openai", '{baseUrl: "https://api.openai.com/v1", apiKey: "sk-inline-e2e"}')
        inline = self.ok("get", "models.providers.openai.apiKey")
        self.assertEqual(inline.stdout, MARKER + " (inline)\n")
        provider = self.ok("get", "models.providers.openai")
        self.assertNotIn("sk-inline-e2e", provider.stdout)
        self.assertIn("https://api.openai.com/v1", provider.stdout)
        self.assertEqual(self.ok("get", "models.providers.openai.apiKey", "--reveal").stdout, "sk-inline-e2e\n")

    def test_validate_reports_every_problem_with_its_path(self):
        valid = self.ok("validate")
        self.assertEqual(valid.stdout.splitlines()[0], "Config valid: " + self.config)
        self.assertEqual(json.loads(self.ok("validate", "--json").stdout)["valid"], True)

        self.write_config("{ gateway: { port: 70000, bind: 'everywhere', mode: 'local', bogus: 1 } }")
        broken = self.cli("validate")
        self.assertEqual(broken.returncode, 1)
        self.assertIn("OpenClaw config is invalid: " + self.config, broken.stderr)
        self.assertIn("gateway.port: 70000 is out of range", broken.stderr)
        self.assertIn("gateway.bind: \"everywhere\" is not allowed", broken.stderr)
        self.assertIn("gateway.bogus: unknown key (ignored)", broken.stderr)
        report = json.loads(self.cli("validate", "--json").stdout)
        self.assertEqual(report["valid"], False)
        self.assertEqual([issue["path"] for issue in report["issues"]], ["gateway.port", "gateway.bind"])
        self.assertEqual([warning["path"] for warning in report["warnings"]], ["gateway.bogus"])

        got = self.cli("get", "gateway.mode")
        self.assertEqual(got.returncode, 1, "get refuses an invalid config, as upstream")
        self.assertIn("Run `openclaw doctor --fix` to repair, then retry.", got.stderr)

        # An edit may repair a broken file: the result is what gets validated.
        self.ok("set", "--batch-json", '[{"path": "gateway.port", "value": 18999}, {"path": "gateway.bind", "value": "loopback"}]')
        self.ok("validate")

        self.write_config("{ gateway: { port: , } }")
        unparsable = self.cli("validate")
        self.assertEqual(unparsable.returncode, 1)
        self.assertIn("JSON5 parse failed: line 1, column", unparsable.stderr)
        self.assertEqual(self.cli("set", "gateway.port", "1").returncode, 1)

        os.remove(self.config)
        missing = self.cli("validate")
        self.assertEqual(missing.returncode, 1)
        self.assertIn("Config file not found: " + self.config, missing.stderr)

    def test_comments_are_reported_lost_and_kept_in_the_backup(self):
        text = "// hand-written notes\n{ gateway: { mode: 'local', port: 18999, bind: 'loopback' } }\n"
        self.write_config(text)
        result = self.ok("set", "gateway.port", "19002")
        self.assertIn("comments", result.stdout)
        self.assertEqual(self.file_bytes(self.backup).decode(), text)
        self.assertEqual(read_json(self.config)["gateway"], {"mode": "local", "port": 19002, "bind": "loopback"})

    def test_file_and_schema(self):
        self.assertEqual(self.ok("file").stdout, self.config + "\n")
        other = os.path.join(self.tmp, "elsewhere.json")
        self.assertEqual(self.ok("file", env={"OPENCLAW_CONFIG_PATH": other}).stdout, other + "\n")
        self.ok("set", "gateway.mode", "local", env={"OPENCLAW_CONFIG_PATH": other})
        self.assertEqual(read_json(other), {"gateway": {"mode": "local"}})

        schema = json.loads(self.ok("schema").stdout)
        self.assertEqual(schema["properties"]["gateway"]["properties"]["port"]["maximum"], 65535)


if __name__ == "__main__":
    import unittest
    unittest.main()
