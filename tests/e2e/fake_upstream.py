"""A fake model provider on loopback for the end-to-end tests.

It speaks the real wire formats the gateway's adapters translate:
- OpenAI chat completions: POST /v1/chat/completions, JSON or SSE (`data: {chunk}` lines
  ending with `data: [DONE]`, usage in the last chunk when stream_options.include_usage);
- Anthropic Messages: POST /v1/messages, JSON or SSE events (message_start,
  content_block_start, content_block_delta, content_block_stop, message_delta,
  message_stop);
- OpenAI embeddings: POST /v1/embeddings.

Behaviour is scripted per model name (the request body's `model`): each request takes the
next queued behaviour for its model, and with none queued the default echo reply
"echo: <last user text>". Plain HTTP, or HTTPS with a throwaway CA (`ca_file`).
Behaviours: Reply, Status, LongContext429, Stall (stream, then silence), Slow (a late head),
Reset (stream, then a TCP RST). Every request is recorded in `requests`; a client that hangs up early is counted in
`disconnects`.
"""

from __future__ import annotations

import datetime
import json
import os
import select
import socket
import ssl
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


# ---------------------------------------------------------------- behaviours

@dataclass
class Reply:
    """A successful answer; streamed in `chunks` pieces when the request asks to stream."""
    text: str | None = None  # None: echo the last user message
    chunks: int = 3
    delay: float = 0.0  # seconds between streamed chunks
    input_tokens: int = 11
    output_tokens: int = 7


@dataclass
class Status:
    """An error answer with the provider's JSON error body."""
    code: int
    retry_after: str | None = None
    message: str = "fake upstream error"
    error_type: str | None = None  # Anthropic error.type; default from the status


@dataclass
class LongContext429:
    """Anthropic's long-context refusal: 429 rate_limit_error, "Extra usage is required"."""


@dataclass
class Stall:
    """Streams `after_chunks` chunks, then sends nothing until the client goes away (or
    `seconds` pass, then closes without a terminator)."""
    after_chunks: int = 1
    seconds: float = 30.0


@dataclass
class Reset:
    """Streams `after_chunks` chunks (0: nothing, not even the response head), then resets
    the connection (TCP RST, as a crashed or killed provider process does)."""
    after_chunks: int = 1


@dataclass
class Slow:
    """Like Reply but waits `delay` before the head and between chunks."""
    text: str | None = None
    chunks: int = 5
    delay: float = 0.2


@dataclass
class Recorded:
    path: str
    headers: dict
    body: dict
    model: str = ""


@dataclass
class _Script:
    queues: dict = field(default_factory=dict)


def _last_user_text(body: dict) -> str:
    for message in reversed(body.get("messages") or []):
        if message.get("role") != "user":
            continue
        content = message.get("content")
        if isinstance(content, str):
            return content
        if isinstance(content, list):
            return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return ""


def _split(text: str, pieces: int) -> list[str]:
    pieces = max(1, min(pieces, len(text) or 1))
    size = -(-len(text) // pieces) if text else 1
    return [text[i:i + size] for i in range(0, len(text), size)] or [""]


# ---------------------------------------------------------------- TLS material

def _make_tls_material(directory: str) -> tuple[str, str, str]:
    """A CA and a server certificate for 127.0.0.1/localhost; returns (ca, cert, key) paths."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake-upstream test CA")])
    ca_cert = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
               .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - datetime.timedelta(days=1))
               .not_valid_after(now + datetime.timedelta(days=1))
               .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
               .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
            .issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = [os.path.join(directory, name) for name in ("ca.pem", "cert.pem", "key.pem")]
    with open(paths[0], "wb") as out:
        out.write(ca_cert.public_bytes(serialization.Encoding.PEM))
    with open(paths[1], "wb") as out:
        out.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(paths[2], "wb") as out:
        out.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()))
    return paths[0], paths[1], paths[2]


# ---------------------------------------------------------------- the server

class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A gateway killed or disconnected mid-request is expected here, not worth a traceback."""
        import sys
        if isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError)):
            return
        super().handle_error(request, client_address)


