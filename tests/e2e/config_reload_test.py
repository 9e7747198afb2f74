"""Config hot reload in the running gateway (spec §5.2): edits of openclaw.json and of the token
file are noticed and applied without a restart (trustedProxies, gateway.auth.token with 4001 for
the sockets that used the old one), a port change moves the listener inside the same process,
invalid edits are rejected while the gateway keeps serving, gateway.reload.mode off and hot hold
back what they should, and SIGHUP forces a reload."""

import asyncio
import json
import os
import re
import signal
import socket
import time
import urllib.request

from gateway_harness import Device, GatewayTestCase, free_port

PROXIED = {"X-Forwarded-For": "192.0.2.50"}


class ReloadTestCase(GatewayTestCase):
    """Helpers: edit the config as an operator would, wait for the gateway's log lines."""

    def config_path(self):
        return os.path.join(self.state, "openclaw.json")

    def read_config(self):
        with open(self.config_path(), encoding="utf-8") as handle:
            return json.load(handle)

    def write_config_text(self, text, atomic=True):
        path = self.config_path()
        if not atomic:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            return
        # What editors and `openclaw config set` do: write a temporary file, rename it over.
        temporary = path + ".tmp-edit"
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)

    def edit_config(self, change, atomic=True):
        config = self.read_config()
        change(config)
        self.write_config_text(json.dumps(config, indent=2), atomic=atomic)

    def log_count(self):
        return len(self.log_lines)

    async def wait_for_log(self, matches, since=0, timeout=8):
        """The first log record after index `since` for which matches(record) is true."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for record in self.log_lines[since:]:
                if matches(record):
                    return record
            await asyncio.sleep(0.05)
        self.fail("no matching log line; got:\n" + "\n".join(json.dumps(r) for r in self.log_lines[since:]))

    async def wait_for_reload(self, since, path=None, timeout=8):
        def matches(record):
            return record.get("msg") == "config reloaded" and (path is None or path in record.get("changedPaths", []))
        return await self.wait_for_log(matches, since, timeout)

    async def wait_for_rejection(self, since, timeout=8):
        return await self.wait_for_log(lambda r: r.get("msg", "").startswith("config reload rejected"), since, timeout)

    def assert_no_reload_since(self, since):
        applied = [r for r in self.log_lines[since:] if r.get("msg") == "config reloaded"]
        self.assertEqual(applied, [], "nothing may be applied")

    async def pending_remote_ip(self, device):
        """The remoteIp the gateway recorded for `device`'s pairing request (asks as a local admin)."""
        admin, _ = await self.connect_ok(device=Device())
        listing = await admin.call("device.pair.list")
        await admin.close()
        for request in listing["payload"]["pending"]:
            if request["deviceId"] == device.device_id:
                return request["remoteIp"]
        self.fail("no pending request for the device: %r" % listing)

    async def request_pairing_through_proxy(self):
        device = Device()
        connection, response = await self.connect(token=self.token, device=device, headers=PROXIED)
        self.assertEqual(response["error"]["details"]["code"], "PAIRING_REQUIRED")
        await connection.closed()
        return await self.pending_remote_ip(device)

    def healthz(self, port=None):
        url = "http://127.0.0.1:%d/healthz" % (port or self.port)
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status


class HotReloadTest(ReloadTestCase):
    async def test_added_trusted_proxy_is_honoured_without_restart(self):
        # Without trustedProxies the forwarded header is not believed: the client is the socket peer.
        self.assertEqual(await self.request_pairing_through_proxy(), "127.0.0.1")
        since = self.log_count()
        self.edit_config(lambda c: c["gateway"].__setitem__("trustedProxies", ["127.0.0.0/8"]))
        record = await self.wait_for_reload(since, "gateway.trustedProxies")
        self.assertEqual(record["level"], "info")
        self.assertEqual(record["source"], "watch")
        self.assertEqual(record["result"], "applied")
        self.assertEqual(await self.request_pairing_through_proxy(), "192.0.2.50")
        self.assertIsNone(self.process.poll(), "same process")
        reloads = [r for r in self.log_lines[since:] if r.get("msg") == "config reloaded"]
        self.assertEqual(len(reloads), 1, "one edit, one reload line")

    async def test_an_in_place_write_is_noticed_too(self):
        since = self.log_count()
        self.edit_config(lambda c: c.setdefault("logging", {}).__setitem__("level", "debug"), atomic=False)
        record = await self.wait_for_reload(since, "logging")  # the section was absent
        self.assertEqual(record["result"], "applied")

    async def test_rotating_the_token_in_config_closes_token_sockets_4001_and_keeps_device_token_sockets(self):
        device = Device()
        paired, hello = await self.connect_ok(device=device)  # local: paired silently
        device_token = hello["auth"]["deviceToken"]
        await paired.close()
        by_device, response = await self.connect(device=device, auth={"deviceToken": device_token})
        self.assertTrue(response["ok"], response)
        by_token, _ = await self.connect_ok(scopes=[])

        new_token = "rotated-inline-token-0123456789abcdefgh"
        since = self.log_count()
        self.edit_config(lambda c: c["gateway"]["auth"].__setitem__("token", new_token))
        self.assertEqual(await by_token.closed(timeout=10), (4001, "gateway auth changed"))
        record = await self.wait_for_reload(since, "gateway.auth.token")
        self.assertNotIn(new_token, self.logs_text())
        self.assertNotIn(self.token, json.dumps(record))

        health = await by_device.call("health")
        self.assertTrue(health["ok"], "the device-token socket stays open")
        stale, response = await self.connect(token=self.token)
        self.assertEqual(response["error"]["details"]["code"], "AUTH_TOKEN_MISMATCH")
        await stale.closed()
        fresh, response = await self.connect(token=new_token)
        self.assertTrue(response["ok"], response)
        await fresh.close()
        await by_device.close()

    async def test_replacing_the_token_file_closes_token_sockets_4001(self):
        by_token, _ = await self.connect_ok(scopes=[])
        token_file = os.path.join(self.state, "credentials", "gateway-token")
        new_token = "rotated-file-token-0123456789abcdefghij"
        temporary = token_file + ".tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(new_token + "\n")
        os.chmod(temporary, 0o600)
        os.replace(temporary, token_file)
        self.assertEqual(await by_token.closed(timeout=10), (4001, "gateway auth changed"))
        fresh, response = await self.connect(token=new_token)
        self.assertTrue(response["ok"], response)
        await fresh.close()


