"""Chat, agent and sessions over the WebSocket (spec §2.3, §1.1, §1.13) against a real gateway
whose model provider is the fake upstream: streaming `chat` deltas then the final (v3 and v4
with deltaText), idempotent chat.send, chat.history, abort mid-stream (the upstream request is
closed), the agent RPC's two answers and agent.wait, the sessions methods, transcripts that
survive a restart, a missing credential, and fallback with cooldown and its metric."""

import asyncio
import json
import urllib.request
import uuid

from fake_upstream import FakeUpstream, Slow, Stall, Status
from gateway_harness import Device, GatewayTestCase, free_port

PROVIDER_KEY = "sk-fake-provider-key-0123456789"
TERMINAL = ("final", "aborted", "error")


class RunWatcher:
    """Reads one socket's frames and sorts the `chat` and `agent` events of runs by runId."""

    def __init__(self, connection):
        self.connection = connection
        self.seen = 0

    def _new_frames(self):
        frames = self.connection.frames[self.seen:]
        self.seen = len(self.connection.frames)
        return frames

    async def run(self, run_id, timeout=15):
        """(chat payloads, agent payloads) of `run_id` up to its terminal chat event."""
        chat, agent = [], []
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        self.seen = 0
        while True:
            for frame in self._new_frames():
                if frame.get("type") != "event":
                    continue
                payload = frame.get("payload") or {}
                if payload.get("runId") != run_id:
                    continue
                if frame["event"] == "chat":
                    chat.append(payload)
                elif frame["event"] == "agent":
                    agent.append(payload)
            if chat and chat[-1]["state"] in TERMINAL:
                return chat, agent
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError("run %s did not finish: %r" % (run_id, chat))
            await self.connection.recv(remaining)

    async def first_delta(self, run_id, timeout=10):
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        index = 0
        while True:
            for frame in self.connection.frames[index:]:
                payload = frame.get("payload") or {}
                if frame.get("event") == "chat" and payload.get("runId") == run_id and payload["state"] == "delta":
                    return payload
            index = len(self.connection.frames)
            await self.connection.recv(max(0.1, deadline - loop.time()))


def text_of(message):
    return "".join(block.get("text", "") for block in message["content"])


