"""The `circles` front command: `circles X …` runs `circles-X …` with argv and exit code passed through."""


def test_runs_the_subcommand_next_to_itself(tool):
    out = tool("circles", "keygen", "-n", "2", "--format", "plain")
    assert out.returncode == 0, out.stderr
    assert len(out.stdout.splitlines()) == 2


def test_exit_code_and_stderr_come_back(tool):
    out = tool("circles", "keygen", "normalize", "02zz")
    assert out.returncode == 64
    assert "invalid public key" in out.stderr


def test_help_lists_commands_with_their_abstracts(tool):
    out = tool("circles", "help")
    assert out.returncode == 0
    line = next(l for l in out.stdout.splitlines() if l.strip().startswith("keygen"))
    assert "Generate secp256k1 keypairs" in line


def test_unknown_command_is_a_usage_error(tool):
    out = tool("circles", "no-such-thing")
    assert out.returncode == 64
    assert "unknown command \"no-such-thing\"" in out.stderr and "circles help" in out.stderr


def test_help_of_a_command_is_that_commands_own_help(tool):
    out = tool("circles", "help", "keygen")
    assert out.returncode == 0, out.stderr
    assert out.stdout == tool("circles-keygen", "--help").stdout


def test_every_program_answers_version_with_the_one_version(tool):
    versions = {name: tool(name, "--version") for name in
                ["circles", "circles-keygen", "circles-rhai", "circles-worker", "circles-dispatch", "circles-ws",
                 "circles-spawn", "circles-status", "circles-queue", "circles-logs", "circles-stop", "circles-start", "circles-restart", "circles-cleanup"]}
    assert all(out.returncode == 0 for out in versions.values()), {n: o.stderr for n, o in versions.items()}
    assert len({out.stdout for out in versions.values()}) == 1
    assert list(versions.values())[0].stdout.strip().count(".") == 2


def test_bash_completion_of_circles_offers_the_commands_then_delegates(tool):
    """circles <TAB> completes the command names; later words complete as circles-<command>'s would."""
    import subprocess
    from conftest import ROOT, bin_dir

    script = f"""
    shopt -s extglob
    export PATH="{bin_dir()}:$PATH"
    source {ROOT}/completions/bash/circles
    source {ROOT}/completions/bash/circles-spawn
    complete_line() {{
        COMP_LINE="$1"; COMP_POINT=${{#COMP_LINE}}
        read -ra COMP_WORDS <<< "$COMP_LINE"; [[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); COMPREPLY=()
        _circles circles "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
        echo "${{COMPREPLY[*]}}"
    }}
    complete_line "circles "
    complete_line "circles sp"
    complete_line "circles help k"
    complete_line "circles spawn --restart "
    """
    out = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    lines = out.stdout.splitlines()
    assert out.returncode == 0 and len(lines) == 4, out.stderr
    assert set(lines[0].split()) >= {"keygen", "spawn", "dispatch", "status", "cleanup", "help"}
    assert lines[1] == "spawn"
    assert lines[2] == "keygen"
    assert lines[3].split() == ["never", "on-failure", "always"]