class RejectedEditTest(ReloadTestCase):
    metrics_port = free_port()
    extra_config = {"gateway": {"metrics": {"enabled": True, "port": metrics_port}}}

    def reload_counts(self):
        with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % self.metrics_port, timeout=5) as response:
            text = response.read().decode()
        return {m.group(1): float(m.group(2))
                for m in re.finditer(r'^openclaw_config_reloads_total\{result="([a-z_]+)"\} (\S+)$', text, re.M)}

    async def assert_still_serving(self):
        self.assertEqual(self.healthz(), 200)
        connection, _ = await self.connect_ok()
        health = await connection.call("health")
        self.assertTrue(health["ok"])
        await connection.close()

    async def test_invalid_edits_are_rejected_and_the_last_good_config_stays(self):
        good = json.dumps(self.read_config(), indent=2)
        since = self.log_count()
        self.write_config_text('{ gateway: { mode: "local", ')  # not JSON5
        record = await self.wait_for_rejection(since)
        self.assertEqual(record["level"], "warn")
        self.assertEqual(record["path"], self.config_path())
        self.assertIn(self.config_path(), record["reason"])
        await self.assert_still_serving()
        self.assertEqual(self.reload_counts().get("rejected"), 1)

        since = self.log_count()
        self.edit_config_text_from(good, lambda c: c["gateway"].__setitem__("port", 99999))  # schema violation
        record = await self.wait_for_rejection(since)
        self.assertIn("gateway.port", record["reason"])
        self.assertIn("99999", record["reason"])
        await self.assert_still_serving()
        self.assertEqual(self.reload_counts().get("rejected"), 2)

        since = self.log_count()
        self.edit_config_text_from(good, lambda c: c["gateway"].__setitem__("trustedProxies", ["not-a-cidr"]))
        record = await self.wait_for_rejection(since)
        self.assertIn("gateway.trustedProxies", record["reason"])

        since = self.log_count()
        self.edit_config_text_from(good, lambda c: c["gateway"].__setitem__("allowRealIpFallback", True))
        await self.wait_for_reload(since, "gateway.allowRealIpFallback")
        self.assertEqual(self.reload_counts().get("applied"), 1)

    def edit_config_text_from(self, text, change):
        config = json.loads(text)
        change(config)
        self.write_config_text(json.dumps(config, indent=2))

    async def test_a_deleted_config_file_is_rejected_and_the_gateway_keeps_running(self):
        saved = json.dumps(self.read_config(), indent=2)
        since = self.log_count()
        os.remove(self.config_path())
        record = await self.wait_for_rejection(since)
        self.assertIn("config file missing", record["reason"])
        await self.assert_still_serving()

        since = self.log_count()
        config = json.loads(saved)
        config["gateway"]["allowRealIpFallback"] = True
        self.write_config_text(json.dumps(config))
        await self.wait_for_reload(since, "gateway.allowRealIpFallback")


