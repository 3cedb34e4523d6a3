"""The fleet registry from the outside (docs/PROTOCOL.md §2): two launches with their own
launch_data and --host-name on one Redis stand for two hosts; a circles-ws started with --registry
before either serves both, and `play` through it reaches the workers of both "hosts"."""
import asyncio
import json
import time
import urllib.error
import urllib.request

import websockets

from test_ws_server import Server, call, free_port


def served(http, key):
    """True once the server upgrades /<key> (426 to a plain GET), False while it answers 404."""
    try:
        urllib.request.urlopen(f"{http}/{key}", timeout=5)
    except urllib.error.HTTPError as error:
        return error.code == 426
    except OSError:
        return False
    return False


def test_ws_with_registry_plays_on_circles_of_two_hosts_spawned_after_it(tool, tmp_path, redis_url):
    front = Server(redis_url, [], "--registry", "--registry-interval", "0.5", "--launch-data", str(tmp_path / "front"))
    hosts = [("host-a", tmp_path / "a"), ("host-b", tmp_path / "b")]
    keys = [json.loads(line)["public_key"] for line in tool("circles-keygen", "-n", "2", "--out", str(tmp_path / "keys")).stdout.splitlines()]
    try:
        for (name, folder), key in zip(hosts, keys):
            up = tool("circles-spawn", "-c", key, "--detach", "-p", str(free_port()), "--host-name", name, "--json",
                      "--launch-data", str(folder), "--redis-url", redis_url, timeout=120)
            assert up.returncode == 0, up.stderr
        deadline = time.monotonic() + 30
        while not all(served(front.http, key) for key in keys):
            assert time.monotonic() < deadline, "the --registry server did not pick up both circles"
            time.sleep(0.2)

        async def play(key, script):
            async with websockets.connect(f"{front.url}/{key}") as ws:
                return await call(ws, "play", {"script": script})

        for index, key in enumerate(keys):
            reply = asyncio.run(asyncio.wait_for(play(key, f"CONTEXT_ID + \" {index}\""), 60))
            assert reply["result"]["output"] == f"{key} {index}", reply

        listed = json.loads(urllib.request.urlopen(f"{front.http}/api/circles", timeout=10).read())
        assert {circle["pk"]: circle["state"] for circle in listed["circles"]} == {key: "alive" for key in keys}
    finally:
        front.stop()
        for _, folder in hosts:
            tool("circles-cleanup", "--launch-data", str(folder))
