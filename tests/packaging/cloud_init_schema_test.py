"""Fast checks of the cloud VM files (default lane): the user-data against cloud-init's schema,
every shell script in scripts/ and in the user-data through shellcheck, the systemd unit's
hardening, and no secret in either file. Each check that needs a tool it cannot find (cloud-init,
shellcheck, systemd-analyze, caddy, nft, strace) is skipped with that reason;
scripts/install-deps.sh installs them.
"""

import glob
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.request

import cloud_init_files as files

SCRIPTS_DIR = os.path.join(files.REPO, "scripts")
BIN_DIR = os.environ.get("OPENCLAW_BIN_DIR", os.path.join(files.REPO, "build", "release-static"))


def tool(name):
    """Path of `name` on PATH or in /usr/sbin, /sbin; None when absent."""
    return shutil.which(name) or next((p for p in ("/usr/sbin/" + name, "/sbin/" + name) if os.path.exists(p)), None)


def run(*args, **kwargs):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=120, **kwargs)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class UserDataSchema(unittest.TestCase):
    def setUp(self):
        if tool("cloud-init") is None:
            self.skipTest("cloud-init is not installed (apt-get install cloud-init; it is not run, only its schema)")
        self.tmp = tempfile.mkdtemp(prefix="cloudvm-schema-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def schema(self, path):
        return run("cloud-init", "schema", "--config-file", path)

    def test_user_data_is_valid_cloud_config(self):
        result = self.schema(files.USER_DATA)
        self.assertEqual(result.returncode, 0, "cloud-init schema rejected the user-data:\n" + result.stdout + result.stderr)
        self.assertIn("Valid cloud-config", result.stdout)

    def test_a_broken_copy_is_rejected(self):
        # The classic mistake: an unquoted octal mode is a YAML integer, and cloud-init wants a string.
        text = files.read_text(files.USER_DATA)
        broken = text.replace('permissions: "0755"', "permissions: 0755", 1)
        self.assertNotEqual(broken, text, "the user-data no longer has a quoted 0755 mode to break")
        path = os.path.join(self.tmp, "broken.yaml")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(broken)
        result = self.schema(path)
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("permissions", result.stderr)


class UserDataContent(unittest.TestCase):
    def setUp(self):
        self.config = files.load_user_data()
        self.text = files.read_text(files.USER_DATA)

    def test_no_secret_looking_value_in_user_data(self):
        self.assertEqual(files.secret_looking_lines(self.text), [])

    def test_the_secret_check_sees_an_inlined_token(self):
        # Proves the check above can fail: the mistakes operators make (pain B3) are caught.
        for leak in ("      OPENCLAW_GATEWAY_TOKEN=3f9c2a7d81e04b6f9a0c5d2e7b1f4a6c8d9e0f1a2b3c4d5e\n",
                     "      OPENAI_API_KEY=sk-proj-Zx81bQpLm3Yt7Vw2Ks9d\n",
                     "        auth: {token: hunter2hunter2}\n"):
            leaked = self.text.replace("      OPENCLAW_FIREWALL=yes\n", leak + "      OPENCLAW_FIREWALL=yes\n")
            self.assertNotEqual(files.secret_looking_lines(leaked), [], leak)

    def test_spec_names_secrets_by_file_only(self):
        spec = files.write_files_entry(self.config, "/etc/openclaw/provision.yaml")["content"]
        self.assertNotRegex(spec, r"(?m)^\s*(apiKey|token|password)\s*:", "a secret value in the spec")
        self.assertNotIn("allowPlaintextSecrets", spec)
        self.assertIn("apiKeyFile: /var/lib/openclaw/credentials/", spec)

    def test_unit_in_user_data_is_the_repo_unit(self):
        entry = files.write_files_entry(self.config, files.UNIT_INSTALL_PATH)
        self.assertEqual(entry["content"], files.read_text(files.UNIT),
                         "the unit in user-data.yaml differs from scripts/systemd/openclaw-gateway.service")

    def test_gateway_is_never_opened_to_the_network(self):
        spec = files.write_files_entry(self.config, "/etc/openclaw/provision.yaml")["content"]
        self.assertRegex(spec, r"(?m)^\s*bind: loopback$")
        rules = files.write_files_entry(self.config, "/etc/openclaw/firewall.nft.in")["content"]
        self.assertIn("policy drop", rules)
        self.assertNotIn("18789", rules)
        self.assertRegex(rules, r"tcp dport \{ @SSH_PORT@, 80, 443 \} accept")

    def test_spec_is_accepted_by_the_provisioner(self):
        provision = os.path.join(BIN_DIR, "openclaw-provision")
        if not os.access(provision, os.X_OK):
            self.skipTest("no openclaw-provision in %s (set OPENCLAW_BIN_DIR)" % BIN_DIR)
        spec = files.write_files_entry(self.config, "/etc/openclaw/provision.yaml")["content"]
        with tempfile.TemporaryDirectory(prefix="cloudvm-spec-") as tmp:
            # The VM's paths, moved into a temporary directory; the key file exists as the
            # bootstrap would have left it.
            state = os.path.join(tmp, "state")
            spec = spec.replace("/var/lib/openclaw", state)
            os.makedirs(os.path.join(state, "credentials"), mode=0o700)
            with open(os.path.join(state, "credentials", "openai-api-key"), "w", encoding="utf-8") as handle:
                handle.write("test-key-not-a-secret\n")
            spec_path = os.path.join(tmp, "provision.yaml")
            with open(spec_path, "w", encoding="utf-8") as handle:
                handle.write(spec)
            result = run(provision, "apply", "-f", spec_path, "--public-url", "https://gw.example.net", "--json")
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            summary = json.loads(result.stdout)["summary"]
            self.assertEqual(summary["bind"], "loopback")
            self.assertRegex(summary["tokenFingerprint"], r"^sha256:[0-9a-f]{12}$")
            config = json.loads(files.read_text(os.path.join(state, "openclaw.json")))
            self.assertEqual(config["gateway"]["trustedProxies"], ["127.0.0.1", "::1"])
            self.assertEqual(config["gateway"]["controlUi"]["allowedOrigins"], ["https://gw.example.net"])

    def test_caddyfile_template_validates(self):
        if tool("caddy") is None:
            self.skipTest("caddy is not installed")
        template = files.write_files_entry(self.config, "/etc/openclaw/Caddyfile.in")["content"]
        with tempfile.TemporaryDirectory(prefix="cloudvm-caddy-") as tmp:
            for email in ("", "email ops@example.net"):
                path = os.path.join(tmp, "Caddyfile")
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(template.replace("@PUBLIC_HOST@", "gw.example.net")
                                 .replace("@GATEWAY_PORT@", "18789").replace("@ACME_EMAIL_LINE@", email))
                result = run("caddy", "validate", "--adapter", "caddyfile", "--config", path,
                             env={"PATH": os.environ["PATH"], "HOME": tmp, "XDG_DATA_HOME": tmp, "XDG_CONFIG_HOME": tmp})
                self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_firewall_rules_parse(self):
        if tool("nft") is None or tool("unshare") is None or os.geteuid() != 0:
            self.skipTest("needs nft, unshare and root (the rules are checked in a private network namespace)")
        rules = files.write_files_entry(self.config, "/etc/openclaw/firewall.nft.in")["content"]
        with tempfile.NamedTemporaryFile("w", suffix=".nft", delete=False) as handle:
            handle.write(rules.replace("@SSH_PORT@", "22"))
        self.addCleanup(os.unlink, handle.name)
        # -c: check only, and in a throwaway network namespace, so the host's rules are never touched.
        result = run(tool("unshare"), "--net", tool("nft"), "-c", "-f", handle.name)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)


