"""Device pairing and device tokens (spec §3.8-§3.9) end to end: silent local pairing,
remote pairing with approve / reject, device tokens in hello-ok and as auth, rotation,
revocation and removal with their 4001 closes, and devices pre-approved by the provisioner."""

import os

from gateway_harness import CLI_SCOPES, Device, GatewayTestCase, cli_client
from harness import provision, read_json

REMOTE = {"X-Forwarded-For": "203.0.113.7"}


class PairingTest(GatewayTestCase):
    extra_config = {"gateway": {"trustedProxies": ["127.0.0.0/8"]}}

    def paired(self):
        return read_json(os.path.join(self.state, "devices", "paired.json"))

    async def admin(self):
        """A local device with the CLI's scopes: paired silently, so it may approve others."""
        connection, hello = await self.connect_ok(device=Device())
        return connection, hello

    async def test_local_device_is_paired_silently_and_gets_a_device_token(self):
        device = Device()
        connection, hello = await self.connect_ok(device=device)
        token = hello["auth"]["deviceToken"]
        self.assertEqual(len(token), 43)
        self.assertEqual(hello["auth"]["scopes"], CLI_SCOPES)
        entry = self.paired()[device.device_id]
        self.assertEqual(entry["publicKey"], device.public_key)
        self.assertEqual(entry["tokens"]["operator"]["token"], token)
        self.assertEqual(os.stat(os.path.join(self.state, "devices", "paired.json")).st_mode & 0o777, 0o600)
        self.assertIn("configPath", hello["snapshot"], "admins see the admin-only snapshot fields")
        await connection.close()

        # The device token alone authenticates (auth.deviceToken, and the legacy auth.token fallback).
        for auth in ({"deviceToken": token}, {"token": token}):
            again, response = await self.connect(device=device, auth=auth)
            self.assertTrue(response["ok"], response)
            self.assertEqual(response["payload"]["auth"]["deviceToken"], token, "an existing token is reused")
            await again.close()

        bad, response = await self.connect(device=device, auth={"deviceToken": "x" * 43})
        self.assertEqual(response["error"]["details"]["code"], "AUTH_DEVICE_TOKEN_MISMATCH")
        self.assertEqual((await bad.closed())[0], 1008)

    async def test_remote_device_needs_approval(self):
        admin, _ = await self.admin()
        device = Device()
        connection, response = await self.connect(token=self.token, device=device, headers=REMOTE)
        error = response["error"]
        self.assertEqual(error["code"], "NOT_PAIRED")
        self.assertTrue(error["message"].startswith("pairing required"), error)
        self.assertEqual(error["details"]["code"], "PAIRING_REQUIRED")
        self.assertEqual(error["details"]["reason"], "not-paired")
        request_id = error["details"]["requestId"]
        code, reason = await connection.closed()
        self.assertEqual(code, 1008)
        self.assertIn("requestId: " + request_id, reason)

        requested = await admin.event("device.pair.requested")
        self.assertEqual(requested["payload"]["requestId"], request_id)
        self.assertEqual(requested["payload"]["deviceId"], device.device_id)
        listing = await admin.call("device.pair.list")
        self.assertEqual([p["requestId"] for p in listing["payload"]["pending"]], [request_id])
        pending = read_json(os.path.join(self.state, "devices", "pending.json"))
        self.assertIn(request_id, pending)

        approved = await admin.call("device.pair.approve", {"requestId": request_id})
        self.assertTrue(approved["ok"], approved)
        resolved = await admin.event("device.pair.resolved")
        self.assertEqual(resolved["payload"]["decision"], "approved")
        self.assertNotIn("token", str(approved["payload"]["device"].get("tokens", "")))

        connection, hello = await self.connect_ok(device=device, headers=REMOTE)
        self.assertIn("deviceToken", hello["auth"])
        await connection.close()
        again = await admin.call("device.pair.approve", {"requestId": request_id})
        self.assertEqual(again["error"]["message"], "unknown requestId")
        await admin.close()

    async def test_reject_and_remove(self):
        admin, _ = await self.admin()
        device = Device()
        connection, response = await self.connect(token=self.token, device=device, headers=REMOTE)
        request_id = response["error"]["details"]["requestId"]
        await connection.closed()
        rejected = await admin.call("device.pair.reject", {"requestId": request_id})
        self.assertTrue(rejected["ok"], rejected)
        self.assertEqual((await admin.event("device.pair.resolved"))["payload"]["decision"], "rejected")
        self.assertEqual((await admin.call("device.pair.list"))["payload"]["pending"], [])

        local = Device()
        victim, _ = await self.connect_ok(device=local)
        removed = await admin.call("device.pair.remove", {"deviceId": local.device_id})
        self.assertTrue(removed["ok"], removed)
        self.assertEqual(await victim.closed(), (4001, "device removed"))
        self.assertNotIn(local.device_id, self.paired())
        missing = await admin.call("device.pair.remove", {"deviceId": local.device_id})
        self.assertEqual(missing["error"]["message"], "unknown deviceId")
        await admin.close()

    async def test_scope_upgrade_is_never_silent(self):
        device = Device()
        connection, _ = await self.connect_ok(device=device, scopes=["operator.read"])
        await connection.close()
        connection, response = await self.connect(token=self.token, device=device, scopes=CLI_SCOPES)
        self.assertEqual(response["error"]["details"]["reason"], "scope-upgrade")
        await connection.closed()

    async def test_approval_needs_the_scopes_it_grants(self):
        reader, _ = await self.connect_ok(device=Device(), scopes=["operator.read", "operator.pairing"])
        device = Device()
        connection, response = await self.connect(token=self.token, device=device, headers=REMOTE)
        request_id = response["error"]["details"]["requestId"]
        await connection.closed()
        denied = await reader.call("device.pair.approve", {"requestId": request_id})
        self.assertEqual(denied["error"]["message"], "missing scope: operator.admin")
        await reader.close()

    async def test_rotate_and_revoke_close_the_device_sockets(self):
        admin, _ = await self.admin()
        device = Device()
        connection, hello = await self.connect_ok(device=device, scopes=["operator.read"])
        old_token = hello["auth"]["deviceToken"]
        rotated = await admin.call("device.token.rotate", {"deviceId": device.device_id, "role": "operator"})
        self.assertTrue(rotated["ok"], rotated)
        new_token = rotated["payload"]["token"]
        self.assertNotEqual(new_token, old_token)
        self.assertEqual((await connection.closed())[0], 4001)

        stale, response = await self.connect(device=device, auth={"deviceToken": old_token}, scopes=["operator.read"])
        self.assertEqual(response["error"]["details"]["code"], "AUTH_DEVICE_TOKEN_MISMATCH")
        await stale.closed()
        fresh, response = await self.connect(device=device, auth={"deviceToken": new_token}, scopes=["operator.read"])
        self.assertTrue(response["ok"], response)

        revoked = await admin.call("device.token.revoke", {"deviceId": device.device_id, "role": "operator"})
        self.assertTrue(revoked["ok"], revoked)
        self.assertEqual((await fresh.closed())[0], 4001)
        after, response = await self.connect(device=device, auth={"deviceToken": new_token}, scopes=["operator.read"])
        self.assertFalse(response["ok"])
        await after.closed()

        beyond = await admin.call("device.token.rotate", {"deviceId": device.device_id, "role": "operator",
                                                          "scopes": ["operator.admin"]})
        self.assertEqual(beyond["error"]["message"], "device token rotation denied")
        await admin.close()

    async def test_non_admin_may_not_rotate_another_devices_token(self):
        other = Device()
        first, _ = await self.connect_ok(device=other, scopes=["operator.read"])
        await first.close()
        caller, _ = await self.connect_ok(device=Device(), scopes=["operator.pairing"])
        denied = await caller.call("device.token.rotate", {"deviceId": other.device_id, "role": "operator"})
        self.assertEqual(denied["error"]["message"], "device token rotation denied")
        await caller.close()


class ProvisionedDeviceTest(GatewayTestCase):
    """A device added with `openclaw-provision device add` connects without any pairing step,
    even from a remote address, including one added while the gateway runs."""

    extra_config = {"gateway": {"trustedProxies": ["127.0.0.1"]}}

    async def test_pre_approved_device_connects_from_remote(self):
        device = Device()
        provision("device", "add", "--state-dir", self.state, "--public-key", device.public_key, "--name", "laptop",
                  check=True)
        connection, hello = await self.connect_ok(device=device, headers=REMOTE)
        self.assertIn("deviceToken", hello["auth"])
        await connection.close()
