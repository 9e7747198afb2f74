"""The operator's first commands against a real gateway (spec §9, the runbooks' ladder):
`openclaw gateway status` (runtime and port owner, connectivity probe and capability,
--require-rpc, --deep unit detection, the last logged error), `openclaw gateway probe`
(targets, warnings, exit 1 only when nothing answers) and `openclaw status` (the overview
with pending pairing requests)."""

import json
import os
import subprocess
import sys
import time

from gateway_harness import Device, GatewayTestCase, free_port
from harness import OPENCLAW, provision

REMOTE = {"X-Forwarded-For": "203.0.113.7"}
CAPABILITIES = {"admin_capable", "write_capable", "read_only", "connected_no_operator_scope", "pairing_pending",
                "unknown"}


def hold_port(port):
    """A foreign process (python) listening on `port`, as nginx would; returns (process, its comm)."""
    holder = subprocess.Popen([sys.executable, "-c", (
        "import socket, sys, time\n"
        "s = socket.socket()\n"
        "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
        "s.bind(('127.0.0.1', %d))\n"
        "s.listen(8)\n"
        "print('listening', flush=True)\n"
        "time.sleep(60)\n") % port], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "listening"
    with open("/proc/%d/comm" % holder.pid, encoding="utf-8") as handle:
        return holder, handle.read().strip()


class GatewayStatusTest(GatewayTestCase):
    def test_running_gateway_shows_the_runbook_lines(self):
        result = self.cli("gateway", "status")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Runtime: running (pid %d)\n" % self.process.pid, result.stdout)
        self.assertIn("Connectivity probe: ok\n", result.stdout)
        self.assertIn("Capability: admin-capable\n", result.stdout, "the CLI on the box reaches the admin socket")
        self.assertIn("Gateway: bind=loopback (127.0.0.1), port=%d (config)\n" % self.port, result.stdout)
        self.assertIn("Config (cli): %s\n" % os.path.join(self.state, "openclaw.json"), result.stdout)
        self.assertIn("Listening: 127.0.0.1:%d" % self.port, result.stdout)
        self.assertNotIn("Connectivity probe: failed", result.stderr)

        data = self.cli_json("gateway", "status", "--require-rpc")
        self.assertEqual(data["service"]["runtime"], {"status": "running", "pid": self.process.pid})
        self.assertTrue(data["rpc"]["ok"])
        self.assertTrue(data["rpc"]["readProbe"])
        self.assertEqual(data["rpc"]["capability"], "admin_capable")
        self.assertEqual(data["gateway"]["port"], self.port)
        self.assertEqual(data["gateway"]["bindMode"], "loopback")
        self.assertEqual(data["port"]["status"], "busy")
        self.assertEqual({listener["pid"] for listener in data["port"]["listeners"]}, {self.process.pid})
        self.assertEqual(data["stateDir"], self.state)
        self.assertEqual(data["logFile"], os.path.join(self.state, "logs", "gateway.log"))
        self.assertEqual(data["config"]["cli"]["valid"], True)
        self.assertTrue(data["health"]["healthy"])
        self.assertNotIn(self.token, json.dumps(data), "the probe's credentials are never printed")

    def test_stopped_gateway_and_require_rpc(self):
        self.stop_gateway()
        result = self.cli("gateway", "status")
        self.assertEqual(result.returncode, 0, "a report, not a check: exit 0 without --require-rpc")
        self.assertIn("Runtime: stopped\n", result.stdout)
        self.assertIn("Connectivity probe: failed\n", result.stderr)

        required = self.cli("gateway", "status", "--require-rpc")
        self.assertEqual(required.returncode, 1, required.stdout + required.stderr)

        data = self.cli_json("gateway", "status", "--no-probe")
        self.assertNotIn("rpc", data)
        self.assertEqual(data["port"]["status"], "free")
        self.assertEqual(data["service"]["runtime"]["status"], "stopped")

        usage = self.cli("gateway", "status", "--no-probe", "--require-rpc")
        self.assertEqual(usage.returncode, 2)
        self.assertIn("--require-rpc cannot be combined with --no-probe", usage.stderr)
        typo = self.cli("gateway", "status", "--deeep")
        self.assertEqual(typo.returncode, 2)
        self.assertIn("unknown option --deeep", typo.stderr)

    def test_port_held_by_another_process_is_named_with_its_pid(self):
        self.stop_gateway()
        holder, comm = hold_port(self.port)
        try:
            result = self.cli("gateway", "status")
            self.assertEqual(result.returncode, 0)
            self.assertIn("Runtime: stopped\n", result.stdout)
            self.assertIn("Port %d is already in use.\n" % self.port, result.stderr)
            self.assertIn("- port %d is held by %s (pid %d)\n" % (self.port, comm, holder.pid), result.stderr)

            data = self.cli_json("gateway", "status")
            self.assertEqual(data["port"]["status"], "busy")
            self.assertEqual(data["port"]["listeners"][0]["pid"], holder.pid)
            self.assertEqual(data["port"]["listeners"][0]["command"], comm)
            self.assertIn("port %d is held by %s (pid %d)" % (self.port, comm, holder.pid), data["port"]["hints"])
            self.assertFalse(data["rpc"]["ok"])
            self.assertFalse(data["health"]["healthy"])
        finally:
            holder.kill()
            holder.wait()
            holder.stdout.close()

    def test_last_error_of_the_gateway_log(self):
        log = os.path.join(self.state, "logs", "gateway.log")
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(json.dumps({"time": "2026-11-21T10:00:00.000Z", "level": "error", "subsystem": "gateway/ws",
                                     "msg": "listener failed", "reason": "EMFILE"}) + "\n")
        data = self.cli_json("gateway", "status")
        self.assertEqual(data["lastError"], "2026-11-21T10:00:00.000Z error gateway/ws: listener failed reason=EMFILE")

        self.stop_gateway()
        result = self.cli("gateway", "status")
        self.assertIn("Last gateway error: ", result.stderr, "shown when the gateway is not healthy")

    def test_deep_lists_other_gateway_units(self):
        units = os.path.join(self.tmp, "units")
        os.makedirs(units)
        for name, port in (("openclaw-gateway.service", self.port), ("openclaw-gateway-rescue.service", 19001)):
            with open(os.path.join(units, name), "w", encoding="utf-8") as handle:
                handle.write("[Service]\nExecStart=/usr/local/bin/openclaw gateway --port %d\n" % port)
        env = self.cli_env(OPENCLAW_SYSTEMD_DIR=units)

        shallow = self.cli_json("gateway", "status", "--no-probe", env=env)
        self.assertTrue(shallow["service"]["loaded"])
        self.assertEqual(shallow["service"]["unit"]["label"], "openclaw-gateway.service")
        self.assertEqual(shallow["extraServices"], [])

        deep = self.cli_json("gateway", "status", "--no-probe", "--deep", env=env)
        self.assertEqual([unit["label"] for unit in deep["extraServices"]], ["openclaw-gateway-rescue.service"])
        self.assertIn("--port 19001", deep["extraServices"][0]["detail"])
        text = self.cli("gateway", "status", "--no-probe", "--deep", env=env)
        self.assertIn("Other gateway-like services detected (best effort):", text.stderr)


class GatewayProbeTest(GatewayTestCase):
    def second_gateway(self):
        """Another provisioned gateway on this machine (a rescue bot): (url, token)."""
        state = os.path.join(self.tmp, "state-b")
        port = free_port()
        provision("apply", "--state-dir", state, "--port", str(port), "--bind", "loopback", check=True)
        with open(os.path.join(state, "credentials", "gateway-token"), encoding="utf-8") as handle:
            token = handle.read().strip()
        env = {"PATH": "/usr/bin:/bin", "HOME": self.tmp, "OPENCLAW_STATE_DIR": state}
        process = subprocess.Popen([OPENCLAW, "gateway", "run"], env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True)
        self.addCleanup(self.stop_process, process)
        deadline = time.time() + 20
        while time.time() < deadline:
            line = process.stdout.readline()
            if '"ready"' in line:
                return "ws://127.0.0.1:%d" % port, token
        self.fail("second gateway did not start")

    @staticmethod
    def stop_process(process):
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()

    def test_probe_json_reports_the_local_gateway(self):
        data = self.cli_json("gateway", "probe")
        self.assertTrue(data["ok"])
        self.assertIn(data["capability"], CAPABILITIES)
        self.assertEqual(data["primaryTargetId"], "localLoopback")
        target = data["targets"][0]
        self.assertEqual((target["id"], target["kind"], target["url"]),
                         ("localLoopback", "localLoopback", "ws://127.0.0.1:%d" % self.port))
        self.assertTrue(target["connect"]["ok"])
        self.assertIsInstance(target["connect"]["latencyMs"], int)
        self.assertEqual(target["auth"]["capability"], data["capability"])
        for key in ("ts", "durationMs", "timeoutMs", "warnings", "degraded"):
            self.assertIn(key, data)

        text = self.cli("gateway", "probe")
        self.assertEqual(text.returncode, 0)
        self.assertIn("Reachable: yes\n", text.stdout)
        self.assertIn("Local loopback ws://127.0.0.1:%d\n  Connect: ok (" % self.port, text.stdout)

    def test_a_probe_without_device_identity_is_scope_limited_not_failed(self):
        # Upstream's non-mutating probe: with only the shared token and no device identity,
        # the gateway grants a probe no scopes, so read diagnostics are limited.
        os.remove(os.path.join(self.state, "identity", "device.json"))
        data = self.cli_json("gateway", "probe")
        self.assertTrue(data["ok"])
        self.assertTrue(data["degraded"])
        self.assertEqual(data["capability"], "connected_no_operator_scope")
        self.assertTrue(data["targets"][0]["connect"]["scopeLimited"])
        self.assertIn("probe_scope_limited", [warning["code"] for warning in data["warnings"]])
        self.assertFalse(os.path.exists(os.path.join(self.state, "identity", "device.json")),
                         "probing does not create a device identity")
        text = self.cli("gateway", "probe")
        self.assertIn("Capability: connect-only", text.stdout)
        self.assertIn("Read probe: limited", text.stdout)

    def test_unreachable_remote_does_not_fail_the_probe(self):
        dead = "ws://127.0.0.1:%d" % free_port()
        self.merge_config({"gateway": {"remote": {"url": dead}}})
        data = self.cli_json("gateway", "probe")
        targets = {target["id"]: target for target in data["targets"]}
        self.assertFalse(targets["configRemote"]["connect"]["ok"])
        self.assertTrue(targets["localLoopback"]["connect"]["ok"])
        self.assertEqual(data["primaryTargetId"], "localLoopback")
        self.assertTrue(data["ok"])

    def test_two_gateways_warn_multiple_gateways(self):
        url, token = self.second_gateway()
        self.merge_config({"gateway": {"remote": {"url": url, "token": token}}})
        result = self.cli("gateway", "probe", "--json")
        self.assertEqual(result.returncode, 0, result.stderr)
        data = json.loads(result.stdout)
        self.assertTrue(all(target["connect"]["ok"] for target in data["targets"]), data["targets"])
        warnings = {warning["code"]: warning for warning in data["warnings"]}
        self.assertIn("multiple_gateways", warnings)
        self.assertEqual(sorted(warnings["multiple_gateways"]["targetIds"]), ["configRemote", "localLoopback"])
        self.assertNotIn(token, result.stdout)
        text = self.cli("gateway", "probe")
        self.assertIn("multiple reachable gateways detected", text.stdout)

    def test_nothing_reachable_exits_one(self):
        self.stop_gateway()
        result = self.cli("gateway", "probe", "--json")
        self.assertEqual(result.returncode, 1)
        data = json.loads(result.stdout)
        self.assertFalse(data["ok"])
        self.assertEqual(data["capability"], "unknown")
        self.assertIsNone(data["primaryTargetId"])
        self.assertFalse(data["targets"][0]["connect"]["ok"])
        self.assertIsNotNone(data["targets"][0]["connect"]["error"])
        text = self.cli("gateway", "probe")
        self.assertEqual(text.returncode, 1)
        self.assertIn("Reachable: no\n", text.stdout)

    def test_explicit_url_is_its_own_target(self):
        data = self.cli_json("gateway", "probe", "--url", "ws://localhost:%d" % self.port, "--token", self.token)
        self.assertEqual(data["targets"][0]["id"], "explicit")
        self.assertTrue(data["targets"][0]["active"])
        self.assertEqual(data["primaryTargetId"], "explicit")


class StatusOverviewTest(GatewayTestCase):
    extra_config = {"gateway": {"trustedProxies": ["127.0.0.0/8"]}}

    async def test_overview_with_a_pending_pairing_request(self):
        result = self.cli("status")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("Gateway: reachable · unix:%s" % os.path.join(self.state, "gateway.sock"), result.stdout)
        self.assertIn("Version: 0.1.0 · uptime ", result.stdout)
        self.assertIn("Agents: main (default) · sessions 0\n", result.stdout)
        self.assertIn("Pairing: no pending requests\n", result.stdout)

        connection, response = await self.connect(token=self.token, device=Device(), headers=REMOTE)
        request_id = response["error"]["details"]["requestId"]
        await connection.closed()

        result = self.cli("status")
        self.assertIn("Pairing: 1 pending request", result.stdout)
        self.assertIn("approve with: openclaw devices approve %s" % request_id, result.stdout)
        data = self.cli_json("status")
        self.assertTrue(data["gateway"]["reachable"])
        self.assertEqual(data["gateway"]["capability"], "admin_capable")
        self.assertEqual(data["summary"]["runtimeVersion"], "0.1.0")
        self.assertEqual(data["pairing"]["source"], "rpc")
        self.assertEqual(data["pairing"]["pending"], 1)
        self.assertEqual(data["pairing"]["requests"][0]["requestId"], request_id)

        # A stopped gateway: unreachable (exit 1), the pending request still shown from disk.
        self.stop_gateway()
        stopped = self.cli("status")
        self.assertEqual(stopped.returncode, 1)
        self.assertIn("Gateway: unreachable", stopped.stdout)
        self.assertIn("approve with: openclaw devices approve %s" % request_id, stopped.stdout)
        self.assertIn("Next: openclaw gateway status", stopped.stdout)
        data = json.loads(self.cli("status", "--json").stdout)
        self.assertFalse(data["gateway"]["reachable"])
        self.assertEqual(data["pairing"]["source"], "file")
