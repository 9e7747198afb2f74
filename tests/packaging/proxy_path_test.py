"""The compose stack's request path, client -> reverse proxy -> gateway, run for real on loopback.

Traefik cannot be installed here; caddy stands in for it because it treats forwarded headers
the way our traefik/traefik.yml makes Traefik treat them: a client's X-Forwarded-For is
replaced by the address the client connected from, never appended to. The gateway is
provisioned as compose/provision.yaml does it: `gateway.trustedProxies` holds the proxy's
address and nothing else.

    client --> caddy 127.0.0.1:P1 --(from 127.0.0.1)--> gateway 127.0.0.1:P2, trustedProxies [127.0.0.1]
    client on the box, from 127.0.0.2 --------------------> gateway 127.0.0.1:P2

Every address is loopback. The gateway skips loopback hops when it walks X-Forwarded-For
(upstream's rule), so a proxied loopback client has no client address the gateway could
name; what must hold is that the address the client *claimed* never becomes its address,
and that coming through the proxy makes it remote. Each negative check has a positive
control that uses the same observation (the pending pairing request's remoteIp) and shows
what a proxy that passed the header on would have caused.

Binaries: $OPENCLAW_BIN_DIR (ctest sets it); by hand, e.g. OPENCLAW_BIN_DIR=/path/to/bin.
Skipped with the reason when caddy or the binaries are missing.
"""

import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
import unittest
import urllib.request
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))

import websockets  # noqa: E402

from gateway_harness import Connection, Device, GatewayTestCase, free_port  # noqa: E402
from harness import OPENCLAW, PROVISION  # noqa: E402

CADDY = shutil.which("caddy")
PROXY_ADDRESS = "127.0.0.1"   # where caddy's upstream connections come from (the kernel's choice for lo)
DIRECT_CLIENT = "127.0.0.2"   # a client on the box, not the proxy
SPOOFED = "203.0.113.77"      # what a client claims to be (TEST-NET-3, never contacted)
LEAKED = "203.0.113.78"       # what the positive control makes the gateway believe

MISSING = None
if CADDY is None:
    MISSING = "caddy is not installed (apt-get install caddy; scripts/install-deps.sh installs it)"
elif not (os.access(OPENCLAW, os.X_OK) and os.access(PROVISION, os.X_OK)):
    MISSING = "gateway binaries not found in %s (set OPENCLAW_BIN_DIR)" % os.path.dirname(OPENCLAW)


