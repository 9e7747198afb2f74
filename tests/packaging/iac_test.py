"""Terraform and Pulumi (deploy/): what a user of the modules relies on.

Default lane (no network, a few seconds):
  - the HCL, read statically (no Terraform CLI can be had here): secrets are sensitive variables
    without defaults, the user-data comes from templatefile() and never mentions a secret, the
    URL and token fingerprint are outputs, no file carries a token;
  - the template stays in step with scripts/cloud-init/user-data.yaml: rendered with the
    shipped file's own settings (by main.tf's rules, mirrored here step by step) it gives back
    the shipped file byte for byte, and a rendered deployment passes `cloud-init schema` and
    sources in sh to the intended settings;
  - the fingerprint formula in main.tf, computed here with the same steps, equals
    summary.tokenFingerprint of the real `openclaw-provision apply --json` on a state directory
    where the token arrived the way the VM's bootstrap puts it.

OPENCLAW_IAC=1 (needs the npm registry the first time; about a minute, then cached under
/var/tmp/openclaw-iac-npm): the Pulumi program type-checks with tsc against the pinned
@pulumi/pulumi and @pulumi/aws, and its user-data renderer, compiled and run with node, gives
the same bytes as the Terraform rules, the same fingerprint as the provisioner and a spec the
provisioner accepts.
"""
import json
import re
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

import yaml

from iac_support import (
    DEFAULT_SECRET_COMMAND, DEPLOYMENTS, EXAMPLE, NODE_DRIVER, PULUMI, ROOT, SAMPLE_TOKENS,
    SHIPPED, TEMPLATE, TERRAFORM, apply_like_the_vm, attribute, base_packages, cloud_init_schema,
    deploy_settings, ed25519_public_key, hcl_blocks, locals_attribute, npm_modules,
    provision_binary, provision_json, provision_spec, pulumi_options, render_deployment,
    shell_safe_pattern, shipped_settings, sourced_deploy_env, sync, template_values,
    terraform_fingerprint,
)


