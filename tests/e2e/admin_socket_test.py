"""The admin Unix socket (issue 4, operator-pain B1/B2): `<state>/gateway.sock`, mode 0600,
the same WebSocket protocol as the gateway port; root and the state directory's owner get
full operator scopes without a shared secret or pairing, so a pending device can always be
approved on the box. Other uids are refused; a stale socket file is replaced; the socket is
removed on shutdown."""

import asyncio
import json
import os
import signal
import socket
import stat
import subprocess
import unittest
import urllib.request
import uuid
from unittest import mock

import websockets

from gateway_harness import CLI_SCOPES, Connection, Device, GatewayTestCase, free_port
from harness import OPENCLAW, TempDirTestCase, read_json

REMOTE = {"X-Forwarded-For": "203.0.113.7"}
NOBODY = 65534

# Run as another uid: connects to the socket and says what happened.
PEER_SCRIPT = r"""
import asyncio, sys, websockets

async def main(path):
    try:
        ws = await websockets.unix_connect(path, "ws://localhost/", open_timeout=5)
    except Exception as error:
        print("refused", type(error).__name__)
        return
    try:
        frame = await asyncio.wait_for(ws.recv(), 5)
        print("served", frame)
    except Exception as error:
        print("closed", type(error).__name__)

asyncio.run(main(sys.argv[1]))
"""


class AdminSocketCase(GatewayTestCase):
    """Helpers to speak the gateway protocol over the admin socket."""

    def socket_path(self):
        return os.path.join(self.state, "gateway.sock")

    async def open_admin(self):
        ws = await websockets.unix_connect(self.socket_path(), "ws://localhost/", max_size=None, open_timeout=5,
                                           close_timeout=2)
        connection = Connection(ws)
        connection.challenge = await connection.recv()
        return connection

    async def connect_admin(self, **kwargs):
        """Opens the admin socket and sends connect (no credentials unless given)."""
        connection = await self.open_admin()
        params = self.connect_params(nonce=connection.challenge["payload"]["nonce"], **kwargs)
        request_id = str(uuid.uuid4())
        await connection.send({"type": "req", "id": request_id, "method": "connect", "params": params})
        return connection, await connection.response(request_id)

    def logged(self, message):
        return [line for line in self.log_lines if line.get("msg", "").startswith(message)]


