"""Paths and peers that must not get through (issue 7).

The only HTTP route that may serve files is the Control UI, from gateway.controlUi.root
(every other route answers from memory). These tests configure a root whose links point out
of it and send every traversal spelling (`/../`, `%2e%2e`, `%2f`, double encoding,
backslashes, overlong UTF-8 dots, NUL, absolute-form targets) with and without a Bearer
token: no answer ever carries a file from outside the root (planted with OUTSIDE_MARKER), the
gateway token or openclaw.json. Files inside the root (INSIDE_MARKER: index.html, also the
SPA's fallback for client-side routes) may be served.

The admin Unix socket refuses a peer of another uid: with the socket's default mode 0600 the
kernel refuses the connect (EACCES); with the file opened up, the gateway's SO_PEERCRED check
answers 403 naming the rule and counts it.
"""

import asyncio
import os
import socket
import subprocess
import unittest

from gateway_figures import metric, scrape
from gateway_harness import GatewayTestCase, free_port
from harness import OPENCLAW
from raw_wire import http_exchange

OUTSIDE_MARKER = "PATH-SAFETY-OUTSIDE-7f3c9e"
INSIDE_MARKER = "PATH-SAFETY-INSIDE-2b81d4"
NOBODY = 65534

TRAVERSALS = [
    "/../{name}",
    "/../../../../../../{abs}",
    "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/{abs}",
    "/%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2F{abs_enc}",
    "/..%2f..%2f..%2f..%2f..%2f{abs_enc}",
    "/%252e%252e/%252e%252e/%252e%252e/{abs}",
    "/..%5c..%5c..%5c{name}",
    "/..\\..\\..\\{name}",
    "/.%2e/.%2e/.%2e/{name}",
    "/%c0%ae%c0%ae/%c0%ae%c0%ae/{name}",
    "/{name}%00.html",
    "//{abs}",
    "/health/../../../../{abs}",
    "/ui/../../{name}",
    "/leak/{name}",
    "/outside",
    "/index.html",
    "/v1/models/..%2f..%2f..%2f{abs_enc}",
    "/v1/models/../../../{abs}",
    "/v1/chat/completions/../../../{abs}",
]