class TerraformStaticTest(unittest.TestCase):
    """The HCL, read as a reviewer would."""

    SECRET_VARIABLES = {TERRAFORM / "variables.tf": ["gateway_token", "provider_api_keys"],
                        EXAMPLE / "variables.tf": ["gateway_token", "openai_api_key"]}

    def test_secret_variables_are_sensitive_and_have_no_default(self):
        for path, names in self.SECRET_VARIABLES.items():
            variables = hcl_blocks(path, "variable")
            for name in names:
                with self.subTest(file=path.name, variable=name):
                    self.assertIn(name, variables)
                    self.assertEqual(attribute(variables[name], "sensitive"), "true")
                    if name != "provider_api_keys":  # {} is its default, and holds nothing
                        self.assertIsNone(attribute(variables[name], "default"),
                                          f"{name} must be given by the user, not defaulted")

    def test_every_variable_that_looks_secret_is_sensitive(self):
        for path in [*TERRAFORM.glob("*.tf"), *EXAMPLE.glob("*.tf")]:
            for name, body in hcl_blocks(path, "variable").items():
                if re.search(r"token|api_key|password|secret$", name):
                    with self.subTest(file=str(path.relative_to(ROOT)), variable=name):
                        self.assertEqual(attribute(body, "sensitive"), "true")

    def test_token_has_a_validation_that_excludes_whitespace(self):
        body = hcl_blocks(TERRAFORM / "variables.tf", "variable")["gateway_token"]
        pattern = re.search(r'regex\("([^"]+)", var\.gateway_token\)', body).group(1)
        for token in SAMPLE_TOKENS:
            self.assertRegex(token, pattern)
        for bad in ["short", "x" * 40 + "\n", "with space " * 4, "é" * 40, "x" * 513]:
            self.assertIsNone(re.fullmatch(pattern, bad), repr(bad))

    def test_user_data_comes_from_templatefile_and_names_no_secret(self):
        expression = locals_attribute("user_data")
        self.assertTrue(expression.startswith('templatefile("${path.module}/user-data.yaml.tftpl"'), expression)
        self.assertNotRegex(expression, r"gateway_token|api_key|secrets")
        for name in ("deploy_env", "deploy_settings", "provision_spec"):
            self.assertNotRegex(locals_attribute(name), r"gateway_token|provider_api_keys", name)
        for line in TEMPLATE.read_text().splitlines():
            if not line.lstrip().startswith("#"):
                self.assertIsNone(re.search(r"(?i)OPENCLAW_GATEWAY_TOKEN=|tokenFile|\$\{[a-z_]*(token|key)", line), line)

    def test_template_variables_are_exactly_those_main_tf_passes(self):
        placeholders = set(re.findall(r"(?<!\$)\$\{([a-z_0-9]+)\}", TEMPLATE.read_text()))
        settings = set(re.findall(r"^\s*([a-z_0-9]+)\s*=", locals_attribute("deploy_settings")[1:-1], re.M))
        passed = settings | set(re.findall(r"^\s*([a-z_]+)\s*=", locals_attribute("user_data"), re.M))
        self.assertEqual(placeholders, passed)

    def test_pulumi_renderer_uses_the_same_rules_as_main_tf(self):
        source = (PULUMI / "userData.ts").read_text()
        safe = re.search(r"const SHELL_SAFE = /(.+)/;", source).group(1)
        self.assertEqual(safe, shell_safe_pattern())
        packages = re.search(r"export const BASE_PACKAGES = (\[.*\]);", source).group(1)
        self.assertEqual(json.loads(packages), base_packages())
        default = re.search(r"export const DEFAULT_SECRET_COMMAND = '(.*)';", source).group(1)
        self.assertEqual(default, DEFAULT_SECRET_COMMAND)

    def test_outputs_a_user_wants(self):
        outputs = hcl_blocks(TERRAFORM / "outputs.tf", "output")
        for name in ("user_data", "url", "token_fingerprint", "secret_names", "secrets"):
            self.assertIn(name, outputs)
        self.assertEqual(attribute(outputs["url"], "value"), '"https://${var.public_host}"')
        # Only the fingerprint is unwrapped from sensitive, never the token or the secrets map.
        self.assertEqual(attribute(outputs["token_fingerprint"], "value"), "nonsensitive(local.token_fingerprint)")
        self.assertEqual(len(re.findall(r"nonsensitive\(", (TERRAFORM / "outputs.tf").read_text())), 1)
        self.assertEqual(attribute(outputs["secrets"], "sensitive"), "true")
        example = hcl_blocks(EXAMPLE / "outputs.tf", "output")
        self.assertEqual(attribute(example["url"], "value"), "module.openclaw.url")
        self.assertEqual(attribute(example["token_fingerprint"], "value"), "module.openclaw.token_fingerprint")

    def test_no_file_under_deploy_carries_a_token(self):
        suspicious = {
            "a long hex string (a token?)": r"\b[0-9a-f]{48,}\b",
            "an API key": r"sk-[A-Za-z0-9]{16,}",
            "a token given as a literal": r'(?m)^\s*(gateway_token|openai_api_key)\s*=\s*"',
            "a Pulumi secret in clear": r"(?m)^\s*[\w-]+:(gatewayToken|openaiApiKey):\s*[^\s#]",
        }
        for path in ROOT.joinpath("deploy").rglob("*"):
            if not path.is_file() or "node_modules" in path.parts or path.name == "package-lock.json":
                continue
            # The example checksums are placeholders of zeros, not secrets.
            text = re.sub(r"(?m)^.*(sha256|Sha256).*0{64}.*$", "", path.read_text())
            for what, pattern in suspicious.items():
                found = re.search(pattern, text)
                self.assertIsNone(found, f"{path.relative_to(ROOT)}: {what}: {found and found.group(0)!r}")

    def test_example_keeps_the_gateway_port_closed_and_ships_user_data_gzipped(self):
        text = (EXAMPLE / "main.tf").read_text()
        self.assertNotIn("18789", re.sub(r"#.*", "", text))
        instance = text[text.index('resource "aws_instance" "gateway"'):]
        self.assertIn("user_data_base64 = module.openclaw.user_data_gzip_base64", instance)
        self.assertRegex(instance, r'http_tokens\s*=\s*"required"')
        self.assertIn('type  = "SecureString"', text)
        self.assertRegex(text, r'"ssm:GetParameter"')


