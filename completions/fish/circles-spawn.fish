function __circles-spawn_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __circles-spawn_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __circles-spawn_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __circles-spawn_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __circles-spawn_parse_tokens -S
    set -l unparsed_tokens (__circles-spawn_tokens -pc)
    switch $unparsed_tokens[1]
    case 'circles-spawn'
        __circles-spawn_parse_subcommand 1 'c/circle=+' 'p/port=' 'host=' 'enable-auth' 'use-service-manager' 'worker-binary=' 'detach' 'grace=' 'restart=' 'ready-timeout=' 'host-name=' 'launch-data=' 'redis-url=' 'json' 'v' 'd' 'color=' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __circles-spawn_parse_subcommand -r 1 'version'
        end
    end
end

function __circles-spawn_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __circles-spawn_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __circles-spawn_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __circles-spawn_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__circles-spawn_tokens -p)
    if test -z "$(__circles-spawn_tokens -t)"
        set -l index (count (__circles-spawn_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'circles-spawn' -f
complete -c 'circles-spawn' -n '__circles-spawn_should_offer_completions_for_flags_or_options "circles-spawn"' -s 'c' -l 'circle' -d 'A circle: PUBLIC_KEY or PUBLIC_KEY:init_script.rhai (repeatable).' -rfka ''
complete -c 'circles-spawn' -n '__circles-spawn_should_offer_completions_for_flags_or_options "circles-spawn" p port' -l 'port' -s 'p' -d 'The WebSocket port of circles whose config names none (default 8080; joining a running launch: its port).' -rfka ''
complete -c 'circles-spawn' -n '__circles-spawn_should_offer_completions_for_flags_or_options "circles-spawn" host' -l 'host' -d 'The address the WebSocket servers listen on.' -rfka ''
complete -c 'circles-spawn' -n '__circles-spawn_should_offer_completions_for_flags_or_options "circles-spawn" enable-auth' -l 'enable-auth' -d 'Require authentication (signed nonce) on the WebSocket servers.'
complete -c 'circles-spawn' -n '__circles-spawn_should_offer_completions_for_flags_or_options "circles-spawn" use-service-manager' -l 'use-service-manager' -d 'Install systemd units (launchd plists on macOS) instead of running children.'
complete -c 'circles-spawn' -n '__circles-spawn_should_offer_completions_for_flags_or_options "circles-spawn" worker-binary' -l 'worker-binary' -d 'The circles-worker to run (default: next to circles-spawn, then PATH; required with --use-service-manager).' -rfka ''
complete -c 'circles-spawn' -n '__circles-spawn_should_offer_completions_for_flags_or_options "circles-spawn" detach' -l 'detach' -d 'Return once all is ready; a background circles-spawn keeps supervising (stop it with circles-cleanup).'
complete -c 'circles-spawn' -n '__circles-spawn_should_offer_completions_for_flags_or_options "circles-spawn" grace' -l 'grace' -d 'Seconds between SIGTERM and SIGKILL when stopping.' -rfka ''
complete -c 'circles-spawn' -n '__circles-spawn_should_offer_completions_for_flags_or_options "circles-spawn" restart' -l 'restart' -d 'Restart crashed workers: never, on-failure or always (exponential backoff, then `failed`).' -rfka 'never on-failure always'
complete -c 'circles-spawn' -n '__circles-spawn_should_offer_completions_for_flags_or_options "circles-spawn" ready-timeout' -l 'ready-timeout' -d 'Seconds to wait for readiness and for the init scripts.' -rfka ''
complete -c 'circles-spawn' -n '__circles-spawn_should_offer_completions_for_flags_or_options "circles-spawn" host-name' -l 'host-name' -d 'The circles\' home host in the fleet registry in Redis (default: this machine\'s host name).' -rfka ''
complete -c 'circles-spawn' -n '__circles-spawn_should_offer_completions_for_flags_or_options "circles-spawn" launch-data' -l 'launch-data' -d 'The launch_data folder (env CIRCLES_LAUNCH_DATA).' -rfka ''
complete -c 'circles-spawn' -n '__circles-spawn_should_offer_completions_for_flags_or_options "circles-spawn" redis-url' -l 'redis-url' -d 'Redis: redis://[user:password@]host[:port][/db] or unix:///path.sock[?db=N] (env CIRCLES_REDIS_URL; default redis://127.0.0.1:6379).' -rfka ''
complete -c 'circles-spawn' -n '__circles-spawn_should_offer_completions_for_flags_or_options "circles-spawn" json' -l 'json' -d 'Machine-readable output: JSON / NDJSON on stdout.'
complete -c 'circles-spawn' -n '__circles-spawn_should_offer_completions_for_flags_or_options "circles-spawn"' -s 'v' -d 'More log output on stderr (-v, -vv, -vvv).'
complete -c 'circles-spawn' -n '__circles-spawn_should_offer_completions_for_flags_or_options "circles-spawn" d' -s 'd' -d 'Debug output (same as -vvv).'
complete -c 'circles-spawn' -n '__circles-spawn_should_offer_completions_for_flags_or_options "circles-spawn" color' -l 'color' -d 'Colour: auto (only on a terminal, honours NO_COLOR), always or never.' -rfka 'auto always never'
complete -c 'circles-spawn' -n '__circles-spawn_should_offer_completions_for_flags_or_options "circles-spawn" version' -l 'version' -d 'Show the version.'
complete -c 'circles-spawn' -n '__circles-spawn_should_offer_completions_for_flags_or_options "circles-spawn" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'circles-spawn' -n '__circles-spawn_should_offer_completions_for_positional "circles-spawn" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'circles-spawn' -n '__circles-spawn_should_offer_completions_for_flags_or_options "circles-spawn help" version' -l 'version' -d 'Show the version.'