class ShellScripts(unittest.TestCase):
    def setUp(self):
        if tool("shellcheck") is None:
            self.skipTest("shellcheck is not installed (apt-get install shellcheck)")

    def shellcheck(self, path, dialect=None):
        args = ["shellcheck", "--norc"] + (["--shell", dialect] if dialect else []) + [path]
        return run(*args)

    def test_scripts_dir_passes_shellcheck(self):
        paths = sorted(set(glob.glob(os.path.join(SCRIPTS_DIR, "*.sh")) +
                           glob.glob(os.path.join(SCRIPTS_DIR, "**", "*.sh"), recursive=True)))
        self.assertGreater(len(paths), 0)
        for path in paths:
            with self.subTest(script=os.path.relpath(path, files.REPO)):
                result = self.shellcheck(path)
                self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_scripts_in_user_data_pass_shellcheck(self):
        scripts = files.inline_scripts(files.load_user_data())
        labels = [label for label, _, _ in scripts]
        self.assertIn("/usr/local/lib/openclaw/bootstrap.sh", labels)
        self.assertIn("runcmd[0]", labels)
        with tempfile.TemporaryDirectory(prefix="cloudvm-sc-") as tmp:
            for index, (label, dialect, text) in enumerate(scripts):
                with self.subTest(script=label):
                    path = os.path.join(tmp, "script%d.sh" % index)
                    with open(path, "w", encoding="utf-8") as handle:
                        handle.write(text)
                    result = self.shellcheck(path, dialect)
                    self.assertEqual(result.returncode, 0, label + ":\n" + result.stdout + result.stderr)

    def test_shellcheck_catches_a_bad_script(self):
        with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as handle:
            handle.write("#!/bin/sh\nrm -rf $1/cache\n")
        self.addCleanup(os.unlink, handle.name)
        result = self.shellcheck(handle.name)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SC2086", result.stdout)


