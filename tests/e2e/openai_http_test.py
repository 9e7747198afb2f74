"""The OpenAI-compatible HTTP surface on the gateway port (spec §6) against a real gateway whose
model provider is the fake upstream: /v1/models, /v1/chat/completions (JSON and SSE, with
stream_options.include_usage), /v1/responses (JSON and the SSE event sequence), /v1/embeddings,
Bearer auth, body limits, error mapping, session keys, client disconnects that cancel the
upstream call, `curl`, and the official `openai` npm client."""

import base64
import http.client
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import time

from fake_upstream import FakeUpstream, Reply, Slow, Stall, Status
from gateway_harness import GatewayTestCase
from harness import BIN_DIR

PROVIDER_KEY = "sk-fake-provider-key-openai-http-0123"
SECRET_PROMPT = "please keep this prompt text out of the logs"
CHUNK_ID = re.compile(r"^chatcmpl_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
RESPONSE_ID = re.compile(r"^resp_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
RESPONSE_EVENTS_HEAD = ["response.created", "response.in_progress", "response.output_item.added",
                        "response.content_part.added"]
RESPONSE_EVENTS_TAIL = ["response.output_text.done", "response.content_part.done", "response.output_item.done",
                        "response.completed"]


def data_lines(raw):
    """The `data:` payloads of an SSE body, in order."""
    return [line[len("data: "):] for line in raw.decode().split("\n") if line.startswith("data: ")]


def sse_events(raw):
    """[(event, data)] of an SSE body with `event:` lines."""
    events = []
    for block in raw.decode().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.split("\n") if ": " in line)
        if "data" in fields:
            events.append((fields.get("event"), fields["data"]))
    return events


class OpenAiHttpCase(GatewayTestCase):
    """A gateway with both OpenAI endpoints enabled, agents main (default) and ops, and the
    fake upstream as provider `fake` (chat model `small`, embeddings model `embed-1`)."""

    endpoints = {"chatCompletions": {"enabled": True}, "responses": {"enabled": True, "maxBodyBytes": 65536}}
    memory_search = {"provider": "fake", "model": "embed-1"}

    def setUp(self):
        self.fake = FakeUpstream()
        self.fake.start()
        self.addCleanup(self.fake.stop)
        provider_key = {"source": "env", "provider": "default", "id": "FAKE_PROVIDER_KEY"}
        self.extra_config = {
            "gateway": {"http": {"endpoints": self.endpoints}},
            "models": {"providers": {"fake": {
                "baseUrl": self.fake.base_url, "api": "openai-completions", "apiKey": provider_key,
                "models": [{"id": "small", "name": "Small"}, {"id": "big", "name": "Big"},
                           {"id": "embed-1", "name": "Embeddings"}]}}},
            "agents": {
                "defaults": {"model": "fake/small", "memorySearch": self.memory_search},
                "list": [{"id": "main", "default": True}, {"id": "ops"}],
            },
        }
        self.env = {"FAKE_PROVIDER_KEY": PROVIDER_KEY}
        super().setUp()

    # ------------------------------------------------------------------ helpers

    def connection(self, timeout=15):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def auth(self, headers=None):
        merged = {"Authorization": "Bearer " + self.token}
        merged.update(headers or {})
        return merged

    def call(self, method, path, body=None, headers=None, connection=None):
        """(status, lowercased headers, raw body) of one request."""
        own = connection is None
        connection = connection or self.connection()
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        send_headers = dict(headers or {})
        if data is not None:
            send_headers.setdefault("Content-Type", "application/json")
        connection.request(method, path, body=data, headers=send_headers)
        response = connection.getresponse()
        raw = response.read()
        result = response.status, {k.lower(): v for k, v in response.getheaders()}, raw
        if own:
            connection.close()
        return result

    def post(self, path, body, headers=None, connection=None):
        return self.call("POST", path, body, self.auth(headers), connection)

    def chat(self, messages, **fields):
        return self.post("/v1/chat/completions", dict({"model": "openclaw", "messages": messages}, **fields))

    def assert_openai_error(self, result, status, message, kind="invalid_request_error"):
        self.assertEqual(result[0], status, result)
        self.assertTrue(result[1]["content-type"].startswith("application/json"), result[1])
        self.assertEqual(json.loads(result[2]), {"error": {"message": message, "type": kind}})


class OpenAiModelsTest(OpenAiHttpCase):
    def test_models_list_one_and_errors(self):
        status, headers, body = self.call("GET", "/v1/models", headers=self.auth())
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "application/json; charset=utf-8")
        self.assertEqual(headers["x-content-type-options"], "nosniff")
        self.assertNotIn("cache-control", headers)
        expected = [{"id": model_id, "object": "model", "created": 0, "owned_by": "openclaw", "permission": []}
                    for model_id in ("openclaw", "openclaw/default", "openclaw/main", "openclaw/ops")]
        self.assertEqual(body.decode(), json.dumps({"object": "list", "data": expected}, separators=(",", ":")),
                         "upstream's bytes, key order included")

        status, _, body = self.call("GET", "/v1/models/openclaw%2Fops", headers=self.auth())
        self.assertEqual((status, json.loads(body)), (200, expected[3]))
        status, _, body = self.call("GET", "/v1/models/openclaw", headers=self.auth())
        self.assertEqual((status, json.loads(body)), (200, expected[0]))

        self.assert_openai_error(self.call("GET", "/v1/models/openclaw%2Fghost", headers=self.auth()), 404,
                                 "Model 'openclaw/ghost' not found.")
        self.assert_openai_error(self.call("GET", "/v1/models/gpt-4o", headers=self.auth()), 400, "Invalid model id.")
        self.assert_openai_error(self.call("GET", "/v1/models/%E0%A4%A", headers=self.auth()), 400,
                                 "Invalid model id encoding.")

        status, headers, body = self.call("POST", "/v1/models", body={}, headers=self.auth())
        self.assertEqual((status, headers["allow"], body), (405, "GET", b"Method Not Allowed"))

    def test_bearer_auth(self):
        unauthorized = {"error": {"message": "Unauthorized", "type": "unauthorized"}}
        for headers in ({}, {"Authorization": "Bearer wrong-token"}):
            status, _, body = self.call("GET", "/v1/models", headers=headers)
            self.assertEqual((status, json.loads(body)), (401, unauthorized))
        status, _, body = self.call("POST", "/v1/chat/completions", body={"model": "openclaw", "messages": []},
                                    headers={"Authorization": "Bearer wrong-token"})
        self.assertEqual((status, json.loads(body)), (401, unauthorized))
        self.assertEqual(self.fake.requests, [], "nothing reached the provider")


