"""Shared helpers for the black-box tests: run the built binaries on temporary directories."""

import base64
import hashlib
import json
import os
import shutil
import stat
import subprocess
import tempfile
import unittest

BIN_DIR = os.environ.get("OPENCLAW_BIN_DIR", os.path.join(os.path.dirname(__file__), "../../build/release-static"))
PROVISION = os.path.join(BIN_DIR, "openclaw-provision")
OPENCLAW = os.path.join(BIN_DIR, "openclaw")

# A sanitizer build (scripts/sanitize.sh) reports to stderr and exits non-zero; a test that
# expects a failing exit code, or a gateway stopped at teardown, would let the report pass
# unnoticed, so every captured stderr is searched for one.
SANITIZER_REPORT_MARKERS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                            "WARNING: ThreadSanitizer", "ERROR: UndefinedBehaviorSanitizer")


def built_with_sanitizers():
    """True when the binaries under test come from a sanitizer build (its CMake cache says so)."""
    try:
        with open(os.path.join(BIN_DIR, "CMakeCache.txt")) as cache:
            return any(line.startswith("CMAKE_CXX_FLAGS:") and "-fsanitize=" in line for line in cache)
    except OSError:
        return False


SANITIZED_BUILD = built_with_sanitizers()


def sanitizer_env():
    """The sanitizer options of the test's own environment, for the minimal environments the
    binaries get (without them a sanitizer build still aborts, but with less detail)."""
    return {name: os.environ[name] for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS")
            if name in os.environ}


def sanitizer_report(text):
    """The sanitizer report in a process's output (from its first marker line, at most 60
    lines), or None."""
    lines = (text or "").splitlines()
    for index, line in enumerate(lines):
        if any(marker in line for marker in SANITIZER_REPORT_MARKERS):
            return "\n".join(lines[max(0, index - 1):index + 60])
    return None


def assert_no_sanitizer_report(what, text):
    report = sanitizer_report(text)
    if report:
        raise AssertionError("%s: sanitizer report:\n%s" % (what, report))


def run(binary, *args, env=None, check=False, cwd=None):
    """Runs a binary with a minimal, explicit environment and returns CompletedProcess."""
    base_env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent-home", **sanitizer_env()}
    if env:
        base_env.update(env)
    result = subprocess.run([binary, *args], capture_output=True, text=True, env=base_env, cwd=cwd, timeout=60)
    assert_no_sanitizer_report(os.path.basename(binary) + " " + " ".join(map(str, args)), result.stderr)
    if check and result.returncode != 0:
        raise AssertionError(f"{binary} {args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def provision(*args, env=None, check=False):
    return run(PROVISION, *args, env=env, check=check)


def mode_of(path):
    return stat.S_IMODE(os.lstat(path).st_mode)


def tree_snapshot(root, skip=()):
    """{relative path: (mode, bytes)} for every file and directory under root."""
    snapshot = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            if rel in skip:
                continue
            content = None
            if os.path.isfile(full):
                with open(full, "rb") as handle:
                    content = handle.read()
            snapshot[rel] = (mode_of(full), content)
    return snapshot


def read_json(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def generate_ed25519_public_key(directory):
    """A fresh Ed25519 key made by the openssl CLI: (base64url raw public key, device id)."""
    key = os.path.join(directory, "device-key.pem")
    subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", key], check=True, capture_output=True)
    der = subprocess.run(["openssl", "pkey", "-in", key, "-pubout", "-outform", "DER"], check=True,
                         capture_output=True).stdout
    raw = der[-32:]
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode(), hashlib.sha256(raw).hexdigest()


class TempDirTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="openclaw-e2e-")
        self.state = os.path.join(self.tmp, "state")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write(self, name, text, mode=0o600):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(path, mode)
        return path
