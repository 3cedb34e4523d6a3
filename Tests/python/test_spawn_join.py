"""circles spawn into a running set, from the outside: a circle that joins a running launch answers
`play` over WebSocket on the server that was already running, whose pid stays the same."""
import asyncio
import json

import websockets

from test_ws_server import call, free_port


def test_a_joined_circle_answers_play_on_the_running_server(tool, tmp_path, redis_url):
    launch = ["--launch-data", str(tmp_path / "launch_data"), "--redis-url", redis_url]
    port = free_port()
    keys = [json.loads(line)["public_key"] for line in tool("circles-keygen", "-n", "2", "--out", str(tmp_path / "keys")).stdout.splitlines()]
    try:
        up = tool("circles-spawn", "-c", keys[0], "--detach", "-p", str(port), "--json", *launch, timeout=120)
        assert up.returncode == 0, up.stderr
        state = json.loads((tmp_path / "launch_data" / "state.json").read_text())
        server_pid = state["servers"][0]["pid"]

        joined = tool("circles-spawn", "-c", keys[1], "--json", *launch, timeout=120)
        assert joined.returncode == 0, joined.stderr

        async def play():
            async with websockets.connect(f"ws://127.0.0.1:{port}/{keys[1]}") as ws:
                return await call(ws, "play", {"script": "40 + 2"})

        reply = asyncio.run(asyncio.wait_for(play(), 60))
        assert reply["result"]["output"] == "42", reply
        state = json.loads((tmp_path / "launch_data" / "state.json").read_text())
        assert state["servers"][0]["pid"] == server_pid
        assert [circle["publicKey"] for circle in state["circles"]] == keys
    finally:
        tool("circles-cleanup", *launch)