@unittest.skipIf(MISSING, MISSING)
class ProxyPathTest(GatewayTestCase):
    provision_args = ("--trusted-proxies", PROXY_ADDRESS)

    def before_start(self):
        self.proxy_port = free_port()

    def setUp(self):
        super().setUp()
        self.start_caddy()

    def start_caddy(self):
        caddy_dir = os.path.join(self.tmp, "caddy")
        os.makedirs(caddy_dir)
        caddyfile = os.path.join(caddy_dir, "Caddyfile")
        with open(caddyfile, "w", encoding="utf-8") as handle:
            handle.write(
                "{\n  admin off\n  auto_https off\n}\n"
                "http://127.0.0.1:%d {\n  reverse_proxy 127.0.0.1:%d\n}\n" % (self.proxy_port, self.port))
        env = {"PATH": "/usr/bin:/bin", "HOME": caddy_dir, "XDG_DATA_HOME": caddy_dir, "XDG_CONFIG_HOME": caddy_dir}
        self.caddy_log = open(os.path.join(caddy_dir, "caddy.log"), "w+", encoding="utf-8")
        self.caddy = subprocess.Popen([CADDY, "run", "--config", caddyfile, "--adapter", "caddyfile"], env=env,
                                      stdout=self.caddy_log, stderr=subprocess.STDOUT)
        self.addCleanup(self.stop_caddy)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.caddy.poll() is not None:
                break
            try:
                with urllib.request.urlopen("http://127.0.0.1:%d/healthz" % self.proxy_port, timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        self.caddy_log.seek(0)
        self.fail("caddy did not come up in front of the gateway:\n" + self.caddy_log.read())

    def stop_caddy(self):
        if self.caddy.poll() is None:
            self.caddy.terminate()
            try:
                self.caddy.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.caddy.kill()
                self.caddy.wait()
        self.caddy_log.close()

    async def open_via(self, url, headers=None, local_address=None):
        """A WebSocket to `url` (from `local_address` when given); returns it after connect.challenge."""
        extra = {"local_addr": (local_address, 0)} if local_address else {}
        ws = await websockets.connect(url, extra_headers=headers or {}, max_size=None, open_timeout=5,
                                      close_timeout=2, **extra)
        connection = Connection(ws)
        connection.challenge = await connection.recv()
        return connection

    async def connect_via(self, url, device, headers=None, local_address=None):
        """connect with the shared token and a new device; returns (connection, response frame)."""
        connection = await self.open_via(url, headers, local_address)
        params = self.connect_params(token=self.token, device=device,
                                     nonce=connection.challenge["payload"]["nonce"])
        request_id = str(uuid.uuid4())
        await connection.send({"type": "req", "id": request_id, "method": "connect", "params": params})
        return connection, await connection.response(request_id)

    @property
    def proxy_url(self):
        return "ws://127.0.0.1:%d" % self.proxy_port

    async def pending_requests(self):
        """device.pair.list's pending requests, asked by a device paired on the box."""
        admin, response = await self.connect_via(self.url, Device(), local_address=DIRECT_CLIENT)
        self.assertTrue(response["ok"], response)
        listing = await admin.call("device.pair.list")
        await admin.close()
        self.assertTrue(listing["ok"], listing)
        return listing["payload"]["pending"]

    async def test_websocket_upgrade_passes_the_proxy_and_a_proxied_device_must_be_paired(self):
        device = Device()
        connection, response = await self.connect_via(self.proxy_url, device)
        self.assertEqual(connection.challenge["event"], "connect.challenge", "the upgrade went through caddy")
        self.assertFalse(response["ok"], "a new device behind the proxy is remote: no silent pairing")
        self.assertEqual(response["error"]["details"]["code"], "PAIRING_REQUIRED", response)
        code, reason = await connection.closed()
        self.assertEqual(code, 1008)
        self.assertIn("pairing required", reason)

        pending = await self.pending_requests()
        self.assertEqual([p["deviceId"] for p in pending], [device.device_id])
        self.assertFalse(pending[0].get("silent"), pending[0])

    async def test_a_client_on_the_box_connecting_directly_is_local(self):
        device = Device()
        connection, response = await self.connect_via(self.url, device, local_address=DIRECT_CLIENT)
        self.assertTrue(response["ok"], "a direct loopback client is paired silently: %s" % response)
        self.assertIn("deviceToken", response["payload"]["auth"])
        await connection.close()
        self.assertEqual(await self.pending_requests(), [])

    async def test_a_spoofed_x_forwarded_for_through_the_proxy_is_not_believed(self):
        spoofed = {"X-Forwarded-For": SPOOFED, "X-Real-IP": SPOOFED, "Forwarded": "for=%s" % SPOOFED}
        device = Device()
        connection, response = await self.connect_via(self.proxy_url, device, headers=spoofed)
        self.assertEqual(response["error"]["details"]["code"], "PAIRING_REQUIRED", response)
        await connection.closed()

        # Positive control: a peer the gateway trusts (the proxy's own address) hands over a
        # header as an appending proxy would. The same observation then shows that address,
        # so its absence above is the proxy's doing, not a blind spot of the check.
        leaked_device = Device()
        connection, response = await self.connect_via(self.url, leaked_device,
                                                      headers={"X-Forwarded-For": LEAKED},
                                                      local_address=PROXY_ADDRESS)
        self.assertEqual(response["error"]["details"]["code"], "PAIRING_REQUIRED", response)
        await connection.closed()

        pending = {p["deviceId"]: p for p in await self.pending_requests()}
        self.assertEqual(pending[leaked_device.device_id].get("remoteIp"), LEAKED)
        self.assertNotEqual(pending[device.device_id].get("remoteIp"), SPOOFED,
                            "the client's own X-Forwarded-For reached the gateway through the proxy")
        self.assertNotIn(SPOOFED, json.dumps(pending))
        self.assertNotIn(SPOOFED, self.logs_text(), "the gateway logged the spoofed address as a client")

    async def test_only_the_proxy_address_is_trusted_with_forwarded_headers(self):
        # A client on the box that sends X-Forwarded-For straight to the gateway is not the
        # proxy: its header is ignored (and logged), and carrying one makes it remote.
        device = Device()
        connection, response = await self.connect_via(self.url, device, headers={"X-Forwarded-For": SPOOFED},
                                                      local_address=DIRECT_CLIENT)
        self.assertEqual(response["error"]["details"]["code"], "PAIRING_REQUIRED", response)
        await connection.closed()
        pending = await self.pending_requests()
        self.assertEqual(pending[0].get("remoteIp"), DIRECT_CLIENT, pending)
        warnings = [line for line in self.log_lines if line.get("peer") == DIRECT_CLIENT
                    and "trustedProxies" in line.get("msg", "")]
        self.assertTrue(warnings, "no 'ignoring proxy headers' line for %s in %s" % (DIRECT_CLIENT, self.logs_text()))

    def test_http_requests_pass_the_proxy(self):
        with urllib.request.urlopen("http://127.0.0.1:%d/healthz" % self.proxy_port, timeout=5) as answer:
            self.assertEqual(answer.status, 200)
            self.assertTrue(json.loads(answer.read())["ok"])


if __name__ == "__main__":
    unittest.main()