class AdminSocketTest(AdminSocketCase):
    metrics_port = free_port()
    extra_config = {"gateway": {"trustedProxies": ["127.0.0.0/8"],
                                "metrics": {"enabled": True, "port": metrics_port}}}

    def metric(self, name):
        with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % self.metrics_port, timeout=5) as response:
            for line in response.read().decode().splitlines():
                if line.startswith(name + " "):
                    return float(line.split()[-1])
        return 0.0

    async def test_operator_without_credentials_gets_the_cli_scopes(self):
        info = os.lstat(self.socket_path())
        self.assertTrue(stat.S_ISSOCK(info.st_mode))
        self.assertEqual(stat.S_IMODE(info.st_mode), 0o600)
        self.assertEqual(self.logged("admin socket on unix:")[0]["path"], self.socket_path())

        connection, response = await self.connect_admin(scopes=[])
        self.assertTrue(response["ok"], response)
        hello = response["payload"]
        self.assertEqual(hello["type"], "hello-ok")
        self.assertEqual(hello["protocol"], 4)
        self.assertEqual(hello["auth"]["scopes"], CLI_SCOPES, "no scopes asked for: the CLI's defaults")
        self.assertEqual(hello["auth"]["method"], "admin-socket")
        self.assertNotIn("deviceToken", hello["auth"])
        self.assertEqual(hello["snapshot"]["stateDir"], self.state, "an admin sees the admin-only snapshot")
        health = await connection.call("health")
        self.assertTrue(health["ok"], health)
        await connection.close()

    async def test_scopes_asked_for_are_the_scopes_granted(self):
        connection, response = await self.connect_admin(scopes=["operator.read"])
        self.assertEqual(response["payload"]["auth"]["scopes"], ["operator.read"])
        listing = await connection.call("device.pair.list")
        self.assertEqual(listing["error"]["message"], "missing scope: operator.pairing")
        await connection.close()

    async def test_unpaired_client_approves_a_pending_remote_device(self):
        device = Device()
        remote, response = await self.connect(token=self.token, device=device, headers=REMOTE)
        self.assertEqual(response["error"]["details"]["code"], "PAIRING_REQUIRED")
        request_id = response["error"]["details"]["requestId"]
        await remote.closed()

        # The admin client brings its own (never paired) device identity: verified, not paired.
        cli_device = Device()
        admin, response = await self.connect_admin(device=cli_device)
        self.assertTrue(response["ok"], response)
        listing = await admin.call("device.pair.list")
        self.assertEqual([p["requestId"] for p in listing["payload"]["pending"]], [request_id])
        approved = await admin.call("device.pair.approve", {"requestId": request_id})
        self.assertTrue(approved["ok"], approved)
        self.assertEqual(approved["payload"]["device"]["deviceId"], device.device_id)
        await admin.close()

        paired = read_json(os.path.join(self.state, "devices", "paired.json"))
        self.assertIn(device.device_id, paired)
        self.assertNotIn(cli_device.device_id, paired, "the admin socket never pairs its client")
        pending = read_json(os.path.join(self.state, "devices", "pending.json"))
        self.assertEqual(pending, {})
        connection, hello = await self.connect_ok(device=device, headers=REMOTE)
        self.assertIn("deviceToken", hello["auth"])
        await connection.close()

    async def test_a_forged_device_identity_is_still_refused(self):
        device = Device()
        connection = await self.open_admin()
        params = self.connect_params(nonce="not-the-challenge", device=device)
        await connection.send({"type": "req", "id": "c1", "method": "connect", "params": params})
        response = await connection.response("c1")
        self.assertEqual(response["error"]["details"]["code"], "DEVICE_AUTH_NONCE_MISMATCH")
        self.assertEqual((await connection.closed())[0], 1008)

    async def test_node_role_is_refused(self):
        connection, response = await self.connect_admin(role="node", scopes=[],
                                                        client={"id": "node-host", "version": "1", "platform": "linux",
                                                                "mode": "node"})
        self.assertFalse(response["ok"])
        self.assertEqual(response["error"]["code"], "INVALID_REQUEST")
        self.assertIn("not allowed on the admin socket", response["error"]["message"])
        self.assertEqual((await connection.closed())[0], 1008)

    async def test_the_handshake_rules_still_apply(self):
        connection = await self.open_admin()
        self.assertEqual(connection.challenge["event"], "connect.challenge")
        params = self.connect_params(nonce=connection.challenge["payload"]["nonce"], min_protocol=5, max_protocol=6)
        await connection.send({"type": "req", "id": "c1", "method": "connect", "params": params})
        self.assertEqual((await connection.response("c1"))["error"]["message"], "protocol mismatch")
        self.assertEqual((await connection.closed())[0], 1002)

    @unittest.skipUnless(os.geteuid() == 0, "needs root to run a client under another uid")
    async def test_a_peer_of_another_uid_is_refused_logged_once_and_counted(self):
        # Open the way up to the socket so only the peer-credential check stands in the way.
        for path in (self.tmp, self.state):
            os.chmod(path, 0o711)
        os.chmod(self.socket_path(), 0o666)

        def run_peer(*prefix):
            result = subprocess.run([*prefix, "/usr/bin/python3", "-c", PEER_SCRIPT, self.socket_path()],
                                    capture_output=True, text=True, timeout=30)
            self.assertEqual(result.returncode, 0, result.stderr)
            return result.stdout.strip()

        as_nobody = ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups"]
        before = self.metric('openclaw_auth_failures_total{reason="admin_socket_peer_uid"}')
        for _ in range(2):
            outcome = await asyncio.to_thread(run_peer, *as_nobody)
            self.assertTrue(outcome.startswith("refused"), outcome)
        self.assertTrue((await asyncio.to_thread(run_peer)).startswith("served"), "root is let in")

        warnings = [line for line in self.logged("admin socket: refused") if line.get("uid") == NOBODY]
        self.assertEqual(len(warnings), 1, "logged once per uid: %r" % warnings)
        self.assertEqual(warnings[0]["level"], "warn")
        self.assertIn("pid", warnings[0])
        after = self.metric('openclaw_auth_failures_total{reason="admin_socket_peer_uid"}')
        self.assertEqual(after - before, 2)

    async def test_socket_is_removed_on_sigterm(self):
        # A served connection first: the gateway's signal handler is installed by then.
        connection, response = await self.connect_admin()
        self.assertTrue(response["ok"], response)
        await connection.close()
        self.assertTrue(os.path.exists(self.socket_path()))
        self.assertEqual(self.stop_gateway(), 0)
        self.assertFalse(os.path.exists(self.socket_path()))


