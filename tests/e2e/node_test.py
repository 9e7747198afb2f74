"""Node clients (spec §2.3): a node-host connects with its caps and commands, appears in
node.list / node.describe, can be renamed, and relays node.invoke to its answer."""

import asyncio
import json

from gateway_harness import Device, GatewayTestCase, cli_client

NODE_CLIENT = {"id": "node-host", "version": "2026.9.6", "platform": "linux", "mode": "node",
               "displayName": "build-box", "instanceId": "node-instance-1"}


class NodeTest(GatewayTestCase):
    async def connect_node(self):
        device = Device()
        node, hello = await self.connect_ok(device=device, role="node", scopes=[], client=NODE_CLIENT,
                                            caps=["system"], commands=["system.run", "system.which"])
        return node, device

    async def test_node_appears_and_relays_invoke(self):
        node, device = await self.connect_node()
        operator, _ = await self.connect_ok(device=Device())

        listing = await operator.call("node.list")
        nodes = {entry["nodeId"]: entry for entry in listing["payload"]["nodes"]}
        entry = nodes[device.device_id]
        self.assertTrue(entry["connected"])
        self.assertTrue(entry["paired"])
        self.assertEqual(entry["caps"], ["system"])
        self.assertEqual(entry["commands"], ["system.run", "system.which"])
        self.assertEqual(entry["displayName"], "build-box")

        described = await operator.call("node.describe", {"nodeId": device.device_id})
        self.assertEqual(described["payload"]["platform"], "linux")
        renamed = await operator.call("node.rename", {"nodeId": device.device_id, "displayName": "ci-runner"})
        self.assertTrue(renamed["ok"], renamed)
        listing = await operator.call("node.list")
        self.assertEqual({n["nodeId"]: n for n in listing["payload"]["nodes"]}[device.device_id]["displayName"],
                         "ci-runner")

        invoke_id = "inv-1"
        await operator.send({"type": "req", "id": invoke_id, "method": "node.invoke",
                             "params": {"nodeId": device.device_id, "command": "system.which",
                                        "params": {"name": "ls"}, "idempotencyKey": "k1"}})
        request = await node.event("node.invoke.request")
        payload = request["payload"]
        self.assertEqual(payload["command"], "system.which")
        self.assertEqual(json.loads(payload["paramsJSON"]), {"name": "ls"})
        answer = await node.call("node.invoke.result", {"id": payload["id"], "nodeId": device.device_id, "ok": True,
                                                        "payload": {"path": "/bin/ls"}})
        self.assertTrue(answer["ok"], answer)
        result = await operator.response(invoke_id)
        self.assertTrue(result["ok"], result)
        self.assertEqual(result["payload"]["payload"], {"path": "/bin/ls"})

        undeclared = await operator.call("node.invoke", {"nodeId": device.device_id, "command": "camera.snap",
                                                         "idempotencyKey": "k2"})
        self.assertEqual(undeclared["error"]["message"], "node command not allowed: camera.snap")

        # A node that leaves fails the invocations waiting for it.
        await operator.send({"type": "req", "id": "inv-2", "method": "node.invoke",
                             "params": {"nodeId": device.device_id, "command": "system.run", "idempotencyKey": "k3"}})
        await node.event("node.invoke.request")
        await node.close()
        failed = await operator.response("inv-2")
        self.assertEqual(failed["error"]["message"], "node disconnected")
        gone = await operator.call("node.invoke", {"nodeId": device.device_id, "command": "system.run",
                                                   "idempotencyKey": "k4"})
        self.assertEqual(gone["error"]["code"], "UNAVAILABLE")
        await operator.close()

    async def test_invoke_times_out(self):
        node, device = await self.connect_node()
        operator, _ = await self.connect_ok(device=Device())
        result = await operator.call("node.invoke", {"nodeId": device.device_id, "command": "system.run",
                                                     "idempotencyKey": "k", "timeoutMs": 300})
        self.assertEqual(result["error"]["message"], "node invoke timed out")
        await node.close()
        await operator.close()