class FakeUpstream:
    def __init__(self, tls: bool = False):
        self.tls = tls
        self.requests: list[Recorded] = []
        self.disconnects = 0
        self._script = _Script()
        self._lock = threading.Lock()
        self._dir = tempfile.mkdtemp(prefix="fake-upstream-")
        self.ca_file: str | None = None
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle
    def __enter__(self) -> "FakeUpstream":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        upstream = self

        class Handler(_Handler):
            fake = upstream

        self._server = _Server(("127.0.0.1", 0), Handler)
        if self.tls:
            self.ca_file, cert, key = _make_tls_material(self._dir)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(cert, key)
            self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def origin(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """models.providers.<id>.baseUrl for an OpenAI-compatible provider."""
        return self.origin + "/v1"

    @property
    def anthropic_base_url(self) -> str:
        """models.providers.<id>.baseUrl for an Anthropic Messages provider."""
        return self.origin

    # -- scripting
    def script(self, model: str, *behaviours) -> None:
        with self._lock:
            self._script.queues.setdefault(model, []).extend(behaviours)

    def _next(self, model: str):
        with self._lock:
            queue = self._script.queues.get(model)
            return queue.pop(0) if queue else Reply()

    def _record(self, entry: Recorded) -> None:
        with self._lock:
            self.requests.append(entry)

    def _count_disconnect(self) -> None:
        with self._lock:
            self.disconnects += 1

    def requests_for(self, model: str) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.model == model]

    def wait_for(self, predicate, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.02)
        return predicate()


class _ClientGone(Exception):
    pass


class _Reset(Exception):
    """Raised by a Reset behaviour once its chunks are out: the handler resets the socket."""


