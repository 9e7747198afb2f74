#!/usr/bin/python3
"""Streaming chat-completions load for bench/chat_bench.sh (asyncio, raw HTTP/1.1, loopback).

  sse_client.py --url http://127.0.0.1:PORT/v1/chat/completions [--token T] [--model M]
                --concurrency C --requests N

Each worker sends streaming requests one after another on fresh connections and measures
time to the first content chunk and to `data: [DONE]`. Prints one JSON object: counts,
errors, the most streams open at once, and p50/p99 of both times in milliseconds.
"""

import argparse
import asyncio
import json
import time
from urllib.parse import urlsplit


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(fraction * (len(ordered) - 1)))))
    return round(ordered[index], 3)


class Stats:
    def __init__(self):
        self.first_chunk_ms = []
        self.total_ms = []
        self.errors = 0
        self.open_now = 0
        self.open_peak = 0
        self.first_error = None


async def one_stream(host, port, path, headers, body, stats):
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(host, port)
    stats.open_now += 1
    stats.open_peak = max(stats.open_peak, stats.open_now)
    try:
        head = f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n"
        head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        head += f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        writer.write(head.encode() + body)
        await writer.drain()
        status_line = await reader.readline()
        if b" 200 " not in status_line:
            raise RuntimeError(status_line.decode(errors="replace").strip())
        first = None
        while True:
            line = await reader.readline()
            if not line:
                raise RuntimeError("stream ended before [DONE]")
            if first is None and b'"content"' in line:
                first = time.perf_counter()
            if b"data: [DONE]" in line:
                break
        done = time.perf_counter()
        stats.first_chunk_ms.append(((first or done) - started) * 1000)
        stats.total_ms.append((done - started) * 1000)
    except Exception as error:  # noqa: BLE001 - every failure is counted, the first reported
        stats.errors += 1
        stats.first_error = stats.first_error or str(error)
    finally:
        stats.open_now -= 1
        writer.close()


async def worker(count, *args):
    for _ in range(count):
        await one_stream(*args)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token")
    parser.add_argument("--model", default="openclaw")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--requests", type=int, default=100, help="per worker")
    options = parser.parse_args()
    url = urlsplit(options.url)
    headers = {"Authorization": f"Bearer {options.token}"} if options.token else {}
    body = json.dumps({"model": options.model, "stream": True,
                       "messages": [{"role": "user", "content": "benchmark"}]}).encode()
    stats = Stats()
    started = time.perf_counter()
    await asyncio.gather(*(worker(options.requests, url.hostname, url.port, url.path, headers, body, stats)
                           for _ in range(options.concurrency)))
    print(json.dumps({
        "streams": len(stats.total_ms), "errors": stats.errors, "firstError": stats.first_error,
        "openPeak": stats.open_peak, "seconds": round(time.perf_counter() - started, 2),
        "firstChunkMs": {"p50": percentile(stats.first_chunk_ms, 0.5), "p99": percentile(stats.first_chunk_ms, 0.99)},
        "totalMs": {"p50": percentile(stats.total_ms, 0.5), "p99": percentile(stats.total_ms, 0.99)},
    }))


if __name__ == "__main__":
    asyncio.run(main())
