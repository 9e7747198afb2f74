"""The operator CLI's gateway client end to end (issue 4): `openclaw gateway call`, `health`
and `gateway health` against a real gateway, finding it from the state directory alone or
through --url/--token, the errors an operator sees (wrong token, nothing listening, a
gateway that never answers), stored device tokens in identity/device-auth.json and the one
fast retry with them after the shared token changed."""

import asyncio
import json
import os
import socket
import stat
import subprocess
import threading
import time

import websockets

from gateway_harness import GatewayTestCase, free_port
from harness import OPENCLAW, TempDirTestCase, read_json


class CliClientTest(GatewayTestCase):
    """A provisioned box: the gateway's token in the config and, as openclaw-provision leaves
    it, an owner device token for the CLI in identity/device-auth.json."""

    def device_auth_path(self):
        return os.path.join(self.state, "identity", "device-auth.json")

    def forget_device_tokens(self):
        """A CLI that holds no device token (never paired, or its token file was removed)."""
        os.unlink(self.device_auth_path())

    def logged(self, message, settle=2.0):
        """Log records with `message`, once the gateway's log has caught up with the CLI."""
        deadline = time.monotonic() + settle
        while True:
            records = [line for line in self.log_lines if line.get("msg") == message]
            if records or time.monotonic() > deadline:
                return records
            time.sleep(0.05)

    def test_the_admin_socket_serves_an_unpaired_cli_without_credentials(self):
        if not os.path.exists(os.path.join(self.state, "gateway.sock")):
            self.skipTest("this gateway build has no admin socket")
        self.forget_device_tokens()
        env = self.cli_env(OPENCLAW_GATEWAY_TOKEN="not-the-gateway-token")
        result = self.cli("health", "--verbose", env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Connected to unix:%s (protocol 4" % os.path.join(self.state, "gateway.sock"), result.stdout)
        self.assertEqual(self.logged("connect rejected", settle=0.2), [], "no credential was tried and refused")

    def test_gateway_call_health_finds_the_local_gateway_without_flags(self):
        result = self.cli("gateway", "call", "health")
        self.assertEqual(result.returncode, 0, result.stderr)
        payload = json.loads(result.stdout)
        self.assertIs(payload["ok"], True)
        self.assertEqual(payload["defaultAgentId"], "main")
        self.assertNotIn(self.token, result.stdout + result.stderr)

    def test_the_token_from_the_config_is_used_over_ws(self):
        # OPENCLAW_GATEWAY_URL is not a flag: the credentials still come from the config.
        self.forget_device_tokens()
        env = self.cli_env(OPENCLAW_GATEWAY_URL=self.url)
        result = self.cli("health", "--verbose", env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Connected to %s (protocol 4" % self.url, result.stdout)
        self.assertRegex(result.stdout, r"(?m)^Gateway: ok \(\d+ms\)$")
        self.assertIn("Agents: main (default)", result.stdout)
        self.assertIn("Session store (main): ", result.stdout)
        self.assertFalse(os.path.exists(self.device_auth_path()), "a device-less connect gets no device token")

    def test_a_stale_admin_socket_falls_back_to_the_port(self):
        path = os.path.join(self.state, "gateway.sock")
        if os.path.exists(path):
            os.rename(path, path + ".live")  # the gateway keeps serving the renamed socket
        stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        stale.bind(path)
        stale.close()  # the file stays, nobody accepts: connect() is refused
        result = self.cli("health", "--verbose")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Connected to ws://127.0.0.1:%d" % self.port, result.stdout)
        os.unlink(path)
        if os.path.exists(path + ".live"):
            os.rename(path + ".live", path)

    def test_explicit_url_and_token(self):
        self.forget_device_tokens()
        result = self.cli("gateway", "call", "health", "--url", self.url, "--token", self.token, "--json")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIs(json.loads(result.stdout)["ok"], True)

        missing = self.cli("gateway", "call", "health", "--url", self.url)
        self.assertEqual(missing.returncode, 1, "an explicit --url does not borrow the config's token")
        self.assertIn("AUTH_TOKEN_MISSING", missing.stderr)

    def test_wrong_token_names_the_mismatch_without_printing_the_token(self):
        self.forget_device_tokens()
        wrong = "wrong-token-do-not-print-0123456789"
        result = self.cli("gateway", "call", "health", "--url", self.url, "--token", wrong)
        self.assertEqual(result.returncode, 1)
        self.assertIn("AUTH_TOKEN_MISMATCH", result.stderr)
        self.assertIn("gateway closed the connection (1008 unauthorized: gateway token mismatch", result.stderr)
        self.assertNotIn(wrong, result.stdout + result.stderr)
        self.assertNotIn(self.token, result.stdout + result.stderr)

        as_json = self.cli("gateway", "call", "health", "--url", self.url, "--token", wrong, "--json")
        self.assertEqual(as_json.returncode, 1)
        error = json.loads(as_json.stdout)["error"]
        self.assertEqual(error["details"]["code"], "AUTH_TOKEN_MISMATCH")
        self.assertEqual(error["closeCode"], 1008)
        self.assertNotIn(wrong, as_json.stdout)

    def test_one_fast_retry_with_the_stored_device_token_after_the_shared_token_changed(self):
        # The operator's shell still exports the token from before a rotation.
        env = self.cli_env(OPENCLAW_GATEWAY_URL=self.url, OPENCLAW_GATEWAY_TOKEN="stale-shared-token-0123456789")
        result = self.cli("gateway", "call", "health", env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIs(json.loads(result.stdout)["ok"], True)
        rejected = self.logged("connect rejected")
        self.assertEqual(len(rejected), 1, "exactly one refused attempt before the retry: %r" % rejected)
        self.assertIn("gateway token mismatch", rejected[0]["error"])

        # Without the stored token the stale shared token is simply wrong.
        self.forget_device_tokens()
        again = self.cli("gateway", "call", "health", env=env)
        self.assertEqual(again.returncode, 1)
        self.assertIn("AUTH_TOKEN_MISMATCH", again.stderr)

    def test_a_rejected_stored_device_token_is_forgotten(self):
        store = read_json(self.device_auth_path())
        store["tokens"]["operator"]["token"] = "x" * 43
        with open(self.device_auth_path(), "w", encoding="utf-8") as handle:
            json.dump(store, handle)
        result = self.cli("gateway", "call", "health", "--url", self.url, "--token", "stale-shared-token")
        self.assertEqual(result.returncode, 1)
        self.assertIn("AUTH_DEVICE_TOKEN_MISMATCH", result.stderr)
        self.assertNotIn("operator", read_json(self.device_auth_path())["tokens"])

    def test_rpc_errors_exit_1_with_the_gateway_error(self):
        result = self.cli("gateway", "call", "no.such.method", "--params", "{}")
        self.assertEqual(result.returncode, 1)
        self.assertIn("unknown method: no.such.method", result.stderr)
        usage = self.cli("gateway", "call", "health", "--params", "{not json")
        self.assertEqual(usage.returncode, 2)
        self.assertIn("--params is not valid JSON", usage.stderr)

    def test_nothing_listening_fails_fast(self):
        port = free_port()
        started = time.monotonic()
        result = self.cli("gateway", "call", "health", "--url", "ws://127.0.0.1:%d" % port, "--token", "t")
        self.assertLess(time.monotonic() - started, 5)
        self.assertEqual(result.returncode, 1)
        self.assertIn("gateway not reachable at ws://127.0.0.1:%d (connection refused)" % port, result.stderr)

    def test_timeout_bounds_a_gateway_that_never_answers(self):
        silent = socket.socket()
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)  # the kernel completes TCP; nothing ever answers the upgrade
        self.addCleanup(silent.close)
        url = "ws://127.0.0.1:%d" % silent.getsockname()[1]
        started = time.monotonic()
        result = self.cli("health", "--url", url, "--token", "t", "--timeout", "700")
        elapsed = time.monotonic() - started
        self.assertEqual(result.returncode, 1)
        self.assertIn("gateway timeout after 700ms at %s" % url, result.stderr)
        self.assertGreater(elapsed, 0.6)
        self.assertLess(elapsed, 5)

    def test_health_json_is_the_health_summary(self):
        summary = self.cli_json("health")
        self.assertIs(summary["ok"], True)
        self.assertEqual([agent["agentId"] for agent in summary["agents"]], ["main"])
        gateway_health = self.cli("gateway", "health")
        self.assertEqual(gateway_health.returncode, 0, gateway_health.stderr)
        self.assertRegex(gateway_health.stdout, r"^Gateway: ok \(\d+ms\)\n")


class DeviceTokenTest(GatewayTestCase):
    """With auth mode none the CLI must sign with its device identity (a device-less CLI is
    refused), and the gateway hands the paired device its token, which the CLI keeps."""

    extra_config = {"gateway": {"auth": {"mode": "none"}}}

    def test_device_auth_json_is_written_0600_when_a_device_token_is_issued(self):
        path = os.path.join(self.state, "identity", "device-auth.json")
        os.unlink(path)  # the provisioner's copy: this test wants the CLI's own
        result = self.cli("gateway", "call", "health", "--url", self.url)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        store = read_json(path)
        identity = read_json(os.path.join(self.state, "identity", "device.json"))
        self.assertEqual(store["version"], 1)
        self.assertEqual(store["deviceId"], identity["deviceId"])
        entry = store["tokens"]["operator"]
        paired = read_json(os.path.join(self.state, "devices", "paired.json"))[store["deviceId"]]
        self.assertEqual(entry["token"], paired["tokens"]["operator"]["token"])
        self.assertNotIn(entry["token"], result.stdout + result.stderr)
        self.assertEqual(entry["role"], "operator")
        self.assertEqual(entry["scopes"], sorted(set(entry["scopes"])))
        self.assertIn("operator.admin", entry["scopes"])
        self.assertIsInstance(entry["updatedAtMs"], int)


class TlsClientTest(GatewayTestCase):
    """gateway.tls.enabled: the port speaks wss with a self-signed certificate the gateway made
    in <state>/gateway/tls/. On the box the CLI pins that certificate; elsewhere it verifies
    the chain against a CA bundle (SSL_CERT_FILE) with the host name."""

    extra_config = {"gateway": {"tls": {"enabled": True, "autoGenerate": True}}}

    def cert_path(self):
        return os.path.join(self.state, "gateway", "tls", "gateway-cert.pem")

    def wss(self, host="127.0.0.1"):
        return "wss://%s:%d" % (host, self.port)

    def test_the_local_certificate_is_pinned(self):
        result = self.cli("health", "--verbose", "--url", self.wss(), "--token", self.token)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Connected to %s" % self.wss(), result.stdout)

        plain = self.cli("gateway", "call", "health", "--url", "ws://127.0.0.1:%d" % self.port, "--token", self.token)
        self.assertEqual(plain.returncode, 1, "ws:// to a TLS port")
        self.assertIn("gateway not reachable at ws://127.0.0.1:%d" % self.port, plain.stderr)

    def test_a_certificate_that_is_not_the_pinned_one_is_refused(self):
        # The gateway keeps serving the certificate it loaded; the file now holds another one.
        other_key = os.path.join(self.tmp, "other-key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", other_key, "-out", self.cert_path(), "-subj", "/CN=other", "-days", "1"],
                       check=True, capture_output=True)
        result = self.cli("gateway", "call", "health", "--url", self.wss(), "--token", self.token)
        self.assertEqual(result.returncode, 1)
        self.assertIn("TLS certificate fingerprint mismatch", result.stderr)

    def test_away_from_the_box_the_chain_and_host_name_are_verified(self):
        elsewhere = os.path.join(self.tmp, "operator-laptop")
        os.makedirs(elsewhere)
        env = {"PATH": "/usr/bin:/bin", "HOME": self.tmp, "OPENCLAW_STATE_DIR": elsewhere}
        trusted = dict(env, SSL_CERT_FILE=self.cert_path())
        result = self.cli("gateway", "call", "health", "--url", self.wss("localhost"), "--token", self.token,
                          env=trusted)
        self.assertEqual(result.returncode, 0, result.stderr)

        empty_bundle = os.path.join(self.tmp, "empty-bundle.pem")
        other_key = os.path.join(self.tmp, "ca-key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", other_key, "-out", empty_bundle, "-subj", "/CN=unrelated-ca", "-days", "1"],
                       check=True, capture_output=True)
        untrusted = self.cli("gateway", "call", "health", "--url", self.wss("localhost"), "--token", self.token,
                             env=dict(env, SSL_CERT_FILE=empty_bundle))
        self.assertEqual(untrusted.returncode, 1)
        self.assertIn("TLS handshake failed: certificate", untrusted.stderr)

        missing = self.cli("gateway", "call", "health", "--url", self.wss("localhost"), "--token", self.token,
                           env=dict(env, SSL_CERT_FILE=os.path.join(self.tmp, "no-such-bundle.pem")))
        self.assertEqual(missing.returncode, 1)
        self.assertIn("cannot load the CA bundle", missing.stderr)


class FakeGateway:
    """A scripted gateway on a loopback port (its own thread and event loop): sends
    connect.challenge, records the connect request, answers hello-ok, then answers each
    method with the frames `script[method]` returns."""

    def __init__(self, script):
        self.script = script
        self.requests = []
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        self.ready.wait(5)
        self.url = "ws://127.0.0.1:%d" % self.port

    def _run(self):
        asyncio.set_event_loop(self.loop)

        async def start():
            self.server = await websockets.serve(self._serve, "127.0.0.1", 0)
            self.port = self.server.sockets[0].getsockname()[1]
            self.ready.set()
        self.loop.run_until_complete(start())
        self.loop.run_forever()

    async def _serve(self, ws, *_):
        await ws.send(json.dumps({"type": "event", "event": "connect.challenge",
                                  "payload": {"nonce": "fake-nonce", "ts": int(time.time() * 1000)}}))
        connect = json.loads(await ws.recv())
        self.requests.append(connect)
        await ws.send(json.dumps({"type": "res", "id": connect["id"], "ok": True,
                                  "payload": {"type": "hello-ok", "protocol": 3, "server": {"version": "fake"}}}))
        async for text in ws:
            request = json.loads(text)
            self.requests.append(request)
            for frame in self.script[request["method"]](request):
                if frame == "close-1012":
                    await ws.close(1012, "service restart")
                    return
                await ws.send(json.dumps(frame))

    def stop(self):
        async def shutdown():
            self.server.close()
            await self.server.wait_closed()
        asyncio.run_coroutine_threadsafe(shutdown(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


def agent_answers(request):
    accepted = {"type": "res", "id": request["id"], "ok": True,
                "payload": {"runId": "r1", "status": "accepted", "acceptedAt": 1}}
    tick = {"type": "event", "event": "tick", "payload": {"ts": 2}, "seq": 1}
    final = {"type": "res", "id": request["id"], "ok": True,
             "payload": {"runId": "r1", "status": "ok", "summary": "completed"}}
    return [accepted, tick, final]


class FakeGatewayTest(TempDirTestCase):
    """Protocol details no real method of ours exercises: the agent RPC's two responses,
    events between them, a close after hello-ok, and what the connect request carries."""

    def setUp(self):
        super().setUp()
        self.gateway = FakeGateway({"agent": agent_answers, "restart": lambda request: ["close-1012"]})
        self.addCleanup(self.gateway.stop)
        self.env = {"PATH": "/usr/bin:/bin", "HOME": self.tmp, "OPENCLAW_STATE_DIR": self.state}

    def call(self, *args):
        return subprocess.run([OPENCLAW, "gateway", "call", *args, "--url", self.gateway.url, "--token", "t"],
                              env=self.env, capture_output=True, text=True, timeout=30)

    def test_expect_final_skips_the_accepted_answer(self):
        final = self.call("agent", "--params", '{"message":"hi"}', "--expect-final")
        self.assertEqual(final.returncode, 0, final.stderr)
        self.assertEqual(json.loads(final.stdout)["status"], "ok")
        first = self.call("agent", "--params", '{"message":"hi"}')
        self.assertEqual(first.returncode, 0, first.stderr)
        self.assertEqual(json.loads(first.stdout)["status"], "accepted")
        agent = [r for r in self.gateway.requests if r.get("method") == "agent"][0]
        self.assertEqual(agent["params"], {"message": "hi"})

    def test_the_connect_request_is_the_reference_clis(self):
        self.assertEqual(self.call("agent").returncode, 0)
        connect = self.gateway.requests[0]
        self.assertEqual(connect["method"], "connect")
        params = connect["params"]
        self.assertEqual((params["minProtocol"], params["maxProtocol"]), (3, 4))
        self.assertEqual(params["client"]["id"], "cli")
        self.assertEqual(params["client"]["mode"], "cli")
        self.assertEqual(params["client"]["platform"], "linux")
        self.assertEqual(params["role"], "operator")
        self.assertEqual(params["scopes"], ["operator.admin", "operator.read", "operator.write", "operator.approvals",
                                            "operator.pairing", "operator.talk.secrets"])
        self.assertEqual(params["auth"], {"token": "t"})
        self.assertNotIn("device", params, "a loopback CLI with a token and no device token goes device-less")

    def test_a_close_after_hello_is_reported_with_its_code(self):
        result = self.call("restart")
        self.assertEqual(result.returncode, 1)
        self.assertIn("gateway closed the connection (1012 service restart)", result.stderr)


if __name__ == "__main__":
    import unittest
    unittest.main()