class _Handler(BaseHTTPRequestHandler):
    fake: FakeUpstream
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    # -- plumbing
    def _read_json(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw or b"{}")
        except ValueError:
            return {}

    def _send_json(self, status: int, body: dict, headers: dict | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _start_stream(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def _chunk(self, data: bytes) -> None:
        try:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()
        except OSError as error:
            raise _ClientGone() from error

    def _end_stream(self) -> None:
        try:
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except OSError as error:
            raise _ClientGone() from error

    def _client_closed_within(self, seconds: float) -> bool:
        """Waits up to `seconds` for the client to hang up; True when it did."""
        deadline = time.monotonic() + seconds
        sock = self.connection
        while time.monotonic() < deadline:
            readable, _, _ = select.select([sock], [], [], 0.05)
            if readable:
                try:
                    if isinstance(sock, ssl.SSLSocket):
                        data = sock.recv(1)
                    else:
                        data = sock.recv(1, socket.MSG_PEEK)
                except (OSError, ssl.SSLError):
                    return True
                if not data:
                    return True
        return False

    # -- routes
    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = self._read_json()
        model = str(body.get("model", ""))
        self.fake._record(Recorded(self.path, {k.lower(): v for k, v in self.headers.items()}, body, model))
        try:
            if self.path.endswith("/chat/completions"):
                self._openai(body, model)
            elif self.path.endswith("/messages"):
                self._anthropic(body, model)
            elif self.path.endswith("/embeddings"):
                self._embeddings(body, model)
            else:
                self._send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
        except _ClientGone:
            self.fake._count_disconnect()
            self.close_connection = True
        except _Reset:
            self._reset_connection()

    def _reset_connection(self) -> None:
        """Closes with SO_LINGER 0, so the peer gets a TCP RST instead of an orderly FIN."""
        sock = self.connection
        self.close_connection = True
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            # http.server would shut the socket down (a FIN) before closing it; closing the
            # descriptor here, with linger 0, sends the RST. The socket object is detached
            # first, so the server's own close later touches nothing.
            os.close(sock.detach())
        except OSError:
            pass

    def _error(self, behaviour, anthropic: bool) -> None:
        if isinstance(behaviour, LongContext429):
            behaviour = Status(429, message="Extra usage is required for long context requests.",
                               error_type="rate_limit_error")
        headers = {"Retry-After": behaviour.retry_after} if behaviour.retry_after else {}
        if anthropic:
            kind = behaviour.error_type or {429: "rate_limit_error", 529: "overloaded_error",
                                            401: "authentication_error"}.get(behaviour.code, "api_error")
            body = {"type": "error", "error": {"type": kind, "message": behaviour.message}}
        else:
            kind = behaviour.error_type or ("rate_limit_exceeded" if behaviour.code == 429 else "server_error")
            body = {"error": {"message": behaviour.message, "type": kind, "code": None}}
        self._send_json(behaviour.code, body, headers)

    def _plan(self, behaviour, body: dict) -> tuple[list[str], float, float | None, int, int]:
        """(pieces, delay between pieces, stall seconds or None, input tokens, output tokens)."""
        if isinstance(behaviour, Stall):
            text = "partial answer before the stall"
            return _split(text, behaviour.after_chunks), 0.0, behaviour.seconds, 11, 7
        if isinstance(behaviour, Reset):
            text = "partial answer before the reset"
            return _split(text, max(1, behaviour.after_chunks)), 0.0, None, 11, 7
        text = behaviour.text if behaviour.text is not None else "echo: " + _last_user_text(body)
        return _split(text, behaviour.chunks), behaviour.delay, None, \
            getattr(behaviour, "input_tokens", 11), getattr(behaviour, "output_tokens", 7)

    def _openai(self, body: dict, model: str) -> None:
        behaviour = self.fake._next(model)
        if isinstance(behaviour, (Status, LongContext429)):
            return self._error(behaviour, anthropic=False)
        if isinstance(behaviour, Reset) and (behaviour.after_chunks == 0 or not body.get("stream")):
            raise _Reset()
        pieces, delay, stall, prompt_tokens, completion_tokens = self._plan(behaviour, body)
        if isinstance(behaviour, Slow):
            time.sleep(delay)
        completion_id = "chatcmpl-" + uuid.uuid4().hex[:12]
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                 "total_tokens": prompt_tokens + completion_tokens}
        if not body.get("stream"):
            return self._send_json(200, {
                "id": completion_id, "object": "chat.completion", "created": int(time.time()), "model": model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": "".join(pieces)},
                             "finish_reason": "stop"}],
                "usage": usage})
        self._start_stream()

        def chunk(delta: dict, finish=None, with_usage=None) -> None:
            payload = {"id": completion_id, "object": "chat.completion.chunk", "created": int(time.time()),
                       "model": model, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            if with_usage is not None:
                payload["choices"] = []
                payload["usage"] = with_usage
            self._chunk(b"data: " + json.dumps(payload).encode() + b"\n\n")

        chunk({"role": "assistant", "content": ""})
        for piece in pieces:
            chunk({"content": piece})
            if delay:
                time.sleep(delay)
        if isinstance(behaviour, Reset):
            raise _Reset()
        if stall is not None:
            if self._client_closed_within(stall):
                raise _ClientGone()
            self.close_connection = True
            return
        chunk({}, finish="stop")
        if (body.get("stream_options") or {}).get("include_usage"):
            chunk({}, with_usage=usage)
        self._chunk(b"data: [DONE]\n\n")
        self._end_stream()

    def _anthropic(self, body: dict, model: str) -> None:
        behaviour = self.fake._next(model)
        if isinstance(behaviour, (Status, LongContext429)):
            return self._error(behaviour, anthropic=True)
        if isinstance(behaviour, Reset) and (behaviour.after_chunks == 0 or not body.get("stream")):
            raise _Reset()
        pieces, delay, stall, input_tokens, output_tokens = self._plan(behaviour, body)
        if isinstance(behaviour, Slow):
            time.sleep(delay)
        message_id = "msg_" + uuid.uuid4().hex[:12]
        if not body.get("stream"):
            return self._send_json(200, {
                "id": message_id, "type": "message", "role": "assistant", "model": model,
                "content": [{"type": "text", "text": "".join(pieces)}],
                "stop_reason": "end_turn", "stop_sequence": None,
                "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens}})
        self._start_stream()

        def event(name: str, data: dict) -> None:
            self._chunk(f"event: {name}\ndata: {json.dumps(data)}\n\n".encode())

        event("message_start", {"type": "message_start", "message": {
            "id": message_id, "type": "message", "role": "assistant", "model": model, "content": [],
            "stop_reason": None, "stop_sequence": None,
            "usage": {"input_tokens": input_tokens, "output_tokens": 1}}})
        event("content_block_start", {"type": "content_block_start", "index": 0,
                                      "content_block": {"type": "text", "text": ""}})
        event("ping", {"type": "ping"})
        for piece in pieces:
            event("content_block_delta", {"type": "content_block_delta", "index": 0,
                                          "delta": {"type": "text_delta", "text": piece}})
            if delay:
                time.sleep(delay)
        if isinstance(behaviour, Reset):
            raise _Reset()
        if stall is not None:
            if self._client_closed_within(stall):
                raise _ClientGone()
            self.close_connection = True
            return
        event("content_block_stop", {"type": "content_block_stop", "index": 0})
        event("message_delta", {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                                "usage": {"output_tokens": output_tokens}})
        event("message_stop", {"type": "message_stop"})
        self._end_stream()

    def _embeddings(self, body: dict, model: str) -> None:
        behaviour = self.fake._next(model)
        if isinstance(behaviour, (Status, LongContext429)):
            return self._error(behaviour, anthropic=False)
        inputs = body.get("input")
        inputs = [inputs] if isinstance(inputs, str) else list(inputs or [])
        data = [{"object": "embedding", "index": i, "embedding": [float(len(text)), float(i), 0.5]}
                for i, text in enumerate(inputs)]
        tokens = sum(max(1, len(text) // 4) for text in inputs)
        self._send_json(200, {"object": "list", "data": data, "model": model,
                              "usage": {"prompt_tokens": tokens, "total_tokens": tokens}})
