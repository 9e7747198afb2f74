"""Auth around the handshake (spec §3.2-§3.7): failed-auth lockout and recovery over
WebSocket and HTTP, trustedProxies with CIDRs and spoofed X-Forwarded-For, origin checks,
and 4001 when the shared secret is rotated while clients are connected."""

import asyncio
import os
import time

from gateway_harness import Device, GatewayTestCase, cli_client
from harness import provision


class RateLimitTest(GatewayTestCase):
    # Proxied clients (not loopback) are limited; the proxy itself is on loopback.
    extra_config = {"gateway": {"trustedProxies": ["127.0.0.0/8", "::1/128"],
                                "auth": {"rateLimit": {"maxAttempts": 3, "windowMs": 60000, "lockoutMs": 2000}}}}

    async def test_lockout_then_recovery(self):
        client = {"X-Forwarded-For": "198.51.100.20"}
        for _ in range(3):
            connection, response = await self.connect(token="wrong", headers=client)
            self.assertEqual(response["error"]["details"]["code"], "AUTH_TOKEN_MISMATCH")
            await connection.closed()
        connection, response = await self.connect(token=self.token, headers=client)
        error = response["error"]
        self.assertEqual(error["details"]["code"], "AUTH_RATE_LIMITED")
        self.assertEqual(error["details"]["recommendedNextStep"], "wait_then_retry")
        self.assertTrue(error["retryable"])
        self.assertGreater(error["retryAfterMs"], 0)
        await connection.closed()

        status, headers, body = self.http("/readyz", headers={"Authorization": "Bearer " + self.token, **client})
        self.assertEqual(status, 429)
        self.assertGreaterEqual(int(headers["Retry-After"]), 1)
        self.assertIn('"type":"rate_limited"', body)

        # Another client address is not affected; loopback itself is exempt.
        other, response = await self.connect(token=self.token, headers={"X-Forwarded-For": "198.51.100.21"})
        self.assertTrue(response["ok"], response)
        await other.close()

        await asyncio.sleep(2.2)
        connection, response = await self.connect(token=self.token, headers=client)
        self.assertTrue(response["ok"], response)
        await connection.close()


class TrustedProxyTest(GatewayTestCase):
    extra_config = {"gateway": {"trustedProxies": ["127.0.0.0/8"]}}

    async def test_client_ip_is_the_first_untrusted_hop_from_the_right(self):
        device = Device()
        connection, response = await self.connect(token=self.token, device=device,
                                                  headers={"X-Forwarded-For": "192.0.2.50, 127.0.0.5"})
        # Behind a trusted proxy the client is remote, so a new device waits for approval...
        self.assertEqual(response["error"]["details"]["code"], "PAIRING_REQUIRED")
        await connection.closed()
        admin, _ = await self.connect_ok(device=Device())
        listing = await admin.call("device.pair.list")
        self.assertEqual(listing["payload"]["pending"][0]["remoteIp"], "192.0.2.50")
        await admin.close()


class UntrustedProxyHeadersTest(GatewayTestCase):
    async def test_spoofed_forwarded_for_is_ignored_and_never_local(self):
        # No trustedProxies: a loopback peer claiming X-Forwarded-For: 127.0.0.1 is not local-direct,
        # so its new device is not paired silently; the client IP stays the socket peer.
        device = Device()
        connection, response = await self.connect(token=self.token, device=device,
                                                  headers={"X-Forwarded-For": "127.0.0.1"})
        self.assertEqual(response["error"]["details"]["code"], "PAIRING_REQUIRED")
        await connection.closed()
        warnings = [line for line in self.log_lines if "trustedProxies" in line.get("msg", "")]
        self.assertEqual(len(warnings), 1)
        connection, response = await self.connect(token=self.token, device=Device(),
                                                  headers={"X-Forwarded-For": "127.0.0.1"})
        await connection.closed()
        warnings = [line for line in self.log_lines if "trustedProxies" in line.get("msg", "")]
        self.assertEqual(len(warnings), 1, "logged once per peer")


class OriginTest(GatewayTestCase):
    async def test_foreign_origin_is_refused(self):
        connection, response = await self.connect(token=self.token, device=Device(),
                                                  headers={"Origin": "https://evil.example"})
        error = response["error"]
        self.assertEqual(error["message"], "origin not allowed (open the Control UI from the gateway host or allow it "
                                           "in gateway.controlUi.allowedOrigins)")
        self.assertEqual(error["details"]["code"], "CONTROL_UI_ORIGIN_NOT_ALLOWED")
        self.assertEqual((await connection.closed())[0], 1008)

    async def test_control_ui_needs_an_origin_and_a_device(self):
        ui = {"id": "openclaw-control-ui", "version": "1", "platform": "web", "mode": "webchat"}
        connection, response = await self.connect(token=self.token, client=ui)
        self.assertEqual(response["error"]["details"]["code"], "CONTROL_UI_ORIGIN_NOT_ALLOWED")
        await connection.closed()
        local_origin = {"Origin": "http://127.0.0.1:%d" % self.port}
        connection, response = await self.connect(token=self.token, client=ui, headers=local_origin)
        self.assertEqual(response["error"]["details"]["code"], "CONTROL_UI_DEVICE_IDENTITY_REQUIRED")
        await connection.closed()
        connection, response = await self.connect(token=self.token, client=ui, headers=local_origin, device=Device())
        self.assertTrue(response["ok"], response)
        await connection.close()


class SecretRotationTest(GatewayTestCase):
    async def test_rotating_the_token_closes_4001_and_the_new_token_works(self):
        connection, _ = await self.connect_ok(scopes=[])
        # The provisioner is declarative: rotate with the spec the state was applied with, or it
        # also rewrites gateway.port to its default (and the reload would move the listener).
        provision("token", "rotate", "--state-dir", self.state, "--port", str(self.port), "--bind", "loopback",
                  check=True)
        self.assertEqual(await connection.closed(timeout=10), (4001, "gateway auth changed"))
        with open(os.path.join(self.state, "credentials", "gateway-token"), encoding="utf-8") as handle:
            new_token = handle.read().strip()
        stale, response = await self.connect(token=self.token)
        self.assertEqual(response["error"]["details"]["code"], "AUTH_TOKEN_MISMATCH")
        await stale.closed()
        fresh, response = await self.connect(token=new_token)
        self.assertTrue(response["ok"], response)
        await fresh.close()


class PasswordModeTest(GatewayTestCase):
    gateway_args = ("--auth", "password")

    def before_start(self):
        path = self.write("password.txt", "correct horse battery staple\n")
        self.gateway_args = ("--auth", "password", "--password-file", path)

    async def test_password_from_file(self):
        connection, response = await self.connect(auth={"password": "correct horse battery staple"}, scopes=[])
        self.assertTrue(response["ok"], response)
        self.assertEqual(response["payload"]["auth"]["scopes"], [])
        await connection.close()
        connection, response = await self.connect(auth={"password": "wrong"})
        self.assertEqual(response["error"]["details"]["code"], "AUTH_PASSWORD_MISMATCH")
        await connection.closed()
        self.assertNotIn("correct horse", self.logs_text())
