#!/usr/bin/env bash
# Regenerates the shell completions of every circles command from the built executables
# (swift-argument-parser's --generate-completion-script). Run it after changing any option;
# Tests/EndToEndTests/CompletionsTests.swift fails while the files here are stale.
# Usage: completions/generate.sh [BIN_DIR]   (default: the debug build, `swift build --show-bin-path`)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-$(swift build --show-bin-path)}
commands=(circles circles-keygen circles-rhai circles-worker circles-dispatch circles-ws circles-spawn circles-status circles-queue circles-logs circles-stop circles-start circles-restart circles-cleanup)
mkdir -p completions/bash completions/zsh completions/fish
for command in "${commands[@]}"; do
  [[ -x $bin/$command ]] || { echo "generate.sh: $bin/$command is missing; build it first (swift build)" >&2; exit 1; }
  "$bin/$command" --generate-completion-script bash >"completions/bash/$command"
  "$bin/$command" --generate-completion-script zsh >"completions/zsh/_$command"
  "$bin/$command" --generate-completion-script fish >"completions/fish/$command.fish"
done
echo "generate.sh: completions of ${#commands[@]} commands written to completions/{bash,zsh,fish}" >&2
