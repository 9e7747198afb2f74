"""openclaw.json deleted or replaced by garbage under a running gateway (issue 7): the reload
is rejected, the last good config stays live (WebSocket and HTTP keep working with the same
token, port and settings), and `openclaw doctor` says what is wrong and that the running
gateway keeps its last good config."""

import json
import os
import time

from gateway_harness import GatewayTestCase

GARBAGE = "{ this is : not json ,,\n"


class ConfigFaultsTest(GatewayTestCase):
    extra_config = {"logging": {"level": "info"}, "ui": {"marker": "last-good"}}

    @property
    def config_path(self):
        return os.path.join(self.state, "openclaw.json")

    def wait_for_rejection(self, count):
        """Waits until the gateway has logged `count` rejected reloads; returns those lines."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            rejected = [line for line in self.log_lines
                        if line.get("msg") == "config reload rejected; the last good config stays live"]
            if len(rejected) >= count:
                return rejected
            time.sleep(0.05)
        self.fail("no rejected reload logged: %s" % self.logs_text()[-2000:])

    async def assert_last_good_config_is_live(self):
        # HTTP on the same port.
        self.assertEqual(self.http("/healthz")[0], 200)
        self.assertEqual(self.http("/readyz")[0], 200)
        # WebSocket with the same token; a wrong one is still refused (auth settings unchanged).
        connection, hello = await self.connect_ok()
        health = await connection.call("health")
        self.assertTrue(health["ok"], health)
        await connection.close()
        wrong, response = await self.connect(token="not-the-token")
        self.assertFalse(response["ok"])
        await wrong.closed()
        # The CLI on the box (admin socket) still reaches it.
        status = self.cli("gateway", "call", "health", "--json")
        self.assertEqual(status.returncode, 0, status.stdout + status.stderr)
        return hello

    def doctor(self):
        result = self.cli("doctor")
        return result.returncode, result.stdout + result.stderr

    async def check_fault(self, break_config, problem, rejected_so_far):
        before_hello = await self.assert_last_good_config_is_live()
        break_config()
        rejected = self.wait_for_rejection(rejected_so_far + 1)
        self.assertEqual(rejected[-1]["path"], self.config_path)
        hello = await self.assert_last_good_config_is_live()
        self.assertEqual(hello["policy"], before_hello["policy"], "the running settings did not change")
        self.assertEqual(self.process.poll(), None, "the gateway keeps running")
        code, report = self.doctor()
        self.assertEqual(code, 1, report)
        self.assertIn(self.config_path + " " + problem + "; the running gateway", report)
        self.assertIn("keeps the last good config it loaded", report)
        self.assertIn("Gateway healthy", report)
        return report

    async def test_deleted_config(self):
        with open(self.config_path, encoding="utf-8") as handle:
            good = handle.read()
        report = await self.check_fault(lambda: os.unlink(self.config_path), "is missing", 0)
        self.assertIn("openclaw config validate", report)
        # Putting it back is an ordinary reload again; nothing was lost meanwhile.
        with open(self.config_path, "w", encoding="utf-8") as handle:
            handle.write(good)
        await self.assert_last_good_config_is_live()
        code, report = self.doctor()
        self.assertNotIn("last good config", report)

    async def test_garbage_config(self):
        def write_garbage():
            with open(self.config_path, "w", encoding="utf-8") as handle:
                handle.write(GARBAGE)
        await self.check_fault(write_garbage, "does not parse", 0)
        # A config that parses but does not validate is rejected the same way.
        with open(self.config_path, "w", encoding="utf-8") as handle:
            json.dump({"gateway": {"port": "not a port"}}, handle)
        self.wait_for_rejection(2)
        await self.assert_last_good_config_is_live()
        code, report = self.doctor()
        self.assertIn(self.config_path + " is invalid; the running gateway", report)

    async def test_backup_is_offered_when_config_set_left_one(self):
        result = self.cli("config", "set", "ui.marker", "second")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertTrue(os.path.exists(self.config_path + ".bak"))
        time.sleep(0.5)  # the watcher applies the edit
        os.unlink(self.config_path)
        self.wait_for_rejection(1)
        code, report = self.doctor()
        self.assertIn("cp -p %s.bak %s" % (self.config_path, self.config_path), report)


if __name__ == "__main__":
    import unittest
    unittest.main()
