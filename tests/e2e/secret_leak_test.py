"""No secret ever leaves the gateway in text (issue 7): across one representative run, every
log line (stdout, stderr, <state>/logs/gateway.log), every error a client received, every
metric line and every CLI output is collected, and none of the secrets the run used — nor any
run of 12 or more of their characters — appears in it.

The run: a gateway token and a metrics token from files, two provider keys (one from the
environment, one inline in auth-profiles.json) for a fake upstream that answers 401 echoing
the key it was sent (as OpenAI does), device tokens issued by pairing, failed connects and
HTTP requests with wrong tokens that contain most of the real ones, config get/set, logs,
status, doctor, devices, health and /metrics.
"""

import asyncio
import json
import os
import urllib.request
import uuid

from fake_upstream import FakeUpstream, Status
from gateway_figures import scrape
from gateway_harness import Device, GatewayTestCase, free_port
from harness import provision

# Random characters only: a secret made of words ("gateway-token") would "leak" wherever
# those words are printed.
GATEWAY_TOKEN = "Q7w3Zr9Kx2Lm5Np8Tv4Yb6HcXe1Ru0Io3Pa5Sd7Fg9"
METRICS_TOKEN = "Jd8Fs2Gh5Kl9Pq3Wx7Ze4RtYu6Ii1Oo0Pp2Aa4Ss6"
ENV_PROVIDER_KEY = "sk-Mn4Bv7Cx2Zl9Kj5Hg3FdQw8Er1Ty6Ui0Op2As"
PROFILE_PROVIDER_KEY = "sk-Tr6Ye2Wq8Ui4Op1As7DfGh3Jk5Lz9Xc0Vb2Nm"
PIECE = 12  # the shortest run of a secret's characters that counts as a leak


def pieces(secret):
    return {secret[i:i + PIECE] for i in range(len(secret) - PIECE + 1)}


