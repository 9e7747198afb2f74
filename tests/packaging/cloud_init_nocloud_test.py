"""The cloud VM user-data end to end (slow lane, OPENCLAW_CLOUDINIT=1): cloud-init 22.4 runs
scripts/cloud-init/user-data.yaml from a NoCloud seed inside a podman container made from the
local Debian 12 base, with no network at all (--network=none). Then the state directory must
exist with the right owner and modes, the secret from the instance metadata must be in place
without having been printed, and the gateway, started the way the systemd unit starts it, must
answer /healthz on 127.0.0.1 and the on-box CLI over the admin socket.

Differences from a real VM, on purpose:
- the user-data's `packages:` (and package_update/upgrade) are removed, since nothing may be
  fetched from inside; what the bootstrap needs (python3, coreutils, util-linux) comes with
  cloud-init in the test image, and without OPENCLAW_PUBLIC_HOST it needs neither Caddy nor curl;
- the binaries are "attached": OPENCLAW_BIN_DIR (static binaries) is mounted read-only at the
  user-data's OPENCLAW_ATTACHED path, which its default OPENCLAW_INSTALL_FROM=auto picks up;
- a cloud.cfg.d file in the image limits the datasource search to NoCloud, as ds-identify
  would on a NoCloud VM, and turns the locale module off (it fails in a minbase container);
- there is no systemd, so the bootstrap installs the unit without starting it, and the test
  runs the unit's ExecStart as its User= with its Environment=.

The test image (cloud-init installed from .deb files the host's apt downloads against the base
image's package list, then `apt-get install` of those files inside with no network) is cached as
localhost/cloudvm-nocloud:bookworm and rebuilt when the base image or this recipe changes.
"""

import hashlib
import json
import os
import shlex
import shutil
import subprocess
import tempfile
import time
import unittest
import uuid

import cloud_init_files as files
import podman_lane
import yaml

IMAGE = "localhost/cloudvm-nocloud:bookworm"
BASE_LABEL = "org.openclaw.cloudvm.base"
BIN_DIR = os.environ.get("OPENCLAW_BIN_DIR", os.path.join(files.REPO, "build", "release-static"))
DEBS_DIR = os.path.join(podman_lane.CACHE_DIR, "cloudvm-nocloud-debs")

CLOUD_CFG_FOR_TEST = """\
# NoCloud only: what ds-identify would decide on a NoCloud VM. The locale module is off: in a
# minbase container update-locale rejects the generated en_US.UTF-8 (cloud-init's schema calls
# `false` invalid and logs a warning, but the module honours it).
datasource_list: [NoCloud, None]
locale: false
"""

CONTAINERFILE = """\
FROM {base}
COPY debs/ /tmp/debs/
COPY 90-openclaw-test.cfg /etc/cloud/cloud.cfg.d/90-openclaw-test.cfg
RUN printf '#!/bin/sh\\nexit 101\\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/debs/*.deb \\
 && rm -rf /tmp/debs
LABEL {label}={base_id}
"""


def is_static_elf(path):
    """True when `path` is an ELF executable with no program interpreter (fully static)."""
    result = subprocess.run(["readelf", "--program-headers", path], capture_output=True, text=True)
    return result.returncode == 0 and "INTERP" not in result.stdout


def lane_unavailable():
    """The reason this lane cannot run here, or None."""
    if os.environ.get("OPENCLAW_CLOUDINIT") != "1":
        return "slow lane: set OPENCLAW_CLOUDINIT=1 to run cloud-init's NoCloud end to end in podman"
    ok, reason = podman_lane.podman_available()
    if not ok:
        return reason
    if shutil.which("apt-get") is None:
        return "needs the host's apt-get to download cloud-init's packages"
    for name in ("openclaw", "openclaw-provision"):
        path = os.path.join(BIN_DIR, name)
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            return "no %s in %s (set OPENCLAW_BIN_DIR to the static binaries)" % (name, BIN_DIR)
        if not is_static_elf(path):
            return "%s is not fully static; build the release-static preset for this lane" % path
    return None


