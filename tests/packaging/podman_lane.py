"""Podman on the build machines, the way /work/shared/ENVIRONMENT.md found it to work.

Shared by the slow packaging lanes (the image test, the cloud-init NoCloud test):

- `podman_available()` says whether podman, runc and debootstrap are installed and we are root,
  and if not, why (the reason is meant for unittest's skip message);
- `podman(*args)` runs podman with the settings this kernel needs (runc instead of crun, explicit
  ulimits, host network by default) given through a private CONTAINERS_CONF, so callers do not
  repeat the flags;
- `ensure_debian_base()` makes the local Debian 12 base image once (no registry can be reached,
  so `FROM debian:bookworm` must find an image in local storage) and returns its tag.

The debootstrap root is cached as a tarball under /var/tmp so a second run only re-imports it,
and a flock keeps two concurrent runs from debootstrapping into the same place.
"""

import fcntl
import os
import shutil
import subprocess
import tempfile

CACHE_DIR = os.environ.get("OPENCLAW_PODMAN_CACHE", "/var/tmp/openclaw-podman-lane")
# The name Dockerfiles use (`FROM debian:bookworm`); podman expands a short name to this one.
DEBIAN_BASE_TAG = "docker.io/library/debian:bookworm"
DEBIAN_MIRROR = os.environ.get("OPENCLAW_DEBIAN_MIRROR", "http://deb.debian.org/debian")

# crun fails on this kernel's hybrid cgroups and podman's default ulimits are refused; host
# networking keeps podman from creating a bridge network (tests never use one).
CONTAINERS_CONF_TEXT = """\
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
netns = "host"

[engine]
runtime = "runc"
"""


def podman_available(need_debootstrap=True):
    """(True, "") when podman can run containers here, else (False, reason naming what is missing)."""
    if os.geteuid() != 0:
        return False, "podman lanes run rootful: run as root"
    tools = ["podman", "runc"] + (["debootstrap"] if need_debootstrap else [])
    missing = [tool for tool in tools if shutil.which(tool) is None and not os.path.exists("/usr/sbin/" + tool)]
    if missing:
        return False, "missing %s (apt-get install podman runc debootstrap)" % " ".join(missing)
    return True, ""


def containers_conf():
    """Path of the containers.conf carrying runtime, ulimits and network; written on first use."""
    os.makedirs(CACHE_DIR, exist_ok=True)
    path = os.path.join(CACHE_DIR, "containers.conf")
    current = None
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            current = handle.read()
    if current != CONTAINERS_CONF_TEXT:
        with open(path + ".tmp", "w", encoding="utf-8") as handle:
            handle.write(CONTAINERS_CONF_TEXT)
        os.replace(path + ".tmp", path)
    return path


def podman_env():
    """The environment podman runs with: ours plus CONTAINERS_CONF."""
    env = dict(os.environ)
    env["CONTAINERS_CONF"] = containers_conf()
    return env


def podman(*args, check=True, timeout=600, input=None, capture=True):
    """Runs `podman ARGS`; returns the CompletedProcess (text). With check, a non-zero exit
    raises AssertionError carrying the command and its output, so a test failure says why."""
    command = ["podman", *[str(arg) for arg in args]]
    result = subprocess.run(command, env=podman_env(), text=True, input=input, timeout=timeout,
                            capture_output=capture)
    if check and result.returncode != 0:
        raise AssertionError("%s failed (%d):\n%s\n%s" % (" ".join(command), result.returncode,
                                                          result.stdout or "", result.stderr or ""))
    return result


def image_exists(tag):
    return podman("image", "exists", tag, check=False).returncode == 0


def remove_container(name):
    """Removes a container of ours by name, running or not; no error when it does not exist."""
    podman("rm", "--force", "--ignore", "--time", "5", name, check=False)


def remove_image(tag):
    podman("rmi", "--force", "--ignore", tag, check=False)


class _Lock:
    """An exclusive flock on a file in the cache dir, held for the `with` block."""

    def __init__(self, name):
        os.makedirs(CACHE_DIR, exist_ok=True)
        self.path = os.path.join(CACHE_DIR, name)

    def __enter__(self):
        self.handle = open(self.path, "w", encoding="utf-8")
        fcntl.flock(self.handle, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


def _debootstrap_tarball(tarball):
    """Debootstraps a minbase bookworm into a temporary dir and packs it as `tarball`."""
    root = tempfile.mkdtemp(prefix="debootstrap-", dir=CACHE_DIR)
    try:
        result = subprocess.run(["debootstrap", "--variant=minbase", "bookworm", root, DEBIAN_MIRROR],
                                capture_output=True, text=True, timeout=1800)
        if result.returncode != 0:
            raise AssertionError("debootstrap failed (%d):\n%s\n%s" % (result.returncode, result.stdout[-3000:],
                                                                        result.stderr[-3000:]))
        # A minbase root has no apt lists; leaving the debootstrap cache out keeps the tarball small.
        shutil.rmtree(os.path.join(root, "var/cache/apt/archives"), ignore_errors=True)
        os.makedirs(os.path.join(root, "var/cache/apt/archives/partial"), exist_ok=True)
        subprocess.run(["tar", "-C", root, "-cf", tarball + ".tmp", "."], check=True, timeout=600)
        os.replace(tarball + ".tmp", tarball)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def ensure_debian_base(tag=DEBIAN_BASE_TAG):
    """Returns `tag` after making sure local storage holds a Debian 12 minbase image under it.

    Reuses, in order: the image already in podman's storage, the cached debootstrap tarball
    (CACHE_DIR/debian-bookworm-minbase.tar), a fresh debootstrap (about 30 s, needs the Debian
    mirror). Fails with AssertionError saying which step failed."""
    with _Lock("debian-base.lock"):
        if image_exists(tag):
            return tag
        tarball = os.path.join(CACHE_DIR, "debian-bookworm-minbase.tar")
        if not os.path.exists(tarball):
            _debootstrap_tarball(tarball)
        with open(tarball, "rb") as handle:
            result = subprocess.run(["podman", "import", "--change", "CMD [\"/bin/bash\"]", "-", tag],
                                    stdin=handle, env=podman_env(), capture_output=True, text=True, timeout=600)
        if result.returncode != 0:
            raise AssertionError("podman import of %s failed:\n%s" % (tarball, result.stderr))
        return tag
