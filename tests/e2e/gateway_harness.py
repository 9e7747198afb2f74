"""Drives a real `openclaw gateway run` over HTTP and WebSocket, as OpenClaw clients do.

GatewayTestCase starts the gateway on a free loopback port with its own state directory;
`connect()` opens a WebSocket, reads connect.challenge and sends `connect` the way the
reference client does (spec §1.2-§1.5), optionally with an Ed25519 device identity.
"""

import asyncio
import base64
import hashlib
import json
import os
import socket
import subprocess
import threading
import time
import unittest
import urllib.request
import uuid

import websockets
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from harness import OPENCLAW, TempDirTestCase, assert_no_sanitizer_report, provision, read_json, sanitizer_env

TOKEN = "e2e-shared-token-0123456789abcdef"
CLI_SCOPES = ["operator.admin", "operator.read", "operator.write", "operator.approvals", "operator.pairing",
              "operator.talk.secrets"]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Device:
    """An Ed25519 device identity that signs the v3 (or v2) connect payload (spec §1.5)."""

    def __init__(self):
        self.key = Ed25519PrivateKey.generate()
        raw = self.key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.public_key = b64url(raw)
        self.device_id = hashlib.sha256(raw).hexdigest()

    def proof(self, nonce, client, role, scopes, token="", signed_at=None, version=3, device_id=None):
        signed_at = int(time.time() * 1000) if signed_at is None else signed_at
        fields = ["v%d" % version, device_id or self.device_id, client["id"], client["mode"], role, ",".join(scopes),
                  str(signed_at), token, nonce]
        if version == 3:
            fields += [client.get("platform", "").strip().lower(), client.get("deviceFamily", "").strip().lower()]
        signature = self.key.sign("|".join(fields).encode())
        return {"id": device_id or self.device_id, "publicKey": self.public_key, "signature": b64url(signature),
                "signedAt": signed_at, "nonce": nonce}


def cli_client(mode="cli", client_id="cli"):
    return {"id": client_id, "version": "2026.9.6", "platform": "linux", "mode": mode}


class Connection:
    """One WebSocket to the gateway; every frame read is kept in `frames`."""

    def __init__(self, ws):
        self.ws = ws
        self.frames = []
        self.challenge = None

    async def send(self, frame):
        await self.ws.send(frame if isinstance(frame, str) else json.dumps(frame))

    async def recv(self, timeout=5):
        frame = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
        self.frames.append(frame)
        return frame

    async def response(self, request_id, timeout=5):
        while True:
            frame = await self.recv(timeout)
            if frame.get("type") == "res" and frame.get("id") == request_id:
                return frame

    async def event(self, name, timeout=5):
        for frame in self.frames:
            if frame.get("type") == "event" and frame.get("event") == name:
                self.frames.remove(frame)
                return frame
        while True:
            frame = await self.recv(timeout)
            if frame.get("type") == "event" and frame.get("event") == name:
                self.frames.remove(frame)
                return frame

    async def call(self, method, params=None, timeout=5):
        request_id = str(uuid.uuid4())
        frame = {"type": "req", "id": request_id, "method": method}
        if params is not None:
            frame["params"] = params
        await self.send(frame)
        return await self.response(request_id, timeout)

    async def closed(self, timeout=5):
        """(code, reason) once the server closes, draining frames until then."""
        try:
            while True:
                frame = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
                self.frames.append(frame)
        except websockets.ConnectionClosed:
            pass
        return self.ws.close_code, self.ws.close_reason

    async def close(self):
        await self.ws.close()