class SecretLeakTest(GatewayTestCase):
    def setUp(self):
        self.fake = FakeUpstream()
        self.fake.start()
        self.addCleanup(self.fake.stop)
        self.metrics_port = free_port()
        self.outputs = []  # (where, text) of everything the run showed anyone
        super().setUp()

    def before_start(self):
        # The gateway token and the metrics token from files, as provisioned on a real box.
        token_file = self.write("gateway-token.txt", GATEWAY_TOKEN + "\n")
        metrics_file = self.write("metrics-token.txt", METRICS_TOKEN + "\n")
        provision("apply", "--state-dir", self.state, "--port", str(self.port), "--bind", "loopback",
                  "--auth-token-file", token_file, "--metrics-token-file", metrics_file, check=True)
        self.token = GATEWAY_TOKEN
        env_key = {"source": "env", "provider": "default", "id": "LEAK_PROVIDER_KEY"}
        self.merge_config({
            "gateway": {"metrics": {"enabled": True, "port": self.metrics_port},
                        "http": {"endpoints": {"chatCompletions": {"enabled": True}}}},
            "models": {"providers": {
                "fakea": {"baseUrl": self.fake.base_url, "api": "openai-completions", "apiKey": env_key,
                          "models": [{"id": "model-a", "name": "Model A"}]},
                "fakeb": {"baseUrl": self.fake.base_url, "api": "openai-completions",
                          "models": [{"id": "model-b", "name": "Model B"}]}}},
            "agents": {"defaults": {"model": {"primary": "fakea/model-a", "fallbacks": ["fakeb/model-b"]}}},
        })
        profiles_dir = os.path.join(self.state, "agents", "main", "agent")
        os.makedirs(profiles_dir, exist_ok=True)
        with open(os.path.join(profiles_dir, "auth-profiles.json"), "w", encoding="utf-8") as handle:
            json.dump({"version": 1, "profiles": {
                "fakeb:default": {"type": "api_key", "provider": "fakeb", "key": PROFILE_PROVIDER_KEY}}}, handle)
        os.chmod(os.path.join(profiles_dir, "auth-profiles.json"), 0o600)
        self.env = {"LEAK_PROVIDER_KEY": ENV_PROVIDER_KEY}

    def secrets(self):
        return [GATEWAY_TOKEN, METRICS_TOKEN, ENV_PROVIDER_KEY, PROFILE_PROVIDER_KEY, *self.issued_device_tokens]

    def show(self, where, text):
        self.outputs.append((where, text if isinstance(text, str) else json.dumps(text)))

    def cli_shows(self, *args):
        result = self.cli(*args)
        self.show("openclaw " + " ".join(args), result.stdout + result.stderr)
        return result

    # ------------------------------------------------------------------ the run

    async def pair_devices(self):
        """Two devices paired silently (local first pairing); their tokens are secrets too."""
        for _ in range(2):
            connection, hello = await self.connect_ok(device=Device())
            self.assertIn(hello["auth"]["deviceToken"], self.issued_device_tokens)
            await connection.close()

    async def fail_auth_with_near_misses(self):
        device = Device()
        connection, hello = await self.connect_ok(device=device)
        device_token = hello["auth"]["deviceToken"]
        await connection.close()
        near_misses = [GATEWAY_TOKEN[:-1] + "x", GATEWAY_TOKEN + "extra", "x" + GATEWAY_TOKEN[1:],
                       GATEWAY_TOKEN[:20], METRICS_TOKEN, ENV_PROVIDER_KEY]
        for wrong in near_misses:
            connection, response = await self.connect(token=wrong)
            self.assertFalse(response["ok"])
            self.show("connect error", response)
            self.show("connect close", str(await connection.closed()))
        wrong_device_token = device_token[:-2] + ("AA" if not device_token.endswith("AA") else "BB")
        connection, response = await self.connect(device=device, auth={"deviceToken": wrong_device_token})
        self.assertFalse(response["ok"])
        self.show("device token error", response)
        for wrong in near_misses[:3] + [wrong_device_token]:
            status, _, body = await asyncio.to_thread(self.http, "/v1/chat/completions", "POST",
                                                      {"Authorization": "Bearer " + wrong,
                                                       "Content-Type": "application/json"})
            self.assertIn(status, (401, 429))
            self.show("http %d" % status, body)
        request = urllib.request.Request("http://127.0.0.1:%d/metrics" % self.metrics_port,
                                         headers={"Authorization": "Bearer " + METRICS_TOKEN[:-1] + "x"})
        try:
            urllib.request.urlopen(request, timeout=5)
            self.fail("the metrics listener took a wrong token")
        except urllib.error.HTTPError as error:
            self.show("metrics %d" % error.code, error.read().decode())

    async def provider_errors_echo_the_key(self):
        # OpenAI's 401 names the key it was given; the gateway must not pass that on.
        self.fake.script("model-a", Status(401, message="Incorrect API key provided: %s." % ENV_PROVIDER_KEY))
        self.fake.script("model-b", Status(401, message="Incorrect API key provided: %s." % PROFILE_PROVIDER_KEY))
        connection, _ = await self.connect_ok()
        response = await connection.call("chat.send", {"sessionKey": "main", "message": "hi",
                                                       "idempotencyKey": str(uuid.uuid4())})
        self.show("chat.send", response)
        try:
            for _ in range(20):
                frame = await connection.recv(timeout=10)
                self.show("frame", frame)
                if frame.get("event") == "chat" and frame["payload"].get("state") in ("final", "error", "aborted"):
                    break
        except asyncio.TimeoutError:
            pass
        await connection.close()
        self.assertTrue(self.fake.requests_for("model-a"), "the provider was never called")
        self.fake.script("model-a", Status(401, message="Incorrect API key provided: %s." % ENV_PROVIDER_KEY))
        self.fake.script("model-b", Status(401, message="Incorrect API key provided: %s." % PROFILE_PROVIDER_KEY))
        body = json.dumps({"model": "openclaw", "messages": [{"role": "user", "content": "hi"}]}).encode()
        request = urllib.request.Request("http://127.0.0.1:%d/v1/chat/completions" % self.port, data=body,
                                         method="POST", headers={"Authorization": "Bearer " + GATEWAY_TOKEN,
                                                                 "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                self.show("http chat", answer.read().decode())
        except urllib.error.HTTPError as error:
            self.show("http chat %d" % error.code, error.read().decode())

    def operator_cli(self):
        for args in (("status",), ("status", "--json"), ("health", "--json"), ("gateway", "status", "--json"),
                     ("doctor",), ("doctor", "--json"), ("devices", "list"), ("devices", "list", "--json"),
                     ("config", "get", "gateway.auth"), ("config", "get", "gateway.auth.token", "--json"),
                     ("config", "get", "gateway.metrics", "--json"), ("config", "get", "models", "--json"),
                     ("config", "set", "logging.level", "debug"), ("config", "validate", "--json"),
                     ("logs", "--limit", "500"), ("logs", "--limit", "500", "--json"),
                     ("gateway", "call", "config.get", "--json"), ("gateway", "call", "status", "--json")):
            self.cli_shows(*args)

    async def test_no_secret_appears_in_any_output(self):
        await self.pair_devices()
        await self.fail_auth_with_near_misses()
        await self.provider_errors_echo_the_key()
        await asyncio.to_thread(self.operator_cli)
        self.show("/metrics", scrape(self.metrics_port, METRICS_TOKEN))
        self.assertEqual(self.stop_gateway(), 0)
        self.show("gateway stdout", self.logs_text())
        self.show("gateway stderr", self.gateway_stderr)
        log_dir = os.path.join(self.state, "logs")
        for name in sorted(os.listdir(log_dir)):
            with open(os.path.join(log_dir, name), encoding="utf-8", errors="replace") as handle:
                self.show("log file " + name, handle.read())

        self.assertGreater(len(self.issued_device_tokens), 2)
        # The provider really got both keys and echoed them; what reached clients is redacted.
        sent = [entry.headers.get("authorization", "") for entry in self.fake.requests]
        self.assertIn("Bearer " + ENV_PROVIDER_KEY, sent)
        self.assertIn("Bearer " + PROFILE_PROVIDER_KEY, sent)
        self.assertTrue(any("Incorrect API key provided" in text for where, text in self.outputs
                            if where in ("frame", "http chat 401")), "no provider error reached a client")
        if os.environ.get("SECRET_LEAK_DUMP"):
            with open(os.environ["SECRET_LEAK_DUMP"], "w", encoding="utf-8") as dump:
                for where, text in self.outputs:
                    dump.write("==== %s\n%s\n" % (where, text))
        self.assertTrue(any("gateway.log" in where for where, _ in self.outputs))
        leaks = []
        for secret in self.secrets():
            runs = pieces(secret)
            for where, text in self.outputs:
                found = sorted(run for run in runs if run in text)
                if found:
                    leaks.append("%s… in %s: %r" % (secret[:6], where, found[:2]))
        self.maxDiff = None
        self.assertEqual(leaks, [], "secrets leaked")
