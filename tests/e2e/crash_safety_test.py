"""kill -9 at random points (issue 7, crash safety): the gateway is SIGKILLed while it approves
pairings, rotates device tokens, appends transcripts (WebSocket chat.send and HTTP
/v1/chat/completions against the fake upstream) and applies config (config.set RPC and
`openclaw config set`, whose CLI process is killed too now and then). After each kill the
gateway restarts and the test checks what an operator would:

- every store parses: openclaw.json (and its .bak), devices/paired.json, devices/pending.json,
  agents/*/sessions/sessions.json, and every line of every *.jsonl except at most a torn last
  line without its newline (which the reader skips);
- no device whose approval the client saw acknowledged is missing, and a rotated token the
  client saw is the one on disk (unless a later rotation was in flight at the kill);
- no transcript line is missing whose run the client saw finish (chat `final` event, HTTP 200);
- a config value the client saw acknowledged is on disk (or a later one);
- no atomic-write temporary (`.<name>.tmp-<hex>`) is left once the gateway has started again.

OPENCLAW_CRASH_ITERATIONS (default 40, about 1-2 minutes) sets the number of kills;
OPENCLAW_CRASH_SEED replays a run (the seed is printed)."""

import asyncio
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

from fake_upstream import FakeUpstream, Reply
from gateway_harness import Device, GatewayTestCase
from harness import OPENCLAW

ITERATIONS = int(os.environ.get("OPENCLAW_CRASH_ITERATIONS", "40"))
SEED = int(os.environ.get("OPENCLAW_CRASH_SEED", str(random.randrange(1 << 30))))
REMOTE = {"X-Forwarded-For": "203.0.113.7"}
# write_file_atomically's temporary: "." + file name + ".tmp-" + 16 hex digits.
TEMPORARY = re.compile(r"^\..+\.tmp-[0-9a-f]{16}$")
ROTATING_DEVICES = 2


class Ledger:
    """What the clients saw acknowledged, across all iterations."""

    def __init__(self):
        self.approved = set()   # device ids whose device.pair.approve answered ok
        self.tokens = {}        # device id -> {"acked": token, "in_flight": bool, "old": set()}
        self.markers = []       # texts whose run finished (final event / HTTP 200)
        self.config_seq = 0     # highest ui.crashSeq that config.set acknowledged
        self.cli_seq = 0        # highest ui.cliSeq that `openclaw config set` acknowledged
        self.next_seq = 0
        self.counts = {"approvals": 0, "rotations": 0, "chats": 0, "http_chats": 0, "config_sets": 0,
                       "cli_sets": 0, "cli_killed": 0, "torn_tails": 0, "temporaries_left_by_kill": 0}