class PortChangeTest(ReloadTestCase):
    async def test_port_change_rebinds_in_the_same_process(self):
        old_port = self.port
        pid = self.process.pid
        connection, _ = await self.connect_ok()
        new_port = free_port()
        since = self.log_count()
        self.edit_config(lambda c: c["gateway"].__setitem__("port", new_port))
        record = await self.wait_for_reload(since, "gateway.port")
        self.assertEqual(record["result"], "restarted")
        await self.wait_for_log(lambda r: r.get("msg") == "listening on ws://127.0.0.1:%d" % new_port, since)

        # Clients of the old listener hear `shutdown` and are closed 1012, expecting a restart.
        shutdown = await connection.event("shutdown")
        self.assertEqual(shutdown["payload"], {"reason": "gateway restarting", "restartExpectedMs": 0})
        self.assertEqual(await connection.closed(), (1012, "service restart"))

        self.assertEqual(self.process.pid, pid)
        self.assertIsNone(self.process.poll())
        self.assertEqual(self.healthz(new_port), 200)
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", old_port), timeout=2).close()
        self.port = new_port
        self.url = "ws://127.0.0.1:%d" % new_port
        fresh, _ = await self.connect_ok()
        await fresh.close()

    async def test_a_port_in_use_is_rejected_and_the_old_listener_keeps_serving(self):
        blocker = socket.socket()
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        self.addCleanup(blocker.close)
        taken = blocker.getsockname()[1]
        since = self.log_count()
        self.edit_config(lambda c: c["gateway"].__setitem__("port", taken))
        record = await self.wait_for_rejection(since)
        self.assertIn("port %d is already in use" % taken, record["reason"])
        self.assertEqual(self.healthz(), 200)
        connection, _ = await self.connect_ok()
        await connection.close()


class BindChangeTest(ReloadTestCase):
    async def test_bind_change_on_the_same_port_moves_the_listener_both_ways(self):
        # 127.0.0.1:P -> 0.0.0.0:P collides with our own listener: it is released first.
        since = self.log_count()
        self.edit_config(lambda c: c["gateway"].__setitem__("bind", "lan"))
        record = await self.wait_for_reload(since, "gateway.bind")
        self.assertEqual(record["result"], "restarted")
        await self.wait_for_log(lambda r: r.get("msg") == "listening on ws://0.0.0.0:%d" % self.port, since)
        self.assertEqual(self.healthz(), 200)
        connection, _ = await self.connect_ok()
        await connection.close()

        since = self.log_count()
        self.edit_config(lambda c: c["gateway"].__setitem__("bind", "loopback"))
        await self.wait_for_reload(since, "gateway.bind")
        await self.wait_for_log(lambda r: r.get("msg") == "listening on ws://127.0.0.1:%d" % self.port, since)
        self.assertEqual(self.healthz(), 200)
        self.assertIsNone(self.process.poll())


class ModeOffTest(ReloadTestCase):
    extra_config = {"gateway": {"reload": {"mode": "off"}}}

    async def test_edits_are_not_applied_until_sighup(self):
        since = self.log_count()
        self.edit_config(lambda c: c["gateway"].__setitem__("trustedProxies", ["127.0.0.0/8"]))
        record = await self.wait_for_log(lambda r: r.get("msg", "").startswith("config changed on disk; not applied"),
                                         since)
        self.assertIn("gateway.trustedProxies", record["changedPaths"])
        self.assert_no_reload_since(since)
        self.assertEqual(await self.request_pairing_through_proxy(), "127.0.0.1", "not applied")

        since = self.log_count()
        self.process.send_signal(signal.SIGHUP)
        record = await self.wait_for_reload(since, "gateway.trustedProxies")
        self.assertEqual(record["source"], "SIGHUP")
        self.assertEqual(await self.request_pairing_through_proxy(), "192.0.2.50")


class HotModeTest(ReloadTestCase):
    extra_config = {"gateway": {"reload": {"mode": "hot"}}}

    async def test_listener_changes_wait_for_a_restart_while_hot_changes_apply(self):
        new_port = free_port()
        since = self.log_count()

        def change(config):
            config["gateway"]["port"] = new_port
            config["gateway"]["allowRealIpFallback"] = True
        self.edit_config(change)
        record = await self.wait_for_reload(since, "gateway.allowRealIpFallback")
        self.assertEqual(record["result"], "applied")
        warning = await self.wait_for_log(lambda r: r.get("msg", "").startswith("config change needs a gateway restart"),
                                          since)
        self.assertEqual(warning["level"], "warn")
        self.assertEqual(warning["restartPaths"], ["gateway.port"])
        self.assertEqual(self.healthz(), 200, "still on the old port")
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", new_port), timeout=2).close()


class SighupTest(ReloadTestCase):
    async def test_sighup_reloads_and_the_gateway_keeps_running(self):
        connection, _ = await self.connect_ok()
        since = self.log_count()
        self.process.send_signal(signal.SIGHUP)
        await self.wait_for_log(lambda r: r.get("msg") == "SIGHUP: reloading the config", since)
        self.assertEqual(self.healthz(), 200)
        health = await connection.call("health")
        self.assertTrue(health["ok"], "an unchanged config disturbs nobody")
        await connection.close()
        self.assertIsNone(self.process.poll())


if __name__ == "__main__":
    import unittest
    unittest.main()