class TemplateInStepTest(unittest.TestCase):
    """deploy/terraform/user-data.yaml.tftpl and scripts/cloud-init/user-data.yaml."""

    def test_template_is_the_shipped_user_data_with_its_settings_as_variables(self):
        self.assertEqual(sync.template_from(SHIPPED.read_text()), TEMPLATE.read_text(),
                         "the template is out of step with the shipped user-data: run deploy/sync-user-data.py")

    def test_main_tf_rules_with_the_shipped_settings_give_back_the_shipped_file(self):
        text = SHIPPED.read_text()
        settings, packages, spec = shipped_settings(text)
        self.assertEqual(packages, base_packages(), "main.tf base_packages differs from the user-data's packages")
        self.assertEqual(sync.render(TEMPLATE.read_text(), template_values(settings, packages, spec)), text)

    def test_module_defaults_are_the_shipped_settings(self):
        settings, _, _ = shipped_settings(SHIPPED.read_text())
        mine = deploy_settings({"public_host": ""})
        self.assertEqual(mine, settings)
        # And variables.tf's defaults are those values too.
        variables = hcl_blocks(TERRAFORM / "variables.tf", "variable")
        as_setting = {"true": "yes", "false": "no"}
        for variable, setting in {"install_from": "install_from", "release_url": "release_url",
                                  "release_sha256": "release_sha256", "attached_path": "attached",
                                  "acme_email": "acme_email", "secrets_dir": "secrets_dir",
                                  "secret_command": "secret_command", "firewall": "firewall",
                                  "ssh_port": "ssh_port"}.items():
            default = attribute(variables[variable], "default")
            value = as_setting.get(default) or (json.loads(default) if default.startswith('"') else default)
            self.assertEqual(value, settings[setting], variable)

    def test_rendered_deployments_are_valid_cloud_config_with_the_intended_settings(self):
        for name, deployment in DEPLOYMENTS.items():
            with self.subTest(deployment=name):
                user_data = render_deployment(deployment)
                self.assertTrue(user_data.startswith("#cloud-config\n"))
                doc = yaml.safe_load(user_data)
                self.assertEqual(doc["packages"], base_packages() + deployment.get("extra_packages", []))
                spec = next(e["content"] for e in doc["write_files"] if e["path"] == sync.SPEC)
                self.assertEqual(yaml.safe_load(spec), provision_spec(deployment))
                self.assertEqual(sourced_deploy_env(user_data), deploy_settings(deployment))
                cloud_init_schema(self, user_data)

    def test_rendered_spec_is_accepted_by_the_provisioner(self):
        if not provision_binary().exists():
            self.skipTest(f"{provision_binary()} is not built (set OPENCLAW_BIN_DIR)")
        for name, deployment in DEPLOYMENTS.items():
            with self.subTest(deployment=name), tempfile.TemporaryDirectory() as work:
                spec = provision_spec(deployment)
                for device in spec.get("devices", []):
                    device["publicKey"] = ed25519_public_key()
                secrets = [p["apiKeyFile"].rsplit("/", 1)[1] for p in spec["providers"].values() if "apiKeyFile" in p]
                summary, _ = apply_like_the_vm(work, spec, SAMPLE_TOKENS[0], secrets)
                self.assertEqual(summary["bind"], "loopback")
                self.assertEqual(len(summary["approvedDevices"]), len(spec.get("devices", [])))


