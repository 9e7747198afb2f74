"""Helpers of iac_test.py: reading HCL without Terraform, main.tf's rules mirrored step by step
(so the tests can compute what the module would render), the provisioner, and the npm cache of
the Pulumi lane."""

import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
TERRAFORM = ROOT / "deploy/terraform"
EXAMPLE = TERRAFORM / "examples/aws"
PULUMI = ROOT / "deploy/pulumi"
SHIPPED = ROOT / "scripts/cloud-init/user-data.yaml"
TEMPLATE = TERRAFORM / "user-data.yaml.tftpl"
BIN_DIR = Path(os.environ.get("OPENCLAW_BIN_DIR", ROOT / "build/release-static"))
NPM_CACHE = Path(os.environ.get("OPENCLAW_IAC_NPM_CACHE", "/var/tmp/openclaw-iac-npm"))

_spec = importlib.util.spec_from_file_location("sync_user_data", ROOT / "deploy/sync-user-data.py")
sync = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(sync)

# Tokens of the shapes users make: openssl rand -hex 32, base64, and every printable character.
SAMPLE_TOKENS = [
    "3f0c8e2a9b7d4c1e5f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e",
    "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1u+/==",
    "".join(chr(c) for c in range(0x21, 0x7F)),
    "a" * 32,
]


# --- reading HCL without Terraform -------------------------------------------------------------

def _skip_string(text, i):
    """Index just past the HCL string starting at text[i] == '"' (interpolations may nest strings)."""
    i += 1
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == '"':
            return i + 1
        if text.startswith("${", i) or text.startswith("%{", i):
            i = _skip_braces(text, i + 1)
            continue
        i += 1
    raise ValueError("unterminated string")


def _skip_braces(text, i):
    """Index just past the brace block starting at text[i] == '{'."""
    depth = 0
    while i < len(text):
        c = text[i]
        if c == '"':
            i = _skip_string(text, i)
            continue
        if c == "#" or text.startswith("//", i):
            i = text.find("\n", i) if text.find("\n", i) >= 0 else len(text)
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unbalanced braces")


def hcl_blocks(path, kind):
    """{label: body text} of each top-level `kind "label" { ... }` block in the file."""
    text = path.read_text()
    blocks = {}
    for match in re.finditer(rf'^{kind} "([^"]+)" \{{', text, re.M):
        start = match.end() - 1
        blocks[match.group(1)] = text[start:_skip_braces(text, start)]
    return blocks


def attribute(body, name):
    """The expression text of `name = ...` at the top level of a block body (one line or a
    bracketed/braced multi-line value), or None."""
    depth, i = 0, 1
    while i < len(body) - 1:
        c = body[i]
        if c == '"':
            i = _skip_string(body, i)
            continue
        if c == "#":
            i = body.find("\n", i)
            continue
        if c in "{[(":
            depth += 1
        elif c in "}])":
            depth -= 1
        elif depth == 0 and body.startswith(name, i) and body[i - 1] in " \n":
            match = re.match(rf"{name}\s*=\s*", body[i:])
            if match:
                j = i + match.end()
                k = j
                nest = 0
                while k < len(body):
                    if body[k] == '"':
                        k = _skip_string(body, k)
                        continue
                    if body[k] in "{[(":
                        nest += 1
                    elif body[k] in "}])":
                        nest -= 1
                    elif body[k] == "\n" and nest == 0:
                        break
                    k += 1
                return body[j:k].strip()
        i += 1
    return None


def main_tf():
    return (TERRAFORM / "main.tf").read_text()


def locals_attribute(name):
    text = main_tf()
    start = text.index("locals {") + len("locals ")
    return attribute(text[start:_skip_braces(text, start)], name)


# --- main.tf's rules, mirrored step by step -----------------------------------------------------

def shell_safe_pattern():
    """The regex main.tf's deploy_env uses to decide that a value needs no quotes."""
    match = re.search(r'can\(regex\("(\^\[[^"]+\]\*\$)", value\)\)', locals_attribute("deploy_env"))
    assert match, "main.tf deploy_env: the can(regex(...)) test was not found"
    return match.group(1).replace("\\\\", "\\")