class CrashSafetyTest(GatewayTestCase):
    def setUp(self):
        self.fake = FakeUpstream()
        self.fake.start()
        self.addCleanup(self.fake.stop)
        self.extra_config = {
            "gateway": {"trustedProxies": ["127.0.0.0/8"],
                        "http": {"endpoints": {"chatCompletions": {"enabled": True}}}},
            "models": {"providers": {"fake": {"baseUrl": self.fake.base_url, "api": "openai-completions",
                                              "models": [{"id": "echo", "name": "Echo"}]}}},
            "agents": {"defaults": {"model": {"primary": "fake/echo"}}},
            "ui": {"crashSeq": 0, "cliSeq": 0},
        }
        super().setUp()
        self.random = random.Random(SEED)
        self.ledger = Ledger()

    # ------------------------------------------------------------------ gateway lifecycle

    def kill_gateway(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.reader.join(timeout=5)
        self.process.stdout.close()
        self.process.stderr.close()

    # ------------------------------------------------------------------ the operations

    async def admin(self):
        connection, _ = await self.connect_ok()
        return connection

    async def approvals(self, admin):
        while True:
            device = Device()
            connection, response = await self.connect(token=self.token, device=device, headers=REMOTE)
            request_id = response["error"]["details"]["requestId"]
            await connection.close()
            approved = await admin.call("device.pair.approve", {"requestId": request_id})
            self.assertTrue(approved["ok"], approved)
            self.ledger.approved.add(device.device_id)
            self.ledger.counts["approvals"] += 1

    async def rotations(self, admin, device_ids):
        while True:
            device_id = self.random.choice(device_ids)
            entry = self.ledger.tokens[device_id]
            entry["in_flight"] = True
            rotated = await admin.call("device.token.rotate", {"deviceId": device_id, "role": "operator"})
            self.assertTrue(rotated["ok"], rotated)
            entry["old"].add(entry["acked"])
            entry["acked"] = rotated["payload"]["token"]
            entry["in_flight"] = False
            self.ledger.counts["rotations"] += 1

    async def chats(self, session_key):
        connection = await self.admin()
        while True:
            marker = "ws-%s" % uuid.uuid4().hex
            run_id = str(uuid.uuid4())
            ack = await connection.call("chat.send", {"sessionKey": session_key, "message": marker,
                                                      "idempotencyKey": run_id})
            self.assertTrue(ack["ok"], ack)
            while True:
                frame = await connection.recv(15)
                payload = frame.get("payload") or {}
                if frame.get("event") == "chat" and payload.get("runId") == run_id and \
                        payload.get("state") in ("final", "error", "aborted"):
                    break
            self.assertEqual(payload["state"], "final", payload)
            self.ledger.markers.append(marker)
            self.ledger.counts["chats"] += 1

    def http_chat_once(self, marker, user):
        body = json.dumps({"model": "openclaw", "user": user,
                           "messages": [{"role": "user", "content": marker}]}).encode()
        request = urllib.request.Request("http://127.0.0.1:%d/v1/chat/completions" % self.port, data=body,
                                         method="POST", headers={"Authorization": "Bearer " + self.token,
                                                                 "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, json.loads(response.read())

    async def http_chats(self, user):
        while True:
            marker = "http-%s" % uuid.uuid4().hex
            status, answer = await asyncio.to_thread(self.http_chat_once, marker, user)
            self.assertEqual(status, 200, answer)
            self.assertEqual(answer["choices"][0]["message"]["content"], "echo: " + marker)
            self.ledger.markers.append(marker)
            self.ledger.counts["http_chats"] += 1

    async def config_sets(self):
        connection = await self.admin()
        while True:
            snapshot = (await connection.call("config.get", {}))["payload"]
            config = json.loads(snapshot["raw"])
            self.ledger.next_seq += 1
            seq = self.ledger.next_seq
            config["ui"]["crashSeq"] = seq
            response = await connection.call("config.set", {"raw": json.dumps(config), "baseHash": snapshot["hash"]})
            if response["ok"]:
                self.ledger.config_seq = max(self.ledger.config_seq, seq)
                self.ledger.counts["config_sets"] += 1

    async def cli_sets(self):
        while True:
            self.ledger.next_seq += 1
            seq = self.ledger.next_seq
            process = await asyncio.create_subprocess_exec(
                OPENCLAW, "config", "set", "ui.cliSeq", str(seq), env=self.cli_env(),
                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
            try:
                # Now and then the CLI itself dies mid-write: its temporary must not survive the
                # gateway's next start either.
                if self.random.random() < 0.3:
                    await asyncio.sleep(self.random.uniform(0, 0.01))
                    if process.returncode is None:
                        process.kill()
                        self.ledger.counts["cli_killed"] += 1
                    await process.wait()
                    continue
                if await process.wait() == 0:
                    self.ledger.cli_seq = max(self.ledger.cli_seq, seq)
                    self.ledger.counts["cli_sets"] += 1
            except asyncio.CancelledError:
                # The iteration is over: no CLI may still be writing while the stores are checked.
                if process.returncode is None:
                    process.kill()
                await process.wait()
                raise

    async def one_iteration(self, iteration, rotating):
        admin = await self.admin()
        # Fresh sessions each time keep the history sent upstream (and each transcript) short.
        tasks = [self.approvals(admin), self.rotations(await self.admin(), rotating),
                 self.chats("agent:main:crash-%d" % iteration), self.chats("agent:main:crash-%d-b" % iteration),
                 self.http_chats("crash-%d" % iteration)]
        # config.set and `config set` both read, modify and write openclaw.json; they take turns
        # by iteration so that only crashes, not their race with each other, are tested here.
        tasks.append(self.config_sets() if self.random.random() < 0.5 else self.cli_sets())
        running = [asyncio.create_task(task) for task in tasks]
        await asyncio.sleep(self.random.uniform(0.05, 1.5))
        self.kill_gateway()
        for task in running:
            task.cancel()
        results = await asyncio.gather(*running, return_exceptions=True)
        for result in results:
            # Only the kill may stop an operation: a refused request before it is a failure.
            if isinstance(result, AssertionError):
                raise result

    # ------------------------------------------------------------------ the checks

    def load(self, path):
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)

    def temporaries(self):
        found = []
        for directory, _, files in os.walk(self.state):
            found += [os.path.join(directory, name) for name in files if TEMPORARY.match(name)]
        return found

    def check_transcripts(self, where):
        texts = []
        sessions = os.path.join(self.state, "agents", "main", "sessions")
        for name in os.listdir(sessions):
            if ".jsonl" not in name:
                continue
            with open(os.path.join(sessions, name), "rb") as handle:
                data = handle.read()
            lines = data.split(b"\n")
            tail = lines.pop()  # b"" when the file ends with a newline
            if tail:
                self.ledger.counts["torn_tails"] += 1
            for number, line in enumerate(lines, 1):
                try:
                    entry = json.loads(line)
                except ValueError:
                    self.fail("%s: %s line %d does not parse: %r" % (where, name, number, line[:200]))
                texts.append(json.dumps(entry))
        text = "\n".join(texts)
        for marker in self.ledger.markers:
            self.assertIn('"%s"' % marker, text, "%s: acknowledged user line lost" % where)
            self.assertIn("echo: " + marker, text, "%s: acknowledged answer lost" % where)

    def check_stores(self, where):
        config = self.load(os.path.join(self.state, "openclaw.json"))
        if os.path.exists(os.path.join(self.state, "openclaw.json.bak")):
            self.load(os.path.join(self.state, "openclaw.json.bak"))
        self.assertGreaterEqual(config["ui"]["crashSeq"], self.ledger.config_seq, "%s: config.set lost" % where)
        self.assertGreaterEqual(config["ui"]["cliSeq"], self.ledger.cli_seq, "%s: config set lost" % where)
        paired = self.load(os.path.join(self.state, "devices", "paired.json"))
        pending_path = os.path.join(self.state, "devices", "pending.json")
        if os.path.exists(pending_path):
            self.load(pending_path)
        missing = self.ledger.approved - set(paired)
        self.assertFalse(missing, "%s: approved devices lost: %s" % (where, sorted(missing)))
        for device_id, entry in self.ledger.tokens.items():
            on_disk = paired[device_id]["tokens"]["operator"]["token"]
            if on_disk != entry["acked"]:
                self.assertTrue(entry["in_flight"] and on_disk not in entry["old"],
                                "%s: the acknowledged token of %s was lost" % (where, device_id[:12]))
                # The unacknowledged rotation landed: that token is now the current one.
                entry["old"].add(entry["acked"])
                entry["acked"] = on_disk
            entry["in_flight"] = False
        index = os.path.join(self.state, "agents", "main", "sessions", "sessions.json")
        if os.path.exists(index):
            self.load(index)
        self.check_transcripts(where)

    # ------------------------------------------------------------------ the test

    async def pair_rotating_devices(self):
        ids = []
        for _ in range(ROTATING_DEVICES):
            device = Device()
            connection, hello = await self.connect_ok(device=device, scopes=["operator.read"])
            await connection.close()
            self.ledger.tokens[device.device_id] = {"acked": hello["auth"]["deviceToken"], "in_flight": False,
                                                    "old": set()}
            ids.append(device.device_id)
        return ids

    async def test_kill_9_at_random_points_loses_nothing_acknowledged(self):
        # Restarting the gateway and reading the stores block the loop on purpose; not a warning.
        asyncio.get_running_loop().slow_callback_duration = 10
        print("\ncrash safety: %d iterations, OPENCLAW_CRASH_SEED=%d" % (ITERATIONS, SEED), file=sys.stderr)
        rotating = await self.pair_rotating_devices()
        started = time.monotonic()
        restarts = []
        for iteration in range(ITERATIONS):
            where = "iteration %d (OPENCLAW_CRASH_SEED=%d)" % (iteration, SEED)
            await self.one_iteration(iteration, rotating)
            self.ledger.counts["temporaries_left_by_kill"] += len(self.temporaries())
            self.check_stores(where + ", after the kill")
            before = time.monotonic()
            self.start_gateway()
            restarts.append(time.monotonic() - before)
            self.assertEqual(self.temporaries(), [], "%s: temporaries survive a restart" % where)
            self.check_stores(where + ", after the restart")
            status, _, _ = self.http("/healthz")
            self.assertEqual(status, 200)

        # The devices whose approval was acknowledged still connect with what the gateway keeps.
        for device_id, entry in self.ledger.tokens.items():
            self.assertEqual(self.load(os.path.join(self.state, "devices", "paired.json"))[device_id]["tokens"]
                             ["operator"]["token"], entry["acked"])
        elapsed = time.monotonic() - started
        print("crash safety: %d kills survived in %.1f s; restart to ready: median %.0f ms, max %.0f ms; %s"
              % (ITERATIONS, elapsed, 1000 * sorted(restarts)[len(restarts) // 2], 1000 * max(restarts),
                 json.dumps(self.ledger.counts)), file=sys.stderr)
        self.assertGreater(self.ledger.counts["chats"] + self.ledger.counts["http_chats"], 0)
        self.assertGreater(self.ledger.counts["approvals"], 0)


if __name__ == "__main__":
    import unittest
    unittest.main()
