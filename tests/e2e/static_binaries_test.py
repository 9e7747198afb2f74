"""The release binaries are fully static and work in an empty root (the FROM-scratch image)."""

import json
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import OPENCLAW, PROVISION

CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"
CHROOT = shutil.which("chroot") or "/usr/sbin/chroot"


def empty_root_with(binary, with_bundle=True):
    """A directory holding only the binary, /etc/hosts and (optionally) a CA bundle."""
    root = tempfile.mkdtemp(prefix="openclaw-root-")
    os.makedirs(os.path.join(root, "etc"))
    with open(os.path.join(root, "etc", "hosts"), "w", encoding="utf-8") as handle:
        handle.write("127.0.0.1 localhost\n::1 localhost\n")
    if with_bundle:
        shutil.copy(CA_BUNDLE, os.path.join(root, "ca.pem"))
    shutil.copy(binary, os.path.join(root, os.path.basename(binary)))
    return root


def in_root(root, *command, env=None):
    return subprocess.run([CHROOT, root, *command], capture_output=True, text=True, env=env or {}, timeout=60)


@unittest.skipUnless(os.geteuid() == 0, "chroot needs root")
class StaticBinaryTest(unittest.TestCase):
    def setUp(self):
        self.roots = []

    def tearDown(self):
        for root in self.roots:
            shutil.rmtree(root, ignore_errors=True)

    def root_for(self, binary, with_bundle=True):
        root = empty_root_with(binary, with_bundle)
        self.roots.append(root)
        return root

    def test_ldd_says_not_dynamic(self):
        for binary in (OPENCLAW, PROVISION):
            result = subprocess.run(["ldd", binary], capture_output=True, text=True)
            self.assertIn("not a dynamic executable", result.stdout + result.stderr, binary)

    def test_each_binary_resolves_localhost_and_loads_the_bundle_by_path(self):
        for binary in (OPENCLAW, PROVISION):
            root = self.root_for(binary)
            name = "/" + os.path.basename(binary)
            self.assertEqual(sorted(os.listdir(root)), sorted(["etc", "ca.pem", name[1:]]))
            result = in_root(root, name, "runtime-check", "--ca-file", "/ca.pem", "--json")
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            report = json.loads(result.stdout)
            self.assertIn("127.0.0.1", report["resolve"]["addresses"])
            self.assertGreater(report["caBundle"]["certificates"], 50)
            self.assertEqual(report["caBundle"]["source"], "--ca-file")

    def test_bundle_from_ssl_cert_file(self):
        root = self.root_for(OPENCLAW)
        result = in_root(root, "/openclaw", "runtime-check", "--json", env={"SSL_CERT_FILE": "/ca.pem"})
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        report = json.loads(result.stdout)
        self.assertEqual(report["caBundle"]["source"], "SSL_CERT_FILE")
        self.assertEqual(report["caBundle"]["path"], "/ca.pem")

    def test_missing_bundle_is_reported_not_ignored(self):
        root = self.root_for(OPENCLAW, with_bundle=False)
        result = in_root(root, "/openclaw", "runtime-check")
        self.assertEqual(result.returncode, 1)
        self.assertIn("CA bundle /etc/ssl/certs/ca-certificates.crt (default): FAILED", result.stdout)

    def test_provisioner_prepares_a_state_dir_in_an_empty_root(self):
        root = self.root_for(PROVISION)
        result = in_root(root, "/openclaw-provision", "apply", "--state-dir", "/state", "--json")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertTrue(os.path.isfile(os.path.join(root, "state", "openclaw.json")))
        self.assertTrue(os.path.isfile(os.path.join(root, "state", "identity", "device.json")))


if __name__ == "__main__":
    unittest.main()