class SystemdUnit(unittest.TestCase):
    def setUp(self):
        self.text = files.read_text(files.UNIT)
        self.settings = files.unit_settings(self.text)

    def value(self, key, section="Service"):
        values = self.settings.get((section, key))
        self.assertIsNotNone(values, "%s= missing from [%s]" % (key, section))
        return values[-1]

    def test_hardening_keys(self):
        expected = {
            "User": "openclaw", "Group": "openclaw", "ProtectSystem": "strict",
            "ReadWritePaths": "/var/lib/openclaw", "NoNewPrivileges": "yes", "PrivateTmp": "yes",
            "ProtectHome": "yes", "CapabilityBoundingSet": "", "AmbientCapabilities": "",
            "RestrictAddressFamilies": "AF_INET AF_INET6 AF_UNIX", "Restart": "always",
            "TimeoutStopSec": "30", "ExecReload": "/bin/kill -HUP $MAINPID",
            "Environment": "OPENCLAW_STATE_DIR=/var/lib/openclaw", "UMask": "0077",
            "SystemCallFilter": "@system-service", "MemoryDenyWriteExecute": "yes",
        }
        for key, value in expected.items():
            with self.subTest(key=key):
                self.assertEqual(self.value(key), value)
        self.assertEqual(self.value("ExecStart"), "/usr/local/bin/openclaw gateway run")
        self.assertEqual(self.value("WantedBy", "Install"), "multi-user.target")

    def test_no_secret_and_no_secret_channel_in_unit(self):
        self.assertEqual(files.secret_looking_lines(self.text), [])
        self.assertNotIn(("Service", "EnvironmentFile"), self.settings)
        for value in self.settings.get(("Service", "Environment"), []):
            self.assertNotRegex(value, r"TOKEN|PASSWORD|API_KEY", "a secret passed through Environment=")
        self.assertNotIn("--token", self.value("ExecStart"))

    def test_systemd_analyze_verify(self):
        if tool("systemd-analyze") is None:
            self.skipTest("systemd-analyze is not installed")
        openclaw = os.path.join(BIN_DIR, "openclaw")
        if not os.access(openclaw, os.X_OK):
            openclaw = "/bin/true"  # verify wants an executable ExecStart; the path is all it checks
        with tempfile.TemporaryDirectory(prefix="cloudvm-unit-") as tmp:
            path = os.path.join(tmp, "openclaw-gateway.service")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(self.text.replace("/usr/local/bin/openclaw", openclaw))
            result = run("systemd-analyze", "verify", path)
            # An unknown or misspelt key is only a warning, so any output is a failure too.
            self.assertEqual((result.returncode, result.stdout + result.stderr), (0, ""))

    def test_syscall_filter_and_address_families_cover_the_gateway(self):
        """Runs the gateway under strace through start, /healthz, an admin-socket RPC, SIGHUP and
        SIGTERM, and checks every syscall it made is in SystemCallFilter=@system-service and every
        socket family in RestrictAddressFamilies=, so the sandbox cannot kill it on the VM."""
        for name in ("strace", "systemd-analyze"):
            if tool(name) is None:
                self.skipTest("%s is not installed" % name)
        openclaw = os.path.join(BIN_DIR, "openclaw")
        provision = os.path.join(BIN_DIR, "openclaw-provision")
        if not (os.access(openclaw, os.X_OK) and os.access(provision, os.X_OK)):
            self.skipTest("no openclaw binaries in %s (set OPENCLAW_BIN_DIR)" % BIN_DIR)
        allowed = expand_syscall_group("@system-service")
        families = set(self.value("RestrictAddressFamilies").split())
        with tempfile.TemporaryDirectory(prefix="cloudvm-strace-") as tmp:
            state, port = os.path.join(tmp, "state"), free_port()
            env = {"PATH": "/usr/bin:/bin", "HOME": tmp, "OPENCLAW_STATE_DIR": state}
            result = run(provision, "apply", "--state-dir", state, "--port", port, env=env)
            self.assertEqual(result.returncode, 0, result.stderr)
            trace = os.path.join(tmp, "trace")
            gateway = subprocess.Popen([tool("strace"), "-f", "-qq", "-o", trace, openclaw, "gateway", "run"],
                                       env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                wait_for_healthz(port)
                status = run(openclaw, "gateway", "status", "--require-rpc", env=env)
                self.assertEqual(status.returncode, 0, status.stdout + status.stderr)
                gateway_pid = int(files.read_text(trace).split(None, 1)[0])
                os.kill(gateway_pid, signal.SIGHUP)
                time.sleep(0.5)
                wait_for_healthz(port)
                os.kill(gateway_pid, signal.SIGTERM)
                gateway.wait(timeout=30)
            finally:
                if gateway.poll() is None:
                    gateway.kill()
                    gateway.wait()
            calls, used_families = set(), set()
            for line in files.read_text(trace).splitlines():
                match = re.match(r"\d+\s+([a-z0-9_]+)\(", line)
                if match:
                    calls.add(match.group(1))
                used_families.update(re.findall(r"socket\((AF_[A-Z0-9]+)", line))
            self.assertIn("inotify_add_watch", calls)  # the trace did see the gateway at work
            self.assertEqual(sorted(calls - allowed), [], "syscalls outside @system-service")
            self.assertEqual(sorted(used_families - families), [], "socket families outside RestrictAddressFamilies=")


def expand_syscall_group(group):
    """The syscall names in a systemd syscall group, nested groups expanded."""
    out = run("systemd-analyze", "syscall-filter").stdout
    groups, current = {}, None
    for line in out.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not line.startswith(" ") and stripped.startswith("@"):
            current = groups.setdefault(stripped, [])
        elif current is not None:
            current.append(stripped.split()[0])

    def expand(name):
        names = set()
        for member in groups[name]:
            names |= expand(member) if member.startswith("@") else {member}
        return names
    return expand(group)


def wait_for_healthz(port, timeout=20):
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/healthz" % port, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError("the gateway did not answer /healthz on port %d" % port)
        time.sleep(0.2)


if __name__ == "__main__":
    unittest.main()
