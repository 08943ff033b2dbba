#!/usr/bin/env bash
# check-docs.sh: run every command shown in the docs and compare its output with the doc.
#
# Usage:
#   scripts/check-docs.sh [FILE...]     check FILEs (default: every docs/*.md)
#   scripts/check-docs.sh --self-test   test this checker on small made-up documents
#
# What is checked: every fenced block opened with ```console. In it, a line starting with
# "$ " is a command (a line ending in "\" continues on the next line); the lines after it, up
# to the next "$ " line or the end of the block, are its expected output, stdout and stderr
# merged. Each command runs with bash from the repository root, with CARGO_TERM_QUIET=true
# (so cargo's "Compiling ..." lines stay out of the output), without RUST_BACKTRACE, with no
# standard input, and a timeout of 300 s (CHECK_DOCS_TIMEOUT=SECONDS changes it).
#
# Placeholders in the expected output (the syntax of cargo's own snapshot tests):
#   [..]              inside a line: any text within that line (also none)
#   ...               a line that is exactly this: any number of lines (also none)
#   [exit status: N]  the last expected line of a command that exits with status N != 0;
#                     a command that exits 0 must not show it
# Trailing whitespace on each line, and blank lines at the end of an output, are ignored.
#
# A command shown in any other fenced block (```text) is not run, so the line before that
# block must say "not checked" (and why: another OS, timings that vary): a reader can then
# tell output that CI produced from output that someone once saw.
#
# A console block whose previous non-blank line is
#   <!-- check-docs: skip REASON -->
# is not run (e.g. commands that need another OS); it is reported as skipped with REASON.
#
# Then scripts/check-doc-refs.sh checks the same documents' citations: every backticked file
# path must exist and every backticked Rust item of ours must be defined (see its --help).
#
# Exit status: 0 if every command matched and every citation resolved, 1 if not, 2 for a
# usage error.
set -euo pipefail

script=$(realpath "${BASH_SOURCE[0]}")
repo_root=$(dirname "$(dirname "$script")")
timeout_s=${CHECK_DOCS_TIMEOUT:-300}

checked=0
skipped=0
failed=0

# Regular expressions, kept in variables: bash reads them literally from there.
console_fence_re='^```console[[:space:]]*$'
skip_marker_re='^<!--[[:space:]]*check-docs:[[:space:]]*skip([[:space:]]+(.*[^[:space:]]))?[[:space:]]*-->$'
exit_status_re='^\[exit status: ([0-9]+)\]$'

# ---------------------------------------------------------------------------------------------
# Matching

