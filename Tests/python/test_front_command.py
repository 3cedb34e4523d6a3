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
