"""`openclaw logs` against a real gateway (spec §2.3 logs.tail): recent lines as text and as
upstream's typed JSON lines, and --follow that sees new lines, keeps going across log
rotations (a small logging.maxFileBytes) without repeating or losing a line, and exits 0 on
Ctrl-C."""

import json
import os
import queue
import signal
import subprocess
import threading
import time

from gateway_harness import GatewayTestCase
from harness import OPENCLAW

ROTATE_AT = 4096  # holds the startup lines, so "ready" is still in the current file


class LogsCliTest(GatewayTestCase):
    extra_config = {"logging": {"maxFileBytes": ROTATE_AT}}

    def log_path(self, suffix=""):
        return os.path.join(self.state, "logs", "gateway.log" + suffix)

    async def connection_id(self):
        """Opens and closes one connection; the gateway logs its connId ("connected" and
        "disconnected"), which the test uses as a marker it knows in advance of the log."""
        connection, hello = await self.connect_ok()
        await connection.close()
        return hello["server"]["connId"]

    def test_recent_lines_as_text_and_json(self):
        result = self.cli("logs", "--limit", "50")
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertEqual(lines[0], "Log file: %s" % self.log_path())
        ready = [line for line in lines if " gateway: ready" in line]
        self.assertTrue(ready, result.stdout)
        self.assertRegex(ready[0], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info gateway: ready( \S+=\S+)*")

        limited = self.cli("logs", "--limit", "1")
        self.assertEqual(len(limited.stdout.splitlines()), 2, limited.stdout)

        records = [json.loads(line) for line in self.cli("logs", "--json", "--limit", "50").stdout.splitlines()]
        self.assertEqual(records[0]["type"], "meta")
        self.assertEqual(records[0]["file"], self.log_path())
        logs = [record for record in records if record["type"] == "log"]
        self.assertIn("ready", [record["message"] for record in logs])
        self.assertTrue(all(json.loads(record["raw"])["msg"] == record["message"] for record in logs))

        bad = self.cli("logs", "--limit", "0")
        self.assertEqual(bad.returncode, 2)
        self.assertIn("--limit must be an integer from 1 to 5000", bad.stderr)

    def test_unreachable_gateway_fails(self):
        self.stop_gateway()
        result = self.cli("logs")
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stdout, "", "nothing that looks like log output")

    async def test_follow_sees_new_lines_across_rotations_and_stops_on_ctrl_c(self):
        follower = subprocess.Popen([OPENCLAW, "logs", "--follow", "--interval", "100", "--limit", "5"],
                                    env=self.cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines = queue.Queue()
        reader = threading.Thread(target=lambda: [lines.put(line) for line in follower.stdout], daemon=True)
        reader.start()
        seen = []

        def wait_for(marker, timeout=20):
            deadline = time.time() + timeout
            while time.time() < deadline:
                if any(marker in line for line in seen):
                    return
                try:
                    seen.append(lines.get(timeout=0.2))
                except queue.Empty:
                    pass
            self.fail("never saw %r in: %s" % (marker, "".join(seen[-20:])))

        try:
            self.assertTrue(lines.get(timeout=20).startswith("Log file: "))
            markers = []
            # Enough connections to rotate the 2 KiB file several times.
            for _ in range(12):
                markers.append(await self.connection_id())
                wait_for("connId=" + markers[-1])
            self.assertTrue(os.path.exists(self.log_path(".1")), "the log rotated during the follow")
            for marker in markers:
                wait_for("disconnected clientId=cli connId=" + marker)

            for marker in markers:
                connected = [line for line in seen if "gateway: connected" in line and "connId=" + marker in line]
                self.assertEqual(len(connected), 1, "each line exactly once across rotations: %s" % marker)
            self.assertEqual(follower.poll(), None, "still following")

            follower.send_signal(signal.SIGINT)
            self.assertEqual(follower.wait(timeout=10), 0)
            self.assertIn("Log cursor reset (file rotated).", follower.stderr.read())
        finally:
            if follower.poll() is None:
                follower.kill()
                follower.wait()
            follower.stdout.close()
            follower.stderr.close()