class PathTraversalTest(GatewayTestCase):
    """A gateway with the OpenAI routes on and a Control UI root full of links to the outside."""

    def setUp(self):
        self.metrics_port = free_port()
        super().setUp()

    def before_start(self):
        # Files an attacker would want, each carrying the marker.
        self.secret_file = os.path.join(self.tmp, "outside.txt")
        with open(self.secret_file, "w", encoding="utf-8") as handle:
            handle.write(OUTSIDE_MARKER + " outside the root\n")
        ui = os.path.join(self.tmp, "ui")
        os.makedirs(ui)
        with open(os.path.join(ui, "index.html"), "w", encoding="utf-8") as handle:
            handle.write("<html>" + INSIDE_MARKER + " inside the root</html>")
        os.symlink(self.secret_file, os.path.join(ui, "outside"))
        os.symlink(self.tmp, os.path.join(ui, "leak"))
        os.symlink(os.path.join(self.state, "credentials"), os.path.join(ui, "credentials"))
        self.merge_config({"gateway": {
            "controlUi": {"root": ui},
            "metrics": {"enabled": True, "port": self.metrics_port},
            "http": {"endpoints": {"chatCompletions": {"enabled": True}, "responses": {"enabled": True}}}}})

    def targets(self):
        abs_path = self.secret_file.lstrip("/")
        names = ["outside.txt", "state/openclaw.json", "state/credentials/gateway-token", "credentials/gateway-token"]
        for template in TRAVERSALS:
            for name in names:
                yield template.format(name=name, abs=abs_path, abs_enc=abs_path.replace("/", "%2f"))
        yield "http://127.0.0.1:%d/../%s" % (self.port, abs_path)  # absolute-form target

    def assert_nothing_leaks(self, answer, target):
        text = answer.decode(errors="replace")
        if answer.startswith(b"HTTP/1.1 200") and b"\r\n\r\n" in answer:
            body = answer.split(b"\r\n\r\n", 1)[1]
            # A 200 is only ever the UI's own file (or an empty HEAD body).
            self.assertTrue(not body or INSIDE_MARKER.encode() in body, (target, answer[:300]))
        self.assertNotIn(OUTSIDE_MARKER, text, target)
        self.assertNotIn(self.token, text, target)
        self.assertNotIn('"gateway"', text, target)  # openclaw.json

    async def test_no_route_serves_a_file_however_the_path_is_spelled(self):
        statuses = {}
        for target in set(self.targets()):
            for method in ("GET", "HEAD"):
                request = ("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                           % (method, target)).encode("latin-1")
                status, answer = await asyncio.to_thread(http_exchange, self.port, request)
                self.assert_nothing_leaks(answer, target)
                statuses.setdefault(status, []).append(target)
                # With a Bearer token the OpenAI routes are reachable; still no file.
                authed = request.replace(b"\r\n\r\n", b"\r\nAuthorization: Bearer %s\r\n\r\n" % self.token.encode())
                status, answer = await asyncio.to_thread(http_exchange, self.port, authed)
                self.assert_nothing_leaks(answer, target)
                statuses.setdefault(status, []).append(target)
        # Not found, refused by a route (400 bad model id, 401 without a token, 405 wrong
        # method, 406), a redirect to the UI's mount, or the UI's own index.html.
        self.assertLessEqual(set(statuses), {200, 302, 304, 400, 401, 404, 405, 406},
                             {k: v[:3] for k, v in statuses.items()})
        self.assertIn(404, statuses)
        status, _, _ = await asyncio.to_thread(self.http, "/health")
        self.assertEqual(status, 200)

    async def test_the_metrics_listener_serves_only_its_path(self):
        for target in ("/metrics/../../" + self.secret_file.lstrip("/"), "/../" + self.secret_file.lstrip("/"),
                       "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/" + self.secret_file.lstrip("/"), "/outside"):
            request = ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" % target).encode()
            status, answer = await asyncio.to_thread(http_exchange, self.metrics_port, request)
            self.assertEqual(status, 404, (target, answer[:200]))
            self.assert_nothing_leaks(answer, target)
        self.assertIn("openclaw_build_info", scrape(self.metrics_port))


@unittest.skipUnless(os.geteuid() == 0, "needs root to run a client as another uid")
class AdminSocketPeerTest(GatewayTestCase):
    def setUp(self):
        self.metrics_port = free_port()
        self.extra_config = {"gateway": {"metrics": {"enabled": True, "port": self.metrics_port}}}
        super().setUp()

    def socket_path(self):
        return os.path.join(self.state, "gateway.sock")

    def as_nobody(self, *command, env=None):
        return subprocess.run(["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups", *command],
                              capture_output=True, text=True, timeout=30, env=env)

    def raw_request_as_nobody(self):
        """What a process of uid nobody gets when it sends an upgrade request on the socket."""
        script = (
            "import socket, sys\n"
            "s = socket.socket(socket.AF_UNIX)\n"
            "try:\n"
            "    s.connect(sys.argv[1])\n"
            "except OSError as error:\n"
            "    print('connect failed:', error.strerror); sys.exit(0)\n"
            "try:\n"
            "    s.sendall(b'GET / HTTP/1.1\\r\\nHost: localhost\\r\\nUpgrade: websocket\\r\\n'\n"
            "              b'Connection: Upgrade\\r\\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\n'\n"
            "              b'Sec-WebSocket-Version: 13\\r\\n\\r\\n')\n"
            "except OSError:\n"
            "    pass  # the gateway may have answered and closed already\n"
            "data = b''\n"
            "s.settimeout(5)\n"
            "try:\n"
            "    while True:\n"
            "        chunk = s.recv(4096)\n"
            "        if not chunk: break\n"
            "        data += chunk\n"
            "except OSError:\n"
            "    pass\n"
            "print(data.decode(errors='replace'))\n")
        result = self.as_nobody("/usr/bin/python3", "-c", script, self.socket_path())
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout

    async def test_the_kernel_refuses_another_uid_on_the_default_mode(self):
        self.assertEqual(os.stat(self.socket_path()).st_mode & 0o777, 0o600)
        os.chmod(self.tmp, 0o711)
        os.chmod(self.state, 0o711)
        outcome = await asyncio.to_thread(self.raw_request_as_nobody)
        self.assertEqual(outcome.strip(), "connect failed: Permission denied")

    async def test_the_gateway_refuses_another_uid_with_a_clear_403(self):
        # Open the file up so only the gateway's peer-credential check stands in the way.
        os.chmod(self.tmp, 0o711)
        os.chmod(self.state, 0o711)
        os.chmod(self.socket_path(), 0o666)
        before = metric(scrape(self.metrics_port), 'openclaw_auth_failures_total{reason="admin_socket_peer_uid"}')
        outcome = await asyncio.to_thread(self.raw_request_as_nobody)
        self.assertTrue(outcome.startswith("HTTP/1.1 403 Forbidden"), outcome)
        self.assertIn("admin socket: uid %d may not use it (only root and the state directory's owner, uid %d)"
                      % (NOBODY, os.stat(self.state).st_uid), outcome)
        self.assertNotIn("connect.challenge", outcome)
        after = metric(scrape(self.metrics_port), 'openclaw_auth_failures_total{reason="admin_socket_peer_uid"}')
        self.assertEqual(after - before, 1)

    async def test_the_cli_run_as_another_uid_gets_no_operator_access(self):
        os.chmod(self.tmp, 0o711)
        os.chmod(self.state, 0o711)
        os.chmod(self.socket_path(), 0o666)
        env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "OPENCLAW_STATE_DIR": self.state}
        result = await asyncio.to_thread(self.as_nobody, OPENCLAW, "devices", "list", "--json", env=env)
        output = result.stdout + result.stderr
        self.assertNotEqual(result.returncode, 0, output)
        self.assertNotIn(self.token, output)
        self.assertTrue(output.strip(), "the CLI said nothing about why it failed")
