"""A logging WebSocket relay for interop work: clients connect to 127.0.0.1:LISTEN, every
connection is forwarded to ws://127.0.0.1:UPSTREAM (same path, no compression), and every
frame in both directions is appended to a JSON-lines file with secrets redacted.

    /usr/bin/python3 tests/interop/logging_relay.py --listen 18799 --upstream 18789 --log frames.jsonl

Each line: {"t": epoch seconds, "conn": n, "dir": "client->server" | "server->client",
"frame": <JSON>}; one extra line per connection with "request_headers". Redacted: any
"token", "deviceToken", "bootstrapToken", "password" value (shown as "<redacted:LEN>").
Uses Debian's python3-websockets (10.x). Not a test; a tool for recording what a real
client sends.
"""

import argparse
import asyncio
import itertools
import json
import time

import websockets

SECRET_KEYS = {"token", "deviceToken", "bootstrapToken", "password"}


def redact(value):
    if isinstance(value, dict):
        return {k: (f"<redacted:{len(v)}>" if k in SECRET_KEYS and isinstance(v, str) else redact(v))
                for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value


class Relay:
    def __init__(self, upstream_port, log_path):
        self.upstream_port = upstream_port
        self.log = open(log_path, "a", encoding="utf-8", buffering=1)
        self.ids = itertools.count(1)

    def record(self, entry):
        self.log.write(json.dumps(entry) + "\n")

    async def pump(self, source, sink, conn, direction):
        async for message in source:
            try:
                frame = redact(json.loads(message))
            except (TypeError, ValueError):
                frame = {"non_json": len(message)}
            self.record({"t": round(time.time(), 3), "conn": conn, "dir": direction, "frame": frame})
            await sink.send(message)

    async def handle(self, client, path):
        conn = next(self.ids)
        headers = {k: v for k, v in client.request_headers.raw_items() if k.lower() != "authorization"}
        self.record({"t": round(time.time(), 3), "conn": conn, "path": path, "request_headers": headers})
        try:
            async with websockets.connect(f"ws://127.0.0.1:{self.upstream_port}{path}", compression=None,
                                          max_size=None, ping_interval=None) as upstream:
                tasks = [asyncio.ensure_future(self.pump(client, upstream, conn, "client->server")),
                         asyncio.ensure_future(self.pump(upstream, client, conn, "server->client"))]
                done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
                for task in pending:
                    task.cancel()
                close = upstream.close_code, upstream.close_reason
                self.record({"t": round(time.time(), 3), "conn": conn, "closed": {
                    "upstream": list(close), "client": [client.close_code, client.close_reason]}})
                if client.open and upstream.close_code is not None:
                    await client.close(upstream.close_code, upstream.close_reason or "")
        except (OSError, websockets.exceptions.WebSocketException) as error:
            self.record({"t": round(time.time(), 3), "conn": conn, "error": str(error)})


async def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", type=int, required=True)
    parser.add_argument("--upstream", type=int, required=True)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    relay = Relay(args.upstream, args.log)
    async with websockets.serve(relay.handle, "127.0.0.1", args.listen, compression=None, max_size=None,
                                ping_interval=None):
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
