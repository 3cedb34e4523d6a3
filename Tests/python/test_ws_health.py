"""circles-ws' /health and /livez from the outside (docs/PROTOCOL.md §4): the built circles-ws,
real circles-worker processes (no restarts) and a private redis-server that the tests stop."""
import json
import time
import urllib.error
import urllib.request

import pytest

import test_ws_server as processes


def get(url):
    """(HTTP status, body) of GET url; a 503 is an answer, not an exception."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def health(server):
    status, body = get(server.http + "/health")
    return status, json.loads(body)


def seconds_until(condition, timeout, what):
    """Polls `condition` and returns how many seconds it took to hold."""
    started = time.monotonic()
    processes.wait_until(condition, timeout, what)
    return time.monotonic() - started


@pytest.fixture
def redis_server(tmp_path):
    server = processes.RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def workers(redis_server, tmp_path):
    """circle -> its circles-worker process, one each for two circles."""
    started = {}
    for _ in range(2):
        circle = processes.new_key()[1]
        started[circle] = processes.start_worker(redis_server.url, circle, tmp_path)
    yield started
    for process in started.values():
        if process.poll() is None:
            process.terminate()
            process.wait(15)


def test_health_is_200_when_redis_answers_and_every_circle_has_a_live_worker(redis_server, workers):
    server = processes.Server(redis_server.url, list(workers))
    try:
        status, body = health(server)
        assert status == 200
        assert body == {"status": "ok", "strict": True, "redis": "ok", "circles": 2, "circlesDown": []}
        assert get(server.http + "/livez") == (200, "ok\n")
    finally:
        server.stop()


def test_a_killed_worker_makes_health_503_within_3_s_naming_its_circle_then_200_once_one_runs_again(
        redis_server, workers, tmp_path):
    server = processes.Server(redis_server.url, list(workers))
    try:
        victim, process = next(iter(workers.items()))
        process.kill()
        process.wait()
        waited = seconds_until(lambda: health(server)[0] == 503, 3, "/health answering 503 after the worker was killed")
        status, body = health(server)
        assert body["status"] == "degraded" and body["redis"] == "ok"
        assert body["circlesDown"] == [{"name": None, "pk": victim}]
        assert get(server.http + "/livez")[0] == 200
        print(f"503 {waited:.2f} s after the kill")

        workers[victim] = processes.start_worker(redis_server.url, victim, tmp_path)
        processes.wait_until(lambda: health(server)[0] == 200, 10, "/health answering 200 with a new worker")
        assert health(server)[1]["circlesDown"] == []
    finally:
        server.stop()


def test_redis_stopped_makes_health_503_within_3_s_then_200_after_it_is_back(redis_server, workers):
    server = processes.Server(redis_server.url, list(workers))
    try:
        redis_server.stop()
        waited = seconds_until(lambda: health(server)[0] == 503, 3, "/health answering 503 after Redis stopped")
        status, body = health(server)
        assert body["status"] == "degraded" and body["redis"] == "down"
        assert sorted(circle["pk"] for circle in body["circlesDown"]) == sorted(workers)
        assert get(server.http + "/livez")[0] == 200
        print(f"503 {waited:.2f} s after Redis stopped")

        redis_server.start()
        # The workers reconnect and beat again (every 2 s) into the new, empty Redis.
        processes.wait_until(lambda: health(server)[0] == 200, 20, "/health answering 200 after Redis came back")
    finally:
        server.stop()


def test_health_strict_false_answers_200_with_the_same_body_when_degraded(redis_server, workers):
    server = processes.Server(redis_server.url, list(workers), "--health-strict", "false")
    try:
        redis_server.stop()
        status, body = health(server)
        assert status == 200
        assert body["status"] == "degraded" and body["strict"] is False and body["redis"] == "down"
    finally:
        server.stop()