class OpenAiChatCompletionsTest(OpenAiHttpCase):
    def test_non_streaming_completion(self):
        status, headers, body = self.chat([{"role": "system", "content": "Be brief."},
                                           {"role": "user", "content": [{"type": "text", "text": SECRET_PROMPT}]}],
                                          model="openclaw/main")
        self.assertEqual(status, 200, body)
        self.assertEqual(headers["content-type"], "application/json; charset=utf-8")
        answer = json.loads(body)
        self.assertRegex(answer["id"], CHUNK_ID)
        self.assertEqual(answer["object"], "chat.completion")
        self.assertAlmostEqual(answer["created"], time.time(), delta=30)
        self.assertEqual(answer["model"], "openclaw/main", "the request's model is echoed")
        self.assertEqual(answer["choices"], [{"index": 0, "message": {"role": "assistant",
                                                                      "content": "echo: " + SECRET_PROMPT},
                                              "finish_reason": "stop"}])
        self.assertEqual(answer["usage"], {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18})
        upstream = self.fake.requests_for("small")[0]
        self.assertEqual(upstream.headers["authorization"], "Bearer " + PROVIDER_KEY)
        self.assertEqual(upstream.body["messages"][-1], {"role": "user", "content": SECRET_PROMPT})
        self.assertIn("Be brief.", json.dumps(upstream.body["messages"][0]), "system message reaches the model")
        logs = self.logs_text()
        self.assertNotIn(SECRET_PROMPT, logs, "no request or response body in the logs")
        self.assertNotIn(PROVIDER_KEY, logs)

    def test_keep_alive_history_and_agent_headers(self):
        connection = self.connection()
        first = self.post("/v1/chat/completions", {"model": "openclaw", "messages": [
            {"role": "user", "content": "one"}, {"role": "assistant", "content": "uno"},
            {"role": "user", "content": "two"}]}, connection=connection)
        self.assertEqual(first[0], 200, first)
        # `user` makes it a stored session, so the ops agent's transcript shows who ran it.
        lone = {"model": "openclaw", "user": "ops-tester", "messages": [{"role": "user", "content": "x"}]}
        second = self.post("/v1/chat/completions", lone,
                           headers={"x-openclaw-agent-id": "ops", "x-openclaw-model": "fake/big"},
                           connection=connection)
        self.assertEqual(second[0], 200, "the same connection serves a second request")
        connection.close()
        sent = self.fake.requests_for("small")[0].body["messages"]
        self.assertEqual([(m["role"], m["content"]) for m in sent if m["role"] != "system"],
                         [("user", "one"), ("assistant", "uno"), ("user", "two")])
        self.assertEqual(len(self.fake.requests_for("big")), 1, "x-openclaw-model picked the backend model")
        sessions = os.path.join(self.state, "agents", "ops", "sessions")
        with open(os.path.join(sessions, "sessions.json")) as index:
            self.assertIn("agent:ops:openai-user:ops-tester", json.load(index),
                          "x-openclaw-agent-id ran the ops agent")
        main_index = os.path.join(self.state, "agents", "main", "sessions", "sessions.json")
        stored = json.load(open(main_index)) if os.path.exists(main_index) else {}
        self.assertFalse([key for key in stored if ":openai:" in key],
                         "a stateless request (no user, no session header) writes no session")

    def test_pipelined_requests_are_all_answered(self):
        # Both requests arrive in one segment: the second is already buffered while the
        # first is answered, so the gateway must not wait for more bytes before reading it.
        body = json.dumps({"model": "openclaw", "messages": [{"role": "user", "content": "piped"}]}).encode()
        request = (b"POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer " +
                   self.token.encode() + b"\r\nContent-Type: application/json\r\nContent-Length: " +
                   str(len(body)).encode() + b"\r\n\r\n" + body)
        client = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        self.addCleanup(client.close)
        client.sendall(request + request)
        received = b""
        try:
            while received.count(b"HTTP/1.1 200 OK\r\n") < 2 or not received.endswith(b"}"):
                data = client.recv(65536)
                if not data:
                    break
                received += data
        except socket.timeout:
            pass
        self.assertEqual(received.count(b"HTTP/1.1 200 OK\r\n"), 2, "both pipelined requests answered: %r" % received)

    def test_many_sequential_keep_alive_posts(self):
        # A client that sends its next request as soon as it has read an answer can beat
        # the gateway's own write completion; every request on the connection is answered.
        # (Racy, so it may pass without the fix; the pipelined test above is the sure one.
        # 300 requests: each takes ~40 ms against the Python fake upstream.)
        connection = self.connection(timeout=5)
        self.addCleanup(connection.close)
        body = {"model": "openclaw", "messages": [{"role": "user", "content": "again"}]}
        deadline = time.monotonic() + 60
        for index in range(300):
            status, _, raw = self.post("/v1/chat/completions", body, connection=connection)
            self.assertEqual(status, 200, "request %d: %r" % (index, raw))
            self.assertLess(time.monotonic(), deadline, "too slow after %d requests" % index)

    def test_user_field_keeps_one_session(self):
        for text in ("first", "second"):
            status, _, body = self.chat([{"role": "user", "content": text}], user="alice")
            self.assertEqual(status, 200, body)
        sent = self.fake.requests_for("small")[1].body["messages"]
        self.assertEqual([(m["role"], m["content"]) for m in sent if m["role"] != "system"],
                         [("user", "first"), ("assistant", "echo: first"), ("user", "second")])
        for text in ("third", "fourth"):
            self.chat([{"role": "user", "content": text}])
        stateless = self.fake.requests_for("small")[3].body["messages"]
        self.assertEqual([m["content"] for m in stateless if m["role"] != "system"], ["fourth"],
                         "without `user` every request is a new session")

    def test_streaming_with_usage_arrives_incrementally(self):
        self.fake.script("small", Slow(text="alpha beta gamma delta", chunks=4, delay=0.25))
        connection = self.connection()
        body = json.dumps({"model": "openclaw", "stream": True, "stream_options": {"include_usage": True},
                           "messages": [{"role": "user", "content": "count"}]}).encode()
        connection.request("POST", "/v1/chat/completions", body=body, headers=self.auth(
            {"Content-Type": "application/json"}))
        response = connection.getresponse()
        self.assertEqual(response.status, 200)
        self.assertEqual(response.getheader("Content-Type"), "text/event-stream; charset=utf-8")
        self.assertEqual(response.getheader("Cache-Control"), "no-cache")
        self.assertEqual(response.getheader("Connection"), "keep-alive")
        self.assertEqual(response.getheader("X-Content-Type-Options"), "nosniff")
        arrivals, raw = [], b""
        while True:
            line = response.readline()
            if not line:
                break
            raw += line
            if line.startswith(b"data: "):
                arrivals.append(time.monotonic())
        payloads = data_lines(raw)
        self.assertEqual(payloads[-1], "[DONE]")
        chunks = [json.loads(p) for p in payloads[:-1]]
        for chunk in chunks:
            self.assertRegex(chunk["id"], CHUNK_ID)
            self.assertEqual((chunk["object"], chunk["model"]), ("chat.completion.chunk", "openclaw"))
        self.assertEqual(chunks[0]["choices"], [{"index": 0, "delta": {"role": "assistant"}}])
        content = [c["choices"][0]["delta"]["content"] for c in chunks[1:-2]]
        self.assertEqual("".join(content), "alpha beta gamma delta")
        self.assertGreater(len(content), 1, "content arrives in pieces")
        self.assertEqual(chunks[-2]["choices"], [{"index": 0, "delta": {}, "finish_reason": "stop"}])
        self.assertEqual(chunks[-1]["choices"], [])
        self.assertEqual(chunks[-1]["usage"], {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18})
        self.assertGreater(arrivals[-1] - arrivals[1], 0.4, "chunks are written as they come, not at the end")
        status, _, _ = self.call("GET", "/v1/models", headers=self.auth(), connection=connection)
        self.assertEqual(status, 200, "the connection stays usable after the stream")
        connection.close()

    def test_streaming_without_usage_has_no_usage_chunk(self):
        status, _, raw = self.chat([{"role": "user", "content": "hi"}], stream=True)
        self.assertEqual(status, 200)
        payloads = data_lines(raw)
        self.assertEqual(payloads[-1], "[DONE]")
        self.assertFalse(any("usage" in json.loads(p) for p in payloads[:-1]))
        self.assertEqual(json.loads(payloads[-2])["choices"][0]["finish_reason"], "stop")

    def test_bad_requests(self):
        self.assert_openai_error(self.chat([{"role": "user", "content": "x"}], model="gpt-4o"), 400,
                                 "Invalid `model`. Use `openclaw` or `openclaw/<agentId>`.")
        self.assert_openai_error(self.chat([{"role": "user", "content": "x"}], model="openclaw/ghost"), 400,
                                 "Unknown agent 'ghost'.")
        self.assert_openai_error(self.chat([{"role": "system", "content": "only"}]), 400,
                                 "Missing user message in `messages`.")
        self.assert_openai_error(self.post("/v1/chat/completions", b"{not json"), 400, "Invalid JSON body.")
        self.assert_openai_error(
            self.post("/v1/chat/completions", {"model": "openclaw", "messages": [{"role": "user", "content": "x"}]},
                      headers={"x-openclaw-session-key": "cron:nightly"}),
            400, "`x-openclaw-session-key` cannot use reserved internal session namespaces.")
        status, headers, body = self.call("GET", "/v1/chat/completions", headers=self.auth())
        self.assertEqual((status, headers["allow"], body), (405, "POST", b"Method Not Allowed"))
        self.assertEqual(self.fake.requests, [])

    def test_body_over_the_limit(self):
        big = json.dumps({"model": "openclaw", "messages": [{"role": "user", "content": "x" * (21 * 1024 * 1024)}]})
        self.assert_openai_error(self.post("/v1/chat/completions", big.encode()), 413, "Payload too large")
        # /v1/responses has maxBodyBytes 65536 here; a chunked body is cut off as it grows.
        connection = self.connection()
        connection.putrequest("POST", "/v1/responses")
        for name, value in self.auth({"Content-Type": "application/json", "Transfer-Encoding": "chunked"}).items():
            connection.putheader(name, value)
        connection.endheaders()
        piece = b"x" * 16384
        try:
            for _ in range(8):
                connection.send(b"%x\r\n%s\r\n" % (len(piece), piece))
            connection.send(b"0\r\n\r\n")
        except OSError:
            pass  # the gateway may answer and stop reading first
        response = connection.getresponse()
        self.assertEqual(response.status, 413)
        self.assertEqual(json.loads(response.read()),
                         {"error": {"message": "Payload too large", "type": "invalid_request_error"}})
        connection.close()
        self.assertEqual(self.fake.requests, [])
        self.assertEqual(self.call("GET", "/healthz")[0], 200)

    def test_upstream_failures_map_to_openai_errors(self):
        self.fake.script("small", Status(500))
        self.assert_openai_error(self.chat([{"role": "user", "content": "x"}]), 502, "upstream provider error",
                                 "api_error")
        self.fake.script("small", Status(400, message="bad thing"))
        status, _, raw = self.chat([{"role": "user", "content": "x"}], stream=True,
                                   stream_options={"include_usage": True})
        self.assertEqual(status, 200)
        payloads = data_lines(raw)
        self.assertEqual(payloads[-1], "[DONE]")
        chunks = [json.loads(p) for p in payloads[:-1]]
        self.assertEqual(chunks[0]["choices"][0]["delta"], {"role": "assistant"})
        error_chunk = chunks[-2]["choices"][0]
        self.assertTrue(error_chunk["delta"]["content"].startswith("Error: "), error_chunk)
        self.assertEqual(error_chunk["finish_reason"], "stop")
        self.assertIn("usage", chunks[-1])

    def test_client_disconnect_cancels_the_upstream_call(self):
        self.fake.script("small", Stall(after_chunks=1, seconds=30))
        body = json.dumps({"model": "openclaw", "stream": True,
                           "messages": [{"role": "user", "content": "never ends"}]}).encode()
        client = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        client.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nAuthorization: Bearer " +
                       self.token.encode() + b"\r\nContent-Type: application/json\r\nContent-Length: " +
                       str(len(body)).encode() + b"\r\n\r\n" + body)
        received = b""
        while b'"content"' not in received:
            data = client.recv(65536)
            self.assertTrue(data, "the stream ended before any content: %r" % received)
            received += data
        self.assertEqual(self.fake.disconnects, 0)
        client.close()
        self.assertTrue(self.fake.wait_for(lambda: self.fake.disconnects >= 1, 10),
                        "the fake upstream did not see its request cancelled")
        self.assertEqual(self.call("GET", "/v1/models", headers=self.auth())[0], 200)

    def socket_count(self):
        fd_dir = "/proc/%d/fd" % self.process.pid
        return sum(1 for fd in os.listdir(fd_dir) if os.readlink(os.path.join(fd_dir, fd)).startswith("socket:"))

    def test_finished_connections_are_released(self):
        baseline = self.socket_count()
        for index in range(12):
            status, _, _ = self.chat([{"role": "user", "content": "n%d" % index}], stream=index % 2 == 1)
            self.assertEqual(status, 200)
        deadline = time.monotonic() + 5
        while self.socket_count() > baseline + 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertLessEqual(self.socket_count(), baseline + 1,
                             "closed client connections are closed in the gateway too (runs keep no socket)")

    def test_http10_stream_runs_to_the_close(self):
        body = json.dumps({"model": "openclaw", "stream": True,
                           "messages": [{"role": "user", "content": "old client"}]}).encode()
        client = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        client.sendall(b"POST /v1/chat/completions HTTP/1.0\r\nAuthorization: Bearer " + self.token.encode() +
                       b"\r\nContent-Type: application/json\r\nContent-Length: " + str(len(body)).encode() +
                       b"\r\n\r\n" + body)
        received = b""
        while True:
            data = client.recv(65536)
            if not data:
                break
            received += data
        client.close()
        head, _, raw = received.partition(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.0 200"), head)
        self.assertNotIn(b"transfer-encoding", head.lower(), "no chunks on HTTP/1.0")
        payloads = data_lines(raw)
        self.assertEqual(payloads[-1], "[DONE]")
        self.assertEqual("".join(json.loads(p)["choices"][0]["delta"].get("content", "") for p in payloads[:-1]),
                         "echo: old client")

    def test_curl_streaming_and_not(self):
        curl = shutil.which("curl")
        if not curl:
            self.skipTest("curl is not installed")
        url = "http://127.0.0.1:%d/v1/chat/completions" % self.port
        base = [curl, "-sS", url, "-H", "Authorization: Bearer " + self.token, "-H", "Content-Type: application/json"]
        plain = subprocess.run(base + ["-d", json.dumps({"model": "openclaw", "messages": [
            {"role": "user", "content": "from curl"}]})], capture_output=True, text=True, timeout=30)
        self.assertEqual(plain.returncode, 0, plain.stderr)
        self.assertEqual(json.loads(plain.stdout)["choices"][0]["message"]["content"], "echo: from curl")
        streamed = subprocess.run(base + ["-N", "-d", json.dumps({"model": "openclaw", "stream": True, "messages": [
            {"role": "user", "content": "curl stream"}]})], capture_output=True, text=True, timeout=30)
        self.assertEqual(streamed.returncode, 0, streamed.stderr)
        payloads = data_lines(streamed.stdout.encode())
        self.assertEqual(payloads[-1], "[DONE]")
        text = "".join(json.loads(p)["choices"][0]["delta"].get("content", "") for p in payloads[:-1])
        self.assertEqual(text, "echo: curl stream")
        # A 2 MB body makes curl send `Expect: 100-continue`; the gateway says continue at once.
        big = os.path.join(self.tmp, "big.json")
        with open(big, "w", encoding="utf-8") as handle:
            json.dump({"model": "openclaw", "messages": [{"role": "assistant", "content": "y" * (2 * 1024 * 1024)},
                                                         {"role": "user", "content": "after a big turn"}]}, handle)
        large = subprocess.run(base + ["-v", "--data-binary", "@" + big], capture_output=True, text=True, timeout=30)
        self.assertEqual(large.returncode, 0, large.stderr[-2000:])
        self.assertEqual(json.loads(large.stdout)["choices"][0]["message"]["content"], "echo: after a big turn")
        if "Expect: 100-continue" in large.stderr:
            self.assertIn("HTTP/1.1 100 Continue", large.stderr)
            # curl says this when it gave up waiting and sent the body unasked.
            self.assertNotIn("Done waiting for 100-continue", large.stderr)


class OpenAiResponsesAndEmbeddingsTest(OpenAiHttpCase):
    def test_responses_json(self):
        status, _, body = self.post("/v1/responses", {"model": "openclaw", "input": "hi there",
                                                      "instructions": "Be kind."})
        self.assertEqual(status, 200, body)
        response = json.loads(body)
        self.assertRegex(response["id"], RESPONSE_ID)
        self.assertEqual((response["object"], response["status"], response["model"]),
                         ("response", "completed", "openclaw"))
        self.assertEqual(len(response["output"]), 1)
        item = response["output"][0]
        self.assertRegex(item["id"], r"^msg_")
        self.assertEqual({k: item[k] for k in ("type", "role", "content", "phase", "status")},
                         {"type": "message", "role": "assistant", "content": [{"type": "output_text",
                                                                               "text": "echo: hi there"}],
                          "phase": "final_answer", "status": "completed"})
        self.assertEqual(response["usage"]["input_tokens"], 11)
        self.assertEqual(response["usage"]["output_tokens"], 7)
        self.assertEqual(response["usage"]["total_tokens"], 18)
        self.assertIn("Be kind.", json.dumps(self.fake.requests_for("small")[0].body["messages"][0]))

    def test_responses_sse_event_order(self):
        self.fake.script("small", Slow(text="one two three", chunks=3, delay=0.05))
        status, headers, raw = self.post("/v1/responses", {"model": "openclaw", "stream": True, "input": [
            {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "go"}]}]})
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "text/event-stream; charset=utf-8")
        events = sse_events(raw)
        self.assertEqual(events[-1], (None, "[DONE]"))
        names = [name for name, _ in events[:-1]]
        deltas = names[len(RESPONSE_EVENTS_HEAD):-len(RESPONSE_EVENTS_TAIL)]
        self.assertEqual(names[:len(RESPONSE_EVENTS_HEAD)], RESPONSE_EVENTS_HEAD)
        self.assertEqual(names[-len(RESPONSE_EVENTS_TAIL):], RESPONSE_EVENTS_TAIL)
        self.assertTrue(deltas and set(deltas) == {"response.output_text.delta"}, names)
        payloads = [json.loads(data) for _, data in events[:-1]]
        for name, payload in zip(names, payloads):
            self.assertEqual(payload["type"], name)
        self.assertEqual(payloads[0]["response"]["status"], "in_progress")
        self.assertEqual("".join(p["delta"] for p in payloads if p["type"] == "response.output_text.delta"),
                         "one two three")
        self.assertEqual(payloads[-4]["text"], "one two three")
        completed = payloads[-1]["response"]
        self.assertEqual((completed["status"], completed["output"][0]["content"][0]["text"]),
                         ("completed", "one two three"))
        self.assertEqual(completed["id"], payloads[0]["response"]["id"])

    def test_responses_failure_and_bad_input(self):
        self.fake.script("small", Status(500))
        status, _, raw = self.post("/v1/responses", {"model": "openclaw", "stream": True, "input": "x"})
        events = sse_events(raw)
        self.assertEqual(events[-1], (None, "[DONE]"))
        self.assertEqual(events[-2][0], "response.failed")
        failed = json.loads(events[-2][1])["response"]
        self.assertEqual((failed["status"], failed["error"]["message"]), ("failed", "upstream provider error"))
        self.assert_openai_error(self.post("/v1/responses", {"input": "x"}), 400, "model: Required")
        self.assert_openai_error(self.post("/v1/responses", {"model": "openclaw", "input": [
            {"type": "message", "role": "assistant", "content": "no user"}]}), 400, "Missing user message in `input`.")

    def test_embeddings(self):
        status, _, body = self.post("/v1/embeddings", {"model": "openclaw", "input": ["ab", "cde"]})
        self.assertEqual(status, 200, body)
        answer = json.loads(body)
        self.assertEqual(answer["object"], "list")
        self.assertEqual(answer["model"], "openclaw")
        self.assertEqual([d["embedding"] for d in answer["data"]], [[2.0, 0.0, 0.5], [3.0, 1.0, 0.5]])
        self.assertEqual([(d["object"], d["index"]) for d in answer["data"]], [("embedding", 0), ("embedding", 1)])
        self.assertEqual(self.fake.requests_for("embed-1")[0].body["input"], ["ab", "cde"])
        status, _, body = self.post("/v1/embeddings", {"model": "openclaw/ops", "input": "abcd",
                                                       "encoding_format": "base64"})
        self.assertEqual(status, 200, body)
        vector = struct.unpack("<3f", base64.b64decode(json.loads(body)["data"][0]["embedding"]))
        self.assertEqual(vector, (4.0, 0.0, 0.5))
        self.assert_openai_error(self.post("/v1/embeddings", {"model": "openclaw", "input": ["x"] * 129}), 400,
                                 "Too many inputs (max 128).")
        self.assert_openai_error(self.post("/v1/embeddings", {"model": "openclaw", "input": "x" * 8193}), 400,
                                 "Input too long (max 8192 chars).")
        self.assert_openai_error(self.post("/v1/embeddings", {"input": "x"}), 400, "Missing `model`.")


