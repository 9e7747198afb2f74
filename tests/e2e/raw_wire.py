"""Raw HTTP and WebSocket clients for tests that must send what no well-behaved library sends:
bytes trickled one at a time, oversized or malformed frames, invalid UTF-8, frames after a
close, a chosen loopback source address (all of 127.0.0.0/8 is loopback on Linux, so binding
127.0.0.N before connecting makes the gateway see a distinct client IP).

Blocking sockets with timeouts; run them in threads (asyncio.to_thread) from async tests.
"""

import base64
import os
import re
import socket
import struct

OP_TEXT = 0x1
OP_BINARY = 0x2
OP_CLOSE = 0x8
OP_PING = 0x9


def open_socket(port, source=None, timeout=10):
    """A TCP connection to 127.0.0.1:port, from `source` (an address in 127.0.0.0/8) if given."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    if source:
        sock.bind((source, 0))
    sock.connect(("127.0.0.1", port))
    return sock


def read_all(sock):
    """Everything the peer sends until it closes (or the socket's timeout passes)."""
    data = b""
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    return data


def http_exchange(port, raw_request, source=None, timeout=10):
    """Sends raw request bytes and returns (status code or None, the whole answer as bytes)."""
    with open_socket(port, source, timeout) as sock:
        sock.sendall(raw_request)
        answer = read_all(sock)
    match = re.match(rb"HTTP/1\.[01] (\d{3})", answer)
    return (int(match.group(1)) if match else None), answer


def mask_frame(opcode, payload, fin=True, mask=True, rsv=0):
    """One client frame (masked, as RFC 6455 requires of clients, unless mask=False)."""
    first = (0x80 if fin else 0) | (rsv << 4) | opcode
    length = len(payload)
    mask_bit = 0x80 if mask else 0
    if length < 126:
        head = struct.pack("!BB", first, mask_bit | length)
    elif length < 65536:
        head = struct.pack("!BBH", first, mask_bit | 126, length)
    else:
        head = struct.pack("!BBQ", first, mask_bit | 127, length)
    if not mask:
        return head + payload
    key = os.urandom(4)
    # XOR with the repeated key, fast enough for payloads of tens of megabytes.
    repeated = (key * (length // 4 + 1))[:length]
    masked = (int.from_bytes(payload, "big") ^ int.from_bytes(repeated, "big")).to_bytes(length, "big") \
        if length else b""
    return head + key + masked


class RawWebSocket:
    """A WebSocket client speaking frames directly. `status` is the upgrade answer's code;
    `head` its header block (text)."""

    def __init__(self, port, source=None, timeout=10, path="/", headers=None):
        self.sock = open_socket(port, source, timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        extra = "".join("%s: %s\r\n" % item for item in (headers or {}).items())
        self.sock.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n%s\r\n"
                           % (path, port, key, extra)).encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("closed during the upgrade: %r" % self.buffer)
            self.buffer += chunk
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        self.head = head.decode(errors="replace")
        self.status = int(self.head.split(" ")[1])

    def _need(self, count):
        while len(self.buffer) < count:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise ConnectionError("connection closed")
            self.buffer += chunk

    def recv_frame(self):
        """(opcode, payload) of the next server frame."""
        self._need(2)
        length = self.buffer[1] & 0x7F
        offset = 2
        if length == 126:
            self._need(4)
            length = struct.unpack("!H", self.buffer[2:4])[0]
            offset = 4
        elif length == 127:
            self._need(10)
            length = struct.unpack("!Q", self.buffer[2:10])[0]
            offset = 10
        self._need(offset + length)
        opcode = self.buffer[0] & 0x0F
        payload = self.buffer[offset:offset + length]
        self.buffer = self.buffer[offset + length:]
        return opcode, payload

    def send(self, opcode, payload, **kwargs):
        self.sock.sendall(mask_frame(opcode, payload, **kwargs))

    def send_text(self, text):
        self.send(OP_TEXT, text.encode() if isinstance(text, str) else text)

    def until_close(self):
        """(close code or None, reason, data frames read before it). None when the socket
        ended without a close frame."""
        frames = []
        try:
            while True:
                opcode, payload = self.recv_frame()
                if opcode == OP_CLOSE:
                    code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
                    return code, payload[2:].decode(errors="replace"), frames
                frames.append((opcode, payload))
        except (ConnectionError, socket.timeout, OSError):
            return None, "", frames

    def at_eof(self, timeout=5):
        """(closed, data): whether the server closed the TCP connection within `timeout`
        seconds, and the bytes it sent until then."""
        self.sock.settimeout(timeout)
        data = self.buffer
        self.buffer = b""
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return True, data
                data += chunk
        except ConnectionResetError:
            return True, data
        except socket.timeout:
            return False, data

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
