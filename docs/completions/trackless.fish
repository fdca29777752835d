function __trackless_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __trackless_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __trackless_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __trackless_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __trackless_parse_tokens -S
    set -l unparsed_tokens (__trackless_tokens -pc)
    switch $unparsed_tokens[1]
    case 'trackless'
        __trackless_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'filter'
            __trackless_parse_subcommand 0 'strict' 'unwrap-security-links' 'recipient=+' 'rules=+' 'on-error=' 'timeout=' 'max-size=' 'log=' 'syslog' 'version' 'h/help'
        case 'clean'
            __trackless_parse_subcommand -r 1 'dry-run' 'check' 'jobs=' 'backup=' 'strict' 'unwrap-security-links' 'recipient=+' 'rules=+' 'json' 'quiet' 'version' 'h/help'
        case 'preview'
            __trackless_parse_subcommand -r 1 'diff' 'v/verbose' 'html=' 'json' 'strict' 'unwrap-security-links' 'recipient=+' 'rules=+' 'version' 'h/help'
        case 'rules'
            __trackless_parse_subcommand 0 'rules=+' 'list' 'no-default' 'vendors' 'version' 'h/help'
        case 'audit'
            __trackless_parse_subcommand -r 1 'sender=' 'json' 'markdown' 'html=' 'fail-on=+' 'allow=' 'strict' 'unwrap-security-links' 'recipient=+' 'rules=+' 'version' 'h/help'
        case 'milter'
            __trackless_parse_subcommand 0 'config=' 'check' 'listen=' 'socket-mode=' 'socket-owner=' 'max-connections=' 'drain-timeout=' 'timeout=' 'max-size=' 'memory-limit=' 'metrics=' 'on-error=' 'strict' 'unwrap-security-links' 'recipient=+' 'rules=+' 'version' 'h/help'
        case 'help'
            __trackless_parse_subcommand -r 1 'version'
        end
    end
end

function __trackless_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __trackless_parse_subcommand -S -a positional_count
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

