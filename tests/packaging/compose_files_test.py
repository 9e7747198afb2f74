"""compose/ and traefik/: the files a user runs `docker compose up` with, checked the way a
reviewer would check them, and the provision spec applied for real.

- `docker-compose config -q` accepts the stack with .env.example's values and refuses it,
  naming the variable, without them;
- the resolved stack has the properties docs/deploy-compose.md promises: gateway read-only,
  all capabilities dropped, no published port, started only after provisioning succeeded,
  healthcheck on the address Traefik forwards to; Traefik's and the gateway's addresses fixed
  inside the internal subnet and outside its dynamic range;
- openclaw-provision applied to compose/provision.yaml with the environment compose gives
  it writes trustedProxies = Traefik's address (only), the gateway's bind address, the
  origin of the public host, and a reference to the token file, never the token;
- traefik.yml and dynamic/openclaw.yml parse and hold the entrypoints, the HTTP->HTTPS
  redirect, the forwarded-headers policy, the router, the service and the headers.

Skipped with the reason when docker-compose (Debian package `docker-compose`) is missing;
the provisioner part needs $OPENCLAW_BIN_DIR (ctest sets it).
"""

import ipaddress
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
COMPOSE_DIR = os.path.join(ROOT, "compose")
COMPOSE_FILE = os.path.join(COMPOSE_DIR, "docker-compose.yml")
ENV_EXAMPLE = os.path.join(COMPOSE_DIR, ".env.example")
SPEC_FILE = os.path.join(COMPOSE_DIR, "provision.yaml")
PROMETHEUS_FILE = os.path.join(COMPOSE_DIR, "prometheus.yml")
TRAEFIK_STATIC = os.path.join(ROOT, "traefik", "traefik.yml")
TRAEFIK_DYNAMIC = os.path.join(ROOT, "traefik", "dynamic", "openclaw.yml")
BIN_DIR = os.environ.get("OPENCLAW_BIN_DIR", os.path.join(ROOT, "build", "release-static"))
PROVISION = os.path.join(BIN_DIR, "openclaw-provision")

DOCKER_COMPOSE = shutil.which("docker-compose")
GATEWAY_PORT = 18789
TICK_SECONDS = 30  # the gateway's tick on every WebSocket (OPENCLAW_TICK_INTERVAL_MS default)


def read_env_file(path):
    values = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line and not line.startswith("#"):
                name, _, value = line.partition("=")
                values[name] = value
    return values


def load_yaml(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def seconds(duration):
    """Traefik durations: "60s", "3m", "0s" or a bare number of seconds."""
    text = str(duration)
    match = re.fullmatch(r"(\d+)(ms|s|m|h)?", text)
    if not match:
        raise ValueError("not a duration: %r" % duration)
    value = int(match.group(1))
    return value * {"ms": 0.001, "s": 1, None: 1, "m": 60, "h": 3600}[match.group(2)]


def render_traefik_template(text, environment):
    """Traefik renders file-provider files as Go templates; ours use only {{ env "NAME" }}."""
    actions = re.findall(r"\{\{(.*?)\}\}", text)
    for action in actions:
        if not re.fullmatch(r'\s*env\s+"[A-Z_]+"\s*', action):
            raise AssertionError("unexpected template action {{%s}} in %s" % (action, TRAEFIK_DYNAMIC))
    return re.sub(r'\{\{\s*env\s+"([A-Z_]+)"\s*\}\}', lambda m: environment[m.group(1)], text)


def volume_mounts(service):
    """(source, target) of each of a service's volumes, from `config` output in either syntax
    (docker-compose 1.29 prints "source:target:mode", Compose v2 prints mappings)."""
    mounts = []
    for volume in service.get("volumes", []):
        if isinstance(volume, dict):
            mounts.append((volume["source"], volume["target"]))
        else:
            source, target = volume.split(":")[:2]
            mounts.append((source, target))
    return mounts


def compose(*args, env_file):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tempfile.gettempdir()}
    return subprocess.run([DOCKER_COMPOSE, "--env-file", env_file, "-f", COMPOSE_FILE, *args], capture_output=True,
                          text=True, env=env, timeout=120, cwd=COMPOSE_DIR)


