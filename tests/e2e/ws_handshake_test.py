"""WebSocket handshake of spec §1.2-§1.10 against the real binary: challenge, hello-ok,
limits, protocol negotiation, device signatures, and every close code of the handshake."""

import asyncio
import json
import time
import uuid

import websockets

from gateway_harness import CLI_SCOPES, Device, GatewayTestCase, cli_client


class HandshakeTest(GatewayTestCase):
    env = {"OPENCLAW_HANDSHAKE_TIMEOUT_MS": "1500", "OPENCLAW_MAX_PREAUTH_CONNECTIONS_PER_IP": "3"}

    async def test_challenge_then_hello_ok_with_the_upstream_shape(self):
        connection = await self.open()
        challenge = connection.challenge
        self.assertEqual(challenge["type"], "event")
        self.assertEqual(challenge["event"], "connect.challenge")
        self.assertNotIn("seq", challenge)
        uuid.UUID(challenge["payload"]["nonce"], version=4)
        self.assertLess(abs(challenge["payload"]["ts"] - time.time() * 1000), 5000)
        await connection.close()

        connection, hello = await self.connect_ok(scopes=["operator.read"])
        self.assertEqual(hello["type"], "hello-ok")
        self.assertEqual(hello["protocol"], 4)
        uuid.UUID(hello["server"]["connId"])
        self.assertIn("health", hello["features"]["methods"])
        self.assertIn("device.pair.approve", hello["features"]["methods"])
        self.assertNotIn("cron.add", hello["features"]["methods"], "unimplemented methods are not advertised")
        self.assertIn("tick", hello["features"]["events"])
        self.assertEqual(hello["policy"], {"maxPayload": 26214400, "maxBufferedBytes": 52428800, "tickIntervalMs": 30000})
        snapshot = hello["snapshot"]
        self.assertEqual(snapshot["presence"][0]["mode"], "gateway")
        self.assertTrue(snapshot["health"]["ok"])
        self.assertGreaterEqual(snapshot["stateVersion"]["presence"], 1)
        self.assertEqual(snapshot["sessionDefaults"]["mainSessionKey"], "agent:main:main")
        # A device-less CLI with the shared token keeps the scopes it asked for, as the real
        # 2026.9.x gateway answers it; a probe keeps none.
        self.assertEqual(hello["auth"]["role"], "operator")
        self.assertEqual(hello["auth"]["scopes"], ["operator.read"])
        self.assertNotIn("configPath", snapshot, "admin-only snapshot fields")
        await connection.close()

    async def test_device_less_probe_holds_no_scopes(self):
        connection, hello = await self.connect_ok(scopes=["operator.read"], client=cli_client(mode="probe"))
        self.assertEqual(hello["auth"]["scopes"], [])
        status = await connection.call("status")
        self.assertEqual(status["error"]["message"], "missing scope: operator.read")
        await connection.close()

    async def test_v3_only_client_negotiates_protocol_3_and_gets_no_auth_block(self):
        connection, hello = await self.connect_ok(min_protocol=3, max_protocol=3)
        self.assertEqual(hello["protocol"], 3)
        self.assertNotIn("auth", hello)
        await connection.close()

    async def test_protocol_mismatch_closes_1002(self):
        for low, high in ((5, 5), (1, 2)):
            connection, response = await self.connect(token=self.token, min_protocol=low, max_protocol=high)
            self.assertFalse(response["ok"])
            self.assertEqual(response["error"]["code"], "INVALID_REQUEST")
            self.assertEqual(response["error"]["message"], "protocol mismatch")
            self.assertEqual(response["error"]["details"]["code"], "PROTOCOL_MISMATCH")
            self.assertEqual(response["error"]["details"]["clientMinProtocol"], low)
            self.assertEqual(await connection.closed(), (1002, "protocol mismatch"))

    async def test_first_request_must_be_connect(self):
        connection = await self.open()
        await connection.send({"type": "req", "id": "h1", "method": "health", "params": {}})
        response = await connection.response("h1")
        self.assertEqual(response["error"]["message"], "invalid handshake: first request must be connect")
        self.assertEqual(await connection.closed(), (1008, "invalid handshake: first request must be connect"))

    async def test_a_frame_that_is_not_a_request_closes_1008(self):
        for text in ("null", "not json", json.dumps({"type": "event", "event": "x"})):
            connection = await self.open()
            await connection.send(text)
            self.assertEqual(await connection.closed(), (1008, "invalid request frame"), text)

    async def test_invalid_connect_params_name_the_field(self):
        connection, response = await self.connect(token=self.token, client=cli_client(client_id="bogus"))
        message = "invalid connect params: at /client/id: must be equal to one of the allowed values"
        self.assertEqual(response["error"]["message"], message)
        self.assertEqual(await connection.closed(), (1008, message))

    async def test_invalid_role(self):
        connection, response = await self.connect(token=self.token, role="admin")
        self.assertEqual(response["error"]["message"], "invalid role")
        self.assertEqual(await connection.closed(), (1008, "invalid role"))

    async def test_preauth_payload_over_64_kib_closes_1009(self):
        connection = await self.open()
        await connection.send("x" * (64 * 1024 + 1))
        self.assertEqual(await connection.closed(), (1009, "preauth payload too large"))

    async def test_handshake_timeout_closes_1000(self):
        connection = await self.open()
        started = time.monotonic()
        code, reason = await connection.closed(timeout=10)
        self.assertEqual((code, reason), (1000, ""))
        self.assertGreater(time.monotonic() - started, 1.0)

    async def test_too_many_unauthenticated_sockets_from_one_ip_get_503(self):
        held = [await self.open() for _ in range(3)]
        with self.assertRaises(websockets.InvalidStatusCode) as raised:
            await websockets.connect(self.url, open_timeout=5)
        self.assertEqual(raised.exception.status_code, 503)
        for connection in held:
            await connection.close()

    async def test_wrong_token_matches_the_upstream_error(self):
        connection, response = await self.connect(token="wrong-token", scopes=["operator.read", "operator.write"])
        error = response["error"]
        self.assertEqual(error["code"], "INVALID_REQUEST")
        self.assertEqual(error["message"],
                         "unauthorized: gateway token mismatch (use this gateway's gateway.auth.token or pair the device)")
        self.assertEqual(error["details"], {"code": "AUTH_TOKEN_MISMATCH", "authReason": "token_mismatch",
                                            "canRetryWithDeviceToken": False,
                                            "recommendedNextStep": "update_auth_credentials"})
        self.assertEqual(await connection.closed(), (1008, error["message"]))
        self.assertNotIn("wrong-token", self.logs_text())
        self.assertNotIn(self.token, self.logs_text())

    async def test_no_credentials_and_no_device_is_device_identity_required(self):
        connection, response = await self.connect()
        self.assertEqual(response["error"]["code"], "NOT_PAIRED")
        self.assertEqual(response["error"]["message"], "device identity required")
        self.assertEqual(response["error"]["details"]["code"], "DEVICE_IDENTITY_REQUIRED")
        self.assertEqual(await connection.closed(), (1008, "device identity required"))

    async def test_device_token_retry_hint_when_a_device_sends_a_wrong_shared_token(self):
        connection, response = await self.connect(token="wrong-token", device=Device())
        details = response["error"]["details"]
        self.assertEqual(details["code"], "AUTH_TOKEN_MISMATCH")
        self.assertTrue(details["canRetryWithDeviceToken"])
        self.assertEqual(details["recommendedNextStep"], "retry_with_device_token")
        await connection.closed()

    async def device_failure(self, mutate):
        device = Device()
        connection = await self.open()
        nonce = connection.challenge["payload"]["nonce"]
        params = self.connect_params(token=self.token, device=device, nonce=nonce)
        mutate(params, device, nonce)
        await connection.send({"type": "req", "id": "c1", "method": "connect", "params": params})
        response = await connection.response("c1")
        code, reason = await connection.closed()
        self.assertEqual(code, 1008)
        self.assertEqual(reason, response["error"]["message"])
        return response["error"]

    async def test_every_device_signature_failure_of_spec_1_5(self):
        other = Device()
        cases = {
            "DEVICE_AUTH_DEVICE_ID_MISMATCH": lambda p, d, n: p["device"].update(id=other.device_id),
            "DEVICE_AUTH_SIGNATURE_EXPIRED": lambda p, d, n: p.update(device=d.proof(
                n, p["client"], "operator", p["scopes"], token=self.token, signed_at=int(time.time() * 1000) - 180_000)),
            "DEVICE_AUTH_NONCE_REQUIRED": lambda p, d, n: p["device"].update(nonce="   "),
            "DEVICE_AUTH_NONCE_MISMATCH": lambda p, d, n: p.update(device=d.proof(
                str(uuid.uuid4()), p["client"], "operator", p["scopes"], token=self.token)),
            "DEVICE_AUTH_SIGNATURE_INVALID": lambda p, d, n: p["device"].update(signature=other.proof(
                n, p["client"], "operator", p["scopes"], token=self.token)["signature"]),
            # A key that is not base64url fails the device-id derivation first, as upstream.
            "DEVICE_AUTH_DEVICE_ID_MISMATCH ": lambda p, d, n: p["device"].update(publicKey="not-a-key!"),
        }
        messages = {
            "DEVICE_AUTH_DEVICE_ID_MISMATCH": "device identity mismatch",
            "DEVICE_AUTH_SIGNATURE_EXPIRED": "device signature expired",
            "DEVICE_AUTH_NONCE_REQUIRED": "device nonce required",
            "DEVICE_AUTH_NONCE_MISMATCH": "device nonce mismatch",
            "DEVICE_AUTH_SIGNATURE_INVALID": "device signature invalid",
            "DEVICE_AUTH_DEVICE_ID_MISMATCH ": "device identity mismatch",
        }
        for code, mutate in cases.items():
            error = await self.device_failure(mutate)
            self.assertEqual(error["details"]["code"], code.strip(), error)
            self.assertEqual(error["message"], messages[code])

    async def test_v2_signature_is_accepted(self):
        device = Device()
        connection = await self.open()
        nonce = connection.challenge["payload"]["nonce"]
        params = self.connect_params(token=self.token, nonce=nonce)
        params["device"] = device.proof(nonce, params["client"], "operator", params["scopes"], token=self.token,
                                        version=2)
        await connection.send({"type": "req", "id": "c1", "method": "connect", "params": params})
        response = await connection.response("c1")
        self.assertTrue(response["ok"], response)
        await connection.close()

    async def test_rpc_errors_after_hello(self):
        connection, _ = await self.connect_ok(device=Device(), scopes=["operator.read"])
        again = await connection.call("connect", self.connect_params(token=self.token))
        self.assertEqual(again["error"]["message"], "connect is only valid as the first request")
        unknown = await connection.call("no.such.method")
        self.assertEqual(unknown["error"]["code"], "FORBIDDEN")  # unclassified methods need admin first
        self.assertEqual(unknown["error"]["message"], "missing scope: operator.admin")
        forbidden = await connection.call("device.pair.list")
        self.assertEqual(forbidden["error"]["details"], {"code": "MISSING_SCOPE", "missingScope": "operator.pairing",
                                                         "requiredScopes": ["operator.pairing"]})
        await connection.send("not json")  # no id to answer: ignored
        await connection.send(json.dumps({"type": "event", "event": "x"}))
        bad = await connection.response("invalid")
        self.assertEqual(bad["error"]["code"], "INVALID_REQUEST")
        health = await connection.call("health")
        self.assertTrue(health["ok"])
        await connection.close()

    async def test_unknown_method_for_an_admin(self):
        connection, _ = await self.connect_ok(device=Device())
        unknown = await connection.call("cron.add", {})
        self.assertEqual(unknown["error"]["message"], "unknown method: cron.add")
        await connection.close()

    async def test_v3_missing_scope_is_invalid_request(self):
        connection, _ = await self.connect_ok(device=Device(), scopes=["operator.read"], min_protocol=3, max_protocol=3)
        forbidden = await connection.call("device.pair.list")
        self.assertEqual(forbidden["error"]["code"], "INVALID_REQUEST")
        self.assertEqual(forbidden["error"]["message"], "missing scope: operator.pairing")
        await connection.close()

    async def test_node_role_cannot_call_operator_methods_and_floods_close(self):
        connection, _ = await self.connect_ok(device=Device(), role="node", scopes=[],
                                              client=cli_client(mode="node", client_id="node-host"))
        for _ in range(11):
            response = await connection.call("status")
            self.assertEqual(response["error"]["message"], "unauthorized role: node")
        self.assertEqual(await connection.closed(), (1008, "repeated unauthorized calls"))

    async def test_sigterm_sends_shutdown_then_1012(self):
        connection, _ = await self.connect_ok(device=Device())
        self.process.terminate()
        shutdown = await connection.event("shutdown")
        self.assertEqual(shutdown["payload"], {"reason": "gateway stopping", "restartExpectedMs": None})
        self.assertEqual(await connection.closed(), (1012, "service restart"))
        self.assertEqual(self.process.wait(timeout=5), 0)


class TickTest(GatewayTestCase):
    env = {"OPENCLAW_TICK_INTERVAL_MS": "300"}

    async def test_tick_events_carry_ts_and_per_client_seq(self):
        connection, hello = await self.connect_ok()
        self.assertEqual(hello["policy"]["tickIntervalMs"], 300)
        first = await connection.event("tick", timeout=3)
        second = await connection.event("tick", timeout=3)
        self.assertEqual(second["seq"], first["seq"] + 1)
        self.assertLess(abs(first["payload"]["ts"] - time.time() * 1000), 5000)
        await connection.close()
