"""openclaw gateway run: startup precedence and refusals (spec §3.3), probes (spec §6)."""

import json
import os
import socket
import subprocess
import time
import unittest
import urllib.request

from harness import OPENCLAW, TempDirTestCase, provision


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class GatewayRunTest(TempDirTestCase):
    def start(self, *args, env=None):
        full_env = {"PATH": "/usr/bin:/bin", "HOME": self.tmp, "OPENCLAW_STATE_DIR": self.state}
        full_env.update(env or {})
        process = subprocess.Popen([OPENCLAW, "gateway", "run", *args], env=full_env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        def cleanup():
            if process.poll() is None:
                process.kill()
                process.wait()
            process.stdout.close()
            process.stderr.close()
        self.addCleanup(cleanup)
        return process

    def wait_listening(self, process):
        lines = []
        deadline = time.time() + 10
        while time.time() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(json.loads(line))
            if lines[-1]["msg"] == "ready":
                return lines
        self.fail("gateway did not become ready: %r" % lines)

    def stop(self, process):
        process.terminate()
        process.wait(timeout=10)
        return process.returncode, [json.loads(line) for line in process.stdout.read().splitlines() if line]

    def test_provisioned_gateway_serves_probes_and_logs_only_the_token_fingerprint(self):
        port = free_port()
        provision("apply", "--state-dir", self.state, "--port", str(port), check=True)
        process = self.start()
        lines = self.wait_listening(process)
        messages = [line["msg"] for line in lines]
        self.assertIn(f"listening on ws://127.0.0.1:{port}", messages)
        auth = next(line for line in lines if line["msg"] == "auth")
        self.assertRegex(auth["tokenFingerprint"], r"^sha256:[0-9a-f]{12}$")
        self.assertIn("file:gateway-token:value", auth["tokenSource"])
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            self.assertEqual(json.loads(response.read()), {"ok": True, "status": "live"})
            self.assertEqual(response.headers["Cache-Control"], "no-store")
            self.assertEqual(response.headers["X-Content-Type-Options"], "nosniff")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=5) as response:
            body = json.loads(response.read())
            self.assertTrue(body["ready"])
            self.assertEqual(body["failing"], [])
        with self.assertRaises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/no-such-page", timeout=5)
        self.assertEqual(missing.exception.code, 404)
        code, rest = self.stop(process)
        self.assertEqual(code, 0)
        self.assertIn("shutting down", [line["msg"] for line in rest])
        with open(os.path.join(self.state, "credentials", "gateway-token"), encoding="utf-8") as handle:
            token = handle.read().strip()
        self.assertNotIn(token, json.dumps(lines + rest))

    def test_port_precedence_flag_over_env_over_config(self):
        config_port, env_port, flag_port = free_port(), free_port(), free_port()
        provision("apply", "--state-dir", self.state, "--port", str(config_port), check=True)
        process = self.start("--port", str(flag_port), env={"OPENCLAW_GATEWAY_PORT": str(env_port)})
        self.assertIn(f"listening on ws://127.0.0.1:{flag_port}", [l["msg"] for l in self.wait_listening(process)])
        self.stop(process)
        process = self.start(env={"OPENCLAW_GATEWAY_PORT": str(env_port)})
        self.assertIn(f"listening on ws://127.0.0.1:{env_port}", [l["msg"] for l in self.wait_listening(process)])
        self.stop(process)

    def refused(self, *args, env=None):
        process = self.start(*args, env=env)
        process.wait(timeout=10)
        self.assertEqual(process.returncode, 1)
        return " ".join(json.loads(line)["msg"] for line in process.stdout.read().splitlines() if line)

    def test_unconfigured_start_is_blocked(self):
        message = self.refused()
        self.assertIn("set gateway.mode=local", message)
        self.assertIn("--allow-unconfigured", message)

    def test_non_loopback_without_auth_is_refused_with_upstreams_message(self):
        port = free_port()
        message = self.refused("--allow-unconfigured", "--bind", "lan", "--auth", "none", "--port", str(port))
        self.assertIn(f"refusing to bind gateway to 0.0.0.0:{port} without auth", message)

    def test_non_loopback_control_ui_gets_allowed_origins_seeded_and_saved(self):
        # Upstream seeds allowedOrigins for a non-loopback bind instead of refusing to start.
        # The lan bind (0.0.0.0) happens inside a private network namespace: nothing is exposed.
        port = free_port()
        os.makedirs(self.state)
        config_path = os.path.join(self.state, "openclaw.json")
        with open(config_path, "w", encoding="utf-8") as handle:
            json.dump({"gateway": {"mode": "local", "bind": "lan", "port": port}}, handle)
        env = {"PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "HOME": self.tmp, "OPENCLAW_STATE_DIR": self.state}
        process = subprocess.Popen(["unshare", "--net", "sh", "-c", 'ip link set lo up && exec "$0" gateway run --token "$1"',
                                    OPENCLAW, "t" * 32], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.addCleanup(lambda: (process.poll() is None and process.kill(), process.wait(),
                                 process.stdout.close(), process.stderr.close()))
        lines = self.wait_listening(process)
        self.assertIn(f"listening on ws://0.0.0.0:{port}", [line["msg"] for line in lines])
        seeded = [line["msg"] for line in lines if "seeded gateway.controlUi.allowedOrigins" in line["msg"]]
        self.assertEqual(len(seeded), 1, lines)
        with open(config_path, encoding="utf-8") as handle:
            origins = json.load(handle)["gateway"]["controlUi"]["allowedOrigins"]
        self.assertEqual(origins, [f"http://localhost:{port}", f"http://127.0.0.1:{port}"])

    def test_port_in_use_names_the_port(self):
        with socket.socket() as holder:
            holder.bind(("127.0.0.1", 0))
            holder.listen()
            port = holder.getsockname()[1]
            message = self.refused("--allow-unconfigured", "--bind", "loopback", "--token", "t" * 32, "--port",
                                   str(port))
        self.assertIn(f"port {port} is already in use", message)

    def test_second_gateway_names_the_first_ones_pid_and_force_replaces_it(self):
        port = free_port()
        provision("apply", "--state-dir", self.state, "--port", str(port), check=True)
        first = self.start()
        self.wait_listening(first)
        message = self.refused()
        self.assertIn(f"port {port} is already in use", message)
        self.assertIn(f"another openclaw gateway is running (pid {first.pid})", message)
        second = self.start("--force")
        self.wait_listening(second)
        self.assertEqual(first.wait(timeout=10), 0, "the first gateway was stopped cleanly")
        self.stop(second)

    def test_unreadable_password_file_is_refused_naming_it(self):
        missing = os.path.join(self.tmp, "no-such-password")
        message = self.refused("--allow-unconfigured", "--auth", "password", "--password-file", missing,
                               "--port", str(free_port()))
        self.assertIn("--password-file " + missing, message)

    def test_invalid_config_is_refused_with_its_path(self):
        os.makedirs(self.state)
        with open(os.path.join(self.state, "openclaw.json"), "w", encoding="utf-8") as handle:
            handle.write('{ gateway: { mode: "local", port: 99999 } }')
        message = self.refused()
        self.assertIn("gateway.port", message)
        self.assertIn("99999", message)


if __name__ == "__main__":
    unittest.main()
