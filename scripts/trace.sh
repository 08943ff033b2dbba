#!/usr/bin/env bash
# trace.sh: show the system calls a lesson's own code makes, without the runtime's noise.
#
# Usage:
#   scripts/trace.sh [OPTIONS] LESSON [ARGS...]
#
#   LESSON                the package name, as in `cargo run -p LESSON`
#   ARGS                  passed to the lesson's program
#   --all                 print the whole trace, start-up and shut-down included
#   --release             build and trace the release build
#   --bin NAME            the binary to trace, for a lesson that has several
#   --manifest-path PATH  a Cargo.toml outside the course's workspace, e.g. the no-libc program:
#                           scripts/trace.sh --release \
#                             --manifest-path crates/01-raw-syscall/no-libc/Cargo.toml no-libc-hello
#
# It builds the lesson with cargo, runs it under `strace -f` (the program's own output appears
# first, as usual), then prints the trace. trace.sh exits with the lesson's exit status.
#
# What is hidden, and why it is safe: before `main`, every Rust program on Linux goes through
# the same start-up: the dynamic loader maps the C library (execve, brk, openat/read/mmap of
# the .so files, arch_prctl, set_tid_address, rseq, mprotect...), then Rust's std prepares the
# process (poll on fds 0-2, ignore SIGPIPE, stack-overflow guard: /proc/self/maps, sigaltstack
# and a SIGSEGV/SIGBUS handler). When `main` returns, std removes its signal stack
# (sigaltstack + munmap) before exit_group. The filter recognises those two *sequences* and
# cuts the trace before and after them; it never deletes a syscall by name alone, so an mmap
# or a sigaltstack that a lesson makes itself is always shown. Threads started by a lesson get
# the same treatment: their own start-up (up to std's sigaltstack) and their shut-down are cut.
# The end of start-up was found by comparing traces of an empty `fn main() {}`, debug and
# release; if it cannot be found (a program with no runtime), everything is printed.
set -euo pipefail

repo_root=$(dirname "$(dirname "$(realpath "${BASH_SOURCE[0]}")")")

usage() {
    # The comment block at the top of this file, from "Usage:" to the blank line after it.
    sed -n '/^# Usage:/,/^# It builds/p' "$(realpath "${BASH_SOURCE[0]}")" | sed '$d; s/^# \{0,1\}//'
}

die() {
    echo "trace.sh: $*" >&2
    exit 1
}

