function __circles-status_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __circles-status_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __circles-status_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __circles-status_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __circles-status_parse_tokens -S
    set -l unparsed_tokens (__circles-status_tokens -pc)
    switch $unparsed_tokens[1]
    case 'circles-status'
        __circles-status_parse_subcommand 0 'launch-data=' 'redis-url=' 'json' 'v' 'd' 'color=' 'wide' 'watch' 'interval=' 'fleet' 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'help'
            __circles-status_parse_subcommand -r 1 'version'
        end
    end
end

function __circles-status_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __circles-status_parse_subcommand -S -a positional_count
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

function __circles-status_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __circles-status_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__circles-status_tokens -p)
    if test -z "$(__circles-status_tokens -t)"
        set -l index (count (__circles-status_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'circles-status' -f
complete -c 'circles-status' -n '__circles-status_should_offer_completions_for_flags_or_options "circles-status" launch-data' -l 'launch-data' -d 'The launch_data folder (env CIRCLES_LAUNCH_DATA).' -rfka ''
complete -c 'circles-status' -n '__circles-status_should_offer_completions_for_flags_or_options "circles-status" redis-url' -l 'redis-url' -d 'Redis: redis://[user:password@]host[:port][/db] or unix:///path.sock[?db=N] (env CIRCLES_REDIS_URL; default redis://127.0.0.1:6379).' -rfka ''
complete -c 'circles-status' -n '__circles-status_should_offer_completions_for_flags_or_options "circles-status" json' -l 'json' -d 'Machine-readable output: JSON / NDJSON on stdout.'
complete -c 'circles-status' -n '__circles-status_should_offer_completions_for_flags_or_options "circles-status"' -s 'v' -d 'More log output on stderr (-v, -vv, -vvv).'
complete -c 'circles-status' -n '__circles-status_should_offer_completions_for_flags_or_options "circles-status" d' -s 'd' -d 'Debug output (same as -vvv).'
complete -c 'circles-status' -n '__circles-status_should_offer_completions_for_flags_or_options "circles-status" color' -l 'color' -d 'Colour: auto (only on a terminal, honours NO_COLOR), always or never.' -rfka 'auto always never'
complete -c 'circles-status' -n '__circles-status_should_offer_completions_for_flags_or_options "circles-status" wide' -l 'wide' -d 'Show every column in full (keys, URLs, messages), however wide the table gets.'
complete -c 'circles-status' -n '__circles-status_should_offer_completions_for_flags_or_options "circles-status" watch' -l 'watch' -d 'Show it again every --interval seconds (the table redrawn, like watch), until Ctrl+C.'
complete -c 'circles-status' -n '__circles-status_should_offer_completions_for_flags_or_options "circles-status" interval' -l 'interval' -d 'Seconds between two looks with --watch.' -rfka ''
complete -c 'circles-status' -n '__circles-status_should_offer_completions_for_flags_or_options "circles-status" fleet' -l 'fleet' -d 'Every host\'s circles, from the fleet registry in Redis, instead of this launch_data\'s.'
complete -c 'circles-status' -n '__circles-status_should_offer_completions_for_flags_or_options "circles-status" version' -l 'version' -d 'Show the version.'
complete -c 'circles-status' -n '__circles-status_should_offer_completions_for_flags_or_options "circles-status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'circles-status' -n '__circles-status_should_offer_completions_for_positional "circles-status" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'circles-status' -n '__circles-status_should_offer_completions_for_flags_or_options "circles-status help" version' -l 'version' -d 'Show the version.'