class ChatRpcTest(GatewayTestCase):
    def setUp(self):
        self.fake = FakeUpstream()
        self.fake.start()
        self.addCleanup(self.fake.stop)
        self.metrics_port = free_port()
        provider_key = {"source": "env", "provider": "default", "id": "FAKE_PROVIDER_KEY"}
        self.extra_config = {
            "gateway": {"metrics": {"enabled": True, "port": self.metrics_port}},
            "models": {"providers": {
                "fakea": {"baseUrl": self.fake.base_url, "api": "openai-completions", "apiKey": provider_key,
                          "models": [{"id": "model-a", "name": "Model A", "contextWindow": 64000}]},
                "fakeb": {"baseUrl": self.fake.base_url, "api": "openai-completions", "apiKey": provider_key,
                          "models": [{"id": "model-b", "name": "Model B"}]},
            }},
            "agents": {
                "defaults": {"model": {"primary": "fakea/model-a", "fallbacks": ["fakeb/model-b"]}},
                "list": [{"id": "main", "default": True},
                         {"id": "keyless",
                          "model": {"primary": "anthropic/claude-sonnet-4-5", "fallbacks": []}}],
            },
        }
        self.env = {"FAKE_PROVIDER_KEY": PROVIDER_KEY}
        super().setUp()

    async def operator(self, **kwargs):
        connection, hello = await self.connect_ok(device=Device(), **kwargs)
        return connection, RunWatcher(connection), hello

    async def send_chat(self, connection, message, session_key="main", key=None):
        key = key or str(uuid.uuid4())
        ack = await connection.call("chat.send", {"sessionKey": session_key, "message": message,
                                                  "idempotencyKey": key})
        return key, ack

    def assert_no_secret(self, *texts):
        for text in texts:
            self.assertNotIn(PROVIDER_KEY, text)

    # ------------------------------------------------------------------ tests

    async def test_advertises_the_methods_and_events(self):
        _, _, hello = await self.operator()
        methods = hello["features"]["methods"]
        for method in ("chat.send", "chat.history", "chat.abort", "agent", "agent.wait", "sessions.list",
                       "sessions.preview", "sessions.reset", "sessions.delete", "models.list"):
            self.assertIn(method, methods)
        self.assertIn("chat", hello["features"]["events"])
        self.assertIn("agent", hello["features"]["events"])

    async def test_chat_send_streams_deltas_then_final_on_v3_and_v4(self):
        v4, v4_watch, hello4 = await self.operator()
        v3, v3_watch, hello3 = await self.operator(max_protocol=3)
        self.assertEqual((hello4["protocol"], hello3["protocol"]), (4, 3))
        self.fake.script("model-a", Slow(text="alpha beta gamma delta epsilon", chunks=5, delay=0.2))

        key, ack = await self.send_chat(v4, "tell me")
        self.assertTrue(ack["ok"], ack)
        self.assertEqual(ack["payload"], {"runId": key, "status": "started"})

        chat4, agent4 = await v4_watch.run(key)
        chat3, _ = await v3_watch.run(key)
        final = chat4[-1]
        self.assertEqual(final["state"], "final")
        self.assertEqual(final["sessionKey"], "main")
        self.assertEqual(final["message"]["role"], "assistant")
        self.assertEqual(text_of(final["message"]), "alpha beta gamma delta epsilon")

        deltas4 = [event for event in chat4 if event["state"] == "delta"]
        self.assertGreaterEqual(len(deltas4), 2, chat4)
        self.assertEqual("".join(event["deltaText"] for event in deltas4), "alpha beta gamma delta epsilon")
        texts = [text_of(event["message"]) for event in deltas4]
        self.assertEqual(texts, sorted(texts, key=len), "message stays cumulative")
        deltas3 = [event for event in chat3 if event["state"] == "delta"]
        self.assertTrue(deltas3)
        self.assertTrue(all("deltaText" not in event for event in deltas3))
        self.assertEqual(text_of(chat3[-1]["message"]), "alpha beta gamma delta epsilon")

        # agent events: lifecycle start first, end last, seq counting the run's events.
        self.assertEqual(agent4[0]["stream"], "lifecycle")
        self.assertEqual(agent4[0]["data"]["phase"], "start")
        self.assertEqual(agent4[-1]["data"]["phase"], "end")
        self.assertEqual([event["seq"] for event in agent4], list(range(1, len(agent4) + 1)))
        self.assertTrue(any(event["stream"] == "assistant" for event in agent4))
        self.assertEqual(final["seq"], agent4[-1]["seq"])

        # What went upstream: a streamed OpenAI request with the key from the SecretRef.
        request = self.fake.requests_for("model-a")[0]
        self.assertEqual(request.path, "/v1/chat/completions")
        self.assertTrue(request.body.get("stream"))
        self.assertEqual(request.headers.get("authorization"), "Bearer " + PROVIDER_KEY)
        self.assertEqual(request.body["messages"][-1], {"role": "user", "content": "tell me"})
        self.assert_no_secret(json.dumps(v4.frames), json.dumps(v3.frames), self.logs_text())
        await v4.close()
        await v3.close()

    async def test_chat_send_is_idempotent(self):
        connection, watch, _ = await self.operator()
        self.fake.script("model-a", Slow(text="only once", chunks=3, delay=0.2))
        key, ack = await self.send_chat(connection, "once please")
        self.assertEqual(ack["payload"]["status"], "started")
        _, again = await self.send_chat(connection, "once please", key=key)
        self.assertEqual(again["payload"], {"runId": key, "status": "in_flight"})
        chat, _ = await watch.run(key)
        self.assertEqual(text_of(chat[-1]["message"]), "only once")
        _, after = await self.send_chat(connection, "once please", key=key)
        self.assertEqual(after["payload"], {"runId": key, "status": "ok"})
        self.assertEqual(len(self.fake.requests_for("model-a")), 1)

        history = await connection.call("chat.history", {"sessionKey": "main"})
        self.assertEqual([m["role"] for m in history["payload"]["messages"]], ["user", "assistant"])

        bad = await connection.call("chat.send", {"sessionKey": "main", "message": "x", "idempotencyKey": "k",
                                                  "bogus": 1})
        self.assertEqual(bad["error"]["code"], "INVALID_REQUEST")
        self.assertEqual(bad["error"]["message"], "invalid chat.send params: at root: unexpected property 'bogus'")
        await connection.close()

    async def test_chat_history_after_send(self):
        connection, watch, _ = await self.operator()
        key, _ = await self.send_chat(connection, "hello there")
        chat, _ = await watch.run(key)
        self.assertEqual(text_of(chat[-1]["message"]), "echo: hello there")

        history = await connection.call("chat.history", {"sessionKey": "main"})
        payload = history["payload"]
        self.assertEqual(payload["sessionKey"], "main")
        self.assertEqual(payload["thinkingLevel"], "off")
        messages = payload["messages"]
        self.assertEqual([(m["role"], text_of(m)) for m in messages],
                         [("user", "hello there"), ("assistant", "echo: hello there")])
        self.assertNotIn("usage", messages[1])
        listing = await connection.call("sessions.list", {})
        main_row = [row for row in listing["payload"]["sessions"] if row["key"] == "agent:main:main"][0]
        self.assertEqual(payload["sessionId"], main_row["sessionId"])

        last = await connection.call("chat.history", {"sessionKey": "agent:main:main", "limit": 1})
        self.assertEqual([m["role"] for m in last["payload"]["messages"]], ["assistant"])
        cut = await connection.call("chat.history", {"sessionKey": "main", "maxChars": 5})
        self.assertEqual(text_of(cut["payload"]["messages"][0]), "hello\n...(truncated)...")
        too_many = await connection.call("chat.history", {"sessionKey": "main", "limit": 1001})
        self.assertEqual(too_many["error"]["message"], "invalid chat.history params: at /limit: must be <= 1000")
        await connection.close()

    async def test_chat_abort_mid_stream_closes_the_upstream_request(self):
        connection, watch, _ = await self.operator()
        self.fake.script("model-a", Stall(after_chunks=1, seconds=30))
        key, _ = await self.send_chat(connection, "stall please")
        delta = await watch.first_delta(key)
        self.assertEqual(text_of(delta["message"]), "partial answer before the stall")

        aborted = await connection.call("chat.abort", {"sessionKey": "main"})
        self.assertEqual(aborted["payload"], {"ok": True, "aborted": True, "runIds": [key]})
        chat, agent = await watch.run(key)
        self.assertEqual(chat[-1]["state"], "aborted")
        self.assertEqual(text_of(chat[-1]["message"]), "partial answer before the stall")
        self.assertEqual(agent[-1]["data"].get("aborted"), True)
        self.assertTrue(self.fake.wait_for(lambda: self.fake.disconnects >= 1, 5), "upstream saw no disconnect")

        waited = await connection.call("agent.wait", {"runId": key, "timeoutMs": 1000})
        self.assertEqual(waited["payload"]["status"], "aborted")
        nothing = await connection.call("chat.abort", {"sessionKey": "main", "runId": key})
        self.assertEqual(nothing["payload"], {"ok": True, "aborted": False, "runIds": []})
        await connection.close()

    async def test_agent_answers_twice_and_agent_wait(self):
        connection, watch, _ = await self.operator()
        key = str(uuid.uuid4())
        await connection.send({"type": "req", "id": "agent-1", "method": "agent",
                               "params": {"message": "ping", "idempotencyKey": key}})
        first = await connection.response("agent-1", timeout=10)
        self.assertTrue(first["ok"], first)
        self.assertEqual(first["payload"]["runId"], key)
        self.assertEqual(first["payload"]["status"], "accepted")
        self.assertIsInstance(first["payload"]["acceptedAt"], int)
        second = await connection.response("agent-1", timeout=15)
        self.assertTrue(second["ok"], second)
        self.assertEqual(second["payload"]["status"], "ok")
        self.assertEqual(second["payload"]["summary"], "completed")
        result = second["payload"]["result"]
        self.assertEqual(result["payloads"], [{"text": "echo: ping"}])
        self.assertEqual(result["meta"]["agentMeta"]["provider"], "fakea")
        self.assertEqual(result["meta"]["agentMeta"]["model"], "model-a")
        self.assertEqual(result["meta"]["agentMeta"]["usage"]["total"], 18)

        chat, agent = await watch.run(key)
        self.assertEqual(chat[-1]["state"], "final")
        self.assertEqual(chat[-1]["sessionKey"], "agent:main:main")
        self.assertEqual(agent[-1]["data"]["phase"], "end")

        waited = await connection.call("agent.wait", {"runId": key})
        self.assertEqual(waited["payload"]["runId"], key)
        self.assertEqual(waited["payload"]["status"], "ok")
        self.assertLessEqual(waited["payload"]["startedAt"], waited["payload"]["endedAt"])
        unknown = await connection.call("agent.wait", {"runId": "no-such-run", "timeoutMs": 100})
        self.assertEqual(unknown["payload"], {"runId": "no-such-run", "status": "timeout"})

        # A model override needs operator.admin; a write-only caller is refused.
        writer, _, _ = await self.operator(scopes=["operator.write"])
        refused = await writer.call("agent", {"message": "x", "idempotencyKey": "k2", "provider": "fakeb",
                                              "model": "model-b"})
        self.assertEqual(refused["error"]["message"], "provider/model overrides are not authorized for this caller.")
        overridden_key = str(uuid.uuid4())
        await connection.send({"type": "req", "id": "agent-2", "method": "agent",
                               "params": {"message": "via b", "idempotencyKey": overridden_key,
                                          "provider": "fakeb", "model": "model-b"}})
        await connection.response("agent-2")
        final = await connection.response("agent-2", timeout=15)
        self.assertEqual(final["payload"]["result"]["meta"]["agentMeta"]["model"], "model-b")
        self.assertEqual(len(self.fake.requests_for("model-b")), 1)
        await writer.close()
        await connection.close()

    async def test_sessions_list_preview_reset_delete(self):
        connection, watch, _ = await self.operator()
        for session_key, message in (("main", "in main"), ("agent:main:work", "in work")):
            key, _ = await self.send_chat(connection, message, session_key=session_key)
            await watch.run(key)

        listing = (await connection.call("sessions.list", {}))["payload"]
        self.assertEqual(listing["path"], "(multiple)")
        self.assertEqual(listing["defaults"], {"modelProvider": "fakea", "model": "model-a", "contextTokens": 64000})
        rows = {row["key"]: row for row in listing["sessions"]}
        self.assertEqual(set(rows), {"agent:main:main", "agent:main:work"})
        self.assertEqual(listing["count"], 2)
        work = rows["agent:main:work"]
        self.assertEqual(work["kind"], "direct")
        self.assertEqual((work["modelProvider"], work["model"]), ("fakea", "model-a"))
        self.assertEqual((work["inputTokens"], work["outputTokens"], work["totalTokens"]), (11, 7, 18))
        self.assertEqual(listing["sessions"][0]["key"], "agent:main:work", "most recent first")
        titled = (await connection.call("sessions.list", {"includeDerivedTitles": True, "includeLastMessage": True,
                                                          "search": "work"}))["payload"]
        self.assertEqual([row["key"] for row in titled["sessions"]], ["agent:main:work"])
        self.assertEqual(titled["sessions"][0]["derivedTitle"], "in work")
        self.assertEqual(titled["sessions"][0]["lastMessagePreview"], "echo: in work")

        preview = (await connection.call("sessions.preview", {"keys": ["agent:main:work", "agent:main:nothing"]}))
        previews = {entry["key"]: entry for entry in preview["payload"]["previews"]}
        self.assertEqual(previews["agent:main:work"]["status"], "ok")
        self.assertEqual(previews["agent:main:work"]["items"],
                         [{"role": "user", "text": "in work"}, {"role": "assistant", "text": "echo: in work"}])
        self.assertEqual(previews["agent:main:nothing"], {"key": "agent:main:nothing", "status": "missing",
                                                           "items": []})

        reset = (await connection.call("sessions.reset", {"key": "agent:main:work"}))["payload"]
        self.assertTrue(reset["ok"])
        self.assertEqual(reset["key"], "agent:main:work")
        self.assertNotEqual(reset["entry"]["sessionId"], work["sessionId"])
        emptied = await connection.call("chat.history", {"sessionKey": "agent:main:work"})
        self.assertEqual(emptied["payload"]["messages"], [])

        deleted = (await connection.call("sessions.delete", {"key": "agent:main:work"}))["payload"]
        self.assertEqual((deleted["ok"], deleted["key"], deleted["deleted"]), (True, "agent:main:work", True))
        listing = (await connection.call("sessions.list", {}))["payload"]
        self.assertEqual([row["key"] for row in listing["sessions"]], ["agent:main:main"])
        again = (await connection.call("sessions.delete", {"key": "agent:main:work"}))["payload"]
        self.assertFalse(again["deleted"])
        main = await connection.call("sessions.delete", {"key": "main"})
        self.assertEqual(main["error"], {"code": "INVALID_REQUEST",
                                         "message": "Cannot delete the main session (agent:main:main)."})

        reader, _, _ = await self.operator(scopes=["operator.read"])
        self.assertTrue((await reader.call("sessions.list", {}))["ok"])
        denied = await reader.call("sessions.reset", {"key": "main"})
        self.assertIn("missing scope: operator.admin", denied["error"]["message"])
        denied = await reader.call("chat.send", {"sessionKey": "main", "message": "x", "idempotencyKey": "r"})
        self.assertIn("missing scope: operator.write", denied["error"]["message"])
        await reader.close()
        await connection.close()

    async def test_reset_and_delete_during_a_run(self):
        connection, watch, _ = await self.operator()
        self.fake.script("model-a", Stall(after_chunks=1, seconds=30), Stall(after_chunks=1, seconds=30))
        key, _ = await self.send_chat(connection, "long one", session_key="agent:main:work")
        await watch.first_delta(key)
        reset = await connection.call("sessions.reset", {"key": "agent:main:work"}, timeout=20)
        self.assertTrue(reset["ok"], reset)
        chat, _ = await watch.run(key)
        self.assertEqual(chat[-1]["state"], "aborted")
        # The aborted answer went to the old transcript, not into the fresh session.
        history = (await connection.call("chat.history", {"sessionKey": "agent:main:work"}))["payload"]
        self.assertEqual(history["messages"], [])
        self.assertEqual(history["sessionId"], reset["payload"]["entry"]["sessionId"])

        key, _ = await self.send_chat(connection, "another", session_key="agent:main:work")
        await watch.first_delta(key)
        deleted = await connection.call("sessions.delete", {"key": "agent:main:work"}, timeout=20)
        self.assertTrue(deleted["payload"]["deleted"], deleted)
        chat, _ = await watch.run(key)
        self.assertEqual(chat[-1]["state"], "aborted")
        listing = (await connection.call("sessions.list", {}))["payload"]
        self.assertNotIn("agent:main:work", [row["key"] for row in listing["sessions"]])
        await connection.close()

    async def test_transcript_survives_a_restart(self):
        connection, watch, _ = await self.operator()
        key, _ = await self.send_chat(connection, "remember me")
        await watch.run(key)
        before = (await connection.call("chat.history", {"sessionKey": "main"}))["payload"]
        await connection.close()
        await asyncio.to_thread(self.stop_gateway)
        await asyncio.to_thread(self.start_gateway)

        connection, _, _ = await self.operator()
        after = (await connection.call("chat.history", {"sessionKey": "main"}))["payload"]
        self.assertEqual(after["sessionId"], before["sessionId"])
        self.assertEqual([(m["role"], text_of(m)) for m in after["messages"]],
                         [("user", "remember me"), ("assistant", "echo: remember me")])
        await connection.close()

    async def test_missing_credential_names_the_provider(self):
        connection, watch, _ = await self.operator()
        key, ack = await self.send_chat(connection, "hi", session_key="agent:keyless:main")
        self.assertEqual(ack["payload"]["status"], "started")
        chat, agent = await watch.run(key)
        error = chat[-1]
        self.assertEqual(error["state"], "error")
        self.assertIn('No API key found for provider "anthropic"', error["errorMessage"])
        self.assertEqual(agent[-1]["data"]["phase"], "error")
        self.assertEqual(self.fake.requests, [])
        waited = await connection.call("agent.wait", {"runId": key})
        self.assertEqual(waited["payload"]["status"], "error")
        self.assert_no_secret(json.dumps(connection.frames), self.logs_text())
        await connection.close()

    async def test_fallback_then_cooldown_and_the_failover_metric(self):
        connection, watch, _ = await self.operator()
        self.fake.script("model-a", Status(429, retry_after="30"))
        key, _ = await self.send_chat(connection, "first")
        chat, _ = await watch.run(key)
        self.assertEqual(chat[-1]["state"], "final", chat[-1])
        self.assertEqual(text_of(chat[-1]["message"]), "echo: first")
        self.assertEqual([r.model for r in self.fake.requests], ["model-a", "model-b"])

        # The primary is cooling down: the next request goes straight to the fallback.
        key, _ = await self.send_chat(connection, "second")
        chat, _ = await watch.run(key)
        self.assertEqual(text_of(chat[-1]["message"]), "echo: second")
        self.assertEqual(len(self.fake.requests_for("model-a")), 1)
        self.assertEqual(len(self.fake.requests_for("model-b")), 2)

        with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % self.metrics_port, timeout=5) as response:
            metrics = response.read().decode()
        failovers = [line for line in metrics.splitlines() if line.startswith("openclaw_model_failover_total{")]
        self.assertTrue(any("model-a" in line and "model-b" in line and "rate_limit" in line
                            and float(line.rsplit(" ", 1)[1]) >= 1 for line in failovers), failovers)
        self.assert_no_secret(metrics)
        await connection.close()

    async def test_models_list_from_configuration(self):
        connection, _, _ = await self.operator()
        models = (await connection.call("models.list", {}))["payload"]["models"]
        refs = {"%s/%s" % (m["provider"], m["id"]): m for m in models}
        self.assertEqual(set(refs), {"fakea/model-a", "fakeb/model-b", "anthropic/claude-sonnet-4-5"})
        self.assertEqual(refs["fakea/model-a"]["name"], "Model A")
        self.assertEqual(refs["fakea/model-a"]["contextWindow"], 64000)
        await connection.close()