class FingerprintTest(unittest.TestCase):
    """The module's token_fingerprint output and the provisioner's summary.tokenFingerprint."""

    def setUp(self):
        if not provision_binary().exists():
            self.skipTest(f"{provision_binary()} is not built (set OPENCLAW_BIN_DIR)")

    def test_terraform_formula_equals_the_provisioner_for_the_token_the_vm_fetched(self):
        spec = provision_spec({"providers_config": {}})
        for token in SAMPLE_TOKENS:
            with self.subTest(token=token[:8]), tempfile.TemporaryDirectory() as work:
                summary, state = apply_like_the_vm(work, spec, token)
                self.assertEqual(summary["tokenFingerprint"], terraform_fingerprint(token))
                # The provisioner kept the fetched token rather than generating its own.
                self.assertEqual((state / "credentials/gateway-token").read_text().rstrip("\n"), token)

    def test_terraform_formula_equals_the_provisioner_for_a_token_file_and_env(self):
        token = SAMPLE_TOKENS[1]
        with tempfile.TemporaryDirectory() as work:
            token_file = Path(work) / "token"
            token_file.write_text(token + "\n")
            token_file.chmod(0o600)
            by_file = provision_json("apply", "--state-dir", f"{work}/a", "--auth-token-file", str(token_file))
            env = {"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "OPENCLAW_GATEWAY_TOKEN": token}
            by_env = provision_json("apply", "--state-dir", f"{work}/b", "--auth-token-env",
                                    "OPENCLAW_GATEWAY_TOKEN", env=env)
        self.assertEqual(by_file["tokenFingerprint"], terraform_fingerprint(token))
        self.assertEqual(by_env["tokenFingerprint"], terraform_fingerprint(token))

    def test_a_different_token_gives_a_different_fingerprint(self):
        self.assertNotEqual(terraform_fingerprint(SAMPLE_TOKENS[0]), terraform_fingerprint(SAMPLE_TOKENS[3]))
        self.assertRegex(terraform_fingerprint(SAMPLE_TOKENS[0]), r"^sha256:[0-9a-f]{12}$")


class PulumiTest(unittest.TestCase):
    modules = None
    compiled = None

    @classmethod
    def setUpClass(cls):
        cls.modules, reason = npm_modules()
        if reason:
            raise unittest.SkipTest(reason)
        cls.work = tempfile.mkdtemp(prefix="openclaw-iac-")
        cls.src = Path(cls.work) / "pulumi"
        cls.src.mkdir()
        for name in ("index.ts", "userData.ts", "tsconfig.json", "package.json"):
            shutil.copy(PULUMI / name, cls.src)
        (cls.src / "node_modules").symlink_to(cls.modules)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)

    def tsc(self, *args):
        return subprocess.run([str(self.modules / ".bin/tsc"), *args], cwd=self.src, capture_output=True,
                              text=True, timeout=300)

    def node(self, payload):
        if PulumiTest.compiled is None:
            out = Path(self.work) / "out"
            result = self.tsc("--strict", "--target", "ES2022", "--module", "commonjs", "--types", "node",
                              "--outDir", str(out), "userData.ts")
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            PulumiTest.compiled = out / "userData.js"
        result = subprocess.run(["node", "-e", NODE_DRIVER, str(self.compiled)], input=json.dumps(payload),
                                capture_output=True, text=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    def test_program_type_checks_against_the_pinned_sdk(self):
        result = self.tsc("-p", ".", "--noEmit")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_renderer_gives_the_shipped_file_for_the_shipped_settings(self):
        text = SHIPPED.read_text()
        settings, packages, spec = shipped_settings(text)
        out = self.node({"template": TEMPLATE.read_text(), "values": template_values(settings, packages, spec)})
        self.assertEqual(out["rendered"], text)

    def test_renderer_gives_the_same_user_data_as_the_terraform_rules(self):
        for name, deployment in DEPLOYMENTS.items():
            with self.subTest(deployment=name):
                out = self.node({"template": TEMPLATE.read_text(), "options": pulumi_options(deployment)})
                self.assertEqual(out["userData"], render_deployment(deployment))
                self.assertEqual(out["spec"], provision_spec(deployment))
                cloud_init_schema(self, out["userData"])

    def test_fingerprint_equals_the_provisioner(self):
        if not provision_binary().exists():
            self.skipTest(f"{provision_binary()} is not built (set OPENCLAW_BIN_DIR)")
        out = self.node({"tokens": SAMPLE_TOKENS})
        spec = provision_spec({"providers_config": {}})
        for token, fingerprint in zip(SAMPLE_TOKENS, out["fingerprints"]):
            with self.subTest(token=token[:8]), tempfile.TemporaryDirectory() as work:
                summary, _ = apply_like_the_vm(work, spec, token)
                self.assertEqual(fingerprint, summary["tokenFingerprint"])

    def test_bad_settings_are_refused_with_the_setting_named(self):
        bad = [{"publicHost": "https://gw.example.com"},
               {"publicHost": "gw.example.com", "releaseUrl": "https://x.example.com/r.tgz"},
               {"publicHost": "gw.example.com", "secretCommand": "a\nb"},
               {"publicHost": "gw.example.com", "sshPort": 70000}]
        errors = self.node({"badOptions": bad})["errors"]
        for needle, error in zip(["publicHost", "releaseSha256", "secretCommand", "sshPort"], errors):
            self.assertIsNotNone(error)
            self.assertIn(needle, error)


if __name__ == "__main__":
    unittest.main()
