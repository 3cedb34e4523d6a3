function __circles-keygen_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __circles-keygen_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __circles-keygen_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __circles-keygen_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __circles-keygen_parse_tokens -S
    set -l unparsed_tokens (__circles-keygen_tokens -pc)
    switch $unparsed_tokens[1]
    case 'circles-keygen'
        __circles-keygen_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'generate'
            __circles-keygen_parse_subcommand 0 'n/count=' 'out=' 'uncompressed' 'format=' 'version' 'h/help'
        case 'pub'
            __circles-keygen_parse_subcommand 1 'uncompressed' 'version' 'h/help'
        case 'normalize'
            __circles-keygen_parse_subcommand -r 1 'version' 'h/help'
        case 'sign'
            __circles-keygen_parse_subcommand 1 'key=' 'version' 'h/help'
        case 'verify'
            __circles-keygen_parse_subcommand 1 'pubkey=' 'signature=' 'version' 'h/help'
        case 'help'
            __circles-keygen_parse_subcommand -r 1 'version'
        end
    end
end

function __circles-keygen_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __circles-keygen_parse_subcommand -S -a positional_count
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

function __circles-keygen_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __circles-keygen_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__circles-keygen_tokens -p)
    if test -z "$(__circles-keygen_tokens -t)"
        set -l index (count (__circles-keygen_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'circles-keygen' -f
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_flags_or_options "circles-keygen" version' -l 'version' -d 'Show the version.'
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_flags_or_options "circles-keygen" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_positional "circles-keygen" -eq 1' -fa 'generate' -d 'Generate keypairs (the default command).'
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_positional "circles-keygen" -eq 1' -fa 'pub' -d 'Derive the public key of a private key.'
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_positional "circles-keygen" -eq 1' -fa 'normalize' -d 'Check public keys and print their canonical form (66 lowercase hex, compressed).'
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_positional "circles-keygen" -eq 1' -fa 'sign' -d 'Sign a message with Ethereum personal_sign; prints the 130-hex signature r‖s‖v.'
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_positional "circles-keygen" -eq 1' -fa 'verify' -d 'Verify an Ethereum personal_sign signature: exit 0 when it matches the key, 1 when not.'
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_positional "circles-keygen" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_flags_or_options "circles-keygen generate" count n' -s 'n' -l 'count' -d 'How many keypairs to generate.' -rfka ''
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_flags_or_options "circles-keygen generate" out' -l 'out' -d 'Write private keys to key files in this folder instead of printing them.' -rfka ''
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_flags_or_options "circles-keygen generate" uncompressed' -l 'uncompressed' -d 'Also print the 130-hex uncompressed public key ("public_key_uncompressed").'
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_flags_or_options "circles-keygen generate" format' -l 'format' -d 'ndjson (default) or plain (one public key per line).' -rfka 'ndjson plain'
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_flags_or_options "circles-keygen generate" version' -l 'version' -d 'Show the version.'
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_flags_or_options "circles-keygen generate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_flags_or_options "circles-keygen pub" uncompressed' -l 'uncompressed' -d 'Print the 130-hex uncompressed form instead.'
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_flags_or_options "circles-keygen pub" version' -l 'version' -d 'Show the version.'
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_flags_or_options "circles-keygen pub" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_flags_or_options "circles-keygen normalize" version' -l 'version' -d 'Show the version.'
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_flags_or_options "circles-keygen normalize" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_flags_or_options "circles-keygen sign" key' -l 'key' -d 'The private key: a key file, 64 hex chars, or - for stdin.' -rfka ''
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_flags_or_options "circles-keygen sign" version' -l 'version' -d 'Show the version.'
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_flags_or_options "circles-keygen sign" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_flags_or_options "circles-keygen verify" pubkey' -l 'pubkey' -d 'The signer\'s public key (compressed or uncompressed hex).' -rfka ''
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_flags_or_options "circles-keygen verify" signature' -l 'signature' -d '130 hex chars r‖s‖v (optional 0x; v in 0, 1, 27, 28).' -rfka ''
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_flags_or_options "circles-keygen verify" version' -l 'version' -d 'Show the version.'
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_flags_or_options "circles-keygen verify" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'circles-keygen' -n '__circles-keygen_should_offer_completions_for_flags_or_options "circles-keygen help" version' -l 'version' -d 'Show the version.'
