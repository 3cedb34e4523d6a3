"""bin/setup, which both README commands run first, against stand-ins on PATH: `dpkg-query` that
reports every package missing, `id` that says who runs it, and recording `apt-get` and `swift`.
(bin/fresh-machine-check does the same for real, in a new Debian root.)"""
import os
import pathlib
import shutil
import subprocess

import pytest

from conftest import ROOT

RUNTIME = "libsecp256k1-dev libhiredis-dev libsqlite3-dev pkg-config redis-server"
TESTING = "redis-tools sqlite3 python3-venv systemd chromium"


def stand_in(folder: pathlib.Path, name: str, body: str):
    path = folder / name
    path.write_text("#!/bin/bash\n" + body + "\n")
    path.chmod(0o755)


@pytest.fixture
def machine(tmp_path):
    """A copy of the repository's scripts (nothing built) and a PATH of stand-ins before the system's."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "bin", repo / "bin")
    for source in (ROOT / "Sources").iterdir():
        if source.name.startswith("circles"):
            (repo / "Sources" / source.name).mkdir(parents=True)
    shutil.copy(ROOT / "Package.swift", repo)
    (repo / "examples").mkdir()
    (repo / "examples" / "circles.json").write_text('[{"name": "alpha"}]\n')
    tools = tmp_path / "stand-ins"
    tools.mkdir()
    calls = tmp_path / "calls"
    stand_in(tools, "dpkg-query", "exit 1")
    stand_in(tools, "apt-get", f'echo "apt-get $*" >> {calls}')
    # `swift build … --show-bin-path` names the folder; a build makes it (the stand-in builds nothing).
    stand_in(tools, "swift", f'''echo "swift $*" >> {calls}
if [[ " $* " == *" --show-bin-path "* ]]; then echo "$PWD/.build/release"; else mkdir -p .build/release; fi''')
    environment = dict(os.environ, PATH=f"{tools}:/usr/bin:/bin")

    def run(*command, uid):
        stand_in(tools, "id", f'[[ $1 == -u ]] && echo {uid} || /usr/bin/id "$@"')
        out = subprocess.run(command, cwd=repo, env=environment, capture_output=True, text=True, timeout=60)
        lines = calls.read_text().splitlines() if calls.exists() else []
        return out, lines

    return repo, run


def test_as_a_user_the_readme_command_prints_the_one_apt_get_line_and_exits_69(machine):
    repo, run = machine
    out, calls = run("bin/circles", "spawn", "examples/circles.json", uid=1000)
    assert out.returncode == 69, out.stderr
    assert f"sudo apt-get install -y {RUNTIME}" in out.stderr.splitlines()
    assert calls == []  # nothing installed, nothing built


def test_as_root_the_missing_packages_are_installed_then_the_release_products_built(machine):
    repo, run = machine
    out, calls = run("bin/setup", uid=0)
    assert out.returncode == 0, out.stderr
    assert calls[0] == "apt-get update -qq"
    assert calls[1] == f"apt-get install -y -qq {RUNTIME}"
    built = [line.split("--product ")[1] for line in calls if line.startswith("swift build") and "--show-bin-path" not in line]
    assert built[-1] == "circles" and set(built) == {p.name for p in (repo / "Sources").iterdir()}
    assert "-c release" in calls[-1] and "--static-swift-stdlib" in calls[-1]


def test_bin_test_asks_for_the_test_packages_too_and_builds_nothing_in_setup(machine):
    repo, run = machine
    out, calls = run("bin/setup", "--test", "--no-build", uid=1000)
    assert out.returncode == 69
    assert f"sudo apt-get install -y {RUNTIME} {TESTING}" in out.stderr.splitlines()


def test_without_swift_on_path_setup_says_so_with_69(machine, tmp_path):
    repo, run = machine
    (tmp_path / "stand-ins" / "swift").unlink()
    stand_in(tmp_path / "stand-ins", "dpkg-query", "echo 'install ok installed'")
    if shutil.which("swift", path="/usr/bin:/bin"):
        pytest.skip("swift is on the system PATH here")
    out, calls = run("bin/setup", uid=1000)
    assert out.returncode == 69
    assert "swift is not on PATH" in out.stderr
