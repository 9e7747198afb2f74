"""`openclaw devices` against a real gateway (spec §9, §2.3 device.pair.* / device.token.*):
a remote device asks for pairing and the operator lists, approves (by id, --latest, or with
no id), rejects, removes, rotates and revokes from the box, through the admin socket — also
when the CLI itself has never been paired."""

import json
import os
import shutil

from gateway_harness import Device, GatewayTestCase

REMOTE = {"X-Forwarded-For": "203.0.113.7"}


class DevicesCliTest(GatewayTestCase):
    extra_config = {"gateway": {"trustedProxies": ["127.0.0.0/8"]}}

    async def request_pairing(self, device=None):
        """A remote device connects and is told to pair; returns (device, requestId)."""
        device = device or Device()
        connection, response = await self.connect(token=self.token, device=device, headers=REMOTE)
        self.assertEqual(response["error"]["details"]["code"], "PAIRING_REQUIRED", response)
        await connection.closed()
        return device, response["error"]["details"]["requestId"]

    def devices(self, *args, code=0):
        result = self.cli("devices", *args)
        self.assertEqual(result.returncode, code, "devices %s: %s%s" % (" ".join(args), result.stdout, result.stderr))
        return result

    async def test_list_and_approve_by_id(self):
        device, request_id = await self.request_pairing()
        listing = self.cli_json("devices", "list")
        self.assertEqual([request["requestId"] for request in listing["pending"]], [request_id])
        self.assertEqual(listing["pending"][0]["deviceId"], device.device_id)
        self.assertNotIn('"token":', json.dumps(listing), "token values never leave the gateway in a listing")

        text = self.devices("list").stdout
        self.assertIn("Pending (1)\nRequest", text)
        self.assertIn(request_id, text)
        self.assertIn("203.0.113.7", text)

        approved = self.devices("approve", request_id).stdout
        self.assertEqual(approved, "Approved %s (%s)\n" % (device.device_id, request_id))
        connection, hello = await self.connect_ok(device=device, headers=REMOTE)
        self.assertIn("deviceToken", hello["auth"])
        await connection.close()

        again = self.devices("approve", request_id, code=1)
        self.assertIn("unknown requestId", again.stdout + again.stderr)
        self.assertEqual(self.cli_json("devices", "list")["pending"], [])

    async def test_approve_latest_and_without_id(self):
        first, first_id = await self.request_pairing()
        second, second_id = await self.request_pairing()
        result = self.cli_json("devices", "approve", "--latest")
        self.assertEqual(result["requestId"], second_id)
        self.assertEqual(result["device"]["deviceId"], second.device_id)
        self.assertEqual([r["requestId"] for r in self.cli_json("devices", "list")["pending"]], [first_id])

        # No id at all: the newest pending request, as upstream.
        self.assertEqual(self.devices("approve").stdout, "Approved %s (%s)\n" % (first.device_id, first_id))
        none_left = self.devices("approve", code=1)
        self.assertIn("No pending device pairing requests to approve", none_left.stderr)

    async def test_approve_from_an_unpaired_cli(self):
        # Operator-pain B1/B2: the CLI has no identity at all, the gateway wants pairing for
        # everything remote, and the operator on the box still approves.
        shutil.rmtree(os.path.join(self.state, "identity"))
        device, request_id = await self.request_pairing()
        self.assertEqual(self.cli_json("devices", "approve", "--latest")["requestId"], request_id)
        connection, _ = await self.connect_ok(device=device, headers=REMOTE)
        await connection.close()

    async def test_reject_and_remove(self):
        device, request_id = await self.request_pairing()
        self.assertEqual(self.devices("reject", request_id).stdout, "Rejected %s\n" % device.device_id)
        self.assertEqual(self.cli_json("devices", "list")["pending"], [])

        local = Device()
        victim, _ = await self.connect_ok(device=local)
        removed = self.cli_json("devices", "remove", local.device_id)
        self.assertEqual(removed["deviceId"], local.device_id)
        self.assertEqual(await victim.closed(), (4001, "device removed"))
        paired = {entry["deviceId"] for entry in self.cli_json("devices", "list")["paired"]}
        self.assertNotIn(local.device_id, paired)
        missing = self.devices("remove", local.device_id, code=1)
        self.assertIn("unknown deviceId", missing.stdout + missing.stderr)

        usage = self.devices("reject", code=2)
        self.assertIn("requestId is required", usage.stderr)

    async def test_rotate_prints_a_token_that_authenticates_and_revoke_ends_it(self):
        device = Device()
        connection, hello = await self.connect_ok(device=device, scopes=["operator.read"])
        old_token = hello["auth"]["deviceToken"]
        await connection.close()

        result = self.devices("rotate", "--device", device.device_id, "--role", "operator")
        rotated = json.loads(result.stdout)
        new_token = rotated["token"]
        self.assertNotEqual(new_token, old_token)
        self.assertEqual((rotated["deviceId"], rotated["role"]), (device.device_id, "operator"))

        fresh, response = await self.connect(device=device, auth={"deviceToken": new_token}, scopes=["operator.read"])
        self.assertTrue(response["ok"], response)
        stale, response = await self.connect(device=device, auth={"deviceToken": old_token}, scopes=["operator.read"])
        self.assertEqual(response["error"]["details"]["code"], "AUTH_DEVICE_TOKEN_MISMATCH")
        await stale.closed()

        revoked = json.loads(self.devices("revoke", "--device", device.device_id, "--role", "operator").stdout)
        self.assertEqual(revoked["deviceId"], device.device_id)
        self.assertIn("revokedAtMs", revoked)
        self.assertEqual((await fresh.closed())[0], 4001)
        self.assertNotIn(new_token, self.devices("list").stdout)

        usage = self.devices("rotate", "--device", device.device_id, code=2)
        self.assertIn("--device and --role are required", usage.stderr)

    async def test_clear_needs_yes_and_rejects_pending_with_pending(self):
        local = Device()
        connection, _ = await self.connect_ok(device=local)
        await connection.close()
        _, request_id = await self.request_pairing()

        refused = self.devices("clear", code=2)
        self.assertIn("without --yes", refused.stderr)

        cleared = self.cli_json("devices", "clear", "--yes", "--pending")
        self.assertIn(local.device_id, cleared["removedDevices"])
        self.assertEqual(cleared["rejectedPending"], [request_id])
        listing = self.cli_json("devices", "list")
        self.assertEqual((listing["pending"], listing["paired"]), ([], []))
        self.assertEqual(self.devices("list").stdout, "No device pairing entries.\n")
