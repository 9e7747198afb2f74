#!/usr/bin/env python3
"""Makes deploy/terraform/user-data.yaml.tftpl from scripts/cloud-init/user-data.yaml.

The shipped user-data is the one source of truth for what the VM does; Terraform and Pulumi
render this template of it. Three parts become template variables, nothing else changes:

  - the `packages:` list            -> ${packages}        (so a deployment can add e.g. awscli)
  - each setting in deploy.env      -> ${<name>}          (OPENCLAW_PUBLIC_HOST -> ${public_host})
  - the content of provision.yaml   -> ${provision_spec}  (the spec the module builds)

Every other `${` and `%{` is escaped (`$${`, `%%{`) so templatefile() copies it unchanged.

  deploy/sync-user-data.py           rewrite the template
  deploy/sync-user-data.py --check   exit 1 when the template is out of step (tests/packaging/iac_test.py)
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "scripts/cloud-init/user-data.yaml"
TEMPLATE = ROOT / "deploy/terraform/user-data.yaml.tftpl"

PACKAGES = re.compile(r"^packages:\n((?:  - [^\n]*\n)+)", re.M)
SETTING = re.compile(r"^(      OPENCLAW_([A-Z0-9_]+))=([^\n]*)$", re.M)
ENTRY = re.compile(r"^  - path: (\S+)\n", re.M)
DEPLOY_ENV = "/etc/openclaw/deploy.env"
SPEC = "/etc/openclaw/provision.yaml"
CONTENT_INDENT = "      "


class ShapeError(Exception):
    """The shipped user-data no longer has the shape this script knows."""


def entry_span(text, path):
    """(start, end) of the write_files entry for `path`, up to the next entry or top-level key."""
    for match in ENTRY.finditer(text):
        if match.group(1) != path:
            continue
        rest = text[match.end():]
        end = re.search(r"^(  - path: |  # |\S)", rest, re.M)
        return match.start(), match.end() + (end.start() if end else len(rest))
    raise ShapeError(f"no write_files entry with path {path}")


def content_span(text, path):
    """(start, end) of the block-scalar lines of the entry's `content: |`, trailing blank lines excluded."""
    start, end = entry_span(text, path)
    head = text.find("    content: |\n", start, end)
    if head < 0:
        raise ShapeError(f"write_files entry {path} has no `content: |` block")
    body_start = head + len("    content: |\n")
    body = text[body_start:end].rstrip("\n") + "\n"
    return body_start, body_start + len(body)


def template_from(text):
    """The .tftpl text for the shipped user-data `text`."""
    escaped = text.replace("${", "$${").replace("%{", "%%{")
    packages = PACKAGES.search(escaped)
    if not packages:
        raise ShapeError("no `packages:` list")
    escaped = escaped[:packages.start(1)] + "${packages}\n" + escaped[packages.end(1):]
    start, end = content_span(escaped, DEPLOY_ENV)
    settings = SETTING.sub(lambda m: f"{m.group(1)}=${{{m.group(2).lower()}}}", escaped[start:end])
    if settings == escaped[start:end]:
        raise ShapeError(f"{DEPLOY_ENV} has no OPENCLAW_*= settings")
    escaped = escaped[:start] + settings + escaped[end:]
    start, end = content_span(escaped, SPEC)
    return escaped[:start] + CONTENT_INDENT + "${provision_spec}\n" + escaped[end:]


TEMPLATE_TOKEN = re.compile(r"\$\$\{|%%\{|\$\{([^}]*)\}|%\{")
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def render(template, values):
    """What Terraform's templatefile(template, values) returns, for the subset this template uses:
    ${name} interpolations of strings and the $${ / %%{ escapes. Anything else (expressions,
    %{ directives) raises ValueError, so this never silently disagrees with Terraform."""
    out, pos = [], 0
    for match in TEMPLATE_TOKEN.finditer(template):
        out.append(template[pos:match.start()])
        token = match.group(0)
        if token == "$${":
            out.append("${")
        elif token == "%%{":
            out.append("%{")
        elif token == "%{":
            raise ValueError(f"template directive at offset {match.start()} is not supported here")
        else:
            name = match.group(1)
            if not IDENTIFIER.fullmatch(name):
                raise ValueError(f"template expression ${{{name}}} is not a plain variable name")
            if name not in values:
                raise ValueError(f"template variable {name} has no value")
            out.append(values[name])
        pos = match.end()
    out.append(template[pos:])
    return "".join(out)


def main(argv):
    check = argv[1:] == ["--check"]
    if argv[1:] not in ([], ["--check"]):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        wanted = template_from(SHIPPED.read_text())
    except ShapeError as error:
        print(f"sync-user-data: {SHIPPED}: {error}", file=sys.stderr)
        return 1
    current = TEMPLATE.read_text() if TEMPLATE.exists() else None
    if current == wanted:
        return 0
    if check:
        print(f"sync-user-data: {TEMPLATE} is out of step with {SHIPPED}; run deploy/sync-user-data.py",
              file=sys.stderr)
        return 1
    TEMPLATE.write_text(wanted)
    print(f"sync-user-data: wrote {TEMPLATE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