class GatewayTestCase(TempDirTestCase, unittest.IsolatedAsyncioTestCase):
    """Starts a provisioned gateway on loopback before each test."""

    provision_args = ()
    extra_config = None
    env = None
    gateway_args = ()

    def setUp(self):
        TempDirTestCase.setUp(self)
        self.issued_device_tokens = []
        self.port = free_port()
        provision("apply", "--state-dir", self.state, "--port", str(self.port), "--bind", "loopback",
                  *self.provision_args, check=True)
        with open(os.path.join(self.state, "credentials", "gateway-token"), encoding="utf-8") as handle:
            self.token = handle.read().strip()
        if self.extra_config:
            self.merge_config(self.extra_config)
        self.process = None
        self.before_start()
        self.start_gateway(*self.gateway_args)

    def before_start(self):
        """Hook for subclasses: prepare files the gateway reads at startup."""

    def merge_config(self, patch):
        path = os.path.join(self.state, "openclaw.json")
        config = read_json(path)

        def merge(target, source):
            for key, value in source.items():
                if isinstance(value, dict) and isinstance(target.get(key), dict):
                    merge(target[key], value)
                else:
                    target[key] = value
        merge(config, patch)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(config, handle)

    def start_gateway(self, *args):
        env = {"PATH": "/usr/bin:/bin", "HOME": self.tmp, "OPENCLAW_STATE_DIR": self.state, **sanitizer_env()}
        env.update(self.env or {})
        self.process = subprocess.Popen([OPENCLAW, "gateway", "run", *args], env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        self.log_lines = []
        self.ready = threading.Event()
        self.reader = threading.Thread(target=self._read_logs, daemon=True)
        self.reader.start()
        if not self.ready.wait(10):
            self.stop_gateway()
            self.fail("gateway did not become ready: %r" % self.log_lines)
        self.url = "ws://127.0.0.1:%d" % self.port
        self.addCleanup(self.stop_gateway)

    def _read_logs(self):
        for line in self.process.stdout:
            try:
                record = json.loads(line)
            except ValueError:
                continue
            self.log_lines.append(record)
            if record.get("msg") == "ready":
                self.ready.set()

    def stop_gateway(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self.reader.join(timeout=5)
            self.process.stdout.close()
            if not self.process.stderr.closed:
                self.gateway_stderr = self.process.stderr.read()
                self.process.stderr.close()
                self.assert_no_known_secret_logged()
                # A sanitizer build reports at the fault or, for leaks, at exit after SIGTERM.
                assert_no_sanitizer_report("openclaw gateway run", self.gateway_stderr)
        return self.process.returncode if self.process else None

    def known_secrets(self):
        """Secrets this test handed the gateway or got from it; subclasses may add theirs."""
        candidates = (getattr(self, "token", None), TOKEN, *getattr(self, "issued_device_tokens", ()))
        return {secret for secret in candidates if secret}

    def assert_no_known_secret_logged(self):
        """Every e2e test gets this for free when its gateway stops: no known secret in the
        gateway's stdout, stderr or log files (<state>/logs)."""
        texts = {"stdout": self.logs_text(), "stderr": self.gateway_stderr}
        log_dir = os.path.join(self.state, "logs")
        for name in os.listdir(log_dir) if os.path.isdir(log_dir) else ():
            with open(os.path.join(log_dir, name), encoding="utf-8", errors="replace") as handle:
                texts[name] = handle.read()
        leaks = ["%s… in %s" % (secret[:6], where) for secret in self.known_secrets()
                 for where, text in texts.items() if secret in text]
        self.assertEqual(leaks, [], "the gateway logged a secret")

    def logs_text(self):
        return "\n".join(json.dumps(line) for line in self.log_lines)

    def cli_env(self, **overrides):
        """The environment an operator's shell would have on this box: the gateway's state dir."""
        env = {"PATH": "/usr/bin:/bin", "HOME": self.tmp, "OPENCLAW_STATE_DIR": self.state, **sanitizer_env()}
        env.update(self.env or {})
        env.update(overrides)
        return env

    def cli(self, *args, env=None, timeout=30, input=None):
        """Runs `openclaw <args>` as the operator would; returns the CompletedProcess (text)."""
        result = subprocess.run([OPENCLAW, *args], env=env or self.cli_env(), capture_output=True, text=True,
                                timeout=timeout, input=input)
        assert_no_sanitizer_report("openclaw " + " ".join(args), result.stderr)
        return result

    def cli_json(self, *args, env=None, timeout=30):
        """Runs `openclaw <args> --json`, asserts exit 0 and returns the parsed stdout."""
        result = self.cli(*args, "--json", env=env, timeout=timeout)
        self.assertEqual(result.returncode, 0, "openclaw %s failed: %s%s" % (" ".join(args), result.stdout,
                                                                             result.stderr))
        return json.loads(result.stdout)

    async def open(self, headers=None, path="/"):
        ws = await websockets.connect(self.url + path, extra_headers=headers or {}, max_size=None,
                                      open_timeout=5, close_timeout=2)
        connection = Connection(ws)
        connection.challenge = await connection.recv()
        return connection

    def connect_params(self, token=None, device=None, nonce=None, role="operator", scopes=None, client=None,
                       min_protocol=3, max_protocol=4, auth=None, **extra):
        client = client or cli_client()
        scopes = list(CLI_SCOPES if scopes is None else scopes)
        params = {"minProtocol": min_protocol, "maxProtocol": max_protocol, "client": client, "role": role,
                  "scopes": scopes}
        if auth is not None:
            params["auth"] = auth
        elif token is not None:
            params["auth"] = {"token": token}
        if device is not None:
            signed_token = (params.get("auth") or {}).get("token") or (params.get("auth") or {}).get("deviceToken") or ""
            params["device"] = device.proof(nonce, client, role, scopes, token=signed_token)
        params.update(extra)
        return params

    async def connect(self, token=None, device=None, headers=None, **kwargs):
        """Opens a socket and sends connect; returns (connection, response frame)."""
        connection = await self.open(headers)
        nonce = connection.challenge["payload"]["nonce"]
        params = self.connect_params(token=token, device=device, nonce=nonce, **kwargs)
        request_id = str(uuid.uuid4())
        await connection.send({"type": "req", "id": request_id, "method": "connect", "params": params})
        response = await connection.response(request_id)
        issued = ((response.get("payload") or {}).get("auth") or {}).get("deviceToken")
        if issued:
            self.issued_device_tokens.append(issued)
        return connection, response

    async def connect_ok(self, **kwargs):
        kwargs.setdefault("token", self.token)
        connection, response = await self.connect(**kwargs)
        self.assertTrue(response["ok"], response)
        return connection, response["payload"]

    def http(self, path, method="GET", headers=None):
        request = urllib.request.Request("http://127.0.0.1:%d%s" % (self.port, path), method=method,
                                         headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()
