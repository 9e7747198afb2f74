"""Config over RPC against a running gateway (spec §2.3, §1.11): config.get's redacted snapshot and its hash,
baseHash optimistic concurrency on config.apply / config.patch, secrets kept across a redacted round trip,
the control-plane write budget, scopes, config.schema and secrets.reload."""

import hashlib
import json
import os

from gateway_harness import GatewayTestCase

MARKER = "__OPENCLAW_REDACTED__"
PROVIDER_KEY = "sk-e2e-provider-secret-0123456789"


class ConfigRpcTest(GatewayTestCase):
    extra_config = {"models": {"providers": {"openai": {"baseUrl": "https://api.openai.com/v1",
                                                        "apiKey": PROVIDER_KEY}}}}

    @property
    def config_path(self):
        return os.path.join(self.state, "openclaw.json")

    def file_bytes(self):
        with open(self.config_path, "rb") as handle:
            return handle.read()

    def file_json(self):
        return json.loads(self.file_bytes())

    async def admin(self):
        connection, _ = await self.connect_ok()
        return connection

    async def test_config_get_is_a_redacted_snapshot_hashed_like_the_file(self):
        connection = await self.admin()
        response = await connection.call("config.get", {})
        self.assertTrue(response["ok"], response)
        snapshot = response["payload"]
        self.assertEqual(snapshot["hash"], hashlib.sha256(self.file_bytes()).hexdigest())
        self.assertEqual(snapshot["path"], self.config_path)
        self.assertTrue(snapshot["exists"])
        self.assertTrue(snapshot["valid"])
        self.assertEqual(snapshot["issues"], [])
        self.assertEqual(snapshot["legacyIssues"], [])
        self.assertEqual(snapshot["config"]["models"]["providers"]["openai"]["apiKey"], MARKER)
        self.assertEqual(snapshot["parsed"]["models"]["providers"]["openai"]["apiKey"], MARKER)
        self.assertIn(MARKER, snapshot["raw"])
        self.assertEqual(snapshot["config"]["gateway"]["port"], self.port)
        # The provisioned token is a SecretRef: where it lives is shown, never its value.
        self.assertEqual(snapshot["config"]["gateway"]["auth"]["token"]["source"], "file")
        frame_text = json.dumps(connection.frames)
        self.assertNotIn(PROVIDER_KEY, frame_text)
        self.assertNotIn(self.token, frame_text)
        await connection.close()

    async def test_stale_or_missing_base_hash_is_refused(self):
        connection = await self.admin()
        before = self.file_bytes()
        raw = json.dumps(self.file_json())
        stale = await connection.call("config.apply", {"raw": raw, "baseHash": "0" * 64})
        self.assertEqual(stale["error"]["code"], "INVALID_REQUEST")
        self.assertEqual(stale["error"]["message"], "config changed since last load; re-run config.get and retry")
        missing = await connection.call("config.set", {"raw": raw})
        self.assertEqual(missing["error"]["message"], "config base hash required; re-run config.get and retry")
        self.assertEqual(self.file_bytes(), before)
        await connection.close()

    async def test_apply_writes_the_file_and_keeps_redacted_secrets(self):
        connection = await self.admin()
        snapshot = (await connection.call("config.get", {}))["payload"]
        edited = json.loads(snapshot["raw"])
        edited["logging"] = {"level": "debug"}
        response = await connection.call("config.apply", {"raw": json.dumps(edited), "baseHash": snapshot["hash"],
                                                           "note": "e2e", "restartDelayMs": 0})
        self.assertTrue(response["ok"], response)
        payload = response["payload"]
        self.assertEqual(payload["ok"], True)
        self.assertEqual(payload["path"], self.config_path)
        self.assertIs(payload["restart"], False)
        self.assertEqual(payload["config"]["models"]["providers"]["openai"]["apiKey"], MARKER)

        on_disk = self.file_json()
        self.assertEqual(on_disk["logging"]["level"], "debug")
        self.assertEqual(on_disk["models"]["providers"]["openai"]["apiKey"], PROVIDER_KEY,
                         "the redacted marker sent back keeps the stored secret")
        self.assertEqual(on_disk["gateway"]["auth"]["token"]["source"], "file")
        self.assertTrue(os.path.exists(self.config_path + ".bak"))
        self.assertEqual(os.stat(self.config_path).st_mode & 0o777, 0o600)

        again = (await connection.call("config.get", {}))["payload"]
        self.assertEqual(again["hash"], hashlib.sha256(self.file_bytes()).hexdigest())
        self.assertNotEqual(again["hash"], snapshot["hash"])

        unchanged = await connection.call("config.apply", {"raw": json.dumps(edited), "baseHash": again["hash"]})
        self.assertTrue(unchanged["ok"], unchanged)
        self.assertIs(unchanged["payload"].get("noop"), True)
        await connection.close()

    async def test_patch_merges_and_invalid_configs_are_refused_without_secrets(self):
        connection = await self.admin()
        snapshot = (await connection.call("config.get", {}))["payload"]
        patched = await connection.call("config.patch", {"raw": "{ logging: { level: 'warn' } }",
                                                         "baseHash": snapshot["hash"]})
        self.assertTrue(patched["ok"], patched)
        self.assertEqual(self.file_json()["logging"]["level"], "warn")
        self.assertEqual(self.file_json()["models"]["providers"]["openai"]["apiKey"], PROVIDER_KEY)

        current = (await connection.call("config.get", {}))["payload"]
        before = self.file_bytes()
        bad = json.loads(current["raw"])
        bad["gateway"]["port"] = 70000
        bad["gateway"]["auth"]["password"] = 12345
        refused = await connection.call("config.set", {"raw": json.dumps(bad), "baseHash": current["hash"]})
        self.assertEqual(refused["error"]["code"], "INVALID_REQUEST")
        self.assertTrue(refused["error"]["message"].startswith("invalid config: "), refused)
        self.assertIn("gateway.port: 70000 is out of range", refused["error"]["message"])
        paths = [issue["path"] for issue in refused["error"]["details"]["issues"]]
        self.assertIn("gateway.auth.password", paths)
        self.assertNotIn("12345", json.dumps(refused))
        self.assertEqual(self.file_bytes(), before)

        not_object = await connection.call("config.patch", {"raw": "[1]", "baseHash": current["hash"]})
        self.assertEqual(not_object["error"]["message"], "config.patch raw must be an object")
        await connection.close()

    async def test_fourth_apply_within_a_minute_is_rate_limited(self):
        connection = await self.admin()
        raw = json.dumps(self.file_json())
        for _ in range(3):
            answer = await connection.call("config.apply", {"raw": raw, "baseHash": "stale"})
            self.assertEqual(answer["error"]["code"], "INVALID_REQUEST", "within budget, the handler answers")
        limited = await connection.call("config.apply", {"raw": raw, "baseHash": "stale"})
        error = limited["error"]
        self.assertEqual(error["code"], "UNAVAILABLE")
        self.assertRegex(error["message"], r"^rate limit exceeded for config\.apply; retry after \d+s$")
        self.assertIs(error["retryable"], True)
        self.assertGreater(error["retryAfterMs"], 0)
        self.assertLessEqual(error["retryAfterMs"], 60000)
        self.assertEqual(error["details"], {"method": "config.apply", "limit": "3 per 60s"})
        # Budgets are per method: patch still has its own.
        patch = await connection.call("config.patch", {"raw": "{}", "baseHash": "stale"})
        self.assertEqual(patch["error"]["code"], "INVALID_REQUEST")
        await connection.close()

    async def test_read_scope_may_read_but_not_write(self):
        reader, _ = await self.connect_ok(scopes=["operator.read"])
        got = await reader.call("config.get", {})
        self.assertTrue(got["ok"], got)
        for method in ("config.apply", "config.patch", "config.set", "config.schema", "secrets.reload"):
            refused = await reader.call(method, {"raw": "{}", "baseHash": got["payload"]["hash"]})
            self.assertEqual(refused["error"]["message"], "missing scope: operator.admin", method)
        await reader.close()

    async def test_schema_and_secrets_reload(self):
        connection, hello = await self.connect_ok()
        for method in ("config.get", "config.apply", "config.patch", "config.set", "config.schema", "secrets.reload"):
            self.assertIn(method, hello["features"]["methods"])
        schema = await connection.call("config.schema", {})
        self.assertTrue(schema["ok"], schema)
        payload = schema["payload"]
        self.assertEqual(payload["schema"]["properties"]["gateway"]["properties"]["port"]["type"], "integer")
        self.assertEqual(payload["uiHints"]["gateway.auth.token"], {"sensitive": True})
        self.assertIn("version", payload)

        reloaded = await connection.call("secrets.reload", {})
        self.assertTrue(reloaded["ok"], reloaded)
        self.assertEqual(reloaded["payload"]["ok"], True)
        self.assertIsInstance(reloaded["payload"]["warningCount"], int)
        await connection.close()

    def test_cli_secrets_reload(self):
        result = self.cli("secrets", "reload")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(result.stdout, "Secrets reloaded.\n")
        self.assertEqual(self.cli_json("secrets", "reload")["ok"], True)


if __name__ == "__main__":
    import unittest
    unittest.main()
