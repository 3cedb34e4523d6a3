"""Shared fixtures: where the built executables are (CIRCLES_BIN, set by bin/test)."""
import os
import subprocess
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def bin_dir() -> pathlib.Path:
    env = os.environ.get("CIRCLES_BIN")
    if env:
        return pathlib.Path(env)
    out = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True, check=True)
    return pathlib.Path(out.stdout.strip())


@pytest.fixture(scope="session")
def tool():
    """tool("circles-keygen", *args, input=...) -> CompletedProcess with text output."""
    folder = bin_dir()

    def run(name, *args, input=None, timeout=60, **kwargs):
        return subprocess.run([str(folder / name), *args], input=input, capture_output=True, text=True, timeout=timeout, **kwargs)

    return run


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    """A private redis-server shared by the tests of one module."""
    from test_ws_server import RedisServer

    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(tmp_path):
    """The URL of a private redis-server for one test (stopped after it)."""
    from test_ws_server import RedisServer

    (tmp_path / "redis").mkdir()
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server.url
    server.stop()
