"""openclaw gateway healthcheck (the container HEALTHCHECK) against a real gateway, and the
multi-call binary: `openclaw` started as `openclaw-provision` is the provisioner."""

import os
import subprocess
import unittest

from gateway_harness import GatewayTestCase, free_port
from harness import OPENCLAW, PROVISION, TempDirTestCase, run


class HealthcheckTest(GatewayTestCase):
    def test_ok_on_the_configured_port_without_any_credential(self):
        # No token in the environment and none on the command line: /healthz needs none.
        env = {"PATH": "/usr/bin:/bin", "HOME": self.tmp, "OPENCLAW_STATE_DIR": self.state}
        result = self.cli("gateway", "healthcheck", env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, "ok: http://127.0.0.1:%d/healthz\n" % self.port)
        self.assertEqual(result.stderr, "")

    def test_explicit_url_and_a_stopped_gateway(self):
        result = self.cli("gateway", "healthcheck", "--url", "ws://127.0.0.1:%d" % self.port)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.stop_gateway()
        down = self.cli("gateway", "healthcheck", "--timeout", "2000")
        self.assertEqual(down.returncode, 1)
        self.assertEqual(down.stdout, "")
        self.assertIn("openclaw gateway healthcheck: http://127.0.0.1:%d/healthz: connection refused" % self.port,
                      down.stderr)
        self.assertNotIn(self.token, down.stderr)

    def test_port_from_the_environment_as_gateway_run_reads_it(self):
        other = free_port()
        result = self.cli("gateway", "healthcheck", env=self.cli_env(OPENCLAW_GATEWAY_PORT=str(other)))
        self.assertEqual(result.returncode, 1)
        self.assertIn("http://127.0.0.1:%d/healthz" % other, result.stderr)

    def test_bad_arguments_exit_2(self):
        result = self.cli("gateway", "healthcheck", "--url", "ftp://127.0.0.1:1")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--url must start with http://, https://, ws:// or wss://", result.stderr)


class MultiCallTest(TempDirTestCase):
    def test_openclaw_started_as_openclaw_provision_is_the_provisioner(self):
        link = os.path.join(self.tmp, "openclaw-provision")
        os.symlink(os.path.abspath(OPENCLAW), link)
        version = run(link, "version", check=True)
        self.assertEqual(version.stdout, run(PROVISION, "version", check=True).stdout)
        applied = run(link, "apply", "--state-dir", self.state, "--json", check=True)
        self.assertIn('"stateDir"', applied.stdout)
        self.assertTrue(os.path.isfile(os.path.join(self.state, "credentials", "gateway-token")))
        # Under its own name it is still the gateway CLI.
        self.assertEqual(subprocess.run([OPENCLAW, "version"], capture_output=True, text=True).stdout[:9], "openclaw ")


if __name__ == "__main__":
    unittest.main()