class OpenAiEmbeddingsUnconfiguredTest(OpenAiHttpCase):
    memory_search = {"enabled": True}

    def test_embeddings_without_a_configured_model(self):
        status, _, body = self.post("/v1/embeddings", {"model": "openclaw", "input": "x"})
        self.assertEqual(status, 400)
        error = json.loads(body)["error"]
        self.assertEqual(error["type"], "invalid_request_error")
        self.assertTrue(error["message"].startswith("No embeddings provider is configured"), error)
        self.assertEqual(self.fake.requests, [])


class OpenAiEndpointsDisabledTest(OpenAiHttpCase):
    endpoints = {}

    def test_everything_is_not_found(self):
        for method, path in (("GET", "/v1/models"), ("POST", "/v1/chat/completions"), ("POST", "/v1/responses"),
                             ("POST", "/v1/embeddings")):
            status, _, body = self.call(method, path, body=b"{}" if method == "POST" else None, headers=self.auth())
            self.assertEqual((status, body), (404, b"Not Found"), path)


class OpenAiNpmClientTest(OpenAiHttpCase):
    """The official `openai` npm package (v4) against the gateway, installed once under the build dir."""

    SCRIPT = r"""
const OpenAI = require(process.env.OPENAI_MODULE);
const client = new OpenAI({ baseURL: process.env.BASE_URL, apiKey: process.env.GATEWAY_TOKEN, maxRetries: 0 });
(async () => {
  const completion = await client.chat.completions.create({
    model: "openclaw", messages: [{ role: "user", content: "from node" }] });
  const stream = await client.chat.completions.create({
    model: "openclaw/main", messages: [{ role: "user", content: "node stream" }], stream: true,
    stream_options: { include_usage: true } });
  let text = "", finish = null, usage = null, role = null;
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    if (choice && choice.delta.role) role = choice.delta.role;
    if (choice && choice.delta.content) text += choice.delta.content;
    if (choice && choice.finish_reason) finish = choice.finish_reason;
    if (chunk.usage) usage = chunk.usage;
  }
  const models = await client.models.list();
  console.log(JSON.stringify({ id: completion.id, content: completion.choices[0].message.content,
    usage: completion.usage, role, text, finish, streamUsage: usage, models: models.data.map((m) => m.id) }));
})().catch((error) => { console.error(String(error && error.stack || error)); process.exit(1); });
"""

    def install_openai(self):
        node, npm = shutil.which("node"), shutil.which("npm")
        if not node or not npm:
            self.skipTest("node/npm are not installed")
        prefix = os.path.join(os.path.abspath(BIN_DIR), "npm-openai")
        module = os.path.join(prefix, "node_modules", "openai")
        if not os.path.isfile(os.path.join(module, "package.json")):
            # npm as the operator runs it: their environment (proxy, CA bundle, ~/.npmrc), with
            # the download cache kept beside the install.
            env = dict(os.environ, npm_config_cache=os.path.join(prefix, ".npm-cache"),
                       npm_config_update_notifier="false", npm_config_audit="false", npm_config_fund="false")
            result = subprocess.run([npm, "install", "--prefix", prefix, "openai@4"], capture_output=True, text=True,
                                    env=env, timeout=600)
            if result.returncode != 0:
                output = result.stdout + result.stderr
                if re.search(r"ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET|ENETUNREACH|network", output):
                    self.skipTest("the npm registry is unreachable: " + output.strip().splitlines()[-1])
                self.fail("npm install openai@4 failed:\n" + output)
        return node, module

    def test_openai_client_library(self):
        node, module = self.install_openai()
        self.fake.script("small", Reply(), Slow(text="streamed by node", chunks=3, delay=0.05))
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": self.tmp, "OPENAI_MODULE": module,
               "BASE_URL": "http://127.0.0.1:%d/v1" % self.port, "GATEWAY_TOKEN": self.token}
        result = subprocess.run([node, "-e", self.SCRIPT], capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        output = json.loads(result.stdout.strip().splitlines()[-1])
        self.assertRegex(output["id"], CHUNK_ID)
        self.assertEqual(output["content"], "echo: from node")
        self.assertEqual(output["usage"], {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18})
        self.assertEqual((output["role"], output["text"], output["finish"]), ("assistant", "streamed by node", "stop"))
        self.assertEqual(output["streamUsage"]["total_tokens"], 18)
        self.assertEqual(output["models"], ["openclaw", "openclaw/default", "openclaw/main", "openclaw/ops"])
