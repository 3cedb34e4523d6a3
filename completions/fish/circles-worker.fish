function __circles-worker_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __circles-worker_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __circles-worker_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __circles-worker_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __circles-worker_parse_tokens -S
    set -l unparsed_tokens (__circles-worker_tokens -pc)
    switch $unparsed_tokens[1]
    case 'circles-worker'
        __circles-worker_parse_subcommand 0 'launch-data=' 'redis-url=' 'json' 'v' 'd' 'color=' 'circle-public-key=' 'db-path=' 'worker-id=' 'max-operations=' 'task-timeout=' 'max-task-memory=' 'max-script-bytes=' 'result-ttl=' 'host-name=' 'home-lease-ttl=' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __circles-worker_parse_subcommand -r 1 'version'
        end
    end
end

function __circles-worker_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __circles-worker_parse_subcommand -S -a positional_count
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

function __circles-worker_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __circles-worker_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__circles-worker_tokens -p)
    if test -z "$(__circles-worker_tokens -t)"
        set -l index (count (__circles-worker_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'circles-worker' -f
complete -c 'circles-worker' -n '__circles-worker_should_offer_completions_for_flags_or_options "circles-worker" launch-data' -l 'launch-data' -d 'The launch_data folder (env CIRCLES_LAUNCH_DATA).' -rfka ''
complete -c 'circles-worker' -n '__circles-worker_should_offer_completions_for_flags_or_options "circles-worker" redis-url' -l 'redis-url' -d 'Redis: redis://[user:password@]host[:port][/db] or unix:///path.sock[?db=N] (env CIRCLES_REDIS_URL; default redis://127.0.0.1:6379).' -rfka ''
complete -c 'circles-worker' -n '__circles-worker_should_offer_completions_for_flags_or_options "circles-worker" json' -l 'json' -d 'Machine-readable output: JSON / NDJSON on stdout.'
complete -c 'circles-worker' -n '__circles-worker_should_offer_completions_for_flags_or_options "circles-worker"' -s 'v' -d 'More log output on stderr (-v, -vv, -vvv).'
complete -c 'circles-worker' -n '__circles-worker_should_offer_completions_for_flags_or_options "circles-worker" d' -s 'd' -d 'Debug output (same as -vvv).'
complete -c 'circles-worker' -n '__circles-worker_should_offer_completions_for_flags_or_options "circles-worker" color' -l 'color' -d 'Colour: auto (only on a terminal, honours NO_COLOR), always or never.' -rfka 'auto always never'
complete -c 'circles-worker' -n '__circles-worker_should_offer_completions_for_flags_or_options "circles-worker" circle-public-key' -l 'circle-public-key' -d 'The circle\'s public key (66 or 130 hex).' -rfka ''
complete -c 'circles-worker' -n '__circles-worker_should_offer_completions_for_flags_or_options "circles-worker" db-path' -l 'db-path' -d 'The circle\'s SQLite file (default <launch-data>/circle_db_<pk>.db).' -rfka ''
complete -c 'circles-worker' -n '__circles-worker_should_offer_completions_for_flags_or_options "circles-worker" worker-id' -l 'worker-id' -d 'This instance\'s id (default: a new UUID).' -rfka ''
complete -c 'circles-worker' -n '__circles-worker_should_offer_completions_for_flags_or_options "circles-worker" max-operations' -l 'max-operations' -d 'Operations one script may run (0: unlimited).' -rfka ''
complete -c 'circles-worker' -n '__circles-worker_should_offer_completions_for_flags_or_options "circles-worker" task-timeout' -l 'task-timeout' -d 'Wall-clock seconds one script may run.' -rfka ''
complete -c 'circles-worker' -n '__circles-worker_should_offer_completions_for_flags_or_options "circles-worker" max-task-memory' -l 'max-task-memory' -d 'MiB of values one task may hold (the script engine\'s memory account: strings, arrays, maps, rendering, database values) before it is stopped as an error (0: unlimited); the process\'s data is capped at twice this plus 1 GiB.' -rfka ''
complete -c 'circles-worker' -n '__circles-worker_should_offer_completions_for_flags_or_options "circles-worker" max-script-bytes' -l 'max-script-bytes' -d 'Largest script run; a bigger one is finished as an error without being parsed.' -rfka ''
complete -c 'circles-worker' -n '__circles-worker_should_offer_completions_for_flags_or_options "circles-worker" result-ttl' -l 'result-ttl' -d 'Seconds a finished task record is kept.' -rfka ''
complete -c 'circles-worker' -n '__circles-worker_should_offer_completions_for_flags_or_options "circles-worker" host-name' -l 'host-name' -d 'The host this worker runs on, as the circle\'s data-home lease circles:home:<pk> names it (default: this machine\'s host name; circles-spawn passes its own --host-name).' -rfka ''
complete -c 'circles-worker' -n '__circles-worker_should_offer_completions_for_flags_or_options "circles-worker" home-lease-ttl' -l 'home-lease-ttl' -d 'Seconds the circle\'s data-home lease outlives the last heartbeat of a worker on its host (heartbeats come every 2 s).' -rfka ''
complete -c 'circles-worker' -n '__circles-worker_should_offer_completions_for_flags_or_options "circles-worker" version' -l 'version' -d 'Show the version.'
complete -c 'circles-worker' -n '__circles-worker_should_offer_completions_for_flags_or_options "circles-worker" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'circles-worker' -n '__circles-worker_should_offer_completions_for_positional "circles-worker" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'circles-worker' -n '__circles-worker_should_offer_completions_for_flags_or_options "circles-worker help" version' -l 'version' -d 'Show the version.'