def sh_quote(value):
    """main.tf: can(regex(SAFE, value)) ? value : "'${replace(value, "'", "'\\''")}'"."""
    if re.search(shell_safe_pattern(), value):
        return value
    return "'" + value.replace("'", "'\\''") + "'"


def terraform_indent(spaces, text):
    """Terraform's indent(): every line but the first gets `spaces` spaces."""
    return text.replace("\n", "\n" + " " * spaces)


def terraform_json(value):
    """Terraform's jsonencode(): compact, keys sorted, <>& escaped as \\u003c and so on."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, "\\u%04x" % ord(char))
    return text


def base_packages():
    value = locals_attribute("base_packages")
    return json.loads(value)


def provision_spec(d):
    """main.tf's local.provision_spec for deployment `d` (a dict of the module's variables)."""
    providers = {}
    for pid, p in d.get("providers_config", {"openai": {"api_key_secret": "openai-api-key"}}).items():
        entry = {}
        if p.get("api_key_secret") is not None:
            entry["apiKeyFile"] = "/var/lib/openclaw/credentials/" + p["api_key_secret"]
        for src, dst in (("base_url", "baseUrl"), ("api", "api"), ("models", "models")):
            if p.get(src) is not None:
                entry[dst] = p[src]
        providers[pid] = entry
    models = {"primary": d.get("models_primary", "openai/gpt-5-mini")}
    if d.get("models_fallbacks"):
        models["fallbacks"] = d["models_fallbacks"]
    spec = {
        "stateDir": "/var/lib/openclaw",
        "gateway": {"port": 18789, "bind": "loopback", "trustedProxies": ["127.0.0.1", "::1"],
                    "auth": {"mode": "token"},
                    "openai": {"chatCompletions": d.get("openai_chat_completions", True)}},
        "models": models,
        "providers": providers,
    }
    if d.get("owner_devices"):
        spec["devices"] = [{"name": x["name"], "publicKey": x["public_key"]} for x in d["owner_devices"]]
    return spec


DEFAULT_SECRET_COMMAND = 'cloud-init query "ds.meta_data.openclaw-$1"'


def deploy_settings(d):
    """main.tf's local.deploy_settings (unquoted values)."""
    return {
        "install_from": d.get("install_from", "auto"),
        "release_url": d.get("release_url", ""),
        "release_sha256": d.get("release_sha256", ""),
        "attached": d.get("attached_path", "/opt/openclaw-release"),
        "public_host": d["public_host"],
        "acme_email": d.get("acme_email", ""),
        "secrets_dir": d.get("secrets_dir", "/run/openclaw-secrets"),
        "secret_command": d.get("secret_command", DEFAULT_SECRET_COMMAND),
        "firewall": "yes" if d.get("firewall", True) else "no",
        "ssh_port": str(d.get("ssh_port", 22)),
    }


def template_values(settings, packages, spec_text):
    values = {name: sh_quote(value) for name, value in settings.items()}
    values["packages"] = "\n".join("  - " + p for p in packages)
    values["provision_spec"] = terraform_indent(6, spec_text)
    return values


def render_deployment(d):
    """The user_data output of the module for deployment `d`, by main.tf's rules."""
    packages = base_packages() + d.get("extra_packages", [])
    values = template_values(deploy_settings(d), packages, terraform_json(provision_spec(d)))
    return sync.render(TEMPLATE.read_text(), values)


def unquote_sh(word):
    """The value of a deploy.env word as written in the shipped file (plain or '...')."""
    if word.startswith("'"):
        assert word.endswith("'") and "'" not in word[1:-1].replace("'\\''", ""), word
        return word[1:-1].replace("'\\''", "'")
    return word


def shipped_settings(text):
    """(settings, packages, spec text) the shipped user-data carries."""
    packages = [line[4:] for line in sync.PACKAGES.search(text).group(1).splitlines()]
    start, end = sync.content_span(text, sync.DEPLOY_ENV)
    settings = {m.group(2).lower(): unquote_sh(m.group(3)) for m in sync.SETTING.finditer(text, start, end)}
    start, end = sync.content_span(text, sync.SPEC)
    spec = "\n".join(line[len(sync.CONTENT_INDENT):] for line in text[start:end].rstrip("\n").split("\n"))
    return settings, packages, spec


