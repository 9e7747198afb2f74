"""docs/provisioning.md: every example applies, and every spec field is documented."""

import json
import os
import re
import unittest

from harness import TempDirTestCase, generate_ed25519_public_key, provision, read_json

DOC = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "provisioning.md")


def examples():
    with open(DOC, encoding="utf-8") as handle:
        text = handle.read()
    found = {}
    for match in re.finditer(r"<!-- example: ([\w-]+) -->\n```(yaml|json)\n(.*?)```", text, re.S):
        found[match.group(1)] = (match.group(2), match.group(3))
    return text, found


class ProvisioningDocsTest(TempDirTestCase):
    def apply_example(self, name, env=None):
        _, found = examples()
        extension, body = found[name]
        # Move the example's absolute paths into this test's temporary directory.
        secrets = os.path.join(self.tmp, "run-secrets")
        os.makedirs(secrets, exist_ok=True)
        # As on a real host, the example's owner (the gateway's user) must be able to reach and
        # read the secrets it will run with; the provisioner refuses the spec otherwise.
        os.chmod(self.tmp, 0o755)
        body = body.replace("/var/lib/openclaw", self.state).replace("/run/secrets", secrets)
        for secret in re.findall(re.escape(secrets) + r"/([\w.-]+)", body):
            with open(os.path.join(secrets, secret), "w", encoding="utf-8") as handle:
                handle.write("secret-value-for-" + secret + "\n")
        if "OWNER_PUBLIC_KEY" in body:
            public_key, self.owner_device_id = generate_ed25519_public_key(self.tmp)
            body = body.replace("OWNER_PUBLIC_KEY", public_key)
        spec = self.write("spec." + extension, body)
        result = provision("apply", "-f", spec, "--json", env=env)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        again = provision("apply", "-f", spec, "--json", env=env)
        self.assertFalse(json.loads(again.stdout)["changed"], again.stdout)
        return read_json(os.path.join(self.state, "openclaw.json"))

    def test_compose_example(self):
        config = self.apply_example("compose", env={"OPENAI_API_KEY": "sk-test"})
        self.assertEqual(config["gateway"]["trustedProxies"], ["172.30.0.2"])
        self.assertEqual(config["gateway"]["controlUi"]["allowedOrigins"], ["https://openclaw.example.com"])
        self.assertEqual(config["secrets"]["providers"]["gateway-token"]["path"],
                         os.path.join(self.tmp, "run-secrets", "openclaw_gateway_token"))
        self.assertEqual(os.lstat(self.state).st_uid, 10001)

    def test_cloud_vm_example(self):
        config = self.apply_example("cloud-vm")
        self.assertEqual(config["gateway"]["trustedProxies"], ["127.0.0.1", "::1"])
        self.assertTrue(config["gateway"]["http"]["endpoints"]["chatCompletions"]["enabled"])
        paired = read_json(os.path.join(self.state, "devices", "paired.json"))
        self.assertIn(self.owner_device_id, paired)

    def test_iac_example(self):
        config = self.apply_example("iac", env={"OPENCLAW_GATEWAY_TOKEN": "t" * 40, "LOCAL_LLM_KEY": "k" * 20})
        self.assertEqual(config["gateway"]["controlUi"]["allowedOrigins"],
                         ["https://openclaw.internal.example.com:8443"])
        provider = config["models"]["providers"]["local-llm"]
        self.assertEqual(provider["baseUrl"], "http://127.0.0.1:8000/v1")
        self.assertEqual(provider["models"], [{"id": "qwen3-8b", "name": "qwen3-8b"}])

    def test_every_flag_is_documented(self):
        text, found = examples()
        self.assertEqual(sorted(found), ["cloud-vm", "compose", "iac"])
        help_text = provision("--help", check=True).stdout
        flags = re.findall(r"(?m)^  (--[a-z-]+)$", help_text)
        self.assertGreater(len(flags), 30)
        for flag in flags:
            self.assertIn("`" + flag + "`", text, flag)


if __name__ == "__main__":
    unittest.main()