@unittest.skipIf(DOCKER_COMPOSE is None,
                 "docker-compose is not installed (apt-get install docker-compose; scripts/install-deps.sh installs it)")
class ComposeStackTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.env = read_env_file(ENV_EXAMPLE)
        result = compose("config", env_file=ENV_EXAMPLE)
        if result.returncode != 0:
            raise AssertionError("docker-compose config failed:\n" + result.stderr)
        cls.stack = yaml.safe_load(result.stdout)
        cls.services = cls.stack["services"]

    def network_address(self, service, network="openclaw"):
        return self.services[service]["networks"][network]["ipv4_address"]

    def test_config_is_valid_with_the_example_environment(self):
        result = compose("config", "-q", env_file=ENV_EXAMPLE)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_a_missing_variable_stops_compose_and_names_it(self):
        with tempfile.NamedTemporaryFile("w", suffix=".env") as empty:
            result = compose("config", "-q", env_file=empty.name)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("set OPENCLAW_", result.stderr)

    def test_example_environment_documents_every_variable_the_stack_uses(self):
        with open(COMPOSE_FILE, encoding="utf-8") as handle:
            used = set(re.findall(r"\$\{([A-Z_]+)", handle.read()))
        self.assertEqual(used, set(self.env), "compose/.env.example and docker-compose.yml disagree")
        with open(ENV_EXAMPLE, encoding="utf-8") as handle:
            text = handle.read()
        for name in self.env:
            self.assertRegex(text, r"#[^\n]*%s[^\n]*\n" % name, "%s has no comment in .env.example" % name)

    def test_gateway_is_locked_down(self):
        gateway = self.services["gateway"]
        self.assertIs(gateway.get("read_only"), True)
        self.assertEqual(gateway.get("cap_drop"), ["ALL"])
        self.assertNotIn("cap_add", gateway)
        self.assertIn("no-new-privileges:true", gateway.get("security_opt", []))
        self.assertNotIn("ports", gateway, "the gateway must not publish a port; only Traefik does")
        self.assertNotIn("network_mode", gateway)
        self.assertEqual(gateway.get("restart"), "unless-stopped")
        self.assertEqual(gateway.get("user"), "10001:10001")
        self.assertIn("mem_limit", gateway)
        self.assertIn("pids_limit", gateway)
        self.assertEqual(gateway["depends_on"], {"provision": {"condition": "service_completed_successfully"}})

    def test_only_traefik_publishes_ports_to_the_world(self):
        published = {}
        for name, service in self.services.items():
            for port in service.get("ports", []):
                published.setdefault(name, []).append(port)
        self.assertEqual(sorted(str(p.get("published") if isinstance(p, dict) else p).split(":")[0]
                                for p in published.pop("traefik")), ["443", "80"])
        for name, ports in published.items():
            for port in ports:
                host_ip = port.get("host_ip") if isinstance(port, dict) else str(port).split(":")[0]
                self.assertEqual(host_ip, "127.0.0.1", "%s publishes %r beyond the host's loopback" % (name, port))

    def test_gateway_healthcheck_probes_the_address_traefik_uses(self):
        test = self.services["gateway"]["healthcheck"]["test"]
        self.assertEqual(test[:4], ["CMD", "/usr/local/bin/openclaw", "gateway", "healthcheck"])
        url = test[test.index("--url") + 1]
        self.assertEqual(url, "http://%s:%d/healthz" % (self.network_address("gateway"), GATEWAY_PORT))
        self.assertNotIn("127.0.0.1", " ".join(test))

    def test_fixed_addresses_are_inside_the_internal_subnet_and_outside_its_dynamic_range(self):
        network = self.stack["networks"]["openclaw"]
        self.assertIs(network.get("internal"), True, "the gateway's network must have no route out")
        pool = network["ipam"]["config"][0]
        subnet = ipaddress.ip_network(pool["subnet"])
        dynamic = ipaddress.ip_network(pool["ip_range"])
        self.assertTrue(dynamic.subnet_of(subnet))
        traefik, gateway = self.network_address("traefik"), self.network_address("gateway")
        self.assertNotEqual(traefik, gateway)
        for address in (traefik, gateway):
            self.assertIn(ipaddress.ip_address(address), subnet)
            self.assertNotIn(ipaddress.ip_address(address), dynamic)
        self.assertNotIn("openclaw", self.services["traefik"].get("ports", []))
        self.assertIn("edge", self.services["traefik"]["networks"])
        self.assertNotIn("edge", self.services["gateway"]["networks"], "the gateway is not on Traefik's public side")

    def test_provision_runs_as_root_without_network_and_hands_the_spec_the_fixed_addresses(self):
        provision = self.services["provision"]
        self.assertEqual(provision["user"], "0:0")
        self.assertEqual(provision["network_mode"], "none")
        self.assertEqual(provision["entrypoint"], ["/usr/local/bin/openclaw-provision"])
        self.assertEqual(provision["command"][:1], ["apply"])
        self.assertIs(provision.get("read_only"), True)
        self.assertEqual(provision.get("cap_drop"), ["ALL"])
        self.assertEqual(sorted(provision.get("cap_add", [])), ["CHOWN", "DAC_OVERRIDE", "FOWNER"])
        environment = provision["environment"]
        self.assertEqual(environment["OPENCLAW_PROVISION_GATEWAY_TRUSTED_PROXIES"], self.network_address("traefik"))
        self.assertEqual(environment["OPENCLAW_PROVISION_GATEWAY_CUSTOM_BIND_HOST"], self.network_address("gateway"))
        self.assertEqual(environment["OPENCLAW_PROVISION_GATEWAY_PUBLIC_URL"],
                         "https://" + self.env["OPENCLAW_PUBLIC_HOST"])
        self.assertEqual(self.services["gateway"]["command"], ["--bind", "custom"],
                         "without it the image's --bind lan would override the provisioned bind")

    def test_no_secret_travels_in_the_environment(self):
        for name, service in self.services.items():
            for variable in service.get("environment", {}):
                self.assertNotRegex(variable, r"TOKEN|PASSWORD|API_KEY|SECRET",
                                    "%s passes a secret through its environment (%s)" % (name, variable))
        for secret in self.stack["secrets"].values():
            self.assertTrue(secret["file"].startswith(os.path.join(COMPOSE_DIR, "secrets") + os.sep), secret)
        with open(os.path.join(COMPOSE_DIR, "secrets", ".gitignore"), encoding="utf-8") as handle:
            self.assertIn("*", handle.read().split(), "compose/secrets/ must be ignored by git")

    def test_the_state_volume_is_shared_by_provision_and_gateway_only(self):
        def mounts(service):
            return dict(volume_mounts(self.services[service]))
        spec = load_yaml(SPEC_FILE)
        self.assertEqual(mounts("provision")["openclaw-state"], spec["stateDir"])
        self.assertEqual(mounts("gateway")["openclaw-state"], spec["stateDir"])
        self.assertEqual(self.services["gateway"]["environment"]["OPENCLAW_STATE_DIR"], spec["stateDir"])
        for other in ("traefik", "prometheus", "node-exporter"):
            self.assertNotIn("openclaw-state", mounts(other), "%s must not see the state directory" % other)
        # node_exporter reads the provisioner's metrics file from its own volume.
        metrics_dir = os.path.dirname(spec["metricsFile"])
        self.assertEqual(mounts("provision")["openclaw-provision-metrics"], metrics_dir)
        textfile_dir = mounts("node-exporter")["openclaw-provision-metrics"]
        self.assertIn("--collector.textfile.directory=" + textfile_dir, self.services["node-exporter"]["command"])

    def test_prometheus_scrapes_the_gateway_metrics_listener_and_node_exporter(self):
        self.assertEqual(self.services["prometheus"]["profiles"], ["prometheus"])
        self.assertEqual(self.services["node-exporter"]["profiles"], ["prometheus"])
        config = load_yaml(PROMETHEUS_FILE)
        targets = {job["job_name"]: job["static_configs"][0]["targets"] for job in config["scrape_configs"]}
        spec = load_yaml(SPEC_FILE)
        self.assertTrue(spec["gateway"]["metrics"]["enabled"])
        self.assertEqual(targets["openclaw-gateway"], ["gateway:%d" % spec["gateway"]["metrics"]["port"]])
        self.assertEqual(targets["openclaw-provision"], ["node-exporter:9100"])
        self.assertIn("openclaw", self.services["prometheus"]["networks"])
        self.assertIn("openclaw", self.services["node-exporter"]["networks"])

    def test_traefik_gets_exactly_the_variables_its_templates_read(self):
        with open(TRAEFIK_DYNAMIC, encoding="utf-8") as handle:
            wanted = set(re.findall(r'env\s+"([A-Z_]+)"', handle.read()))
        self.assertEqual(wanted, set(self.services["traefik"]["environment"]))
        mounts = {target: source for source, target in volume_mounts(self.services["traefik"])}
        self.assertEqual(mounts["/etc/traefik/traefik.yml"], TRAEFIK_STATIC)
        self.assertEqual(mounts["/etc/traefik/dynamic"], os.path.dirname(TRAEFIK_DYNAMIC))


class TraefikFilesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.static = load_yaml(TRAEFIK_STATIC)
        cls.env = read_env_file(ENV_EXAMPLE)
        with open(TRAEFIK_DYNAMIC, encoding="utf-8") as handle:
            cls.dynamic = yaml.safe_load(render_traefik_template(handle.read(), cls.env))

    def test_plain_http_only_redirects_to_https(self):
        web = self.static["entryPoints"]["web"]
        self.assertEqual(web["address"], ":80")
        redirect = web["http"]["redirections"]["entryPoint"]
        self.assertEqual(redirect["to"], "websecure")
        self.assertEqual(redirect["scheme"], "https")
        self.assertEqual(self.static["entryPoints"]["websecure"]["address"], ":443")

    def test_forwarded_headers_are_trusted_from_no_one_by_default(self):
        for name, entry_point in self.static["entryPoints"].items():
            policy = entry_point.get("forwardedHeaders", {})
            self.assertIs(policy.get("insecure", False), False, name)
            self.assertEqual(policy.get("trustedIPs", []), [], "%s trusts forwarded headers from %s" %
                             (name, policy.get("trustedIPs")))

    def test_timeouts_keep_quiet_websockets_open(self):
        timeouts = self.static["entryPoints"]["websecure"]["transport"]["respondingTimeouts"]
        self.assertGreater(seconds(timeouts["idleTimeout"]), 2 * TICK_SECONDS)
        self.assertGreater(seconds(timeouts["readTimeout"]), TICK_SECONDS)
        self.assertEqual(seconds(timeouts["writeTimeout"]), 0, "a write timeout would cut streamed answers")
        transport_name = self.dynamic["http"]["services"]["openclaw-gateway"]["loadBalancer"]["serversTransport"]
        forwarding = self.dynamic["http"]["serversTransports"][transport_name]["forwardingTimeouts"]
        self.assertEqual(seconds(forwarding["responseHeaderTimeout"]), 0)

    def test_acme_resolver_and_file_provider(self):
        acme = self.static["certificatesResolvers"]["letsencrypt"]["acme"]
        self.assertTrue(acme["storage"].startswith("/letsencrypt/"), "acme.json must live on the traefik-acme volume")
        self.assertIn("tlsChallenge", acme)
        self.assertEqual(self.static["providers"]["file"]["directory"], "/etc/traefik/dynamic")
        self.assertIn("ping", self.static, "the container healthcheck (traefik healthcheck) needs ping")

    def test_router_serves_the_public_host_over_tls_to_the_gateway(self):
        router = self.dynamic["http"]["routers"]["openclaw"]
        self.assertEqual(router["rule"], "Host(`%s`)" % self.env["OPENCLAW_PUBLIC_HOST"])
        self.assertEqual(router["entryPoints"], ["websecure"])
        self.assertIn(router["tls"]["certResolver"], self.static["certificatesResolvers"])
        service = self.dynamic["http"]["services"][router["service"]]["loadBalancer"]
        self.assertEqual([server["url"] for server in service["servers"]],
                         ["http://%s:%d" % (self.env["OPENCLAW_GATEWAY_IP"], GATEWAY_PORT)])
        self.assertEqual(load_yaml(SPEC_FILE)["gateway"]["port"], GATEWAY_PORT)

    def test_security_headers_without_anything_that_breaks_websockets(self):
        router = self.dynamic["http"]["routers"]["openclaw"]
        middlewares = self.dynamic["http"]["middlewares"]
        for name in router["middlewares"]:
            self.assertNotIn("compress", middlewares[name], "compression buffers streamed answers")
            self.assertNotIn("buffering", middlewares[name])
        headers = middlewares["openclaw-security-headers"]["headers"]
        self.assertGreaterEqual(headers["stsSeconds"], 15552000)
        self.assertIs(headers["contentTypeNosniff"], True)
        self.assertIs(headers["frameDeny"], True)
        self.assertNotIn("contentSecurityPolicy", headers)
        for key in ("customRequestHeaders", "customResponseHeaders"):
            for header in headers.get(key, {}):
                self.assertNotIn(header.lower(), ("connection", "upgrade"), "%s touches %s" % (key, header))


