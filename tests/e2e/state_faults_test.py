"""The state directory fails under the running gateway (issue 7): the disk fills up (a small
tmpfs as the state directory) or turns read-only (remounted ro). Writes — a pairing
approval, config.set and `openclaw config set`, a chat's transcript lines — fail with an
error that names the file and the condition, every file keeps its previous bytes, reads keep
working (health, status, /healthz, devices list), /readyz says not ready and why, and the
metrics show it (openclaw_state_writable 0, openclaw_state_write_failures_total{store}).
Once space returns (or the mount is writable again) readiness recovers by itself and the
next write succeeds.

Needs root (mount); skipped with the reason otherwise."""

import json
import os
import subprocess
import tempfile
import time
import urllib.request
import uuid

from fake_upstream import FakeUpstream
from gateway_harness import Device, GatewayTestCase, free_port

REMOTE = {"X-Forwarded-For": "203.0.113.7"}
TMPFS_SIZE = "4m"


def can_mount():
    """None when this process may mount a tmpfs, else why not."""
    if os.geteuid() != 0:
        return "needs root to mount a tmpfs as the state directory"
    probe_dir = tempfile.mkdtemp(prefix="openclaw-mount-probe-")
    try:
        probe = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe_dir],
                               capture_output=True, text=True)
        if probe.returncode != 0:
            return "cannot mount a tmpfs here: " + probe.stderr.strip()
        subprocess.run(["umount", probe_dir], capture_output=True)
        return None
    finally:
        os.rmdir(probe_dir)


