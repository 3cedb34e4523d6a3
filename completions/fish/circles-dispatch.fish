function __circles-dispatch_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __circles-dispatch_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __circles-dispatch_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __circles-dispatch_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __circles-dispatch_parse_tokens -S
    set -l unparsed_tokens (__circles-dispatch_tokens -pc)
    switch $unparsed_tokens[1]
    case 'circles-dispatch'
        __circles-dispatch_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'send'
            __circles-dispatch_parse_subcommand 1 'launch-data=' 'redis-url=' 'json' 'v' 'd' 'color=' 'circle=' 'e/eval=' 'timeout=' 'caller=' 'no-wait' 'max-script-bytes=' 'version' 'h/help'
        case 'status'
            __circles-dispatch_parse_subcommand 1 'launch-data=' 'redis-url=' 'json' 'v' 'd' 'color=' 'version' 'h/help'
        case 'retry'
            __circles-dispatch_parse_subcommand 1 'launch-data=' 'redis-url=' 'json' 'v' 'd' 'color=' 'timeout=' 'no-wait' 'version' 'h/help'
        case 'cancel'
            __circles-dispatch_parse_subcommand 1 'launch-data=' 'redis-url=' 'json' 'v' 'd' 'color=' 'version' 'h/help'
        case 'help'
            __circles-dispatch_parse_subcommand -r 1 'version'
        end
    end
end

function __circles-dispatch_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __circles-dispatch_parse_subcommand -S -a positional_count
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

function __circles-dispatch_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __circles-dispatch_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__circles-dispatch_tokens -p)
    if test -z "$(__circles-dispatch_tokens -t)"
        set -l index (count (__circles-dispatch_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'circles-dispatch' -f
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch" version' -l 'version' -d 'Show the version.'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_positional "circles-dispatch" -eq 1' -fa 'send' -d 'Send a script to a circle (the default command).'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_positional "circles-dispatch" -eq 1' -fa 'status' -d 'Show a task\'s record: its status, and its output or error once finished.'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_positional "circles-dispatch" -eq 1' -fa 'retry' -d 'Run a task that finished as error again (same id, script and caller) and print its new result.'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_positional "circles-dispatch" -eq 1' -fa 'cancel' -d 'Take a pending task off its circle\'s queue; it finishes as error ("cancelled") without running.'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_positional "circles-dispatch" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch send" launch-data' -l 'launch-data' -d 'The launch_data folder (env CIRCLES_LAUNCH_DATA).' -rfka ''
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch send" redis-url' -l 'redis-url' -d 'Redis: redis://[user:password@]host[:port][/db] or unix:///path.sock[?db=N] (env CIRCLES_REDIS_URL; default redis://127.0.0.1:6379).' -rfka ''
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch send" json' -l 'json' -d 'Machine-readable output: JSON / NDJSON on stdout.'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch send"' -s 'v' -d 'More log output on stderr (-v, -vv, -vvv).'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch send" d' -s 'd' -d 'Debug output (same as -vvv).'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch send" color' -l 'color' -d 'Colour: auto (only on a terminal, honours NO_COLOR), always or never.' -rfka 'auto always never'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch send" circle' -l 'circle' -d 'The circle: its public key, or its name (in <launch-data>/state.json, else in the fleet registry in Redis).' -rfka ''
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch send" e eval' -s 'e' -l 'eval' -d 'The script text.' -rfka ''
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch send" timeout' -l 'timeout' -d 'Seconds to wait for the result.' -rfka ''
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch send" caller' -l 'caller' -d 'The caller\'s public key, or "" for an anonymous caller (default: the circle\'s own key, full access).' -rfka ''
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch send" no-wait' -l 'no-wait' -d 'Print the task id and exit without waiting.'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch send" max-script-bytes' -l 'max-script-bytes' -d 'Largest script to send; a bigger one is refused (exit 64).' -rfka ''
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch send" version' -l 'version' -d 'Show the version.'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch send" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch status" launch-data' -l 'launch-data' -d 'The launch_data folder (env CIRCLES_LAUNCH_DATA).' -rfka ''
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch status" redis-url' -l 'redis-url' -d 'Redis: redis://[user:password@]host[:port][/db] or unix:///path.sock[?db=N] (env CIRCLES_REDIS_URL; default redis://127.0.0.1:6379).' -rfka ''
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch status" json' -l 'json' -d 'Machine-readable output: JSON / NDJSON on stdout.'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch status"' -s 'v' -d 'More log output on stderr (-v, -vv, -vvv).'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch status" d' -s 'd' -d 'Debug output (same as -vvv).'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch status" color' -l 'color' -d 'Colour: auto (only on a terminal, honours NO_COLOR), always or never.' -rfka 'auto always never'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch status" version' -l 'version' -d 'Show the version.'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch retry" launch-data' -l 'launch-data' -d 'The launch_data folder (env CIRCLES_LAUNCH_DATA).' -rfka ''
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch retry" redis-url' -l 'redis-url' -d 'Redis: redis://[user:password@]host[:port][/db] or unix:///path.sock[?db=N] (env CIRCLES_REDIS_URL; default redis://127.0.0.1:6379).' -rfka ''
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch retry" json' -l 'json' -d 'Machine-readable output: JSON / NDJSON on stdout.'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch retry"' -s 'v' -d 'More log output on stderr (-v, -vv, -vvv).'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch retry" d' -s 'd' -d 'Debug output (same as -vvv).'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch retry" color' -l 'color' -d 'Colour: auto (only on a terminal, honours NO_COLOR), always or never.' -rfka 'auto always never'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch retry" timeout' -l 'timeout' -d 'Seconds to wait for the new result.' -rfka ''
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch retry" no-wait' -l 'no-wait' -d 'Print the task id and exit without waiting.'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch retry" version' -l 'version' -d 'Show the version.'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch retry" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch cancel" launch-data' -l 'launch-data' -d 'The launch_data folder (env CIRCLES_LAUNCH_DATA).' -rfka ''
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch cancel" redis-url' -l 'redis-url' -d 'Redis: redis://[user:password@]host[:port][/db] or unix:///path.sock[?db=N] (env CIRCLES_REDIS_URL; default redis://127.0.0.1:6379).' -rfka ''
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch cancel" json' -l 'json' -d 'Machine-readable output: JSON / NDJSON on stdout.'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch cancel"' -s 'v' -d 'More log output on stderr (-v, -vv, -vvv).'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch cancel" d' -s 'd' -d 'Debug output (same as -vvv).'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch cancel" color' -l 'color' -d 'Colour: auto (only on a terminal, honours NO_COLOR), always or never.' -rfka 'auto always never'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch cancel" version' -l 'version' -d 'Show the version.'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch cancel" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'circles-dispatch' -n '__circles-dispatch_should_offer_completions_for_flags_or_options "circles-dispatch help" version' -l 'version' -d 'Show the version.'
