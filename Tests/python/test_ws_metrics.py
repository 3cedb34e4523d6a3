"""circles-ws' GET /metrics read by prometheus_client's own parser (docs/PROTOCOL.md §4): the
built circles-ws and a real circles-worker on a private redis-server, driven over WebSocket."""
import asyncio
import json
import urllib.request

import pytest
import redis
import websockets
import websockets.exceptions
from prometheus_client.parser import text_string_to_metric_families

import test_ws_server as processes

BOUNDS = ["0.001", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "30", "+Inf"]


def scrape(server):
    """{(sample name, frozenset of labels): value} of one scrape, parsed by prometheus_client."""
    with urllib.request.urlopen(server.http + "/metrics", timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        text = response.read().decode()
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def value(samples, name, **labels):
    return samples.get((name, frozenset(labels.items())), 0)


@pytest.fixture(scope="module")
def circle(redis_server, tmp_path_factory):
    key = processes.new_key()[1]
    worker = processes.start_worker(redis_server.url, key, tmp_path_factory.mktemp("circle"))
    yield key
    worker.terminate()
    worker.wait(15)


@pytest.fixture(scope="module")
def server(redis_server, circle):
    running = processes.Server(redis_server.url, [circle])
    yield running
    running.stop()


def test_task_counters_move_by_exactly_the_tasks_sent_and_the_histogram_matches_redis(server, circle, redis_server):
    labels = {"circle": circle, "pk": circle}
    before = scrape(server)

    async def send():
        async with websockets.connect(f"{server.url}/{circle}") as ws:
            for n in range(5):
                assert (await processes.call(ws, "play", [f"{n} + 1"], id=n))["result"]["output"] == str(n + 1)
            for n in range(2):
                assert processes.error_code(await processes.call(ws, "play", ['throw "no"'], id=10 + n)) == -32000

    processes.run(send())
    after = scrape(server)

    def moved(name, **extra):
        return value(after, name, **labels, **extra) - value(before, name, **labels, **extra)

    assert moved("circles_tasks_completed_total") == 5
    assert moved("circles_tasks_errored_total") == 2
    assert moved("circles_task_duration_seconds_count") == 7
    assert moved("circles_task_duration_seconds_bucket", le="+Inf") == 7
    assert value(after, "circles_task_duration_seconds_sum", **labels) > 0

    # Each bucket is the cumulative count of the workers' (non-cumulative) le_ fields in Redis.
    stats = {k.decode(): int(float(v)) for k, v in redis.Redis.from_url(redis_server.url).hgetall(f"circles:stats:{circle}").items()
             if k.startswith(b"le_")}
    total = 0
    for bound in BOUNDS:
        total += stats.get(f"le_{bound}", 0)
        assert value(after, "circles_task_duration_seconds_bucket", **labels, le=bound) == total, bound
    assert total == value(after, "circles_task_duration_seconds_count", **labels)

    assert value(after, "circles_workers_alive", **labels) == 1
    assert value(after, "circles_queue_length", **labels) == 0
    assert value(after, "circles_tasks_processing", **labels) == 0
    assert value(after, "circles_redis_up") == 1

    def requests(result):
        name = "circles_ws_requests_total"
        return value(after, name, method="play", result=result) - value(before, name, method="play", result=result)

    assert requests("ok") == 5
    assert requests("execution_error") == 2


def test_sessions_open_and_refused_frames_are_counted(server, circle):
    before = scrape(server)

    async def session():
        async with websockets.connect(f"{server.url}/{circle}") as ws:
            await ws.send(b"\x01\x02")
            await ws.recv()
            await ws.send("{not json")
            await ws.recv()
            return scrape(server)

    async def oversized():
        async with websockets.connect(f"{server.url}/{circle}", max_size=None) as ws:
            await ws.send("x" * ((1 << 20) + 1))
            with pytest.raises(websockets.exceptions.ConnectionClosed) as closed:
                await ws.recv()
            assert closed.value.rcvd.code == 1009

    during = processes.run(session())
    assert value(during, "circles_ws_sessions_open") == value(before, "circles_ws_sessions_open") + 1
    processes.run(oversized())
    after = scrape(server)
    for reason in ("binary", "not_json", "too_large"):
        name = "circles_ws_frames_refused_total"
        assert value(after, name, reason=reason) - value(before, name, reason=reason) == 1, reason
    processes.wait_until(lambda: value(scrape(server), "circles_ws_sessions_open") == value(before, "circles_ws_sessions_open"),
                         10, "the session to be counted as closed")


def test_failed_authentications_are_counted(redis_server, circle):
    running = processes.Server(redis_server.url, [circle], "--enable-auth")
    try:
        private, pubkey = processes.new_key()

        async def session():
            async with websockets.connect(f"{running.url}/{circle}") as ws:
                await processes.call(ws, "fetch_nonce", [pubkey])
                wrong = processes.personal_sign(private, "nonce_0_" + "0" * 32)
                return await processes.call(ws, "authenticate", [pubkey, wrong], id=2)

        assert processes.error_code(processes.run(session())) == -32002
        after = scrape(running)
        assert value(after, "circles_ws_auth_failures_total") == 1
        assert value(after, "circles_ws_requests_total", method="authenticate", result="invalid_credentials") == 1
    finally:
        running.stop()


def test_redis_down_shows_as_0_and_the_circles_drop_out(tmp_path, circle):
    private_redis = processes.RedisServer(tmp_path)
    private_redis.start()
    running = processes.Server(private_redis.url, [circle])
    try:
        private_redis.stop()
        samples = scrape(running)
        assert value(samples, "circles_redis_up") == 0
        assert not any(name.startswith("circles_tasks_completed") for name, _ in samples)
    finally:
        running.stop()
