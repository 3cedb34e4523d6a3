function __circles-ws_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __circles-ws_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __circles-ws_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __circles-ws_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __circles-ws_parse_tokens -S
    set -l unparsed_tokens (__circles-ws_tokens -pc)
    switch $unparsed_tokens[1]
    case 'circles-ws'
        __circles-ws_parse_subcommand 0 'host=' 'p/port=' 'c/circle=+' 'state=' 'registry' 'registry-interval=' 'enable-auth' 'max-frame=' 'request-timeout=' 'nonce-ttl=' 'max-in-flight=' 'idle-timeout=' 'ping-interval=' 'grace=' 'health-strict=' 'max-script-bytes=' 'head-timeout=' 'max-connections=' 'max-buffered=' 'launch-data=' 'redis-url=' 'json' 'v' 'd' 'color=' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __circles-ws_parse_subcommand -r 1 'version'
        end
    end
end

function __circles-ws_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __circles-ws_parse_subcommand -S -a positional_count
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

function __circles-ws_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __circles-ws_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__circles-ws_tokens -p)
    if test -z "$(__circles-ws_tokens -t)"
        set -l index (count (__circles-ws_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'circles-ws' -f
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" host' -l 'host' -d 'Address to listen on.' -rfka ''
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" p port' -s 'p' -l 'port' -d 'Port to listen on; 0 picks a free one (printed on stdout).' -rfka ''
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws"' -s 'c' -l 'circle' -d 'A circle to serve, by public key (repeatable).' -rfka ''
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" state' -l 'state' -d 'A state.json whose circles are served too (default: <launch-data>/state.json when no -c is given).' -rfka ''
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" registry' -l 'registry' -d 'Serve every circle of the fleet registry in Redis too, following its changes (the default without -c, --state and <launch-data>/state.json).'
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" registry-interval' -l 'registry-interval' -d 'Seconds between two reads of the fleet registry.' -rfka ''
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" enable-auth' -l 'enable-auth' -d 'Require fetch_nonce + authenticate (Ethereum personal_sign) before play.'
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" max-frame' -l 'max-frame' -d 'Largest WebSocket message in bytes; bigger ones close the session with 1009.' -rfka ''
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" request-timeout' -l 'request-timeout' -d 'Seconds a play may take before it fails with -32003.' -rfka ''
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" nonce-ttl' -l 'nonce-ttl' -d 'Seconds a nonce from fetch_nonce stays valid.' -rfka ''
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" max-in-flight' -l 'max-in-flight' -d 'Requests one session may have in flight; reading pauses at the limit.' -rfka ''
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" idle-timeout' -l 'idle-timeout' -d 'Seconds a session with nothing in flight may stay silent before it is closed.' -rfka ''
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" ping-interval' -l 'ping-interval' -d 'Seconds between keep-alive pings; a session that misses a pong is closed.' -rfka ''
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" grace' -l 'grace' -d 'Seconds shutdown waits for requests in flight before closing sessions.' -rfka ''
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" health-strict' -l 'health-strict' -d 'Whether GET /health answers 503 when Redis or a circle\'s workers are down (false: always 200, the body still tells).' -rfka ''
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" max-script-bytes' -l 'max-script-bytes' -d 'Largest script play accepts; a bigger one fails with -32602.' -rfka ''
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" head-timeout' -l 'head-timeout' -d 'Seconds a new connection may take to send its request head (the upgrade); then it is closed.' -rfka ''
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" max-connections' -l 'max-connections' -d 'Connections open at once (at most the open-file limit less 64); more are closed as they arrive.' -rfka ''
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" max-buffered' -l 'max-buffered' -d 'Bytes all sessions together may hold that are not a whole message yet; the connection that would pass it is closed.' -rfka ''
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" launch-data' -l 'launch-data' -d 'The launch_data folder (env CIRCLES_LAUNCH_DATA).' -rfka ''
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" redis-url' -l 'redis-url' -d 'Redis: redis://[user:password@]host[:port][/db] or unix:///path.sock[?db=N] (env CIRCLES_REDIS_URL; default redis://127.0.0.1:6379).' -rfka ''
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" json' -l 'json' -d 'Machine-readable output: JSON / NDJSON on stdout.'
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws"' -s 'v' -d 'More log output on stderr (-v, -vv, -vvv).'
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" d' -s 'd' -d 'Debug output (same as -vvv).'
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" color' -l 'color' -d 'Colour: auto (only on a terminal, honours NO_COLOR), always or never.' -rfka 'auto always never'
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" version' -l 'version' -d 'Show the version.'
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_positional "circles-ws" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'circles-ws' -n '__circles-ws_should_offer_completions_for_flags_or_options "circles-ws help" version' -l 'version' -d 'Show the version.'
