"""The cloud VM files as the tests read them: the user-data, the scripts it carries, the unit.

Shared by cloud_init_schema_test.py (static checks) and cloud_init_nocloud_test.py (the NoCloud
run), so both agree on what "the scripts in the user-data" are.
"""

import os
import re
import shlex

import yaml

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
USER_DATA = os.path.join(REPO, "scripts", "cloud-init", "user-data.yaml")
UNIT = os.path.join(REPO, "scripts", "systemd", "openclaw-gateway.service")
UNIT_INSTALL_PATH = "/etc/systemd/system/openclaw-gateway.service"


def read_text(path):
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def load_user_data(path=USER_DATA):
    """The parsed #cloud-config (a dict); AssertionError when the first line is not #cloud-config."""
    text = read_text(path)
    if not text.startswith("#cloud-config\n"):
        raise AssertionError("%s does not start with #cloud-config" % path)
    return yaml.safe_load(text)


def write_files_entry(config, path):
    """The write_files entry for `path`, or AssertionError naming it when there is none."""
    for entry in config.get("write_files", []):
        if entry.get("path") == path:
            return entry
    raise AssertionError("user-data has no write_files entry for %s" % path)


def inline_scripts(config):
    """[(label, shell dialect, text)] for every shell script the user-data carries: write_files
    contents that start with a #! line (or are sourced by one, like deploy.env), plus each
    runcmd/bootcmd item (a list item is a command line, a string item a script)."""
    scripts = []
    for entry in config.get("write_files", []):
        content = entry.get("content", "")
        first = content.split("\n", 1)[0]
        if first.startswith("#!"):
            dialect = "bash" if "bash" in first else "sh"
            scripts.append((entry["path"], dialect, content))
        elif "shellcheck shell=" in content:
            scripts.append((entry["path"], "sh", content))
    for key in ("bootcmd", "runcmd"):
        for index, item in enumerate(config.get(key, []) or []):
            text = shlex.join(str(word) for word in item) if isinstance(item, list) else str(item)
            scripts.append(("%s[%d]" % (key, index), "sh", text + "\n"))
    return scripts


def unit_settings(text):
    """{(section, key): [values]} of a systemd unit, comments and blank lines skipped."""
    settings = {}
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        key, _, value = line.partition("=")
        settings.setdefault((section, key.strip()), []).append(value.strip())
    return settings


# Values that look like credentials: provider key prefixes, PEM blocks, long hex or base64 runs,
# and `token: X`-style assignments whose value is a literal rather than a reference.
SECRET_PATTERNS = [
    ("provider-style key", re.compile(r"\b(sk|pk|rk)-[A-Za-z0-9_-]{12,}")),
    ("PEM block", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    ("long hex string", re.compile(r"\b[0-9a-fA-F]{32,}\b")),
    ("long base64 string",
     re.compile(r"(?=[A-Za-z0-9+/_-]*[A-Z])(?=[A-Za-z0-9+/_-]*[a-z])(?=[A-Za-z0-9+/_-]*[0-9])"
                r"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{32,}")),
    ("inline secret assignment",
     re.compile(r"(?i)(token|password|passwd|api[_-]?key|secret)[\"']?\s*[:=]\s*[\"']?(?![\"'$\s/@{]|$)[^\s\"']{6,}")),
]


def secret_looking_lines(text):
    """[(line number, kind, line)] for lines of `text` that look like they hold a credential."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for kind, pattern in SECRET_PATTERNS:
            if pattern.search(line):
                found.append((number, kind, line.strip()))
                break
    return found