@unittest.skipIf(DOCKER_COMPOSE is None, "docker-compose is not installed (apt-get install docker-compose)")
@unittest.skipUnless(os.access(PROVISION, os.X_OK), "openclaw-provision not found in %s (set OPENCLAW_BIN_DIR)" % BIN_DIR)
class ComposeSpecAppliedTest(unittest.TestCase):
    """compose/provision.yaml applied with the environment compose gives the provision service,
    its paths moved into a temporary directory."""

    TOKEN = "compose-test-token-" + "9f" * 20

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="openclaw-compose-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        result = compose("config", env_file=ENV_EXAMPLE)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.stack = yaml.safe_load(result.stdout)
        self.spec = load_yaml(SPEC_FILE)
        self.secrets = os.path.join(self.tmp, "secrets")
        os.makedirs(self.secrets)
        for name, value in (("openclaw_gateway_token", self.TOKEN), ("model_api_key", "sk-compose-test-key")):
            with open(os.path.join(self.secrets, name), "w", encoding="utf-8") as handle:
                handle.write(value + "\n")
            os.chmod(os.path.join(self.secrets, name), 0o400)

    def apply(self, owner):
        """Runs apply as the provision service would; returns the CompletedProcess."""
        provision = self.stack["services"]["provision"]
        env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}
        env.update(provision["environment"])
        state = os.path.join(self.tmp, "state")
        metrics = os.path.join(self.tmp, "metrics")
        os.makedirs(metrics, exist_ok=True)
        return subprocess.run(
            [PROVISION, *provision["command"][:1], "-f", SPEC_FILE, "--state-dir", state, "--owner", owner,
             "--metrics-file", os.path.join(metrics, "provision.prom"),
             "--auth-token-file", os.path.join(self.secrets, "openclaw_gateway_token"),
             "--set", "providers.anthropic.apiKeyFile=" + os.path.join(self.secrets, "model_api_key")],
            capture_output=True, text=True, env=env, timeout=60)

    def test_config_trusts_only_traefik_and_references_the_token(self):
        self.assertEqual(self.spec["gateway"]["auth"]["tokenFile"], "/run/secrets/openclaw_gateway_token")
        self.assertIn("openclaw_gateway_token", self.stack["secrets"])
        result = self.apply("%d:%d" % (os.getuid(), os.getgid()))
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        with open(os.path.join(self.tmp, "state", "openclaw.json"), encoding="utf-8") as handle:
            config = json.load(handle)
        gateway = config["gateway"]
        services = self.stack["services"]
        traefik_ip = services["traefik"]["networks"]["openclaw"]["ipv4_address"]
        gateway_ip = services["gateway"]["networks"]["openclaw"]["ipv4_address"]
        env = read_env_file(ENV_EXAMPLE)
        self.assertEqual(gateway["trustedProxies"], [traefik_ip])
        self.assertEqual(gateway["bind"], "custom")
        self.assertEqual(gateway["customBindHost"], gateway_ip)
        self.assertEqual(gateway["port"], GATEWAY_PORT)
        self.assertEqual(gateway["metrics"]["bind"], gateway_ip)
        self.assertEqual(gateway["controlUi"]["allowedOrigins"], ["https://" + env["OPENCLAW_PUBLIC_HOST"]])
        self.assertEqual(gateway["auth"]["token"]["source"], "file")
        provider = config["secrets"]["providers"][gateway["auth"]["token"]["provider"]]
        self.assertEqual(provider["path"], os.path.join(self.secrets, "openclaw_gateway_token"))

    def test_the_token_is_in_no_file_but_its_secret(self):
        result = self.apply("%d:%d" % (os.getuid(), os.getgid()))
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertNotIn(self.TOKEN, result.stdout + result.stderr)
        searched = [os.path.join(self.tmp, "state"), os.path.join(self.tmp, "metrics"), COMPOSE_DIR,
                    os.path.dirname(TRAEFIK_STATIC)]
        for top in searched:
            for directory, _, files in os.walk(top):
                for name in files:
                    path = os.path.join(directory, name)
                    with open(path, "rb") as handle:
                        self.assertNotIn(self.TOKEN.encode(), handle.read(), "the token was copied into " + path)
        for path in (COMPOSE_FILE, ENV_EXAMPLE, SPEC_FILE, TRAEFIK_STATIC, TRAEFIK_DYNAMIC):
            with open(path, encoding="utf-8") as handle:
                self.assertNotRegex(handle.read(), r"\b[0-9a-f]{32,}\b", "%s holds something like a token" % path)

    @unittest.skipUnless(os.geteuid() == 0, "needs root to provision for another uid, as the provision service does")
    def test_a_secret_the_gateway_user_cannot_read_stops_provisioning(self):
        # Compose bind-mounts file secrets with the host file's owner and mode: a root-owned
        # 0400 token provisions fine as root but the gateway (10001) could not read it.
        owner = self.spec["owner"]
        self.assertEqual(owner, "10001:10001")
        self.assertEqual(self.stack["services"]["gateway"]["user"], owner)
        os.chmod(self.tmp, 0o755)  # like /run/secrets in the container: the directory is searchable
        os.chmod(self.secrets, 0o755)
        result = self.apply(owner)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("gateway.auth.tokenFile", result.stderr)
        self.assertIn("chown 10001:10001", result.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "state", "openclaw.json")), "nothing is written")

        for name in ("openclaw_gateway_token", "model_api_key"):
            os.chown(os.path.join(self.secrets, name), 10001, 10001)
        result = self.apply(owner)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        config_stat = os.stat(os.path.join(self.tmp, "state", "openclaw.json"))
        self.assertEqual((config_stat.st_uid, config_stat.st_gid, config_stat.st_mode & 0o777), (10001, 10001, 0o600))
        state_stat = os.stat(os.path.join(self.tmp, "state"))
        self.assertEqual((state_stat.st_uid, state_stat.st_mode & 0o777), (10001, 0o700))


if __name__ == "__main__":
    unittest.main()