# Deployments exercised by the render tests: a typical one, and one whose settings need quoting.
DEPLOYMENTS = {
    "typical": {
        "public_host": "gw.example.com",
        "acme_email": "ops@example.com",
        "release_url": "https://downloads.example.com/openclaw-gateway-linux-amd64.tar.gz",
        "release_sha256": "ab" * 32,
        "secret_command": 'aws ssm get-parameter --region eu-central-1 --with-decryption '
                          '--name "/openclaw/openclaw/$1" --query Parameter.Value --output text',
        "extra_packages": ["awscli"],
        "owner_devices": [{"name": "owner laptop", "public_key": "A" * 43}],
    },
    "awkward": {
        "public_host": "x1.gw.example.org",
        "secret_command": "printf '%s' \"$(cat /run/keys/$1)\" && echo '${not-a-template}' %{x}",
        "secrets_dir": "/run/openclaw secrets",
        "attached_path": "/opt/it's here",
        "firewall": False,
        "ssh_port": 2222,
        "models_primary": "local-llm/qwen3-8b",
        "models_fallbacks": ["openai/gpt-5-mini"],
        "openai_chat_completions": False,
        "providers_config": {
            "local-llm": {"base_url": "http://127.0.0.1:8000/v1", "api": "openai-completions",
                          "models": ["qwen3-8b"], "api_key_secret": "local-llm-key"},
            "openai": {"api_key_secret": "openai-api-key"},
        },
        "owner_devices": [{"name": "<laptop> & \"phone\"", "public_key": "B" * 43}],
    },
}


def provision_binary():
    return BIN_DIR / "openclaw-provision"


def provision_json(*args, env=None):
    """summary of `openclaw-provision <args> --json`; fails the test with its stderr otherwise."""
    result = subprocess.run([str(provision_binary()), *args, "--json"], capture_output=True, text=True,
                            env=env or {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}, timeout=60)
    if result.returncode != 0:
        raise AssertionError(f"openclaw-provision {' '.join(args)} exited {result.returncode}: {result.stderr}")
    return json.loads(result.stdout)["summary"]


def apply_like_the_vm(workdir, spec, token, provider_secrets=()):
    """Runs apply as the VM's bootstrap does: the fetched token (with the newline a secret
    command prints) already in credentials/gateway-token, provider keys in credentials/<name>."""
    state = Path(workdir) / "state"
    credentials = state / "credentials"
    credentials.mkdir(parents=True, mode=0o700)
    state.chmod(0o700)
    (credentials / "gateway-token").write_text(token + "\n")
    (credentials / "gateway-token").chmod(0o600)
    for name in provider_secrets:
        (credentials / name).write_text("sk-test-" + name + "\n")
        (credentials / name).chmod(0o600)
    text = json.dumps(spec).replace("/var/lib/openclaw", str(state))
    spec_file = Path(workdir) / "provision.json"
    spec_file.write_text(text)
    return provision_json("apply", "-f", str(spec_file)), state


def cloud_init_schema(testcase, text):
    """Validates `text` with cloud-init schema when cloud-init is installed."""
    if not shutil.which("cloud-init"):
        return False
    with tempfile.NamedTemporaryFile("w", suffix=".yaml") as f:
        f.write(text)
        f.flush()
        result = subprocess.run(["cloud-init", "schema", "--config-file", f.name],
                                capture_output=True, text=True, timeout=120)
    testcase.assertEqual(result.returncode, 0, f"cloud-init schema: {result.stdout}{result.stderr}")
    return True


def sourced_deploy_env(user_data):
    """The OPENCLAW_* variables after sh sources the deploy.env the user-data writes."""
    doc = yaml.safe_load(user_data)
    content = next(e["content"] for e in doc["write_files"] if e["path"] == sync.DEPLOY_ENV)
    with tempfile.NamedTemporaryFile("w", suffix=".env") as f:
        f.write(content)
        f.flush()
        out = subprocess.run(["sh", "-c", 'set -a && . "$1" && env -0', "sh", f.name], capture_output=True,
                             text=True, check=True, env={"PATH": "/usr/bin:/bin"}).stdout
    pairs = (item.split("=", 1) for item in out.split("\0") if item.startswith("OPENCLAW_"))
    return {k[len("OPENCLAW_"):].lower(): v for k, v in pairs}


