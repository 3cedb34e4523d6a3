function __circles-logs_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __circles-logs_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __circles-logs_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __circles-logs_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __circles-logs_parse_tokens -S
    set -l unparsed_tokens (__circles-logs_tokens -pc)
    switch $unparsed_tokens[1]
    case 'circles-logs'
        __circles-logs_parse_subcommand -r 1 'launch-data=' 'redis-url=' 'json' 'v' 'd' 'color=' 'f/follow' 'n/lines=' 'since=' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __circles-logs_parse_subcommand -r 1 'version'
        end
    end
end

function __circles-logs_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __circles-logs_parse_subcommand -S -a positional_count
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

function __circles-logs_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __circles-logs_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__circles-logs_tokens -p)
    if test -z "$(__circles-logs_tokens -t)"
        set -l index (count (__circles-logs_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'circles-logs' -f
complete -c 'circles-logs' -n '__circles-logs_should_offer_completions_for_flags_or_options "circles-logs" launch-data' -l 'launch-data' -d 'The launch_data folder (env CIRCLES_LAUNCH_DATA).' -rfka ''
complete -c 'circles-logs' -n '__circles-logs_should_offer_completions_for_flags_or_options "circles-logs" redis-url' -l 'redis-url' -d 'Redis: redis://[user:password@]host[:port][/db] or unix:///path.sock[?db=N] (env CIRCLES_REDIS_URL; default redis://127.0.0.1:6379).' -rfka ''
complete -c 'circles-logs' -n '__circles-logs_should_offer_completions_for_flags_or_options "circles-logs" json' -l 'json' -d 'Machine-readable output: JSON / NDJSON on stdout.'
complete -c 'circles-logs' -n '__circles-logs_should_offer_completions_for_flags_or_options "circles-logs"' -s 'v' -d 'More log output on stderr (-v, -vv, -vvv).'
complete -c 'circles-logs' -n '__circles-logs_should_offer_completions_for_flags_or_options "circles-logs" d' -s 'd' -d 'Debug output (same as -vvv).'
complete -c 'circles-logs' -n '__circles-logs_should_offer_completions_for_flags_or_options "circles-logs" color' -l 'color' -d 'Colour: auto (only on a terminal, honours NO_COLOR), always or never.' -rfka 'auto always never'
complete -c 'circles-logs' -n '__circles-logs_should_offer_completions_for_flags_or_options "circles-logs" f follow' -s 'f' -l 'follow' -d 'Keep showing new lines as they are written.'
complete -c 'circles-logs' -n '__circles-logs_should_offer_completions_for_flags_or_options "circles-logs" lines n' -s 'n' -l 'lines' -d 'Show the last LINES lines (default: all; with -f, 10).' -rfka ''
complete -c 'circles-logs' -n '__circles-logs_should_offer_completions_for_flags_or_options "circles-logs" since' -l 'since' -d 'Only lines from this time on: 30s, 10m, 2h, 1d back, or a UTC time like 2026-01-31T12:00:00Z.' -rfka ''
complete -c 'circles-logs' -n '__circles-logs_should_offer_completions_for_flags_or_options "circles-logs" version' -l 'version' -d 'Show the version.'
complete -c 'circles-logs' -n '__circles-logs_should_offer_completions_for_flags_or_options "circles-logs" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'circles-logs' -n '__circles-logs_should_offer_completions_for_positional "circles-logs" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'circles-logs' -n '__circles-logs_should_offer_completions_for_flags_or_options "circles-logs help" version' -l 'version' -d 'Show the version.'
