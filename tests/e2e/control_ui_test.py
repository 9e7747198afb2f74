"""The Control UI on the gateway port (spec §6): files from gateway.controlUi.root, the SPA's
index.html for client-side routes, the bootstrap JSON, caching and precompressed bundles; and
no request, however its path is spelled, gets a byte from outside the root (issue 7).

The real build (node_modules/openclaw/dist/control-ui of the openclaw npm package) is served
too when a copy is on this machine (OPENCLAW_CONTROL_UI_DIST, else the peer's install).
"""

import asyncio
import gzip
import http.client
import json
import os
import re
import unittest
import urllib.request

from gateway_harness import GatewayTestCase, free_port
from raw_wire import http_exchange

SECRET = "CONTROL-UI-SECRET-5d1e0a"
INDEX_MARKER = "CONTROL-UI-INDEX-2b7f"
APP_JS = "console.log('app-abc');\n" * 40
DIST = os.environ.get("OPENCLAW_CONTROL_UI_DIST",
                      "/tmp/openclaw-peer/app/node_modules/openclaw/dist/control-ui")

INDEX_HTML = ("<!doctype html>\n<html lang=\"en\">\n<head>\n"
              "<link rel=\"icon\" href=\"./favicon.svg\" />\n"
              "<script>window.booted = 1;</script>\n"
              "<script type=\"module\" crossorigin src=\"./assets/app-abc.js\"></script>\n"
              "</head><body>" + INDEX_MARKER + "</body></html>\n")

# Every spelling of "a file outside the root" (or a hidden one) we know; {abs} is the secret's
# absolute path without its leading slash, {abs_enc} the same with encoded slashes.
REFUSED = [
    "/../secret.txt",
    "/assets/../../secret.txt",
    "/assets/app-abc.js/../../secret.txt",
    "/..",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/.%2e/secret.txt",
    "/%2e%2e%2fsecret.txt",
    "/..%2fsecret.txt",
    "/assets%2f..%2f..%2fsecret.txt",
    "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/{abs}",
    "/..%2f..%2f..%2f..%2f..%2f..%2f{abs_enc}",
    "/%252e%252e/secret.txt",
    "/%252e%252e%252fsecret.txt",
    "/..%5csecret.txt",
    "/%5c..%5csecret.txt",
    "/secret.txt%00.html",
    "/index.html%00",
    "//{abs}",
    "/outside",            # a link to the secret
    "/leak/secret.txt",    # a link to the directory holding it
    "/assets/linked.js",   # a link with an asset's name
    "/.hidden",            # dotfiles
    "/%2ehidden",
    "/assets/.git/config",
]
# Not refusals (the SPA or another route answers), but they must not leak either.
OTHER = [
    "/%c0%ae%c0%ae/%c0%ae%c0%ae/secret.txt",  # overlong UTF-8 dots are not dots
    "/ui/../../secret.txt",
    "/healthz/../../secret.txt",
    "/v1/models/..%2f..%2fsecret.txt",
    "/api/../secret.txt",
]


def raw_exchange(port, request, timeout=10):
    """(status or None, head bytes, body bytes) of one request sent as raw bytes."""
    status, answer = http_exchange(port, request, timeout=timeout)
    head, _, body = answer.partition(b"\r\n\r\n")
    return status, head, body


def metric(port, series):
    with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port, timeout=5) as response:
        for line in response.read().decode().splitlines():
            if line.startswith(series + " "):
                return float(line.split(" ")[1])
    return 0.0


