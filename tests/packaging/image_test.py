"""The container image: docker/Dockerfile built unchanged with podman, then used as an operator
would — a one-shot provision into the state volume, then the gateway with a read-only root, no
capabilities, as the image's non-root user.

Slow (the first build compiles the project inside the container), so behind OPENCLAW_IMAGE=1;
needs root, podman, runc and debootstrap (the local Debian base stands in for the registry).
Containers and the image are named image-*; the gateway uses the host network bound to
127.0.0.1 only, or no network at all.
"""

import json
import os
import shutil
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))

import podman_lane  # noqa: E402

REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
IMAGE = "localhost/image-openclaw-gateway:test"
IMAGE_SIZE_LIMIT = 20 * 1000 * 1000  # bytes: the image must stay under 20 MB
STATE_UID = 10001
BINARY = "/usr/local/bin/openclaw"
ENABLED = os.environ.get("OPENCLAW_IMAGE", "0") in ("1", "ON", "on", "true", "yes")


def skip_reason():
    if not ENABLED:
        return "image lane is off: set OPENCLAW_IMAGE=1 (needs root, podman, runc, debootstrap)"
    available, why = podman_lane.podman_available()
    if not available:
        return why
    try:
        import websockets  # noqa: F401  (the WebSocket connect below needs it)
    except ImportError:
        return "python3-websockets is missing"
    return None


SKIP = skip_reason()
if SKIP is None:
    from gateway_harness import CLI_SCOPES, Connection, cli_client, free_port  # noqa: E402
    import websockets  # noqa: E402


def http_get(port, path):
    """(status, body) of GET http://127.0.0.1:port/path, or (None, error) when nothing answers."""
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=3) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError as error:
        return None, str(error)