# line_matches EXPECTED ACTUAL: does one actual line match one expected line?
#
# The expected line is cut at each "[..]" into literal parts. A quoted "$part" inside a bash
# pattern is always literal, so characters such as * ? [ \ in the docs match only
# themselves: no escaping needed, and no way for a doc line to act as a glob by accident.
line_matches() {
    local pattern=$1 rest=$2 part
    if [[ $pattern != *'[..]'* ]]; then
        [[ $rest == "$pattern" ]]
        return
    fi
    # The text before the first [..] must start the line.
    part=${pattern%%'[..]'*}
    [[ $rest == "$part"* ]] || return 1
    rest=${rest:${#part}}
    pattern=${pattern#*'[..]'}
    # Each middle part must come next, in order. Taking its leftmost occurrence leaves the
    # most room for the parts after it, so this never misses a match.
    while [[ $pattern == *'[..]'* ]]; do
        part=${pattern%%'[..]'*}
        [[ $rest == *"$part"* ]] || return 1
        rest=${rest#*"$part"}
        pattern=${pattern#*'[..]'}
    done
    # The text after the last [..] must end the line.
    [[ $rest == *"$pattern" ]]
}

# lines_match E A: do the expected lines exp[E...] match the actual lines act[A...]?
# A "..." line tries every number of actual lines, so this searches; positions already known
# to fail are remembered in no_match, which keeps the search short even with several "...".
lines_match() {
    local e=$1 a=$2 k
    [[ -z ${no_match["$e,$a"]:-} ]] || return 1
    if ((e == ${#exp[@]})); then
        ((a == ${#act[@]})) && return 0
    elif [[ ${exp[e]} == '...' ]]; then
        for ((k = a; k <= ${#act[@]}; k++)); do
            lines_match $((e + 1)) "$k" && return 0
        done
    elif ((a < ${#act[@]})) && line_matches "${exp[e]}" "${act[a]}"; then
        lines_match $((e + 1)) $((a + 1)) && return 0
    fi
    no_match["$e,$a"]=1
    return 1
}

# trim_lines ARRAY_NAME: drop trailing whitespace (and a Windows "\r") on every line, and
# blank lines at the end.
trim_lines() {
    local -n lines=$1
    local i
    for i in "${!lines[@]}"; do
        lines[i]=${lines[i]%"${lines[i]##*[![:space:]]}"}
    done
    while ((${#lines[@]} > 0)) && [[ -z ${lines[-1]} ]]; do
        unset 'lines[-1]'
    done
}

# print_lines LINE...: one per line, and nothing at all for no lines.
print_lines() {
    if (($# > 0)); then printf '%s\n' "$@"; fi
}

# ---------------------------------------------------------------------------------------------
# Running one command

# report_failure WHERE COMMAND MESSAGE: print a failure header (the diff, if any, follows).
report_failure() {
    failed=$((failed + 1))
    printf 'FAIL  %s  $ %s\n' "$1" "$2"
    printf '      %s\n' "$3"
}

# run_command WHERE COMMAND: run it and compare with the global array `expected`.
run_command() {
    local where=$1 cmd=$2 output status=0 shown_status=''
    local -a exp act shown_act
    local -A no_match=()
    checked=$((checked + 1))

    # `|| status=$?` keeps `set -e` from stopping this script when the command fails.
    # RUST_BACKTRACE is removed so a panic prints what it prints in a reader's default shell.
    output=$(cd "$repo_root" &&
        CARGO_TERM_QUIET=true timeout --kill-after=10 "$timeout_s" \
            env -u RUST_BACKTRACE bash -c "$cmd" 2>&1 </dev/null) ||
        status=$?
    if [[ -n $output ]]; then mapfile -t act <<<"$output"; else act=(); fi
    exp=("${expected[@]}")
    trim_lines act
    trim_lines exp

    # The exit status line is checked on its own, so that a "..." can never swallow it.
    if ((${#exp[@]} > 0)) && [[ ${exp[-1]} =~ $exit_status_re ]]; then
        shown_status=${BASH_REMATCH[1]}
        unset 'exp[-1]'
    fi

    local problem=''
    if ((status == 124 || status == 137)); then
        problem="exit status $status: the command hit the ${timeout_s} s timeout (or returned $status itself)"
    elif [[ -z $shown_status ]] && ((status != 0)); then
        problem="exit status $status, but the doc does not show it: add \`[exit status: $status]\` as the last output line"
    elif [[ -n $shown_status ]] && ((status == 0)); then
        problem="exit status 0, but the doc shows \`[exit status: $shown_status]\` (a command that succeeds shows none)"
    elif [[ -n $shown_status ]] && ((status != shown_status)); then
        problem="exit status $status, but the doc shows \`[exit status: $shown_status]\`"
    elif ! lines_match 0 0; then
        problem="the output differs from the doc:"
    fi

    if [[ -z $problem ]]; then
        printf 'ok    %s  $ %s\n' "$where" "$cmd"
        return
    fi
    report_failure "$where" "$cmd" "$problem"

    # A readable diff. Where there is no "..." the lines pair up one to one, so an actual line
    # that matches its [..] line is shown as the doc's line, and only real differences remain.
    shown_act=("${act[@]}")
    if [[ " ${exp[*]} " != *' ... '* ]]; then
        local i
        for i in "${!exp[@]}"; do
            if ((i < ${#act[@]})) && line_matches "${exp[i]}" "${act[i]}"; then
                shown_act[i]=${exp[i]}
            fi
        done
    fi
    [[ -z $shown_status ]] || exp+=("[exit status: $shown_status]")
    ((status == 0)) || shown_act+=("[exit status: $status]")
    diff -u --label 'expected (the doc)' --label 'actual' \
        <(print_lines "${exp[@]}") <(print_lines "${shown_act[@]}") |
        sed 's/^/      /' || true
}

# ---------------------------------------------------------------------------------------------
# Reading a markdown file

# check_file FILE: find the console blocks and run (or skip) their commands.
check_file() {
    local file=$1 name=$1 line n=0
    local block='' # '' outside fences, console or other inside one
    local skip_reason='' previous='' cmd='' cmd_line=0 continues=no labelled=no
    expected=()
    [[ $name != "$repo_root"/* ]] || name=${name#"$repo_root"/}

    # finish: the command collected so far (if any) is complete: run it or count it skipped.
    finish() {
        if [[ -z $cmd ]]; then return; fi
        if [[ -n $skip_reason ]]; then
            skipped=$((skipped + 1))
            printf 'skip  %s:%s  $ %s  (%s)\n' "$name" "$cmd_line" "$cmd" "$skip_reason"
        else
            run_command "$name:$cmd_line" "$cmd"
        fi
        cmd=''
        expected=()
    }

    while IFS= read -r line || [[ -n $line ]]; do
        n=$((n + 1))
        line=${line%$'\r'}
        if [[ $block == console ]]; then
            if [[ $continues == yes ]]; then
                cmd+=$'\n'$line
                [[ $line == *\\ ]] || continues=no
            elif [[ $line == '```'* ]]; then
                finish
                block=''
            elif [[ $line == '$ '* ]]; then
                finish
                cmd=${line#'$ '}
                cmd_line=$n
                [[ $cmd != *\\ ]] || continues=yes
            elif [[ -n $cmd ]]; then
                expected+=("$line")
            elif [[ -n ${line//[[:space:]]/} ]]; then
                checked=$((checked + 1))
                report_failure "$name:$n" "(none)" "output shown before any \"\$ \" command line"
            fi
        elif [[ $block == other ]]; then
            if [[ $line == '```'* ]]; then
                block=''
            elif [[ $line == '$ '* && $labelled == no ]]; then
                # Commands and output that no one runs must say so where the reader sees it.
                labelled=reported
                checked=$((checked + 1))
                report_failure "$name:$n" "${line#'$ '}" "a command shown outside a \`\`\`console block is not checked: the line before the block must say \"not checked\" (and why), or make it a \`\`\`console block"
            fi
        elif [[ $line =~ $console_fence_re ]]; then
            block=console
            skip_reason=''
            if [[ $previous =~ $skip_marker_re ]]; then
                skip_reason=${BASH_REMATCH[2]}
                if [[ -z $skip_reason ]]; then
                    # Still skipped (it is meant not to run), but a reason is required.
                    skip_reason='no reason given'
                    checked=$((checked + 1))
                    report_failure "$name:$n" "(block)" "a skipped block needs a reason: <!-- check-docs: skip REASON -->"
                fi
            fi
        elif [[ $line == '```'* ]]; then
            block=other
            labelled=no
            if [[ ${previous,,} == *'not checked'* ]]; then labelled=yes; fi
        fi
        [[ -z ${line//[[:space:]]/} ]] || previous=$line
    done <"$file"

    if [[ $block == console ]]; then
        finish
        checked=$((checked + 1))
        report_failure "$name:$n" "(end of file)" "a \`\`\`console block is never closed"
    fi
}

# ---------------------------------------------------------------------------------------------
# Self-test: made-up documents that must pass, and others that must fail.

self_test() {
    local tmp passes=0 failures=0
    tmp=$(mktemp -d)
    # shellcheck disable=SC2064 # expand $tmp now: it is local and gone when the trap runs
    trap "rm -rf '$tmp'" EXIT

    # expect pass|fail NAME [TEXT...]: check the document on stdin; the checker must exit 0
    # (pass) or 1 (fail), and print every TEXT given.
    expect() {
        local want=$1 name=$2 out status=0 text missing=''
        shift 2
        cat >"$tmp/$name.md"
        out=$(CHECK_DOCS_TIMEOUT=2 bash "$script" "$tmp/$name.md" 2>&1) || status=$?
        for text in "$@"; do
            [[ $out == *"$text"* ]] || missing+=" \"$text\""
        done
        if [[ ($want == pass && $status == 0 || $want == fail && $status == 1) && -z $missing ]]; then
            passes=$((passes + 1))
            printf 'self-test ok      %-30s (must %s)\n' "$name" "$want"
        else
            failures=$((failures + 1))
            printf 'self-test FAILED  %-30s must %s, exited %s%s. Its output:\n' \
                "$name" "$want" "$status" "${missing:+, did not print$missing}"
            printf '%s\n' "$out" | sed 's/^/    /'
        fi
    }

    # --- documents that must pass ---
    expect pass exact '6 commands checked, 0 skipped, 0 failed' <<'EOF'
# Title

Text, and a block in another language that is never run (not checked: it is an example):

```sh
$ false
```

```console
$ echo hello
hello
$ printf 'one\n\ntwo\n'
one

two
$ echo to stderr >&2; echo to stdout
to stderr
to stdout
$ test -f scripts/check-docs.sh && echo "run from the repository root, CARGO_TERM_QUIET=$CARGO_TERM_QUIET"
run from the repository root, CARGO_TERM_QUIET=true
$ echo "RUST_BACKTRACE=${RUST_BACKTRACE-unset}"
RUST_BACKTRACE=unset
$ echo a long \
    command
a long command
```
EOF
    expect pass placeholders-in-line <<'EOF'
```console
$ echo 'pid 4242 took 17 ms'
pid [..] took [..] ms
$ echo 'anything'
[..]
$ echo 'start middle end'
[..]middle[..]
$ echo 'no gap'
no[..] gap[..]
$ echo 'ab ab ab end'
ab[..]ab end
```
EOF
    expect pass glob-characters-are-literal <<'EOF'
```console
$ printf '%s\n' 'a*b?c[d]e\f "quoted" $HOME' '[x] and [.]'
a*b?c[d]e\f "quoted" $HOME
[..] and [.]
```
EOF
    expect pass dots-any-lines '4 commands checked' <<'EOF'
```console
$ printf 'first\nsecond\nthird\nlast\n'
first
...
last
$ printf 'first\nlast\n'
first
...
last
$ printf 'a\nb\nc\n'
...
$ printf 'x\nneedle 1\ny\nneedle 2\nz\n'
...
needle [..]
...
needle 2
...
```
EOF
    expect pass exit-status '2 commands checked' <<'EOF'
```console
$ echo failing; exit 3
failing
[exit status: 3]
$ printf 'many\nlines\n'; exit 1
...
[exit status: 1]
```
EOF
    expect pass skipped-block '1 commands checked, 2 skipped, 0 failed' \
        'skip  ' '$ cmd.exe /c ver  (needs Windows)' <<'EOF'
<!-- check-docs: skip needs Windows -->

```console
$ false
whatever
$ cmd.exe /c ver
```

```console
$ true
```
EOF

    # --- documents that must fail ---
    expect fail wrong-output 'the output differs' '-goodbye' '+hello' \
        'ok    ' 'wrong-output.md:2  $ echo hello' '1 failed' <<'EOF'
```console
$ echo hello
goodbye
$ echo this one passes
this one passes
```
EOF
    expect fail unlabelled-text-block 'the line before the block must say "not checked"' <<'EOF'
It prints:

```text
$ cargo run -p something
output nobody checks
```
EOF
    expect fail missing-exit-status "add \`[exit status: 1]\`" <<'EOF'
```console
$ echo oops; exit 1
oops
```
EOF
    expect fail dots-do-not-hide-exit-status "add \`[exit status: 1]\`" <<'EOF'
```console
$ exit 1
...
```
EOF
    expect fail exit-status-on-success 'a command that succeeds shows none' <<'EOF'
```console
$ echo fine
fine
[exit status: 0]
```
EOF
    expect fail wrong-exit-status 'exit status 2, but the doc shows' <<'EOF'
```console
$ exit 2
[exit status: 3]
```
EOF
    expect fail star-is-not-a-glob 'the output differs' <<'EOF'
```console
$ echo abc
a*
```
EOF
    expect fail question-mark-is-not-a-glob 'the output differs' <<'EOF'
```console
$ echo abc
a?c
```
EOF
    expect fail bracket-is-not-a-glob 'the output differs' <<'EOF'
```console
$ echo abc
a[b]c
```
EOF
    expect fail placeholder-stays-in-its-line 'the output differs' <<'EOF'
```console
$ printf 'one\ntwo\n'
one[..]
```
EOF
    expect fail dots-need-the-next-line 'the output differs' <<'EOF'
```console
$ printf 'first\nsecond\n'
first
...
last
```
EOF
    expect fail extra-output-line 'the output differs' <<'EOF'
```console
$ printf 'one\ntwo\n'
one
```
EOF
    expect fail marker-not-directly-before 'the output differs' <<'EOF'
<!-- check-docs: skip needs Windows -->
Some text between the marker and the block.

```console
$ echo runs
something else
```
EOF
    expect fail skip-without-reason 'needs a reason' <<'EOF'
<!-- check-docs: skip -->
```console
$ true
```
EOF
    expect fail timeout 'timeout' <<'EOF'
```console
$ sleep 5
```
EOF
    expect fail unclosed-block 'never closed' <<'EOF'
```console
$ echo hi
hi
EOF

    echo "self-test: $passes passed, $failures failed"
    ((failures == 0))
}

# ---------------------------------------------------------------------------------------------

main() {
    case ${1:-} in
    --self-test)
        self_test
        "$repo_root/scripts/check-doc-refs.sh" --self-test
        return
        ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "$script" | sed '$d; s/^# \{0,1\}//'
        return
        ;;
    -*)
        echo "check-docs.sh: unknown option $1 (try --help)" >&2
        return 2
        ;;
    esac

    local -a files=("$@")
    if ((${#files[@]} == 0)); then
        shopt -s nullglob
        files=("$repo_root"/docs/*.md)
        shopt -u nullglob
        if ((${#files[@]} == 0)); then
            echo "check-docs: no docs/*.md files, nothing to check"
            return 0
        fi
    fi

    local file
    for file in "${files[@]}"; do
        if [[ ! -f $file ]]; then
            echo "check-docs.sh: no such file: $file" >&2
            return 2
        fi
    done
    for file in "${files[@]}"; do
        check_file "$file"
    done

    echo "check-docs: $checked commands checked, $skipped skipped, $failed failed"
    # Then every file path and Rust item the same documents cite (scripts/check-doc-refs.sh).
    local refs=0
    "$repo_root/scripts/check-doc-refs.sh" "${files[@]}" || refs=$?
    ((failed == 0 && refs == 0))
}

main "$@"