class StateFaultsTest(GatewayTestCase):
    def setUp(self):
        reason = can_mount()
        if reason:
            self.skipTest(reason)
        self.fake = FakeUpstream()
        self.fake.start()
        self.addCleanup(self.fake.stop)
        self.metrics_port = free_port()
        self.extra_config = {
            "gateway": {"trustedProxies": ["127.0.0.0/8"], "metrics": {"enabled": True, "port": self.metrics_port}},
            # The log goes elsewhere: this test is about the stores, not the log.
            "logging": {"file": "LOGFILE"},
            "models": {"providers": {"fake": {"baseUrl": self.fake.base_url, "api": "openai-completions",
                                              "models": [{"id": "echo"}]}}},
            "agents": {"defaults": {"model": {"primary": "fake/echo"}}},
        }
        self.mounted = False
        super().setUp()

    def merge_config(self, patch):
        patch["logging"]["file"] = os.path.join(self.tmp, "gateway.log")
        super().merge_config(patch)

    def before_start(self):
        pass

    def setup_state_dir(self):
        """Moves the provisioned state directory onto a fresh tmpfs of TMPFS_SIZE."""
        staged = self.state + ".staged"
        os.rename(self.state, staged)
        os.mkdir(self.state, 0o700)
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%s,mode=0700" % TMPFS_SIZE, "tmpfs", self.state],
                       check=True)
        self.mounted = True
        subprocess.run(["cp", "-a", staged + "/.", self.state], check=True)

    def tearDown(self):
        self.stop_gateway()
        if self.mounted:
            subprocess.run(["umount", "-l", self.state], capture_output=True)
        super().tearDown()

    # GatewayTestCase provisions, then calls before_start; the tmpfs goes in between.
    def start_gateway(self, *args):
        if not self.mounted:
            self.setup_state_dir()
        super().start_gateway(*args)

    # ------------------------------------------------------------------ helpers

    def path(self, *parts):
        return os.path.join(self.state, *parts)

    def snapshot(self):
        """{relative path: bytes} of every regular file in the state directory."""
        files = {}
        for directory, _, names in os.walk(self.state):
            for name in names:
                full = os.path.join(directory, name)
                if os.path.isfile(full) and not os.path.islink(full):
                    with open(full, "rb") as handle:
                        files[os.path.relpath(full, self.state)] = handle.read()
        return files

    def fill_disk(self):
        """Fills the tmpfs to the last byte with one file; returns its path."""
        filler = self.path("filler.bin")
        with open(filler, "wb", buffering=0) as handle:
            for size in (1 << 20, 1 << 16, 1 << 12, 1 << 8, 1):
                try:
                    while True:
                        handle.write(b"\0" * size)
                except OSError:
                    continue
        return filler

    def readyz(self):
        status, _, body = self.http("/readyz")
        return status, json.loads(body)

    def metrics(self):
        with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % self.metrics_port, timeout=5) as response:
            return response.read().decode()

    def metric(self, text, line_prefix):
        for line in text.splitlines():
            if line.startswith(line_prefix + " "):
                return float(line.split()[-1])
        self.fail("no metric %s in:\n%s" % (line_prefix, text))

    async def request_pairing(self):
        device = Device()
        connection, response = await self.connect(token=self.token, device=device, headers=REMOTE)
        self.assertEqual(response["error"]["details"]["code"], "PAIRING_REQUIRED", response)
        await connection.closed()
        return device, response["error"]["details"]["requestId"]

    async def chat(self, connection, message, session="main"):
        run_id = str(uuid.uuid4())
        ack = await connection.call("chat.send", {"sessionKey": session, "message": message,
                                                  "idempotencyKey": run_id})
        if not ack["ok"]:
            return ack
        while True:
            frame = await connection.recv(15)
            payload = frame.get("payload") or {}
            if frame.get("event") == "chat" and payload.get("runId") == run_id and \
                    payload.get("state") in ("final", "error", "aborted"):
                return payload

    async def config_set(self, connection, key, value):
        snapshot = (await connection.call("config.get", {}))["payload"]
        config = json.loads(snapshot["raw"])
        config.setdefault("ui", {})[key] = value
        return await connection.call("config.set", {"raw": json.dumps(config), "baseHash": snapshot["hash"]})

    async def wait_ready(self, seconds=10):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            status, body = self.readyz()
            if status == 200:
                return body
            time.sleep(0.2)
        self.fail("/readyz did not recover: %r" % (self.readyz(),))

    async def assert_reads_work(self, admin):
        self.assertEqual(self.http("/healthz")[0], 200)
        health = await admin.call("health")
        self.assertTrue(health["ok"], health)
        status = await admin.call("status")
        self.assertTrue(status["ok"], status)
        listing = self.cli("devices", "list", "--json")
        self.assertEqual(listing.returncode, 0, listing.stdout + listing.stderr)
        self.assertIn("paired", json.loads(listing.stdout))
        history = await admin.call("chat.history", {"sessionKey": "main"})
        self.assertTrue(history["ok"], history)

    async def check_writes_fail_and_recover(self, condition, code, break_it, repair_it):
        admin, _ = await self.connect_ok()
        first = await self.chat(admin, "before the fault")
        self.assertEqual(first["state"], "final", first)
        device, request_id = await self.request_pairing()
        status, body = self.readyz()
        self.assertEqual((status, body["ready"]), (200, True), body)
        self.assertNotIn("state", body)
        before = self.snapshot()

        break_it()
        broken = self.snapshot()

        approved = await admin.call("device.pair.approve", {"requestId": request_id})
        self.assertFalse(approved["ok"], approved)
        self.assertIn("paired.json", approved["error"]["message"])
        self.assertIn(condition, approved["error"]["message"])

        refused = await self.config_set(admin, "faultSeq", 1)
        self.assertFalse(refused["ok"], refused)
        self.assertIn("openclaw.json", refused["error"]["message"])
        self.assertIn(condition, refused["error"]["message"])

        cli = self.cli("config", "set", "ui.cliSeq", "1")
        self.assertNotEqual(cli.returncode, 0, cli.stdout)
        self.assertIn(condition, cli.stdout + cli.stderr)

        # Longer than a page: an append that fits in the slack of the file's last block would
        # succeed even on a full disk, rightly.
        answer = await self.chat(admin, "during the fault " + "x" * 10000)
        self.assertEqual(answer.get("state"), "error", answer)
        self.assertIn(".jsonl", answer["errorMessage"])
        self.assertIn(condition, answer["errorMessage"])

        after = self.snapshot()
        self.assertEqual(set(after), set(broken), "no file appeared or vanished (no temporaries left)")
        for name, content in broken.items():
            self.assertEqual(after[name], content, "%s changed although every write failed" % name)
        for name in ("openclaw.json", "devices/paired.json", "devices/pending.json"):
            self.assertEqual(after[name], before[name], name)

        await self.assert_reads_work(admin)
        status, body = self.readyz()
        self.assertEqual(status, 503, "%r\n%s" % (body, self.logs_text()[-3000:]))
        self.assertIs(body["ready"], False)
        self.assertEqual(body["state"]["writable"], False)
        self.assertEqual(body["state"]["code"], code)
        self.assertIn(condition, body["state"]["reason"])
        metrics = self.metrics()
        self.assertEqual(self.metric(metrics, "openclaw_state_writable"), 0)
        self.assertGreaterEqual(self.metric(metrics, 'openclaw_state_write_failures_total{store="devices"}'), 1)
        self.assertGreaterEqual(self.metric(metrics, 'openclaw_state_write_failures_total{store="config"}'), 1)
        self.assertGreaterEqual(self.metric(metrics, 'openclaw_state_write_failures_total{store="transcripts"}'), 1)

        repair_it()
        started = time.monotonic()
        body = await self.wait_ready()
        recovered = time.monotonic() - started
        self.assertNotIn("state", body)
        self.assertEqual(self.metric(self.metrics(), "openclaw_state_writable"), 1)
        approved = await admin.call("device.pair.approve", {"requestId": request_id})
        self.assertTrue(approved["ok"], approved)
        with open(self.path("devices", "paired.json"), encoding="utf-8") as handle:
            self.assertIn(device.device_id, json.load(handle))
        self.assertTrue((await self.config_set(admin, "faultSeq", 2))["ok"])
        answer = await self.chat(admin, "after the fault")
        self.assertEqual(answer["state"], "final", answer)
        await admin.close()
        return recovered

    # ------------------------------------------------------------------ tests

    async def test_disk_full(self):
        filler = []
        recovered = await self.check_writes_fail_and_recover(
            "No space left on device", "ENOSPC", lambda: filler.append(self.fill_disk()),
            lambda: os.unlink(filler[0]))
        print("disk full: ready again %.1f s after space returned" % recovered)

    async def test_read_only_state_dir(self):
        def remount(mode):
            subprocess.run(["mount", "-o", "remount,%s" % mode, self.state], check=True)

        recovered = await self.check_writes_fail_and_recover(
            "Read-only file system", "EROFS", lambda: remount("ro"), lambda: remount("rw"))
        print("read-only: ready again %.1f s after the remount" % recovered)


if __name__ == "__main__":
    import unittest
    unittest.main()