class AdminSocketLifecycleTest(AdminSocketCase):
    """A socket file left by a gateway that died (nobody accepting) is replaced at startup; a
    live one (a second gateway on the same state directory) is an error."""

    def before_start(self):
        stale = socket.socket(socket.AF_UNIX)
        stale.bind(self.socket_path())
        stale.close()  # the file stays, nobody listens
        self.stale_mode = stat.S_IMODE(os.lstat(self.socket_path()).st_mode)

    async def test_stale_socket_is_replaced(self):
        self.assertNotEqual(self.stale_mode, 0o600)
        self.assertEqual(stat.S_IMODE(os.lstat(self.socket_path()).st_mode), 0o600)
        self.assertTrue(self.logged("replaced a stale admin socket"))
        connection, response = await self.connect_admin()
        self.assertTrue(response["ok"], response)
        await connection.close()

    async def test_after_sigkill_the_next_gateway_takes_over(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.stop_gateway()  # collects the dead process's output
        self.assertTrue(os.path.exists(self.socket_path()), "a killed gateway cannot clean up")
        self.start_gateway()
        connection, response = await self.connect_admin()
        self.assertTrue(response["ok"], response)
        await connection.close()

    async def test_a_second_gateway_on_the_same_state_dir_is_refused(self):
        env = {"PATH": "/usr/bin:/bin", "HOME": self.tmp, "OPENCLAW_STATE_DIR": self.state}
        second = subprocess.run([OPENCLAW, "gateway", "run", "--port", str(free_port())], env=env,
                                capture_output=True, text=True, timeout=30)
        self.assertEqual(second.returncode, 1, second.stdout + second.stderr)
        self.assertIn("another gateway is already serving the admin socket " + self.socket_path(),
                      second.stdout + second.stderr)
        # The first gateway keeps its socket.
        connection, response = await self.connect_admin()
        self.assertTrue(response["ok"], response)
        await connection.close()


class LongStatePathTest(AdminSocketCase):
    """A state directory whose socket path does not fit sockaddr_un: warned, TCP still served."""

    def setUp(self):
        original = TempDirTestCase.setUp

        def long_state(test):
            original(test)
            test.state = os.path.join(test.tmp, "s" * 100)

        with mock.patch.object(TempDirTestCase, "setUp", long_state):
            super().setUp()

    async def test_gateway_runs_without_the_socket_and_says_why(self):
        warning = self.logged("the admin socket path is too long")
        self.assertEqual(len(warning), 1, self.logs_text())
        self.assertEqual(warning[0]["path"], self.socket_path())
        self.assertEqual(warning[0]["length"], len(self.socket_path()))
        self.assertFalse(os.path.exists(self.socket_path()))
        connection, _ = await self.connect_ok()
        await connection.close()


if __name__ == "__main__":
    unittest.main()
