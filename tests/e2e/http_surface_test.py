"""The HTTP side of the gateway port (spec §6) and the metrics listener."""

import json
import os
import ssl
import urllib.request

from gateway_harness import GatewayTestCase, free_port

DEFAULT_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                   "Permissions-Policy": "camera=(), microphone=(self), geolocation=()"}


class HttpSurfaceTest(GatewayTestCase):
    metrics_port = free_port()
    extra_config = {"gateway": {"metrics": {"enabled": True, "port": metrics_port, "token": "metrics-secret-123"}}}

    async def test_probes(self):
        for path in ("/health", "/healthz"):
            status, headers, body = self.http(path)
            self.assertEqual((status, json.loads(body)), (200, {"ok": True, "status": "live"}))
            self.assertEqual(headers["Cache-Control"], "no-store")
            for name, value in DEFAULT_HEADERS.items():
                self.assertEqual(headers[name], value)
        status, _, body = self.http("/readyz")
        self.assertEqual(status, 200)
        detail = json.loads(body)
        self.assertTrue(detail["ready"])
        self.assertIn("uptimeMs", detail, "local callers get the detailed body")
        status, _, body = self.http("/readyz", headers={"X-Forwarded-For": "203.0.113.1"})
        self.assertEqual(json.loads(body), {"ready": True}, "a non-local caller without auth gets the short body")
        status, _, body = self.http("/readyz", headers={"X-Forwarded-For": "203.0.113.1",
                                                        "Authorization": "Bearer " + self.token})
        self.assertIn("uptimeMs", json.loads(body))
        status, _, _ = self.http("/startupz")
        self.assertEqual(status, 200)

    async def test_wrong_method_and_unknown_path(self):
        status, headers, _ = self.http("/healthz", method="POST")
        self.assertEqual(status, 405)
        self.assertEqual(headers["Allow"], "GET, HEAD")
        status, headers, body = self.http("/nope")
        self.assertEqual((status, body), (404, "Not Found"))
        self.assertEqual(headers["X-Content-Type-Options"], "nosniff")

    async def test_metrics_listener_requires_its_token_and_carries_no_secrets(self):
        url = "http://127.0.0.1:%d/metrics" % self.metrics_port
        with self.assertRaises(urllib.error.HTTPError) as denied:
            urllib.request.urlopen(url, timeout=5)
        self.assertEqual(denied.exception.code, 401)
        connection, _ = await self.connect_ok()
        await connection.call("health")
        bad, _ = await self.connect(token="wrong")
        await bad.closed()
        request = urllib.request.Request(url, headers={"Authorization": "Bearer metrics-secret-123"})
        with urllib.request.urlopen(request, timeout=5) as response:
            text = response.read().decode()
            self.assertTrue(response.headers["Content-Type"].startswith("text/plain; version=0.0.4"))
        for family in ("openclaw_build_info", "openclaw_process_resident_memory_bytes", "openclaw_ws_connections",
                       "openclaw_handshakes_total", "openclaw_auth_failures_total", "openclaw_rpc_calls_total",
                       "openclaw_rpc_duration_seconds", "openclaw_http_requests_total",
                       "openclaw_pairing_pending_requests"):
            self.assertIn(family, text)
        self.assertIn('openclaw_rpc_calls_total{method="health",outcome="ok"} 1', text)
        self.assertIn('openclaw_handshakes_total{outcome="ok"} 1', text)
        self.assertNotIn(self.token, text)
        self.assertNotIn("metrics-secret-123", text)
        await connection.close()

    async def test_log_file_in_the_state_dir(self):
        connection, _ = await self.connect_ok()
        await connection.close()
        path = os.path.join(self.state, "logs", "gateway.log")
        with open(path, encoding="utf-8") as handle:
            records = [json.loads(line) for line in handle if line.strip()]
        self.assertTrue(any(record["msg"] == "connected" for record in records))
        self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)
        with open(path, encoding="utf-8") as handle:
            self.assertNotIn(self.token, handle.read())


class TlsTest(GatewayTestCase):
    extra_config = {"gateway": {"tls": {"enabled": True, "autoGenerate": True}}}

    async def test_self_signed_pair_is_generated_and_served(self):
        cert = os.path.join(self.state, "gateway", "tls", "gateway-cert.pem")
        key = os.path.join(self.state, "gateway", "tls", "gateway-key.pem")
        self.assertEqual(os.stat(key).st_mode & 0o777, 0o600)
        context = ssl.create_default_context(cafile=cert)
        with urllib.request.urlopen("https://127.0.0.1:%d/healthz" % self.port, context=context, timeout=5) as response:
            self.assertEqual(response.status, 200)
        self.assertTrue(any(line["msg"] == "listening on wss://127.0.0.1:%d" % self.port for line in self.log_lines))