class UiRootMixin:
    def make_root(self):
        """A UI root with links out of it, next to a secret it must never serve."""
        self.secret_file = os.path.join(self.tmp, "secret.txt")
        with open(self.secret_file, "w", encoding="utf-8") as handle:
            handle.write(SECRET + "\n")
        ui = os.path.join(self.tmp, "ui")
        os.makedirs(os.path.join(ui, "assets", ".git"))
        files = {
            "index.html": INDEX_HTML.encode(),
            "favicon.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
            "assets/app-abc.js": APP_JS.encode(),
            "assets/app-abc.js.gz": gzip.compress(APP_JS.encode()),
            "assets/app-abc.js.br": b"BROTLI-BYTES-OF-APP-ABC",
            "assets/style-1.css": b"body{}",
            "assets/.git/config": SECRET.encode(),
            ".hidden": SECRET.encode(),
        }
        for name, content in files.items():
            with open(os.path.join(ui, name), "wb") as handle:
                handle.write(content)
        os.symlink(self.secret_file, os.path.join(ui, "outside"))
        os.symlink(self.tmp, os.path.join(ui, "leak"))
        os.symlink(self.secret_file, os.path.join(ui, "assets", "linked.js"))
        return ui

    def get(self, path, headers=None, method="GET"):
        """(status, headers with lowercase names, body bytes), without urllib's defaults."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request(method, path, headers={"Accept-Encoding": "identity", **(headers or {})})
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()


class ControlUiTest(UiRootMixin, GatewayTestCase):
    def setUp(self):
        self.metrics_port = free_port()
        super().setUp()

    def before_start(self):
        self.ui = self.make_root()
        self.merge_config({"gateway": {
            "controlUi": {"root": self.ui},
            "metrics": {"enabled": True, "port": self.metrics_port},
            "http": {"endpoints": {"chatCompletions": {"enabled": True}}}}})

    def test_startup_says_where_the_ui_comes_from(self):
        self.assertIn("control UI served from " + self.ui + " at /", self.logs_text())

    def test_index_and_client_side_routes(self):
        for path in ("/", "/index.html", "/chat/main/session-1", "/settings/"):
            status, headers, body = self.get(path, {"Accept": "text/html,*/*;q=0.8"})
            self.assertEqual(status, 200, path)
            text = body.decode()
            self.assertIn(INDEX_MARKER, text, path)
            self.assertEqual(headers["content-type"], "text/html; charset=utf-8")
            self.assertEqual(headers["cache-control"], "no-cache")
            self.assertEqual(headers["x-frame-options"], "DENY")
            self.assertEqual(headers["x-content-type-options"], "nosniff")
            # Stamped for deep links: bundles and icons absolute under the mount.
            self.assertIn('data-openclaw-control-ui-base-path=""', text)
            self.assertIn('src="/assets/app-abc.js"', text)
            self.assertIn('href="/favicon.svg"', text)
            # The inline script is allowed by its hash, nothing else inline.
            self.assertRegex(headers["content-security-policy"], r"script-src 'self' 'sha256-[A-Za-z0-9+/=]+';")
        # A missing script is a 404, not the index (the browser would run HTML as JS).
        status, _, body = self.get("/assets/missing-123.js")
        self.assertEqual(status, 404)
        self.assertNotIn(INDEX_MARKER.encode(), body)
        # A client that does not take HTML gets no SPA either.
        status, _, _ = self.get("/chat/main", {"Accept": "application/json"})
        self.assertEqual(status, 404)

    def test_assets_with_their_types_and_encodings(self):
        status, headers, body = self.get("/assets/app-abc.js")
        self.assertEqual(status, 200)
        self.assertEqual(body.decode(), APP_JS)
        self.assertEqual(headers["content-type"], "application/javascript; charset=utf-8")
        self.assertEqual(headers["cache-control"], "public, max-age=31536000, immutable")
        self.assertEqual(headers["vary"], "Accept-Encoding")
        self.assertNotIn("content-encoding", headers)
        self.assertIn("etag", headers)
        self.assertIn("last-modified", headers)

        status, headers, body = self.get("/assets/app-abc.js", {"Accept-Encoding": "gzip, deflate"})
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-encoding"], "gzip")
        self.assertEqual(gzip.decompress(body).decode(), APP_JS)

        status, headers, body = self.get("/assets/app-abc.js", {"Accept-Encoding": "gzip, deflate, br, zstd"})
        self.assertEqual(headers["content-encoding"], "br")
        self.assertEqual(body, b"BROTLI-BYTES-OF-APP-ABC")
        self.assertEqual(headers["content-type"], "application/javascript; charset=utf-8")

        # The relative link of a deep-linked page finds the same bundle.
        status, _, body = self.get("/chat/main/assets/app-abc.js")
        self.assertEqual((status, body.decode()), (200, APP_JS))

        for path, content_type, cache in (("/assets/style-1.css", "text/css; charset=utf-8", "immutable"),
                                          ("/favicon.svg", "image/svg+xml", "no-cache")):
            status, headers, _ = self.get(path, {"Accept-Encoding": "br"})
            self.assertEqual(status, 200, path)
            self.assertEqual(headers["content-type"], content_type, path)
            self.assertIn(cache, headers["cache-control"], path)
            self.assertNotIn("content-encoding", headers, "no .br sibling: the file as it is")

        status, headers, _ = self.get("/assets/app-abc.js", {"Accept-Encoding": "identity;q=0"})
        self.assertEqual(status, 406)

    def test_revalidation_answers_304(self):
        _, headers, _ = self.get("/assets/app-abc.js")
        status, again, body = self.get("/assets/app-abc.js", {"If-None-Match": headers["etag"]})
        self.assertEqual((status, body), (304, b""))
        self.assertEqual(again["etag"], headers["etag"])
        status, _, _ = self.get("/assets/app-abc.js", {"If-Modified-Since": headers["last-modified"]})
        self.assertEqual(status, 304)
        status, _, body = self.get("/assets/app-abc.js", {"If-None-Match": '"stale"'})
        self.assertEqual((status, body.decode()), (200, APP_JS))
        # The br representation has its own tag: a gzip client's tag does not match it.
        _, gz, _ = self.get("/assets/app-abc.js", {"Accept-Encoding": "gzip"})
        self.assertNotEqual(gz["etag"], headers["etag"])
        status, _, _ = self.get("/assets/app-abc.js", {"Accept-Encoding": "br", "If-None-Match": gz["etag"]})
        self.assertEqual(status, 200)
        _, index, _ = self.get("/")
        status, _, body = self.get("/", {"If-None-Match": index["etag"]})
        self.assertEqual((status, body), (304, b""))

    def test_head_has_the_length_and_no_body(self):
        for path, length in (("/", len(self.get("/")[2])), ("/assets/app-abc.js", len(APP_JS)),
                             ("/control-ui-config.json", len(self.get("/control-ui-config.json")[2]))):
            request = ("HEAD %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" % path).encode()
            status, head, body = raw_exchange(self.port, request)
            self.assertEqual(status, 200, path)
            self.assertIn(b"Content-Length: %d\r\n" % length, head + b"\r\n", path)
            self.assertEqual(body, b"", path)

    def test_bootstrap_config(self):
        for path in ("/control-ui-config.json", "/__openclaw/control-ui-config.json",
                     "/__openclaw__/control-ui-config.json"):
            status, headers, body = self.get(path)
            self.assertEqual(status, 200, path)
            self.assertEqual(headers["content-type"], "application/json; charset=utf-8")
            config = json.loads(body)
            self.assertEqual(list(config), ["basePath", "assistantName", "assistantAvatar", "assistantAgentId",
                                            "serverVersion", "localMediaPreviewRoots", "embedSandbox",
                                            "allowExternalEmbedUrls"])
            self.assertEqual(config["basePath"], "")
            self.assertEqual(config["assistantName"], "Assistant")
            self.assertEqual(config["assistantAgentId"], "main")
            self.assertEqual(config["localMediaPreviewRoots"], [])
            self.assertEqual(config["embedSandbox"], "scripts")
            self.assertIs(config["allowExternalEmbedUrls"], False)
            self.assertTrue(config["serverVersion"])

    def test_the_gateways_own_routes_still_answer(self):
        status, _, body = self.http("/healthz")
        self.assertEqual((status, json.loads(body)), (200, {"ok": True, "status": "live"}))
        for probe in ("/health", "/ready", "/readyz", "/startup", "/startupz"):
            status, headers, body = self.http(probe)
            self.assertEqual(status, 200, probe)
            self.assertNotIn(INDEX_MARKER, body, probe)
        status, _, body = self.http("/v1/models", headers={"Authorization": "Bearer " + self.token})
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["object"], "list")
        status, _, _ = self.http("/v1/models")
        self.assertEqual(status, 401)
        for path in ("/ui", "/ui/index.html", "/api/x", "/plugins/x", "/v1/nope"):
            status, _, body = self.http(path)
            self.assertEqual(status, 404, path)
            self.assertNotIn(INDEX_MARKER, body, path)
        # Other methods are not the UI's: upstream's 404, as before.
        status, _, _ = self.http("/", method="POST")
        self.assertEqual(status, 404)

    async def test_no_spelling_reaches_a_file_outside_the_root(self):
        abs_path = self.secret_file.lstrip("/")
        before = await asyncio.to_thread(metric, self.metrics_port,
                                         'openclaw_http_rejections_total{reason="control_ui_path"}')
        refused = 0
        for template in REFUSED + OTHER:
            target = template.format(abs=abs_path, abs_enc=abs_path.replace("/", "%2f"))
            for method in ("GET", "HEAD"):
                request = ("%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\nConnection: close\r\n\r\n"
                           % (method, target)).encode("latin-1")
                status, head, body = await asyncio.to_thread(raw_exchange, self.port, request)
                self.assertNotIn(SECRET.encode(), head + body, target)
                if template in REFUSED:
                    # 404 like any missing file (400 if the HTTP parser already refused the target).
                    self.assertIn(status, (404, 400), (target, head))
                    self.assertNotIn(INDEX_MARKER.encode(), body, target)
                    refused += status == 404
                else:
                    self.assertIn(status, (200, 401, 404, 405), (target, head))
        after = await asyncio.to_thread(metric, self.metrics_port,
                                        'openclaw_http_rejections_total{reason="control_ui_path"}')
        self.assertEqual(after - before, refused)
        self.assertGreater(refused, 2 * len(REFUSED) - 6)
        # An absolute-form target names no file either.
        request = ("GET http://127.0.0.1:%d/../%s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                   % (self.port, abs_path)).encode()
        status, head, body = await asyncio.to_thread(raw_exchange, self.port, request)
        self.assertNotIn(SECRET.encode(), head + body)


class ControlUiBasePathTest(UiRootMixin, GatewayTestCase):
    def before_start(self):
        self.merge_config({"gateway": {"controlUi": {"root": self.make_root(), "basePath": "openclaw/"}}})

    def test_the_ui_lives_under_its_base_path(self):
        for path, location in (("/", "/openclaw/"), ("/openclaw?x=1", "/openclaw/?x=1")):
            status, headers, _ = self.get(path)
            self.assertEqual((status, headers["location"]), (302, location), path)
        status, _, body = self.get("/openclaw/chat/main")
        text = body.decode()
        self.assertEqual(status, 200)
        self.assertIn('data-openclaw-control-ui-base-path="/openclaw"', text)
        self.assertIn('src="/openclaw/assets/app-abc.js"', text)
        status, _, body = self.get("/openclaw/assets/app-abc.js")
        self.assertEqual((status, body.decode()), (200, APP_JS))
        status, _, body = self.get("/openclaw/control-ui-config.json")
        self.assertEqual(json.loads(body)["basePath"], "/openclaw")
        for path in ("/chat/main", "/assets/app-abc.js", "/openclaw/../secret.txt", "/openclaw/%2e%2e/secret.txt"):
            status, _, body = self.get(path)
            self.assertEqual(status, 404, path)
            self.assertNotIn(SECRET.encode(), body)
        self.assertEqual(self.http("/healthz")[0], 200)


class ControlUiNotConfiguredTest(GatewayTestCase):
    def test_without_a_root_nothing_is_served_and_the_log_says_how(self):
        status, _, _ = self.http("/")
        self.assertEqual(status, 404)
        self.assertEqual(self.http("/control-ui-config.json")[0], 404)
        self.assertIn("control UI not served: set gateway.controlUi.root", self.logs_text())


class ControlUiMissingRootTest(GatewayTestCase):
    def before_start(self):
        self.merge_config({"gateway": {"controlUi": {"root": os.path.join(self.tmp, "absent")}}})

    def test_a_missing_root_is_logged_and_answered_503(self):
        self.assertIn("control UI not served: gateway.controlUi.root " + os.path.join(self.tmp, "absent"),
                      self.logs_text())
        status, _, body = self.http("/")
        self.assertEqual(status, 503)
        self.assertNotIn(self.tmp, body, "the answer names no path")
        self.assertEqual(self.http("/healthz")[0], 200)


@unittest.skipUnless(os.path.isfile(os.path.join(DIST, "index.html")),
                     "no Control UI build at %s (set OPENCLAW_CONTROL_UI_DIST to node_modules/openclaw/dist/"
                     "control-ui)" % DIST)
class RealControlUiBuildTest(UiRootMixin, GatewayTestCase):
    def before_start(self):
        self.merge_config({"gateway": {"controlUi": {"root": DIST}}})

    def test_the_real_build_loads(self):
        status, headers, body = self.get("/", {"Accept": "text/html"})
        text = body.decode()
        self.assertEqual(status, 200)
        self.assertIn("<title>OpenClaw Control</title>", text)
        self.assertIn('data-openclaw-control-ui-base-path=""', text)
        entry = re.search(r'<script[^>]*type="module"[^>]*src="(/assets/[^"]+\.js)"', text)
        self.assertTrue(entry, "the entry module is linked absolutely")
        on_disk = os.path.join(DIST, entry.group(1).lstrip("/"))
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz"), ("identity", "")):
            status, headers, body = self.get(entry.group(1), {"Accept-Encoding": encoding})
            self.assertEqual(status, 200, encoding)
            self.assertEqual(headers["content-type"], "application/javascript; charset=utf-8")
            self.assertEqual(headers.get("content-encoding", "identity"), encoding)
            with open(on_disk + suffix, "rb") as handle:
                self.assertEqual(body, handle.read(), encoding)
        for link in re.findall(r'href="(/assets/[^"]+\.css)"', text)[:1]:
            status, headers, _ = self.get(link)
            self.assertEqual((status, headers["content-type"]), (200, "text/css; charset=utf-8"))
        status, _, body = self.get("/chat", {"Accept": "text/html"})
        self.assertEqual(status, 200)
        self.assertIn("<title>OpenClaw Control</title>", body.decode())
        self.assertEqual(json.loads(self.get("/control-ui-config.json")[2])["basePath"], "")


if __name__ == "__main__":
    unittest.main()