def ed25519_public_key():
    """A fresh Ed25519 public key, base64url of the raw 32 bytes (what devices[].publicKey takes)."""
    import base64
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    raw = Ed25519PrivateKey.generate().public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def terraform_fingerprint(token):
    """local.token_fingerprint of main.tf, evaluated with the same steps: its literal prefix,
    then substr(sha256(token), offset, length) of the lowercase hex digest."""
    expression = locals_attribute("token_fingerprint")
    match = re.fullmatch(r'"([^"$]*)\$\{substr\(sha256\(var\.gateway_token\), (\d+), (\d+)\)\}"', expression)
    assert match, f"main.tf token_fingerprint changed shape: {expression}"
    prefix, offset, length = match.group(1), int(match.group(2)), int(match.group(3))
    return prefix + hashlib.sha256(token.encode()).hexdigest()[offset:offset + length]


# --- the Pulumi program (OPENCLAW_IAC=1) ---------------------------------------------------------

def npm_modules():
    """node_modules for deploy/pulumi's package-lock.json, installed once into the cache.
    Returns (path, None) or (None, reason to skip)."""
    if os.environ.get("OPENCLAW_IAC") != "1":
        return None, "the Pulumi lane is off: OPENCLAW_IAC=1 installs @pulumi/pulumi, @pulumi/aws and typescript from npm (once, ~1 min) and runs tsc"
    if not shutil.which("npm") or not shutil.which("node"):
        return None, "npm/node are not installed"
    lock = (PULUMI / "package-lock.json").read_bytes()
    target = NPM_CACHE / hashlib.sha256(lock + (PULUMI / "package.json").read_bytes()).hexdigest()[:16]
    stamp = target / ".installed"
    if not stamp.exists():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(PULUMI / "package.json", target)
        shutil.copy(PULUMI / "package-lock.json", target)
        try:
            result = subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                                    cwd=target, capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            return None, "npm ci took over 5 minutes (registry unreachable or slow)"
        if result.returncode != 0:
            return None, "npm ci failed (registry unreachable?): " + result.stderr.strip()[-300:]
        stamp.touch()
    return target / "node_modules", None


NODE_DRIVER = r"""
const u = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = {};
if (input.options) {
  out.values = u.templateValues(input.options);
  out.userData = u.renderUserData(input.template, input.options);
  out.spec = u.provisionSpec(input.options);
  out.secretNames = u.secretNames(input.options);
}
if (input.values) out.rendered = u.renderTemplate(input.template, input.values);
if (input.tokens) out.fingerprints = input.tokens.map(u.tokenFingerprint);
if (input.badOptions) out.errors = input.badOptions.map((o) => { try { u.validateOptions(o); return null; } catch (e) { return e.message; } });
process.stdout.write(JSON.stringify(out));
"""


def pulumi_options(d):
    """GatewayOptions (userData.ts) for a deployment given in the module's variable names."""
    names = {"public_host": "publicHost", "acme_email": "acmeEmail", "release_url": "releaseUrl",
             "release_sha256": "releaseSha256", "install_from": "installFrom", "attached_path": "attachedPath",
             "secret_command": "secretCommand", "secrets_dir": "secretsDir", "extra_packages": "extraPackages",
             "firewall": "firewall", "ssh_port": "sshPort", "models_primary": "modelsPrimary",
             "models_fallbacks": "modelsFallbacks", "openai_chat_completions": "openaiChatCompletions"}
    options = {names[k]: v for k, v in d.items() if k in names}
    if "providers_config" in d:
        options["providers"] = {pid: {{"api_key_secret": "apiKeySecret", "base_url": "baseUrl"}.get(k, k): v
                                      for k, v in p.items()} for pid, p in d["providers_config"].items()}
    if "owner_devices" in d:
        options["ownerDevices"] = [{"name": x["name"], "publicKey": x["public_key"]} for x in d["owner_devices"]]
    return options