function __trackless_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __trackless_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__trackless_tokens -p)
    if test -z "$(__trackless_tokens -t)"
        set -l index (count (__trackless_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'trackless' -f
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless" version' -l 'version' -d 'Show the version.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_positional "trackless" -eq 1' -fa 'filter' -d 'Clean one message from standard input to standard output (for MDAs).'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_positional "trackless" -eq 1' -fa 'clean' -d 'Clean Maildir and Maildir++ trees in place, crash-safely.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_positional "trackless" -eq 1' -fa 'preview' -d 'Show what Trackless would remove from messages, and why.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_positional "trackless" -eq 1' -fa 'rules' -d 'List and validate the tracker rules in force.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_positional "trackless" -eq 1' -fa 'audit' -d 'Report which third parties messages contact and what they learn; fail a CI step on them.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_positional "trackless" -eq 1' -fa 'milter' -d 'Run as a milter daemon: the MTA passes each message, Trackless cleans it.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_positional "trackless" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless filter" strict' -l 'strict' -d 'Remove every remote load, not only trackers; images become their alt text.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless filter" unwrap-security-links' -l 'unwrap-security-links' -d 'Also unwrap security link wrappers (SafeLinks, Proofpoint, ...).'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless filter"' -l 'recipient' -d 'The reader\'s address (default: from Delivered-To, X-Original-To or To). Repeatable.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless filter"' -l 'rules' -d 'A user rules file (repeatable). The default file is read when HOME or XDG_CONFIG_HOME is set.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless filter" on-error' -l 'on-error' -d 'What to do on an internal failure or timeout: pass the original through, or exit 75.' -rfka 'passthrough tempfail'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless filter" timeout' -l 'timeout' -d 'Give up and pass the original through after this many seconds.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless filter" max-size' -l 'max-size' -d 'Pass messages larger than this many bytes through untouched.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless filter" log' -l 'log' -d 'Append one line per message to this file.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless filter" syslog' -l 'syslog' -d 'Log one line per message to syslog (facility mail).'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless filter" version' -l 'version' -d 'Show the version.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless filter" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless clean" dry-run' -l 'dry-run' -d 'Show what would change; write nothing.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless clean" check' -l 'check' -d 'Only list what an interrupted run left (duplicate copies, journals, tmp files) and what the next run does about it; change nothing. Exit status 1 when something is found.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless clean" jobs' -l 'jobs' -d 'Parallel workers: a number, or auto to let the run choose from the throughput it measures.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless clean" backup' -l 'backup' -d 'Keep every original that is replaced under this directory.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless clean" strict' -l 'strict' -d 'Remove every remote load, not only trackers; images become their alt text.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless clean" unwrap-security-links' -l 'unwrap-security-links' -d 'Also unwrap security link wrappers (SafeLinks, Proofpoint, ...).'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless clean"' -l 'recipient' -d 'The reader\'s address (default: from Delivered-To, X-Original-To or To). Repeatable.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless clean"' -l 'rules' -d 'A user rules file (repeatable). The default file is read when HOME or XDG_CONFIG_HOME is set.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless clean" json' -l 'json' -d 'Print the summary as JSON on standard output.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless clean" quiet' -l 'quiet' -d 'Print nothing but errors.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless clean" version' -l 'version' -d 'Show the version.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless clean" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless preview" diff' -l 'diff' -d 'Print the unified diff of what would change.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless preview" v verbose' -s 'v' -l 'verbose' -d 'After the summary, one row per finding: URLs before and after, reasons.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless preview" html' -l 'html' -d 'Write one page to FILE that shows the message as sent and as cleaned, side by side, loading nothing (one message only).' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless preview" json' -l 'json' -d 'Print a JSON report (schema trackless-preview/1, see docs/preview.md).'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless preview" strict' -l 'strict' -d 'Remove every remote load, not only trackers; images become their alt text.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless preview" unwrap-security-links' -l 'unwrap-security-links' -d 'Also unwrap security link wrappers (SafeLinks, Proofpoint, ...).'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless preview"' -l 'recipient' -d 'The reader\'s address (default: from Delivered-To, X-Original-To or To). Repeatable.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless preview"' -l 'rules' -d 'A user rules file (repeatable). The default file is read when HOME or XDG_CONFIG_HOME is set.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless preview" version' -l 'version' -d 'Show the version.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless preview" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless rules"' -l 'rules' -d 'A user rules file (repeatable).' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless rules" list' -l 'list' -d 'List every rule, built-in ones included.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless rules" no-default' -l 'no-default' -d 'Do not read the default user rules file.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless rules" vendors' -l 'vendors' -d 'List the vendors the rules name, with the company behind each, its country and category, and the source of those facts.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless rules" version' -l 'version' -d 'Show the version.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless rules" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless audit" sender' -l 'sender' -d 'The sender\'s address (its domain is the first party) for HTML templates and messages without From.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless audit" json' -l 'json' -d 'Print JSON (schema trackless-audit/1, see docs/audit.md).'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless audit" markdown' -l 'markdown' -d 'Print Markdown tables.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless audit" html' -l 'html' -d 'Also write a self-contained HTML report with charts to FILE (it loads nothing).' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless audit"' -l 'fail-on' -d 'Exit 1 if any party is: third-party, identifying, outside-eea (repeatable, or comma-separated).' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless audit" allow' -l 'allow' -d 'A file of vendor names or domains (one per line) that --fail-on lets pass.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless audit" strict' -l 'strict' -d 'Remove every remote load, not only trackers; images become their alt text.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless audit" unwrap-security-links' -l 'unwrap-security-links' -d 'Also unwrap security link wrappers (SafeLinks, Proofpoint, ...).'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless audit"' -l 'recipient' -d 'The reader\'s address (default: from Delivered-To, X-Original-To or To). Repeatable.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless audit"' -l 'rules' -d 'A user rules file (repeatable). The default file is read when HOME or XDG_CONFIG_HOME is set.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless audit" version' -l 'version' -d 'Show the version.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless audit" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless milter" config' -l 'config' -d 'A configuration file: one `name = value` per line, names as the long options (see above).' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless milter" check' -l 'check' -d 'Check the configuration and the rules, print the settings in force, and exit without listening.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless milter" listen' -l 'listen' -d 'Where to listen: unix:PATH, inet:HOST:PORT (Postfix) or inet:PORT@HOST (libmilter).' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless milter" socket-mode' -l 'socket-mode' -d 'Mode of the unix socket, in octal.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless milter" socket-owner' -l 'socket-owner' -d 'Owner of the unix socket: USER or USER:GROUP (needs the right to chown).' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless milter" max-connections' -l 'max-connections' -d 'Connections served at once; more wait in the listen queue.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless milter" drain-timeout' -l 'drain-timeout' -d 'After SIGTERM, seconds the connections already open are still served (messages under way are always finished).' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless milter" timeout' -l 'timeout' -d 'Seconds a message may take; past it, it is accepted unmodified. Keep it under Postfix\'s milter_content_timeout.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless milter" max-size' -l 'max-size' -d 'Larger messages (bytes) are accepted unmodified.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless milter" memory-limit' -l 'memory-limit' -d 'Bytes of messages held by all connections together; a message that would pass it is accepted unmodified.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless milter" metrics' -l 'metrics' -d 'Serve Prometheus metrics at http://HOST:PORT/metrics (numeric host), e.g. 127.0.0.1:9120.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless milter" on-error' -l 'on-error' -d 'On an internal failure or timeout: accept the message unmodified (passthrough), or answer 4xx (tempfail).' -rfka 'passthrough tempfail'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless milter" strict' -l 'strict' -d 'Remove every remote load, not only trackers; images become their alt text.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless milter" unwrap-security-links' -l 'unwrap-security-links' -d 'Also unwrap security link wrappers (SafeLinks, Proofpoint, ...).'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless milter"' -l 'recipient' -d 'The reader\'s address (default: from Delivered-To, X-Original-To or To). Repeatable.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless milter"' -l 'rules' -d 'A user rules file (repeatable). The default file is read when HOME or XDG_CONFIG_HOME is set.' -rfka ''
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless milter" version' -l 'version' -d 'Show the version.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless milter" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'trackless' -n '__trackless_should_offer_completions_for_flags_or_options "trackless help" version' -l 'version' -d 'Show the version.'
