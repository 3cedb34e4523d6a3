"""circles-ws from the outside: a Python WebSocket client (websockets, eth-keys) against the built
circles-ws and real circles-worker processes, on a private redis-server (docs/PROTOCOL.md §4)."""
import asyncio
import json
import os
import pathlib
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid

import pytest
import redis
import websockets
import websockets.exceptions
from eth_hash.auto import keccak
from eth_keys import keys

from conftest import bin_dir

# A script that keeps a worker busy for a while (about 2 s on a debug build, 0.1 s or more on release).
SLOW_SCRIPT = "let s = 0; for i in 0..300000 { s += i; } s"


# ---------------------------------------------------------------- processes


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {timeout} s")


class RedisServer:
    """A private redis-server on a free loopback port that a test may stop and start again."""

    def __init__(self, folder):
        self.port = free_port()
        self.folder = folder
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port)
        wait_until(lambda: self._answers(client), 10, "redis-server start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    @staticmethod
    def _answers(client):
        try:
            return client.ping()
        except redis.exceptions.ConnectionError:
            return False


def start_worker(redis_url, circle, folder):
    """A real circles-worker for `circle`, returned once its liveness key exists."""
    worker_id = f"w{uuid.uuid4().hex[:8]}"
    process = subprocess.Popen(
        [str(bin_dir() / "circles-worker"), "--circle-public-key", circle, "--redis-url", redis_url,
         "--worker-id", worker_id, "--db-path", str(folder / f"{circle}.db")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis.from_url(redis_url)
    wait_until(lambda: client.exists(f"circles:worker:{circle}:{worker_id}") or process.poll() is not None, 30, "worker readiness")
    assert process.poll() is None, "circles-worker exited at start"
    return process


class Server:
    """A running circles-ws; `url` is what it printed in its listening event."""

    def __init__(self, redis_url, circles, *extra):
        args = [str(bin_dir() / "circles-ws"), "-p", "0", "--redis-url", redis_url, *extra]
        for circle in circles:
            args += ["-c", circle]
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        event = json.loads(self.process.stdout.readline())
        assert event["event"] == "listening" and event["url"].startswith("ws://127.0.0.1:"), event
        self.url = event["url"]
        self.http = "http" + self.url[2:]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def new_key():
    private = keys.PrivateKey(os.urandom(32))
    return private, private.public_key.to_compressed_bytes().hex()


def personal_sign(private, text, v_offset=0):
    """Ethereum personal_sign of `text` as r‖s‖v hex, made with eth-keys (not our code)."""
    message = text.encode()
    digest = keccak(b"\x19Ethereum Signed Message:\n" + str(len(message)).encode() + message)
    signature = bytearray(private.sign_msg_hash(digest).to_bytes())
    signature[64] += v_offset
    return signature.hex()


# ---------------------------------------------------------------- client


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, 60))


async def call(ws, method, params=None, id=1):
    """Sends one request and returns the reply with the same id (other replies are an error)."""
    request = {"jsonrpc": "2.0", "method": method, "id": id}
    if params is not None:
        request["params"] = params
    await ws.send(json.dumps(request))
    reply = json.loads(await ws.recv())
    assert reply["id"] == id, reply
    return reply


async def authenticate(ws, private, pubkey):
    nonce = (await call(ws, "fetch_nonce", {"pubkey": pubkey}))["result"]["nonce"]
    return await call(ws, "authenticate", {"pubkey": pubkey, "signature": personal_sign(private, nonce)}, id=2)


def error_code(reply):
    assert "error" in reply, reply
    return reply["error"]["code"]


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def circles(redis_server, tmp_path_factory):
    """Two circles, each with a real worker."""
    folder = tmp_path_factory.mktemp("circles")
    keys_ = [new_key()[1], new_key()[1]]
    workers = [start_worker(redis_server.url, circle, folder) for circle in keys_]
    yield keys_
    for worker in workers:
        worker.terminate()
        worker.wait(15)


@pytest.fixture(scope="module")
def server(redis_server, circles):
    running = Server(redis_server.url, circles)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def auth_server(redis_server, circles):
    running = Server(redis_server.url, circles, "--enable-auth", "--nonce-ttl", "2")
    yield running
    running.stop()


# ---------------------------------------------------------------- HTTP side


def test_health_counts_circles_and_reports_redis(server):
    with urllib.request.urlopen(server.http + "/health") as response:
        assert json.load(response) == {"status": "ok", "strict": True, "circles": 2, "redis": "ok", "circlesDown": []}


def test_api_circles_lists_every_circle_with_its_url_and_workers(server, circles):
    with urllib.request.urlopen(server.http + "/api/circles") as response:
        listed = json.load(response)
    assert listed["redis"] == "ok" and listed["authRequired"] is False and listed["healthy"] is True
    assert [circle["url"] for circle in listed["circles"]] == [f"{server.url}/{circle}" for circle in sorted(circles)]
    for circle in listed["circles"]:
        assert circle["state"] == "alive" and circle["workersAlive"] == circle["workers"] == 1
        assert 0 <= circle["heartbeatAge"] <= 10 and circle["queued"] == 0


def test_the_page_is_self_contained(server):
    with urllib.request.urlopen(server.http + "/") as response:
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        page = response.read().decode()
    assert "/api/circles" in page and "<script>" in page
    assert "http://" not in page and "https://" not in page and " src=" not in page, "nothing may come from elsewhere"


@pytest.mark.parametrize("path, reason", [
    ("/0299", "invalid public key"),
    ("/02" + "zz" * 32, "invalid public key"),
    ("/" + new_key()[1], "unknown circle"),
    ("/", "no circle in the path"),
])
def test_upgrade_to_a_path_without_a_served_circle_is_refused_with_404_and_reason(server, path, reason):
    async def attempt():
        with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
            async with websockets.connect(server.url + path):
                pass
        return refused.value.response

    response = run(attempt())
    assert response.status_code == 404
    assert reason in response.body.decode()


def test_any_accepted_key_form_reaches_the_circle(server, circles):
    """Uppercase and 0x-prefixed keys are normalised before they name anything."""
    async def session():
        async with websockets.connect(f"{server.url}/0x{circles[0].upper()}") as ws:
            return (await call(ws, "whoami"))["result"]["circle"]

    assert run(session()) == circles[0]


# ---------------------------------------------------------------- play


def test_play_returns_the_script_output_and_task_id(server, circles):
    async def session():
        async with websockets.connect(f"{server.url}/{circles[0]}") as ws:
            return await call(ws, "play", {"script": "let x = 10; x * 2"})

    result = run(session())["result"]
    assert result["output"] == "20"
    assert uuid.UUID(result["task_id"]).version == 4


def test_params_by_position_work_like_params_by_name(server, circles):
    async def session():
        async with websockets.connect(f"{server.url}/{circles[0]}") as ws:
            return await call(ws, "play", ["40 + 2"])

    assert run(session())["result"]["output"] == "42"


def test_a_failing_script_is_an_execution_error_with_task_id(server, circles):
    async def session():
        async with websockets.connect(f"{server.url}/{circles[0]}") as ws:
            return await call(ws, "play", {"script": 'throw "boom"'})

    error = run(session())["error"]
    assert error["code"] == -32000
    assert "boom" in error["data"]["error"] and error["data"]["task_id"]


def test_two_circles_on_one_server_each_run_on_their_own_circle(server, circles):
    async def session(circle):
        async with websockets.connect(f"{server.url}/{circle}") as ws:
            return (await call(ws, "play", {"script": "CONTEXT_ID"}))["result"]["output"]

    async def both():
        return await asyncio.gather(*(session(circle) for circle in circles))

    assert run(both()) == circles


def test_replies_come_out_of_order_with_many_requests_in_flight(server, circles):
    async def session():
        async with websockets.connect(f"{server.url}/{circles[0]}") as ws:
            await ws.send(json.dumps({"jsonrpc": "2.0", "method": "play", "params": [SLOW_SCRIPT], "id": "slow"}))
            for n in range(40):
                await ws.send(json.dumps({"jsonrpc": "2.0", "method": "play", "params": [f"{n} * 3"], "id": n}))
            await ws.send(json.dumps({"jsonrpc": "2.0", "method": "whoami", "id": "who"}))
            return [json.loads(await ws.recv()) for _ in range(42)]

    replies = run(session())
    ids = [reply["id"] for reply in replies]
    assert sorted(map(str, ids)) == sorted(["slow", "who", *map(str, range(40))])
    assert ids.index("who") < ids.index("slow"), "whoami should overtake the slow play"
    for reply in replies:
        if isinstance(reply["id"], int):
            assert reply["result"]["output"] == str(reply["id"] * 3)


def test_a_batch_gets_one_array_of_replies_without_the_notifications(server, circles):
    batch = [
        {"jsonrpc": "2.0", "method": "play", "params": ["1 + 1"], "id": 1},
        {"jsonrpc": "2.0", "method": "whoami", "id": "b"},
        {"jsonrpc": "2.0", "method": "play", "params": ["3"]},
        {"jsonrpc": "2.0", "method": "nope", "id": 3},
        {"jsonrpc": "2.0", "id": 4},
    ]

    async def session():
        async with websockets.connect(f"{server.url}/{circles[0]}") as ws:
            await ws.send(json.dumps(batch))
            return json.loads(await ws.recv())

    replies = {reply["id"]: reply for reply in run(session())}
    assert set(replies) == {1, "b", 3, 4}
    assert replies[1]["result"]["output"] == "2"
    assert replies["b"]["result"]["circle"] == circles[0]
    assert error_code(replies[3]) == -32601
    assert error_code(replies[4]) == -32600


def test_a_notification_gets_no_reply(server, circles):
    async def session():
        async with websockets.connect(f"{server.url}/{circles[0]}") as ws:
            await ws.send(json.dumps({"jsonrpc": "2.0", "method": "play", "params": ["1"]}))
            await ws.send(json.dumps([{"jsonrpc": "2.0", "method": "whoami"}]))
            return await call(ws, "whoami", id="after")

    assert run(session())["id"] == "after"


# ---------------------------------------------------------------- authentication


def test_play_before_authenticate_is_refused_with_32001(auth_server, circles):
    async def session():
        async with websockets.connect(f"{auth_server.url}/{circles[0]}") as ws:
            return await call(ws, "play", {"script": "1"})

    assert error_code(run(session())) == -32001


def test_full_auth_flow_with_a_key_the_client_made_and_signed(auth_server, circles):
    private, pubkey = new_key()

    async def session():
        async with websockets.connect(f"{auth_server.url}/{circles[0]}") as ws:
            before = (await call(ws, "whoami"))["result"]
            nonce = (await call(ws, "fetch_nonce", [pubkey]))["result"]
            signature = "0x" + personal_sign(private, nonce["nonce"], v_offset=27)
            authenticated = await call(ws, "authenticate", [pubkey, signature], id=2)
            after = (await call(ws, "whoami", id=3))["result"]
            caller = await call(ws, "play", {"script": "CALLER_ID"}, id=4)
            return before, nonce, authenticated, after, caller

    before, nonce, authenticated, after, caller = run(session())
    assert before == {"circle": circles[0], "authenticated": False, "pubkey": None}
    prefix, unix, random = nonce["nonce"].split("_")
    assert prefix == "nonce" and abs(int(unix) - time.time()) < 5 and len(random) == 32
    assert 0 < nonce["expires_at"] - time.time() <= 2
    assert authenticated["result"] == {"authenticated": True}
    assert after == {"circle": circles[0], "authenticated": True, "pubkey": pubkey}
    assert caller["result"]["output"] == pubkey


def test_wrong_signature_is_invalid_credentials(auth_server, circles):
    private, pubkey = new_key()

    async def session():
        async with websockets.connect(f"{auth_server.url}/{circles[0]}") as ws:
            await call(ws, "fetch_nonce", {"pubkey": pubkey})
            wrong = personal_sign(private, "nonce_0_" + "0" * 32)
            return await call(ws, "authenticate", {"pubkey": pubkey, "signature": wrong}, id=2)

    assert error_code(run(session())) == -32002


def test_a_nonce_works_only_once(auth_server, circles):
    private, pubkey = new_key()

    async def session():
        async with websockets.connect(f"{auth_server.url}/{circles[0]}") as ws:
            nonce = (await call(ws, "fetch_nonce", {"pubkey": pubkey}))["result"]["nonce"]
            signature = personal_sign(private, nonce)
            first = await call(ws, "authenticate", {"pubkey": pubkey, "signature": signature}, id=2)
            again = await call(ws, "authenticate", {"pubkey": pubkey, "signature": signature}, id=3)
            return first, again

    first, again = run(session())
    assert first["result"] == {"authenticated": True}
    assert error_code(again) == -32002


def test_an_expired_nonce_is_refused(auth_server, circles):
    private, pubkey = new_key()

    async def session():
        async with websockets.connect(f"{auth_server.url}/{circles[0]}") as ws:
            nonce = (await call(ws, "fetch_nonce", {"pubkey": pubkey}))["result"]["nonce"]
            await asyncio.sleep(2.5)
            return await call(ws, "authenticate", {"pubkey": pubkey, "signature": personal_sign(private, nonce)}, id=2)

    reply = run(session())
    assert error_code(reply) == -32002 and "expired" in reply["error"]["message"]


def test_a_key_signing_another_keys_nonce_is_refused(auth_server, circles):
    alice, alice_pub = new_key()
    mallory, mallory_pub = new_key()

    async def session():
        async with websockets.connect(f"{auth_server.url}/{circles[0]}") as ws:
            nonce = (await call(ws, "fetch_nonce", {"pubkey": alice_pub}))["result"]["nonce"]
            signed_by_mallory = personal_sign(mallory, nonce)
            as_alice = await call(ws, "authenticate", {"pubkey": alice_pub, "signature": signed_by_mallory}, id=2)
            as_mallory = await call(ws, "authenticate", {"pubkey": mallory_pub, "signature": signed_by_mallory}, id=3)
            play = await call(ws, "play", {"script": "1"}, id=4)
            return as_alice, as_mallory, play

    as_alice, as_mallory, play = run(session())
    assert error_code(as_alice) == -32002
    assert error_code(as_mallory) == -32002, "a nonce fetched for alice must not authenticate mallory"
    assert error_code(play) == -32001


def test_a_nonce_is_bound_to_the_session_that_fetched_it(auth_server, circles):
    private, pubkey = new_key()

    async def sessions():
        async with websockets.connect(f"{auth_server.url}/{circles[0]}") as first, \
                websockets.connect(f"{auth_server.url}/{circles[0]}") as second:
            nonce = (await call(first, "fetch_nonce", {"pubkey": pubkey}))["result"]["nonce"]
            signature = personal_sign(private, nonce)
            elsewhere = await call(second, "authenticate", {"pubkey": pubkey, "signature": signature})
            here = await call(first, "authenticate", {"pubkey": pubkey, "signature": signature}, id=2)
            return elsewhere, here

    elsewhere, here = run(sessions())
    assert error_code(elsewhere) == -32002
    assert here["result"] == {"authenticated": True}


# ---------------------------------------------------------------- bad input

OK = object()
BIG = 2 * 1024 * 1024


def request(**members):
    return json.dumps({"jsonrpc": "2.0", **members})


BAD_FRAMES = [
    ("not JSON", "hello", -32700),
    ("truncated JSON", '{"jsonrpc": "2.0", "method": ', -32700),
    ("empty text", "", -32700),
    ("JSON array of junk", "[1, true, null]", [-32600, -32600, -32600]),
    ("empty batch", "[]", -32600),
    ("a bare string", '"play"', -32600),
    ("null", "null", -32600),
    ("missing jsonrpc", json.dumps({"method": "whoami", "id": 1}), -32600),
    ("jsonrpc 1.0", request(jsonrpc="1.0", method="whoami", id=1), -32600),
    ("method is a number", request(method=42, id=1), -32600),
    ("method missing", request(id=1), -32600),
    ("params is a string", request(method="whoami", params="x", id=1), -32600),
    ("id is an object", request(method="whoami", id={"a": 1}), -32600),
    ("id is a boolean", request(method="whoami", id=True), -32600),
    ("huge numeric id", '{"jsonrpc":"2.0","method":"whoami","id":123456789012345678901234567890}', -32600),
    ("huge string id", request(method="whoami", id="x" * 5000), -32600),
    ("unknown method", request(method="rm_rf", id=1), -32601),
    ("script is a number", request(method="play", params={"script": 5}, id=1), -32602),
    ("script missing", request(method="play", params=[], id=1), -32602),
    ("unknown param name", request(method="play", params={"scrpt": "1"}, id=1), -32602),
    ("too many positional params", request(method="whoami", params=[1], id=1), -32602),
    ("invalid pubkey", request(method="fetch_nonce", params=["02zz"], id=1), -32602),
    ("signature missing", request(method="authenticate", params={"pubkey": new_key()[1]}, id=1), -32602),
    ("batch over the limit", json.dumps([json.loads(request(method="whoami", id=n)) for n in range(101)]), -32600),
    ("deep nesting", "[" * 100_000 + "]" * 100_000, -32700),
    ("binary frame", request(method="whoami", id=1).encode(), -32600),
    ("2 MiB frame", request(method="play", params=["x" * BIG], id=1), 1009),
]


def test_bad_input_table_gets_error_codes_and_the_server_keeps_serving(server, circles):
    assert len(BAD_FRAMES) >= 20
    endpoint = f"{server.url}/{circles[0]}"

    async def one(frame, expected):
        async with websockets.connect(endpoint, max_size=None) as ws:
            if expected == 1009:
                # The server closes as soon as the frame header names the length, which may be
                # while the client is still sending the rest.
                with pytest.raises(websockets.exceptions.ConnectionClosed) as closed:
                    await ws.send(frame)
                    await ws.recv()
                return closed.value.rcvd.code
            await ws.send(frame)
            reply = json.loads(await ws.recv())
            return [error_code(r) for r in reply] if isinstance(reply, list) else error_code(reply)

    async def table():
        async with websockets.connect(endpoint) as bystander:
            outcomes = {}
            for name, frame, expected in BAD_FRAMES:
                outcomes[name] = (await one(frame, expected), expected)
                # Another session is served normally throughout.
                assert (await call(bystander, "play", ["6 * 7"]))["result"]["output"] == "42", name
            return outcomes

    outcomes = run(table())
    wrong = {name: got for name, (got, expected) in outcomes.items() if got != expected}
    assert not wrong, wrong


def test_error_replies_keep_the_request_id_when_it_is_usable(server, circles):
    async def session():
        async with websockets.connect(f"{server.url}/{circles[0]}") as ws:
            await ws.send(request(jsonrpc="1.0", method="whoami", id="mine"))
            bad_version = json.loads(await ws.recv())
            await ws.send(request(method="whoami", id=[1]))
            bad_id = json.loads(await ws.recv())
            return bad_version, bad_id

    bad_version, bad_id = run(session())
    assert bad_version["id"] == "mine"
    assert bad_id["id"] is None


# ---------------------------------------------------------------- frames (RFC 6455, a raw socket client)


class RawWebSocket:
    """A WebSocket client on a plain socket, written here from RFC 6455, for frames that a
    well-behaved library will not send (bad UTF-8, hand-made fragments, unanswered pings)."""

    def __init__(self, url):
        host, port_path = url[len("ws://"):].split(":", 1)
        port, path = port_path.split("/", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=10)
        key = "dGhlIHNhbXBsZSBub25jZQ=="
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        response = b""
        while b"\r\n\r\n" not in response:
            response += self.sock.recv(1)
        assert response.startswith(b"HTTP/1.1 101"), response

    def send(self, opcode, payload, fin=True):
        mask = os.urandom(4)
        header = bytes([(0x80 if fin else 0) | opcode])
        if len(payload) < 126:
            header += bytes([0x80 | len(payload)])
        else:
            header += bytes([0x80 | 126]) + len(payload).to_bytes(2, "big")
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def receive(self):
        """(opcode, payload) of the next frame from the server (unmasked, as servers send)."""
        first, second = self._exactly(2)
        length = second & 0x7F
        if length == 126:
            length = int.from_bytes(self._exactly(2), "big")
        elif length == 127:
            length = int.from_bytes(self._exactly(8), "big")
        return first & 0x0F, self._exactly(length)

    def close_code(self):
        """Reads until the server's close frame and returns its status code."""
        while True:
            opcode, payload = self.receive()
            if opcode == 0x8:
                return int.from_bytes(payload[:2], "big")

    def _exactly(self, count):
        data = b""
        while len(data) < count:
            chunk = self.sock.recv(count - len(data))
            if not chunk:
                raise ConnectionError("the server closed the connection")
            data += chunk
        return data


TEXT, CONTINUATION, CLOSE, PING, PONG = 0x1, 0x0, 0x8, 0x9, 0xA


def test_a_fragmented_message_is_assembled_and_a_ping_between_fragments_is_answered(server, circles):
    raw = RawWebSocket(f"{server.url}/{circles[0]}")
    text = request(method="play", params=["6 * 7"], id="pieces").encode()
    raw.send(TEXT, text[:10], fin=False)
    raw.send(PING, b"still there?")
    raw.send(CONTINUATION, text[10:20], fin=False)
    raw.send(CONTINUATION, text[20:])
    assert raw.receive() == (PONG, b"still there?")
    opcode, payload = raw.receive()
    assert opcode == TEXT and json.loads(payload)["result"]["output"] == "42"


def test_a_text_frame_that_is_not_utf8_closes_the_session_with_1007(server, circles):
    raw = RawWebSocket(f"{server.url}/{circles[0]}")
    raw.send(TEXT, b'{"jsonrpc":"2.0","method":"whoami","id":"\xff\xfe"}')
    assert raw.close_code() == 1007


def test_fragments_adding_up_to_more_than_the_message_limit_close_with_1009(redis_server, circles):
    running = Server(redis_server.url, circles, "--max-frame", "1000")
    try:
        raw = RawWebSocket(f"{running.url}/{circles[0]}")
        for _ in range(2):
            raw.send(TEXT if _ == 0 else CONTINUATION, b"x" * 600, fin=False)
        assert raw.close_code() == 1009
    finally:
        running.stop()


def test_a_client_that_answers_no_ping_is_closed_and_one_that_does_stays(redis_server, circles):
    running = Server(redis_server.url, circles, "--ping-interval", "0.3")
    try:
        silent = RawWebSocket(f"{running.url}/{circles[0]}")
        started = time.monotonic()
        assert silent.receive()[0] == PING
        assert silent.close_code() == 1001 and time.monotonic() - started < 3

        async def answering():
            async with websockets.connect(f"{running.url}/{circles[0]}") as ws:  # answers pings itself
                await asyncio.sleep(1.5)
                return (await call(ws, "whoami"))["result"]["circle"]

        assert run(answering()) == circles[0]
    finally:
        running.stop()


# ---------------------------------------------------------------- limits and lifecycle


def test_an_idle_session_is_closed(redis_server, circles):
    running = Server(redis_server.url, circles, "--idle-timeout", "1")
    try:
        async def session():
            async with websockets.connect(f"{running.url}/{circles[0]}") as ws:
                started = time.monotonic()
                with pytest.raises(websockets.exceptions.ConnectionClosed) as closed:
                    await ws.recv()
                return closed.value.rcvd.code, time.monotonic() - started

        code, after = run(session())
        assert code == 1000 and 0.9 < after < 5
    finally:
        running.stop()


def test_a_play_nobody_answers_times_out_with_32003_task_id_and_timeout(redis_server):
    lonely = new_key()[1]  # a circle without a worker: its task is never taken
    running = Server(redis_server.url, [lonely], "--request-timeout", "1")

    async def session():
        async with websockets.connect(f"{running.url}/{lonely}") as ws:
            started = time.monotonic()
            reply = await call(ws, "play", ["1"])
            return reply, time.monotonic() - started

    try:
        reply, waited = run(session())
        assert error_code(reply) == -32003
        assert reply["error"]["data"]["timeout_secs"] == 1 and uuid.UUID(reply["error"]["data"]["task_id"])
        assert 0.9 < waited < 4
    finally:
        running.stop()


def test_reading_pauses_at_the_in_flight_limit(redis_server, circles):
    """With one request allowed in flight, whoami cannot overtake a slow play (compare the
    out-of-order test above, where it does)."""
    running = Server(redis_server.url, circles, "--max-in-flight", "1")

    async def session():
        async with websockets.connect(f"{running.url}/{circles[0]}") as ws:
            await ws.send(request(method="play", params=[SLOW_SCRIPT], id="slow"))
            await ws.send(request(method="whoami", id="who"))
            await ws.send(request(method="whoami", id="who again"))
            return [json.loads(await ws.recv())["id"] for _ in range(3)]

    try:
        # The two whoami wait; each is answered at once when its turn comes, the second from the first's finish.
        assert run(session()) == ["slow", "who", "who again"]
    finally:
        running.stop()


def write_state(path, circles):
    """A state.json as circles-spawn writes it (the fields LaunchState requires)."""
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    state = {
        "version": 1, "mode": "direct", "servers": [], "createdAt": now, "updatedAt": now,
        "circles": [{"name": f"circle{n}", "publicKey": key,
                     "worker": {"workerId": f"w{n}", "restarts": 0, "status": "running"}}
                    for n, key in enumerate(circles)],
    }
    path.write_text(json.dumps(state))


def test_circles_come_from_the_state_file_and_sighup_reads_it_again(redis_server, circles, tmp_path):
    state = tmp_path / "state.json"
    write_state(state, circles[:1])
    running = Server(redis_server.url, [], "--state", str(state))

    def served():
        with urllib.request.urlopen(running.http + "/health") as response:
            return json.load(response)["circles"]

    async def whoami(circle):
        async with websockets.connect(f"{running.url}/{circle}") as ws:
            return (await call(ws, "whoami"))["result"]["circle"]

    try:
        assert served() == 1
        with pytest.raises(websockets.exceptions.InvalidStatus):
            run(whoami(circles[1]))
        write_state(state, circles)
        running.process.send_signal(signal.SIGHUP)
        wait_until(lambda: served() == 2, 10, "reload on SIGHUP")
        assert run(whoami(circles[1])) == circles[1]
        with urllib.request.urlopen(running.http + "/api/circles") as response:
            assert [circle["name"] for circle in json.load(response)["circles"]] == ["circle0", "circle1"]
    finally:
        running.stop()


def test_sigterm_lets_the_play_in_flight_finish_then_closes_with_1001_and_exits_0(redis_server, circles):
    running = Server(redis_server.url, circles)

    async def session():
        async with websockets.connect(f"{running.url}/{circles[0]}") as ws:
            await ws.send(request(method="play", params=[SLOW_SCRIPT], id="slow"))
            await asyncio.sleep(0.2)
            running.process.send_signal(signal.SIGTERM)
            reply = json.loads(await ws.recv())
            with pytest.raises(websockets.exceptions.ConnectionClosed) as closed:
                await ws.recv()
            return reply, closed.value.rcvd.code

    try:
        reply, code = run(session())
        assert "result" in reply, reply
        assert code == 1001
        assert running.process.wait(15) == 0
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", int(running.url.rsplit(":", 1)[1])), timeout=2)
    finally:
        running.stop()


def test_sigterm_closes_a_session_whose_play_outlasts_the_grace_with_1001(redis_server):
    lonely = new_key()[1]  # a circle without a worker: its play never finishes
    running = Server(redis_server.url, [lonely], "--grace", "1")

    async def session():
        async with websockets.connect(f"{running.url}/{lonely}") as ws:
            await ws.send(request(method="play", params=["1"], id="stuck"))
            await asyncio.sleep(0.2)
            running.process.send_signal(signal.SIGTERM)
            started = time.monotonic()
            with pytest.raises(websockets.exceptions.ConnectionClosed) as closed:
                await ws.recv()
            return closed.value.rcvd.code, time.monotonic() - started

    try:
        code, waited = run(session())
        assert code == 1001 and 0.8 < waited < 4, (code, waited)
        assert running.process.wait(15) == 0
    finally:
        running.stop()


def test_redis_down_gives_32004_or_32003_never_a_hang_and_play_works_again_after(tmp_path):
    private_redis = RedisServer(tmp_path)
    private_redis.start()
    circle = new_key()[1]
    worker = start_worker(private_redis.url, circle, tmp_path)
    running = Server(private_redis.url, [circle], "--request-timeout", "5")
    endpoint = f"{running.url}/{circle}"
    try:
        async def during_outage():
            async with websockets.connect(endpoint) as ws:
                assert (await call(ws, "play", ["1 + 1"]))["result"]["output"] == "2"
                await ws.send(request(method="play", params=[SLOW_SCRIPT], id="in-flight"))
                await asyncio.sleep(0.05)
                private_redis.stop()
                started = time.monotonic()
                in_flight = json.loads(await ws.recv())
                waited = time.monotonic() - started
                while_down = await call(ws, "play", ["2"], id="down")
                return in_flight, waited, while_down

        in_flight, waited, while_down = run(during_outage())
        assert error_code(in_flight) in (-32004, -32003), in_flight
        assert waited < 5 + 6, "the reply must come within the request timeout (plus the runner guard)"
        assert error_code(while_down) == -32004
        with pytest.raises(urllib.error.HTTPError) as unhealthy:
            urllib.request.urlopen(running.http + "/health")
        assert unhealthy.value.code == 503 and json.load(unhealthy.value)["redis"] == "down"

        private_redis.start()
        if worker.poll() is not None:  # the worker's own reconnecting is not what this test checks
            worker = start_worker(private_redis.url, circle, tmp_path)

        async def after_recovery():
            deadline = time.monotonic() + 30
            async with websockets.connect(endpoint) as ws:
                while True:
                    reply = await call(ws, "play", ["3 * 3"])
                    if "result" in reply or time.monotonic() > deadline:
                        return reply
                    await asyncio.sleep(0.5)

        assert run(after_recovery())["result"]["output"] == "9"
        assert running.process.poll() is None, "the server must stay up through the outage"
    finally:
        running.stop()
        worker.terminate()
        worker.wait(15)
        private_redis.stop()


def test_help_documents_examples_and_exit_codes(tool):
    shown = tool("circles-ws", "--help")
    assert shown.returncode == 0
    assert "Examples:" in shown.stdout and "Exit codes:" in shown.stdout


@pytest.mark.parametrize("args, message", [
    (["-c", "02zz"], "invalid public key"),
    (["--port", "70000"], "--port"),
    (["--max-frame", "1"], "--max-frame"),
    (["--state", "foo.txt"], "state.json"),
])
def test_bad_arguments_exit_64_with_one_line(tool, args, message):
    failed = tool("circles-ws", *args)
    assert failed.returncode == 64
    assert message in failed.stderr
