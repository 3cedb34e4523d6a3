# circles: the command names, then the chosen command's own completion (circles-<command>).

function __circles_commands
    set -l tokens (commandline -opc)
    $tokens[1] --list-commands 2>/dev/null
end

# Completes the line as if `circles-<command> …` had been typed.
function __circles_delegate
    set -l tokens (commandline -opc)
    set -l words circles-$tokens[2] $tokens[3..-1]
    complete -C (string join ' ' -- (string escape -- $words) (commandline -ct))
end

# Whether the first word is `help`.
function __circles_after_help
    set -l tokens (commandline -opc)
    test "$tokens[2]" = help
end

complete -c circles -f -n '__fish_is_nth_token 1' -a '(__circles_commands)'
complete -c circles -f -n '__fish_is_nth_token 1' -a help -d "the commands, or a command's help"
complete -c circles -f -n '__fish_is_nth_token 2; and __circles_after_help' -a '(__circles_commands)'
complete -c circles -f -n 'not __fish_is_nth_token 1; and not __circles_after_help' -a '(__circles_delegate)'
