"""logs.tail (spec §2.3) over a real gateway: the gateway's own JSON-lines log, the cursor
continuing where the last read stopped, rotation (logging.maxFileBytes) reported as a reset
with the rest of the rotated file delivered first, maxBytes truncation, param validation
naming the field, and the operator.read scope."""

import asyncio
import json
import os

from gateway_harness import GatewayTestCase

ROTATE_AT = 4096


def lines_of(data):
    """The complete lines of `data` (bytes), as logs.tail returns them."""
    return [line.decode() for line in data.split(b"\n")[:-1]]


class LogsTailTest(GatewayTestCase):
    extra_config = {"logging": {"maxFileBytes": ROTATE_AT}}

    def log_path(self, suffix=""):
        return os.path.join(self.state, "logs", "gateway.log" + suffix)

    async def tail(self, connection, **params):
        response = await connection.call("logs.tail", params)
        self.assertTrue(response["ok"], response)
        return response["payload"]

    async def make_noise(self, count=1):
        """Each connection logs a "connected" and a "disconnected" line."""
        for _ in range(count):
            connection, _ = await self.connect_ok()
            await connection.close()
        await asyncio.sleep(0.1)

    async def test_the_last_lines_then_what_follows_the_cursor(self):
        connection, _ = await self.connect_ok()
        first = await self.tail(connection)
        self.assertEqual(first["file"], self.log_path())
        self.assertEqual(first["cursor"], first["size"])
        self.assertFalse(first["truncated"])
        self.assertFalse(first["reset"])
        records = [json.loads(line) for line in first["lines"]]
        self.assertIn("ready", [record["msg"] for record in records], "the gateway's own log, as JSON lines")

        await self.make_noise()
        nxt = await self.tail(connection, cursor=first["cursor"])
        self.assertFalse(nxt["reset"])
        messages = [json.loads(line)["msg"] for line in nxt["lines"]]
        self.assertEqual(messages, ["connected", "disconnected"], "only what was written after the cursor")
        self.assertGreater(nxt["cursor"], first["cursor"])
        idle = await self.tail(connection, cursor=nxt["cursor"])
        self.assertEqual((idle["lines"], idle["cursor"]), ([], nxt["cursor"]))

        self.assertEqual(len((await self.tail(connection, limit=1))["lines"]), 1)
        await connection.close()

    async def test_max_bytes_truncates_to_the_newest_whole_lines(self):
        connection, _ = await self.connect_ok()
        await self.make_noise(2)
        small = await self.tail(connection, maxBytes=300)
        self.assertTrue(small["truncated"])
        self.assertFalse(small["reset"])
        self.assertTrue(small["lines"])
        with open(self.log_path(), "rb") as handle:
            data = handle.read(small["cursor"])
        self.assertEqual(small["lines"], lines_of(data)[-len(small["lines"]):])
        self.assertLessEqual(sum(len(line) + 1 for line in small["lines"]), 300)
        await connection.close()

    async def test_rotation_is_a_reset_that_loses_nothing(self):
        connection, _ = await self.connect_ok()
        # A cursor into the current file, and which file that is.
        while True:
            inode = os.stat(self.log_path()).st_ino
            start = await self.tail(connection, limit=1)
            if os.stat(self.log_path()).st_ino == inode:
                break
        # Exactly one rotation: the file the cursor points into becomes gateway.log.1.
        for _ in range(50):
            await self.make_noise()
            if os.stat(self.log_path()).st_ino != inode:
                break
        self.assertEqual(os.stat(self.log_path(".1")).st_ino, inode, "rotated once")
        await asyncio.sleep(0.2)

        after = await self.tail(connection, cursor=start["cursor"])
        self.assertTrue(after["reset"])
        self.assertFalse(after["truncated"])
        with open(self.log_path(".1"), "rb") as handle:
            old = handle.read()[start["cursor"]:]
        with open(self.log_path(), "rb") as handle:
            new = handle.read(after["cursor"])
        self.assertTrue(lines_of(old), "lines were written to the old file after the cursor")
        self.assertEqual(after["lines"], lines_of(old) + lines_of(new))
        self.assertEqual(after["size"], os.path.getsize(self.log_path()))

        # Reading on from the new cursor is ordinary again.
        await self.make_noise()
        again = await self.tail(connection, cursor=after["cursor"])
        self.assertFalse(again["reset"])
        self.assertEqual([json.loads(line)["msg"] for line in again["lines"]], ["connected", "disconnected"])
        await connection.close()

    async def test_a_cursor_past_the_end_restarts_from_the_current_file(self):
        connection, _ = await self.connect_ok()
        result = await self.tail(connection, cursor=10 ** 12)
        self.assertTrue(result["reset"])
        self.assertEqual(result["cursor"], result["size"])
        self.assertTrue(result["lines"])
        await connection.close()

    async def test_invalid_params_name_the_field(self):
        connection, _ = await self.connect_ok()
        cases = [
            ({"limit": 0}, "invalid logs.tail params: at /limit: must be >= 1"),
            ({"limit": 5001}, "invalid logs.tail params: at /limit: must be <= 5000"),
            ({"maxBytes": 1000001}, "invalid logs.tail params: at /maxBytes: must be <= 1000000"),
            ({"cursor": -1}, "invalid logs.tail params: at /cursor: must be >= 0"),
            ({"cursor": "12"}, "invalid logs.tail params: at /cursor: must be integer"),
            ({"follow": True}, "invalid logs.tail params: at root: unexpected property 'follow'"),
        ]
        for params, message in cases:
            response = await connection.call("logs.tail", params)
            self.assertEqual(response["error"]["code"], "INVALID_REQUEST", params)
            self.assertEqual(response["error"]["message"], message)
        await connection.close()

    async def test_needs_operator_read(self):
        reader, _ = await self.connect_ok(scopes=["operator.read"])
        self.assertTrue((await reader.call("logs.tail", {"limit": 5}))["ok"])
        await reader.close()
        approver, _ = await self.connect_ok(scopes=["operator.approvals"])
        denied = await approver.call("logs.tail")
        self.assertEqual(denied["error"]["message"], "missing scope: operator.read")
        await approver.close()
