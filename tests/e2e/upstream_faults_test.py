"""Upstream provider faults never hang a client (issue 7): connection refused, a TLS failure
(a certificate from a CA the gateway does not trust), a connection reset mid-stream, a
stream that stalls and an answer whose head never comes. Each ends the client's request with
a clear error within the provider's configured timeout (models.providers.<id>.timeoutSeconds,
1 s here): a WebSocket chat.send gets its `chat` event with state "error", an HTTP
/v1/chat/completions gets an OpenAI error (JSON) or its error chunk and [DONE] (SSE)."""

import asyncio
import http.client
import json
import time
import uuid

from fake_upstream import FakeUpstream, Reset, Slow, Stall
from gateway_harness import GatewayTestCase, free_port

TIMEOUT_SECONDS = 1
# The timeout, plus what a loaded CI machine needs to notice it and answer.
DEADLINE = TIMEOUT_SECONDS + 4

# fault name -> (agent / provider/model, how the fake upstream misbehaves, HTTP status)
FAULTS = {
    "refused": ("refused/m", None, 502),
    "tls": ("badtls/m", None, 502),
    "reset": ("fake/reset", lambda: Reset(after_chunks=1), 502),
    "reset-before-head": ("fake/reset0", lambda: Reset(after_chunks=0), 502),
    "stall": ("fake/stall", lambda: Stall(after_chunks=1, seconds=30), 504),
    "no-head": ("fake/nohead", lambda: Slow(delay=30), 504),
}


class UpstreamFaultsTest(GatewayTestCase):
    def setUp(self):
        self.fake = FakeUpstream()
        self.fake.start()
        self.addCleanup(self.fake.stop)
        # A TLS upstream whose CA the gateway was never given: verification must fail.
        self.untrusted = FakeUpstream(tls=True)
        self.untrusted.start()
        self.addCleanup(self.untrusted.stop)
        closed_port = free_port()  # nothing listens there
        common = {"api": "openai-completions", "timeoutSeconds": TIMEOUT_SECONDS}
        self.extra_config = {
            "gateway": {"http": {"endpoints": {"chatCompletions": {"enabled": True}}}},
            "models": {"providers": {
                "refused": dict(common, baseUrl="http://127.0.0.1:%d/v1" % closed_port, models=[{"id": "m"}]),
                "badtls": dict(common, baseUrl=self.untrusted.base_url, models=[{"id": "m"}]),
                "fake": dict(common, baseUrl=self.fake.base_url,
                             models=[{"id": name} for name in ("reset", "reset0", "stall", "nohead")]),
            }},
            "agents": {"defaults": {"model": {"primary": "fake/reset", "fallbacks": []}},
                       "list": [{"id": "main", "default": True}] +
                               [{"id": name.replace("-", ""), "model": {"primary": ref, "fallbacks": []}}
                                for name, (ref, _, _) in FAULTS.items()]},
        }
        super().setUp()

    def script(self, name):
        ref, behaviour, _ = FAULTS[name]
        if behaviour:
            self.fake.script(ref.split("/", 1)[1], behaviour())

    # ------------------------------------------------------------------ WebSocket

    async def chat_until_end(self, connection, name):
        run_id = str(uuid.uuid4())
        started = time.monotonic()
        ack = await connection.call("chat.send", {"sessionKey": "agent:%s:main" % name.replace("-", ""),
                                                  "message": "hello " + name, "idempotencyKey": run_id})
        self.assertTrue(ack["ok"], ack)
        while True:
            frame = await connection.recv(DEADLINE + 5)
            payload = frame.get("payload") or {}
            if frame.get("event") == "chat" and payload.get("runId") == run_id and \
                    payload.get("state") in ("final", "error", "aborted"):
                return payload, time.monotonic() - started

    async def test_chat_send_ends_with_an_error_event_for_each_fault(self):
        connection, _ = await self.connect_ok()
        for name in FAULTS:
            with self.subTest(fault=name):
                self.script(name)
                payload, elapsed = await self.chat_until_end(connection, name)
                self.assertEqual(payload["state"], "error", payload)
                self.assertTrue(payload.get("errorMessage"), payload)
                self.assertLess(elapsed, DEADLINE, "%s took %.1f s" % (name, elapsed))
                print("ws %-18s %.2f s  %s" % (name, elapsed, payload["errorMessage"][:160]))
        # The gateway still answers a healthy run afterwards.
        self.assertEqual((await connection.call("health"))["ok"], True)
        await connection.close()

    # ------------------------------------------------------------------ HTTP

    def post_chat(self, name, stream):
        ref = FAULTS[name][0]
        body = {"model": "openclaw", "messages": [{"role": "user", "content": "hello " + name}], "stream": stream}
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=DEADLINE + 10)
        started = time.monotonic()
        connection.request("POST", "/v1/chat/completions", body=json.dumps(body).encode(),
                           headers={"Authorization": "Bearer " + self.token, "Content-Type": "application/json",
                                    "x-openclaw-model": ref})
        response = connection.getresponse()
        raw = response.read()
        elapsed = time.monotonic() - started
        connection.close()
        return response.status, response.getheader("Content-Type", ""), raw, elapsed

    def test_http_json_answers_an_openai_error_for_each_fault(self):
        for name, (_, _, status) in FAULTS.items():
            with self.subTest(fault=name):
                self.script(name)
                code, content_type, raw, elapsed = self.post_chat(name, stream=False)
                self.assertEqual(code, status, raw)
                self.assertTrue(content_type.startswith("application/json"), content_type)
                error = json.loads(raw)["error"]
                self.assertTrue(error["message"], error)
                self.assertTrue(error["type"], error)
                self.assertLess(elapsed, DEADLINE, "%s took %.1f s" % (name, elapsed))
                print("json %-18s %d %.2f s  %s" % (name, code, elapsed, error["message"][:160]))

    def test_http_sse_ends_with_an_error_chunk_and_done_for_each_fault(self):
        for name in FAULTS:
            with self.subTest(fault=name):
                self.script(name)
                code, content_type, raw, elapsed = self.post_chat(name, stream=True)
                self.assertLess(elapsed, DEADLINE, "%s took %.1f s" % (name, elapsed))
                if content_type.startswith("application/json"):
                    # Failed before the stream started: a plain OpenAI error answer.
                    self.assertGreaterEqual(code, 500, raw)
                    self.assertTrue(json.loads(raw)["error"]["message"])
                    print("sse  %-18s %d %.2f s (before the stream) %s" % (name, code, elapsed, raw[:160]))
                    continue
                self.assertEqual(code, 200, raw)
                data = [line[len("data: "):] for line in raw.decode().split("\n") if line.startswith("data: ")]
                self.assertEqual(data[-1], "[DONE]", raw)
                text = "".join((json.loads(d)["choices"] or [{}])[0].get("delta", {}).get("content") or ""
                               for d in data[:-1])
                self.assertIn("Error: ", text, raw)
                print("sse  %-18s %d %.2f s  %s" % (name, code, elapsed, text[-160:]))


if __name__ == "__main__":
    import unittest
    unittest.main()