@unittest.skipIf(SKIP is not None, SKIP or "")
class ImageTest(unittest.IsolatedAsyncioTestCase):
    @classmethod
    def setUpClass(cls):
        podman_lane.ensure_debian_base()
        started = time.monotonic()
        podman_lane.podman("build", "--network=host", "--pull=never", "--format", "docker",
                           "-f", os.path.join(REPO, "docker", "Dockerfile"), "-t", IMAGE, REPO, timeout=7200)
        cls.build_seconds = time.monotonic() - started
        print("\nimage build took %.0f s" % cls.build_seconds, file=sys.stderr)
        cls.config = json.loads(podman_lane.podman("image", "inspect", IMAGE).stdout)[0]

    @classmethod
    def tearDownClass(cls):
        # The build stage's layers and cache mount stay, so the next run rebuilds incrementally.
        podman_lane.remove_image(IMAGE)

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="image-test-")
        self.state = os.path.join(self.tmp, "state")
        os.mkdir(self.state, 0o700)
        os.chown(self.state, STATE_UID, STATE_UID)
        self.suffix = uuid.uuid4().hex[:8]
        self.containers = []

    def tearDown(self):
        for name in self.containers:
            podman_lane.remove_container(name)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def container_name(self, role):
        name = "image-%s-%s" % (role, self.suffix)
        self.containers.append(name)
        return name

    def hardened(self, *extra):
        """The run flags every container of this test gets: read-only root, no capabilities."""
        return ["--read-only", "--cap-drop=ALL", "--security-opt=no-new-privileges",
                "-v", "%s:/state" % self.state, *extra]

    def provision(self, *args):
        """The one-shot provision, through the image's openclaw-provision symlink."""
        result = podman_lane.podman("run", "--rm", "--name", self.container_name("provision"), "--network=none",
                                    *self.hardened(), "--entrypoint", "openclaw-provision", IMAGE,
                                    "apply", *args, check=False)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        with open(os.path.join(self.state, "credentials", "gateway-token"), encoding="utf-8") as handle:
            return handle.read().strip()

    def start_gateway(self, network, *command):
        name = self.container_name("gateway")
        podman_lane.podman("run", "-d", "--name", name, "--network=%s" % network, *self.hardened(), IMAGE, *command)
        return name

    def wait_healthy(self, name, port=None, seconds=20):
        """Waits for /healthz (from here when `port` is given, else inside the container)."""
        deadline = time.monotonic() + seconds
        last = None
        while time.monotonic() < deadline:
            if port is not None:
                last = http_get(port, "/healthz")
                if last[0] == 200:
                    return
            else:
                result = podman_lane.podman("exec", name, BINARY, "gateway", "healthcheck", check=False)
                last = (result.returncode, result.stdout + result.stderr)
                if result.returncode == 0:
                    return
            time.sleep(0.3)
        logs = podman_lane.podman("logs", name, check=False)
        self.fail("gateway in %s not healthy: %r\n%s%s" % (name, last, logs.stdout[-3000:], logs.stderr[-3000:]))

    def healthcheck(self):
        """The image's HEALTHCHECK (podman reports it beside Config, docker inside it)."""
        found = self.config.get("Healthcheck") or self.config["Config"].get("Healthcheck")
        self.assertIsNotNone(found, "the image has no HEALTHCHECK (built without --format docker?)")
        return found

    def test_image_is_under_20_mb(self):
        size = int(podman_lane.podman("image", "inspect", "--format", "{{.Size}}", IMAGE).stdout.strip())
        print("\nimage size: %d bytes" % size, file=sys.stderr)
        self.assertLess(size, IMAGE_SIZE_LIMIT)

    def test_image_runs_the_gateway_as_non_root_with_state_volume_and_healthcheck(self):
        config = self.config["Config"]
        self.assertEqual(config["User"], "10001:10001")
        self.assertEqual(config["Entrypoint"], [BINARY, "gateway", "run"])
        self.assertEqual(config["Cmd"], ["--bind", "lan"])
        self.assertIn("18789/tcp", config["ExposedPorts"])
        self.assertIn("/state", config["Volumes"])
        self.assertIn("OPENCLAW_STATE_DIR=/state", config["Env"])
        self.assertIn("SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt", config["Env"])
        self.assertEqual(self.healthcheck()["Test"], ["CMD", BINARY, "gateway", "healthcheck"])

    async def test_provisioned_gateway_serves_health_and_token_connect_read_only(self):
        port = free_port()
        token = self.provision("--bind", "loopback", "--port", str(port))
        name = self.start_gateway("host", "--bind", "loopback", "--port", str(port))
        self.wait_healthy(name, port=port)
        self.assertEqual(json.loads(http_get(port, "/healthz")[1]), {"ok": True, "status": "live"})

        ws = await websockets.connect("ws://127.0.0.1:%d" % port, max_size=None, open_timeout=5, close_timeout=2)
        connection = Connection(ws)
        connection.challenge = await connection.recv()
        request_id = str(uuid.uuid4())
        await connection.send({"type": "req", "id": request_id, "method": "connect",
                               "params": {"minProtocol": 3, "maxProtocol": 4, "client": cli_client(),
                                          "role": "operator", "scopes": CLI_SCOPES, "auth": {"token": token}}})
        response = await connection.response(request_id)
        self.assertTrue(response["ok"], response)
        self.assertEqual(response["payload"]["type"], "hello-ok")
        health = await connection.call("health")
        self.assertTrue(health["ok"], health)
        await connection.close()

        # The image's HEALTHCHECK, run by podman, and the same argv run by hand.
        check = podman_lane.podman("healthcheck", "run", name, check=False)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        argv = self.healthcheck()["Test"][1:]
        by_hand = podman_lane.podman("exec", name, *argv, check=False)
        self.assertEqual(by_hand.returncode, 0, by_hand.stderr)
        self.assertEqual(by_hand.stdout, "ok: http://127.0.0.1:%d/healthz\n" % port)

        # Everything the gateway wrote is in the state volume, owned by the image's user.
        log_file = os.path.join(self.state, "logs", "gateway.log")
        self.assertTrue(os.path.isfile(log_file))
        self.assertEqual(os.stat(log_file).st_uid, STATE_UID)
        self.assertNotIn(token, open(log_file, encoding="utf-8").read())

        podman_lane.podman("stop", "--time", "10", name)
        code = podman_lane.podman("inspect", "--format", "{{.State.ExitCode}}", name).stdout.strip()
        self.assertEqual(code, "0", "SIGTERM should stop the gateway cleanly")

        # Stopped, the healthcheck says so (exit 1 and why), rather than a false healthy.
        down = podman_lane.podman("run", "--rm", "--name", self.container_name("probe"), "--network=host",
                                  *self.hardened(), "--entrypoint", BINARY, IMAGE, "gateway", "healthcheck",
                                  check=False)
        self.assertEqual(down.returncode, 1, down.stdout + down.stderr)
        self.assertIn("http://127.0.0.1:%d/healthz: connection refused" % port, down.stderr)

    def test_default_command_binds_the_container_interface(self):
        # Default CMD (--bind lan) on a config provisioned with the default loopback bind: the
        # gateway must still listen on every interface of its own network namespace (A6).
        # --network=none keeps that wildcard bind off the host's interfaces.
        self.provision()
        name = self.start_gateway("none")
        self.wait_healthy(name)
        with open(os.path.join(self.state, "logs", "gateway.log"), encoding="utf-8") as handle:
            text = handle.read()
        self.assertIn("0.0.0.0", text)
        check = podman_lane.podman("healthcheck", "run", name, check=False)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)

    def test_provisioner_symlink_and_version(self):
        result = podman_lane.podman("run", "--rm", "--name", self.container_name("version"), "--network=none",
                                    *self.hardened(), "--entrypoint", "openclaw-provision", IMAGE, "version")
        self.assertRegex(result.stdout, r"^openclaw-provision \d+\.\d+\.\d+\n$")


if __name__ == "__main__":
    unittest.main()