def download_cloud_init_debs(base, directory):
    """Downloads cloud-init and whatever the base image lacks for it into `directory` with the
    host's apt, resolving against the base image's dpkg status (not the host's)."""
    status = podman_lane.podman("run", "--rm", "--network=none", base, "cat", "/var/lib/dpkg/status").stdout
    os.makedirs(os.path.join(directory, "partial"), exist_ok=True)
    os.chmod(directory, 0o755)  # apt downloads as the _apt user
    status_path = os.path.join(directory, "base-status")
    with open(status_path, "w", encoding="utf-8") as handle:
        handle.write(status)
    result = subprocess.run(
        ["apt-get", "-q", "-o", "Dir::State::status=" + status_path, "-o", "Dir::Cache::archives=" + directory,
         "-o", "Debug::NoLocking=1", "install", "--download-only", "--no-install-recommends", "-y", "cloud-init"],
        capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        raise AssertionError("apt-get could not download cloud-init for the test image:\n" + result.stdout + result.stderr)
    os.remove(status_path)
    shutil.rmtree(os.path.join(directory, "partial"), ignore_errors=True)
    if os.path.exists(os.path.join(directory, "lock")):
        os.remove(os.path.join(directory, "lock"))


def ensure_test_image():
    """Returns IMAGE after making sure it exists and was built from the current base image."""
    base = podman_lane.ensure_debian_base()
    # The label names what the image was built from: the base image and this recipe.
    base_id = podman_lane.podman("image", "inspect", "--format", "{{.Id}}", base).stdout.strip()
    base_id += "-" + hashlib.sha256((CONTAINERFILE + CLOUD_CFG_FOR_TEST).encode()).hexdigest()[:12]
    with podman_lane._Lock("cloudvm-nocloud.lock"):
        if podman_lane.image_exists(IMAGE):
            label = podman_lane.podman("image", "inspect", "--format",
                                       "{{index .Labels \"%s\"}}" % BASE_LABEL, IMAGE).stdout.strip()
            if label == base_id:
                return IMAGE
        context = tempfile.mkdtemp(prefix="cloudvm-nocloud-build-", dir=podman_lane.CACHE_DIR)
        try:
            debs = os.path.join(context, "debs")
            if not (os.path.isdir(DEBS_DIR) and any(n.endswith(".deb") for n in os.listdir(DEBS_DIR))):
                download_cloud_init_debs(base, DEBS_DIR + ".tmp")
                shutil.rmtree(DEBS_DIR, ignore_errors=True)
                os.replace(DEBS_DIR + ".tmp", DEBS_DIR)
            shutil.copytree(DEBS_DIR, debs)
            with open(os.path.join(context, "90-openclaw-test.cfg"), "w", encoding="utf-8") as handle:
                handle.write(CLOUD_CFG_FOR_TEST)
            with open(os.path.join(context, "Containerfile"), "w", encoding="utf-8") as handle:
                handle.write(CONTAINERFILE.format(base=base, label=BASE_LABEL, base_id=base_id))
            podman_lane.podman("build", "--network=none", "-t", IMAGE, "-f", os.path.join(context, "Containerfile"),
                               context, timeout=1800)
        finally:
            shutil.rmtree(context, ignore_errors=True)
    return IMAGE


def user_data_for_test():
    """The repo's user-data minus its package list (nothing may be fetched in the test)."""
    text = files.read_text(files.USER_DATA)
    config = yaml.safe_load(text)
    for key in ("packages", "package_update", "package_upgrade"):
        config.pop(key, None)
    return "#cloud-config\n" + yaml.safe_dump(config, sort_keys=False, width=1000)


class CloudInitNoCloud(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        reason = lane_unavailable()
        if reason:
            raise unittest.SkipTest(reason)
        cls.image = ensure_test_image()
        cls.config = files.load_user_data()
        deploy_env = files.write_files_entry(cls.config, "/etc/openclaw/deploy.env")["content"]
        attached = [line.split("=", 1)[1] for line in deploy_env.splitlines() if line.startswith("OPENCLAW_ATTACHED=")]
        cls.attached = attached[0]
        # A provider key as the platform would hand it over: an instance metadata key. Random, so
        # finding it in a log can only mean the bootstrap printed it.
        cls.api_key = "test-key-" + uuid.uuid4().hex
        cls.seed = tempfile.mkdtemp(prefix="cloudvm-seed-")
        with open(os.path.join(cls.seed, "meta-data"), "w", encoding="utf-8") as handle:
            handle.write("instance-id: cloudvm-nocloud-test\nlocal-hostname: openclaw-vm\n"
                         "openclaw-openai-api-key: %s\n" % cls.api_key)
        with open(os.path.join(cls.seed, "user-data"), "w", encoding="utf-8") as handle:
            handle.write(user_data_for_test())
        cls.container = "cloudvm-nocloud-%d" % os.getpid()
        podman_lane.remove_container(cls.container)
        podman_lane.podman("run", "-d", "--name", cls.container, "--network=none",
                           "-v", "%s:/var/lib/cloud/seed/nocloud:ro" % cls.seed,
                           "-v", "%s:%s:ro" % (os.path.abspath(BIN_DIR), cls.attached),
                           cls.image, "sleep", "infinity")
        # The four boot stages, in the order systemd would run them on a VM.
        cls.stages = []
        for stage in (["init", "--local"], ["init"], ["modules", "--mode=config"], ["modules", "--mode=final"]):
            result = cls.exec("cloud-init", *stage, check=False, timeout=600)
            cls.stages.append((" ".join(stage), result))

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "container", None):
            podman_lane.remove_container(cls.container)
        if getattr(cls, "seed", None):
            shutil.rmtree(cls.seed, ignore_errors=True)

    @classmethod
    def exec(cls, *args, user=None, env=None, check=True, timeout=120, detach=False):
        command = ["exec"] + (["-d"] if detach else []) + (["-u", user] if user else [])
        for key, value in (env or {}).items():
            command += ["-e", "%s=%s" % (key, value)]
        return podman_lane.podman(*command, cls.container, *args, check=check, timeout=timeout)

    def stat(self, path):
        """(owner user, owner group, octal mode) of a path inside the container."""
        user, group, mode = self.exec("stat", "-c", "%U %G %a", path).stdout.split()
        return user, group, mode

    def cloud_init_log(self):
        return self.exec("cat", "/var/log/cloud-init-output.log").stdout

    def test_cloud_init_finished_without_errors(self):
        for stage, result in self.stages:
            self.assertEqual(result.returncode, 0, "cloud-init %s failed:\n%s\n%s" % (stage, result.stdout, result.stderr))
        result = json.loads(self.exec("cat", "/run/cloud-init/result.json").stdout)
        self.assertEqual(result["v1"]["errors"], [], self.cloud_init_log())
        self.assertEqual(result["v1"]["datasource"].split()[0], "DataSourceNoCloud")
        self.assertIn("openclaw-bootstrap: done", self.cloud_init_log())

    def test_binaries_installed_from_the_attached_directory(self):
        for name in ("openclaw", "openclaw-provision"):
            self.assertEqual(self.stat("/usr/local/bin/" + name), ("root", "root", "755"))
            with open(os.path.join(BIN_DIR, name), "rb") as handle:
                here = hashlib.sha256(handle.read()).hexdigest()
            there = self.exec("sha256sum", "/usr/local/bin/" + name).stdout.split()[0]
            self.assertEqual(there, here, name)

    def test_system_user_and_state_directory(self):
        passwd = self.exec("getent", "passwd", "openclaw").stdout.strip().split(":")
        self.assertLess(int(passwd[2]), 1000, "openclaw is not a system user")
        self.assertEqual(passwd[5:], ["/var/lib/openclaw", "/usr/sbin/nologin"])
        # The spec names the owner, so provisioner commands run later as root keep it.
        spec = self.exec("cat", "/etc/openclaw/provision.yaml").stdout
        self.assertIn('\nowner: "%s:%s"\n' % (passwd[2], passwd[3]), spec)
        expected = {
            "/var/lib/openclaw": "700",
            "/var/lib/openclaw/credentials": "700",
            "/var/lib/openclaw/openclaw.json": "600",
            "/var/lib/openclaw/credentials/gateway-token": "600",
            "/var/lib/openclaw/credentials/openai-api-key": "600",
            "/var/lib/openclaw/devices/paired.json": "600",
            "/var/lib/openclaw/agents/main/sessions": "700",
        }
        for path, mode in expected.items():
            with self.subTest(path=path):
                self.assertEqual(self.stat(path), ("openclaw", "openclaw", mode))
        # Nothing in the state directory belongs to anyone else, and nothing is open to others but
        # the provisioner's metrics (0644 on purpose, for node_exporter; no secret in it).
        strays = self.exec("find", "/var/lib/openclaw", "(", "!", "-user", "openclaw", "-o", "-perm", "/077",
                           "!", "-path", "/var/lib/openclaw/metrics/provision.prom", ")", "-print").stdout
        self.assertEqual(strays, "")

    def test_secret_from_metadata_is_in_place_and_never_printed(self):
        key = self.exec("cat", "/var/lib/openclaw/credentials/openai-api-key").stdout.strip()
        self.assertEqual(key, self.api_key)
        config = json.loads(self.exec("cat", "/var/lib/openclaw/openclaw.json").stdout)
        self.assertNotIn(self.api_key, json.dumps(config))
        token = self.exec("cat", "/var/lib/openclaw/credentials/gateway-token").stdout.strip()
        self.assertGreaterEqual(len(token), 32)
        log = self.cloud_init_log() + self.exec("cat", "/var/log/cloud-init.log").stdout
        self.assertNotIn(self.api_key, log)
        self.assertNotIn(token, log)
        fingerprint = "sha256:" + hashlib.sha256(token.encode()).hexdigest()[:12]
        self.assertIn("token %s" % fingerprint, self.cloud_init_log())

    def test_unit_installed(self):
        unit = self.exec("cat", files.UNIT_INSTALL_PATH).stdout
        self.assertEqual(unit, files.read_text(files.UNIT))
        log = self.cloud_init_log()
        self.assertIn("unit is installed but not started", log)  # no systemd in the container
        self.assertIn("firewall: nft is not installed", log)     # the test image has no nftables

    def test_gateway_started_like_the_unit_answers(self):
        settings = files.unit_settings(self.exec("cat", files.UNIT_INSTALL_PATH).stdout)
        user = settings[("Service", "User")][0]
        env = dict(value.split("=", 1) for value in settings[("Service", "Environment")])
        argv = shlex.split(settings[("Service", "ExecStart")][0])
        self.exec(*argv, user=user, env=env, detach=True)
        deadline = time.monotonic() + 30
        probe = ("import urllib.request; r = urllib.request.urlopen('http://127.0.0.1:18789/healthz', timeout=2); "
                 "print(r.status, r.read().decode())")
        while True:
            result = self.exec("python3", "-c", probe, check=False)
            if result.returncode == 0:
                break
            if time.monotonic() > deadline:
                log = self.exec("sh", "-c", "tail -n 20 /var/lib/openclaw/logs/gateway.log", check=False).stdout
                self.fail("no /healthz answer on 127.0.0.1:18789 inside the container:\n" + result.stderr + log)
            time.sleep(0.5)
        status, body = result.stdout.split(" ", 1)
        self.assertEqual(status, "200")
        self.assertEqual(json.loads(body), {"ok": True, "status": "live"})
        # Root's on-box CLI goes through the admin socket as the gateway's user: no token, no pairing.
        result = self.exec("/usr/local/sbin/openclawctl", "gateway", "status", "--require-rpc", check=False)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        # The gateway listens on loopback only.
        listeners = self.exec("sh", "-c", "cat /proc/net/tcp /proc/net/tcp6").stdout
        self.assertIn("0100007F:4965", listeners)          # 127.0.0.1:18789
        self.assertNotIn("00000000:4965", listeners)       # never 0.0.0.0:18789


if __name__ == "__main__":
    unittest.main()
