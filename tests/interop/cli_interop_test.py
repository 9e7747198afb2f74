"""Interop lane: the real OpenClaw CLI (npm package, run by openclaw-peer.sh) against our
`openclaw gateway run`, on loopback, with a state directory made by openclaw-provision.

What the real CLI sends here (recorded with tests/interop/logging_relay.py against the Node
gateway 2026.9.6): with --url on loopback plus --token it connects as client cli/cli (probe:
cli/probe) with the shared token and NO device block, requesting only the scope the method
needs (health: operator.read; devices list: operator.pairing; probe: operator.read).

Skipped, with the reason, when the peer script, npm or the npm packages are unavailable; run
directly (python3 cli_interop_test.py) the exit code is 77 when everything was skipped, which
ctest reports as "Skipped", never as "Passed".

Env: OPENCLAW_PEER (default /work/shared/tools/openclaw-peer.sh), OPENCLAW_BIN_DIR.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from harness import OPENCLAW, PROVISION, read_json  # noqa: E402

PEER = os.environ.get("OPENCLAW_PEER", "/work/shared/tools/openclaw-peer.sh")
CLI_TIMEOUT_S = 120
INSTALL_TIMEOUT_S = 900


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def peer_unavailable_reason():
    """None when the peer CLI can run; otherwise why not (the skip reason)."""
    if not os.access(PEER, os.X_OK):
        return f"OpenClaw peer script not found or not executable: {PEER} (set OPENCLAW_PEER)"
    try:
        install = subprocess.run([PEER, "install"], capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return f"{PEER} install did not finish within {INSTALL_TIMEOUT_S} s"
    if install.returncode != 0:
        last = (install.stderr.strip().splitlines() or ["no output"])[-1]
        return f"{PEER} install failed (npm unavailable or offline?): {last}"
    return None


class RealCliAgainstOurGateway(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        reason = peer_unavailable_reason()
        if reason:
            raise unittest.SkipTest(reason)
        cls.tmp = tempfile.mkdtemp(prefix="openclaw-interop-")
        cls.state = os.path.join(cls.tmp, "state")
        cls.port = free_port()
        cls.url = f"ws://127.0.0.1:{cls.port}"
        provisioned = subprocess.run([PROVISION, "apply", "--state-dir", cls.state, "--port", str(cls.port),
                                      "--bind", "loopback"], capture_output=True, text=True, timeout=60)
        if provisioned.returncode != 0:
            shutil.rmtree(cls.tmp, ignore_errors=True)
            raise AssertionError(f"openclaw-provision apply failed:\n{provisioned.stdout}{provisioned.stderr}")
        with open(os.path.join(cls.state, "credentials", "gateway-token"), encoding="utf-8") as handle:
            cls.token = handle.read().strip()
        cls.cli_device_id = read_json(os.path.join(cls.state, "identity", "device.json"))["deviceId"]
        cls.version = subprocess.run([OPENCLAW, "version"], capture_output=True, text=True,
                                     timeout=10).stdout.split()[-1]
        cls.log_path = os.path.join(cls.tmp, "gateway.log")
        cls.log = open(cls.log_path, "w", encoding="utf-8")
        env = {"PATH": "/usr/bin:/bin", "HOME": cls.tmp, "OPENCLAW_STATE_DIR": cls.state}
        cls.gateway = subprocess.Popen([OPENCLAW, "gateway", "run"], env=env, stdout=cls.log,
                                       stderr=subprocess.STDOUT)
        cls.wait_healthy()

    @classmethod
    def tearDownClass(cls):
        if cls.gateway.poll() is None:
            cls.gateway.terminate()
            try:
                cls.gateway.wait(timeout=10)
            except subprocess.TimeoutExpired:
                cls.gateway.kill()
                cls.gateway.wait()
        cls.log.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def wait_healthy(cls):
        deadline = time.time() + 15
        while time.time() < deadline:
            if cls.gateway.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{cls.port}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.05)
        cls.gateway.kill()
        cls.gateway.wait()
        with open(cls.log_path, encoding="utf-8") as handle:
            log = handle.read()
        shutil.rmtree(cls.tmp, ignore_errors=True)
        raise AssertionError(f"our gateway did not answer /healthz on port {cls.port}:\n{log[-2000:]}")

    def cli(self, *args):
        """Runs the real CLI with --json; returns (exit code, parsed stdout or None, redacted output)."""
        result = subprocess.run([PEER, "cli", *args, "--json"], capture_output=True, text=True,
                                timeout=CLI_TIMEOUT_S)
        output = f"exit {result.returncode}\nstdout:\n{result.stdout[-3000:]}\nstderr:\n{result.stderr[-2000:]}"
        output = output.replace(self.token, "<token>")
        try:
            parsed = json.loads(result.stdout)
        except ValueError:
            parsed = None
        return result.returncode, parsed, output

    def test_gateway_probe_connects_and_reports_our_version(self):
        # --port too, so the probe's "local loopback" target is this gateway as well and the
        # token goes nowhere else.
        code, report, output = self.cli("gateway", "probe", "--url", self.url, "--port", str(self.port),
                                        "--token", self.token)
        self.assertIsNotNone(report, output)
        self.assertTrue(report.get("ok"), output)
        ours = [t for t in report.get("targets", []) if t.get("url") == self.url]
        self.assertTrue(ours, f"no probe target for {self.url}:\n{output}")
        self.assertTrue(ours[0]["connect"]["ok"], output)
        self.assertEqual(ours[0]["server"]["version"], self.version, output)
        self.assertEqual(code, 0, output)

    def test_gateway_call_health(self):
        code, health, output = self.cli("gateway", "call", "health", "--url", self.url, "--token", self.token)
        self.assertEqual(code, 0, output)
        self.assertIsNotNone(health, output)
        self.assertIs(health.get("ok"), True, output)

    def test_devices_list_shows_the_provisioned_cli_device(self):
        code, devices, output = self.cli("devices", "list", "--url", self.url, "--token", self.token)
        self.assertEqual(code, 0, output)
        self.assertIsNotNone(devices, output)
        self.assertIsInstance(devices.get("pending"), list, output)
        paired_ids = [device.get("deviceId") for device in devices.get("paired", [])]
        self.assertIn(self.cli_device_id, paired_ids, output)


if __name__ == "__main__":
    program = unittest.main(exit=False, verbosity=2)
    result = program.result
    # A SkipTest from setUpClass counts one skip and no test run.
    everything_skipped = (bool(result.skipped) and not result.failures and not result.errors
                          and result.testsRun <= len(result.skipped))
    if everything_skipped:
        sys.exit(77)
    sys.exit(0 if result.wasSuccessful() else 1)