# --- arguments ---------------------------------------------------------------------------------
show_all=no
cargo_args=(--manifest-path "$repo_root/Cargo.toml")
profile=debug
while (($# > 0)); do
    case $1 in
    --all) show_all=yes ;;
    --release) cargo_args+=(--release) profile=release ;;
    --bin)
        (($# >= 2)) || die "--bin needs a NAME"
        cargo_args+=(--bin "$2")
        shift
        ;;
    --manifest-path)
        (($# >= 2)) || die "--manifest-path needs a PATH"
        cargo_args[1]=$2
        shift
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    -*)
        usage >&2
        exit 2
        ;;
    *) break ;;
    esac
    shift
done
if (($# == 0)); then
    usage >&2
    exit 2
fi
lesson=$1
shift

if [[ $(uname -s) != Linux ]]; then
    echo "trace.sh: strace exists only on Linux; on $(uname -s) try dtruss or truss instead." >&2
    exit 2
fi
if ! command -v strace >/dev/null; then
    echo "trace.sh: strace is not installed; install it with \`sudo apt-get install strace\` and run this again." >&2
    exit 2
fi

# --- build, and find the binary -----------------------------------------------------------------
# cargo's JSON messages name each binary it built ("executable"); diagnostics still go to the
# terminal as usual. One message per line, so grep is enough.
build_log=$(cargo build -q -p "$lesson" "${cargo_args[@]}" --message-format=json-render-diagnostics) ||
    die "cargo could not build $lesson (see above)"
mapfile -t exes < <(printf '%s\n' "$build_log" | grep '"kind":\["bin"\]' |
    sed -n 's/.*"executable":"\([^"]*\)".*/\1/p')
case ${#exes[@]} in
0) die "$lesson has no binary to run" ;;
1) exe=${exes[0]} ;;
*)
    # Several binaries: take the one named like the package, as `cargo run` does by default.
    exe=''
    for candidate in "${exes[@]}"; do
        [[ $(basename "$candidate") != "$lesson" ]] || exe=$candidate
    done
    names=()
    for candidate in "${exes[@]}"; do names+=("$(basename "$candidate")"); done
    [[ -n $exe ]] || die "$lesson has several binaries; choose one with --bin NAME: ${names[*]}"
    ;;
esac

# --- run it under strace --------------------------------------------------------------------------
trace_file=$(mktemp)
trap 'rm -f "$trace_file"' EXIT
# -f follows threads and children (every line then starts with the thread's id); -s 100 shows
# up to 100 bytes of each buffer, enough for a lesson's lines of text.
# The binary is named relative to the current directory when it is below it, so that the
# execve line reads the same in every clone of the course.
exe=$(realpath --relative-base=. "$exe")
[[ $exe == /* ]] || exe=./$exe
status=0
strace -f -s 100 -o "$trace_file" -- "$exe" "$@" || status=$?
[[ -s $trace_file ]] || die "strace could not trace $exe (see its message above)"

# --- parse the trace ----------------------------------------------------------------------------
# One entry per line: pid[i] and call[i] (the text after the pid). When two threads run at
# once strace splits a call in two lines, "call(... <unfinished ...>" and later
# "<... call resumed>...)"; the resumed line is tied to its first half (rest_of[i]) so that
# both are kept or hidden together, and the searches below only look at first halves.
pid=() call=() rest_of=() is_rest=()
declare -A open_call=() # pid -> index of its line that is still <unfinished ...>
n=0
while IFS= read -r line; do
    if [[ $line =~ ^([0-9]+)\ +(.*)$ ]]; then
        pid[n]=${BASH_REMATCH[1]}
        call[n]=${BASH_REMATCH[2]}
    else
        pid[n]=0
        call[n]=$line
    fi
    is_rest[n]=no
    if [[ ${call[n]} == '<... '* && -n ${open_call[${pid[n]}]:-} ]]; then
        rest_of[${open_call[${pid[n]}]}]=$n
        is_rest[n]=yes
        unset "open_call[${pid[n]}]"
    elif [[ ${call[n]} == *'<unfinished ...>' ]]; then
        open_call[${pid[n]}]=$n
    fi
    n=$((n + 1))
done <"$trace_file"

main_pid=${pid[0]}
hidden=() # hidden[i]=yes for every line the filter cuts
hide() {  # hide INDEX...: cut these entries (and their resumed halves)
    local i
    for i in "$@"; do
        hidden[i]=yes
        [[ -z ${rest_of[i]:-} ]] || hidden[rest_of[i]]=yes
    done
}

# entries_of PID: the indices of that thread's entries (first halves only), in order.
entries_of() {
    local i
    for ((i = 0; i < n; i++)); do
        [[ ${pid[i]} != "$1" || ${is_rest[i]} == yes ]] || printf '%s\n' "$i"
    done
}

# returned_address INDEX: the 0x... address a call returned ("... = 0x7f12...").
returned_address() {
    [[ ${call[$1]} =~ \ =\ (0x[0-9a-f]+)$ ]] && printf '%s\n' "${BASH_REMATCH[1]}"
}

# cut_signal_stack_teardown PID ALTSTACK: if the thread ends with std's teardown of its
# signal stack (sigaltstack disabled, then munmap of that same ALTSTACK address, then only
# the C library's own exit steps), hide those and keep the final exit/exit_group.
cut_signal_stack_teardown() {
    local thread=$1 altstack=$2 k
    local -a e
    mapfile -t e < <(entries_of "$thread")
    # Walk back from the end over strace's "+++ exited" line and the exit call itself.
    k=$((${#e[@]} - 1))
    while ((k >= 0)) && [[ ${call[e[k]]} == '+++ '* || ${call[e[k]]} == '--- '* ]]; do k=$((k - 1)); done
    ((k >= 0)) && [[ ${call[e[k]]} == exit_group\(* || ${call[e[k]]} == exit\(* ]] || return 0
    local last=$k
    k=$((k - 1))
    # glibc's thread exit: block signals, release the stack's memory.
    while ((k >= 0)) && [[ ${call[e[k]]} == rt_sigprocmask\(* || ${call[e[k]]} == madvise\(* ]]; do k=$((k - 1)); done
    ((k >= 1)) &&
        [[ ${call[e[k]]} == "munmap($altstack, "* ]] &&
        [[ ${call[e[k - 1]]} == 'sigaltstack({ss_sp=NULL, ss_flags=SS_DISABLE'* ]] || return 0
    local j
    for ((j = k - 1; j < last; j++)); do hide "${e[j]}"; done
    shutdown_hidden=$((shutdown_hidden + last - k + 1))
}

# --- the main thread ----------------------------------------------------------------------------
startup_hidden=0
shutdown_hidden=0
mapfile -t main_entries < <(entries_of "$main_pid")
std_begin='' std_end='' main_altstack=''
for ((k = 0; k < ${#main_entries[@]}; k++)); do
    c=${call[main_entries[k]]}
    # std's first act: check that fds 0, 1 and 2 are open (poll), then ignore SIGPIPE.
    if [[ $c == 'poll([{fd=0, events=0}, {fd=1, events=0}, {fd=2, events=0}], 3, '* ||
        $c == 'rt_sigaction(SIGPIPE, {sa_handler=SIG_IGN,'* ]]; then
        std_begin=$k
        break
    fi
done
if [[ -n $std_begin ]]; then
    std_end=$std_begin
    # std's last act before main: install the stack-overflow handler for SIGSEGV, then SIGBUS.
    # It comes some 20 syscalls after SIGPIPE (more if /proc/self/maps is long); 60 leaves
    # room, and the limit keeps a SIGBUS handler a lesson installs later from being taken.
    for ((k = std_begin; k < ${#main_entries[@]} && k <= std_begin + 60; k++)); do
        c=${call[main_entries[k]]}
        if [[ $c == *MAP_STACK* && $c == mmap\(* ]]; then
            main_altstack=$(returned_address "${main_entries[k]}") || true
        elif [[ $c == 'rt_sigaction(SIGPIPE, {sa_handler=SIG_IGN,'* ]]; then
            std_end=$k
        elif [[ $c == 'rt_sigaction(SIGBUS, {'* ]]; then
            std_end=$k
            break
        fi
    done
    # Everything up to there is the loader's and std's work (only the main thread exists yet).
    for ((i = 0; i <= main_entries[std_end]; i++)); do
        if [[ ${is_rest[i]} == no ]]; then hide "$i"; fi
    done
    startup_hidden=$((main_entries[std_end] + 1))
    [[ -z $main_altstack ]] || cut_signal_stack_teardown "$main_pid" "$main_altstack"
fi

# --- threads the lesson started -------------------------------------------------------------------
# A new thread first runs glibc's and std's set-up (rseq, set_robust_list, its malloc arena,
# then std's sigaltstack for its stack-overflow guard) before the lesson's closure: hide up to
# std's sigaltstack install, if it comes within the thread's first 30 syscalls.
if [[ -n $std_begin ]]; then
    declare -A seen=([$main_pid]=yes)
    for ((i = 0; i < n; i++)); do
        thread=${pid[i]}
        [[ -z ${seen[$thread]:-} ]] || continue
        seen[$thread]=yes
        mapfile -t e < <(entries_of "$thread")
        altstack=''
        for ((k = 0; k < ${#e[@]} && k < 30; k++)); do
            c=${call[e[k]]}
            if [[ $c == *MAP_STACK* && $c == mmap\(* ]]; then
                altstack=$(returned_address "${e[k]}") || true
            elif [[ $c == 'sigaltstack({ss_sp=0x'* && -n $altstack ]]; then
                for ((j = 0; j <= k; j++)); do hide "${e[j]}"; done
                startup_hidden=$((startup_hidden + k + 1))
                cut_signal_stack_teardown "$thread" "$altstack"
                break
            fi
        done
    done
fi

# --- print ---------------------------------------------------------------------------------------
# With a single thread the pid column says nothing: leave it out.
threads=$(printf '%s\n' "${pid[@]}" | sort -u | wc -l)
print_line() {
    if ((threads == 1)); then
        printf '%s\n' "${call[$1]}"
    else
        printf '%s %s\n' "${pid[$1]}" "${call[$1]}"
    fi
}

name=$(basename "$exe")
echo
if [[ $show_all == yes ]]; then
    echo "trace.sh: every syscall of $name ($profile build), as strace saw it:"
    hidden=()
elif [[ -z $std_begin ]]; then
    echo "trace.sh: no Rust runtime start-up found (a program with no std, like no-libc-hello?): showing every syscall of $name:"
else
    echo "trace.sh: the syscalls of $name's own code ($profile build); hidden: $startup_hidden of start-up, $shutdown_hidden of shut-down (--all shows them):"
fi
for ((i = 0; i < n; i++)); do
    [[ ${hidden[i]:-} == yes ]] || print_line "$i"
done
exit "$status"
