#!/usr/bin/env bash
# Cross-platform stage: test the course on platforms this Linux x86_64 machine is not.
#
#   scripts/cross.sh                  every stage below
#   scripts/cross.sh windows aarch64  only the stages whose name contains one of these words
#   scripts/cross.sh --list           the stage names
#   scripts/cross.sh --verbose        also stream each stage's log to the terminal
#   scripts/cross.sh --tidy           delete each target's build once its last stage is done
#                                     (CI does: up to 4 GB each; the next run builds std again)
#   CROSS_TIMEOUT=1200 scripts/cross.sh   seconds one cargo command may take (default 600)
#
# What it does (docs/platforms.md explains why each level can or cannot be trusted):
#   aarch64-unknown-linux-gnu  cargo test --workspace, each test binary run by qemu-user
#   no-libc-hello/aarch64      lesson 01's program with no C library, built and run by qemu
#   epoll-raw/aarch64          lesson 04's tests with `--features raw` (epoll by raw syscalls)
#   no-libc-server/aarch64     lesson 09's no_std server, built for aarch64; lesson 09's server
#                              tests (native) talk to it under qemu and read qemu's -strace
#   x86_64-win7-windows-gnu    cargo test --workspace, each test binary run by Wine
#   x86_64-apple-darwin, aarch64-apple-darwin, x86_64-unknown-freebsd, x86_64-pc-windows-msvc
#                              cargo test --workspace with /bin/true as linker and runner:
#                              compiled to machine code (doctests too), never linked or run
#
# It installs what is missing (Debian's Rust 1.96 with its std source, qemu-user, the aarch64
# and mingw-w64 cross compilers, Wine) with apt-get, builds std from source for each target
# (-Zbuild-std), and keeps everything under target/cross, so the normal build is untouched.
# One summary line per stage at the end; the exit status is non-zero if any stage failed.

# The stage functions are called indirectly (by `stage`, as "$@"), which shellcheck 0.9 takes
# for unreachable code:
# shellcheck disable=SC2317
set -euo pipefail

# Run from the repository root, wherever we were called from.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

# --- options -----------------------------------------------------------------------------

ALL_STAGES=(
    aarch64-unknown-linux-gnu
    no-libc-hello/aarch64
    epoll-raw/aarch64
    no-libc-server/aarch64
    x86_64-win7-windows-gnu
    x86_64-apple-darwin
    aarch64-apple-darwin
    x86_64-unknown-freebsd
    x86_64-pc-windows-msvc
)
VERBOSE=0
TIDY=0
PATTERNS=()
for arg in "$@"; do
    case $arg in
        -h | --help)
            sed -n '2,/^$/{/^$/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
            exit 0
            ;;
        --list)
            printf '%s\n' "${ALL_STAGES[@]}"
            exit 0
            ;;
        -v | --verbose) VERBOSE=1 ;;
        --tidy) TIDY=1 ;;
        -*)
            echo "cross.sh: unknown option $arg (try --help)" >&2
            exit 2
            ;;
        *) PATTERNS+=("$arg") ;;
    esac
done

# Is stage $1 selected? With no words on the command line, every stage is.
selected() {
    local pattern
    [[ ${#PATTERNS[@]} -eq 0 ]] && return 0
    for pattern in "${PATTERNS[@]}"; do
        [[ $1 == *"$pattern"* ]] && return 0
    done
    return 1
}
any_selected=0
for stage_name in "${ALL_STAGES[@]}"; do
    if selected "$stage_name"; then any_selected=1; fi
done
if [[ $any_selected -eq 0 ]]; then
    echo "cross.sh: no stage matches: ${PATTERNS[*]} (stages: ${ALL_STAGES[*]})" >&2
    exit 2
fi

# --- where things go ---------------------------------------------------------------------

# Everything this stage builds, in its own target directory: std compiled for seven targets
# must not mix with (or invalidate) the normal `target/debug`.
export CARGO_TARGET_DIR=$ROOT/target/cross
LOG_DIR=$CARGO_TARGET_DIR/logs
mkdir -p "$LOG_DIR"
CROSS_CONFIG=$ROOT/scripts/cross/config.toml

# A test that hangs under Wine or qemu must not use up CI's time unnoticed: each cargo
# command is stopped after this many seconds (a cold stage takes under a minute).
TIMEOUT=${CROSS_TIMEOUT:-600}

START=$SECONDS
# "2m05s" for a number of seconds.
duration() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }
# A progress line, stamped with the time since the start.
say() { printf '[%s] %s\n' "$(duration $((SECONDS - START)))" "$*"; }

# --- stage runner ------------------------------------------------------------------------

SUMMARY=()  # one line per stage, printed at the end
FAILED=0

# stage NAME WHAT FUNCTION [ARGS...]: run FUNCTION with its output in target/cross/logs/NAME.log
# (also in $STAGE_LOG, for the function to read), then record one summary line. FUNCTION
# reports its result by printing `summary: TEXT` and a failure's reason by printing
# `why: TEXT` (the helpers `done_with` and `fail` below).
stage() {
    local name=$1 what=$2
    shift 2
    selected "$name" || return 0
    local log=$LOG_DIR/${name//\//-}.log began=$SECONDS status
    STAGE_LOG=$log
    say "$name: $what (log: ${log#"$ROOT"/})"

    # Run the stage in a subshell with `set -e`, so that its first failing command ends it.
    # (Inside `if` or `||`, bash ignores `set -e` even in subshells, hence this form.)
    set +e
    if [[ $VERBOSE -eq 1 ]]; then
        (set -e; "$@") 2>&1 | tee "$log"
        status=${PIPESTATUS[0]}
    else
        (set -e; "$@") >"$log" 2>&1
        status=$?
    fi
    set -e

    local took line
    took=$(duration $((SECONDS - began)))
    if [[ $status -eq 0 ]]; then
        line=$(sed -n 's/^summary: //p' "$log" | tail -n 1)
        say "$name: ok in $took"
        SUMMARY+=("$(printf '%-28s %s [%s]' "$name" "$line" "$took")")
    else
        FAILED=1
        line=$(sed -n 's/^why: //p' "$log" | tail -n 1)
        [[ -n $line ]] || line="exit status $status"
        say "$name: FAILED in $took: $line; the end of its log:"
        tail -n 40 "$log" | sed 's/^/    | /'
        SUMMARY+=("$(printf '%-28s FAILED: %s (log: %s) [%s]' \
            "$name" "$line" "${log#"$ROOT"/}" "$took")")
    fi
}

# Used inside stages: the summary on success, the reason on failure.
done_with() { echo "summary: $*"; }
fail() {
    echo "why: $*"
    exit 1
}

# "1 test", "2 tests": plural COUNT WORD.
plural() { if [[ $1 -eq 1 ]]; then printf '1 %s' "$2"; else printf '%s %ss' "$1" "$2"; fi; }

# The sum of the numbers on stdin, one a line (0 for none).
sum_lines() { awk '{ sum += $1 } END { print sum + 0 }'; }

# Count the tests libtest ran, from its `test result: ok. 12 passed; 0 failed; 2 ignored; ...`
# lines in log $1. Prints e.g. "12 tests" or "12 tests, 2 ignored".
count_tests() {
    local passed ignored
    passed=$(sed -n 's/^test result: ok\. \([0-9]*\) passed.*/\1/p' "$1" | sum_lines)
    ignored=$(sed -n 's/^test result: ok\. .* \([0-9]*\) ignored.*/\1/p' "$1" | sum_lines)
    plural "${passed:-0}" test
    if [[ ${ignored:-0} -gt 0 ]]; then printf ', %s ignored' "$ignored"; fi
}

# Why did `cargo test` fail? "2 tests failed (name, name)", else the first error cargo printed
# (a compile error, or a test binary that crashed before libtest could report).
test_failure() {
    local failed names error
    failed=$(sed -n 's/^test result: FAILED\. [0-9]* passed; \([0-9]*\) failed.*/\1/p' "$1" |
        sum_lines)
    names=$(sed -n 's/^test \(.*\) \.\.\. FAILED$/\1/p' "$1" | head -n 3 | paste -sd, - |
        sed 's/,/, /g')
    error=$(grep -m 1 -E '^error(\[E[0-9]+\])?: ' "$1" || true)
    if [[ $failed -gt 0 ]]; then
        echo "$(plural "$failed" test) failed ($names)"
    elif [[ -n $error ]]; then
        echo "$error"
    else
        echo "cargo test failed"
    fi
}

# The test binaries cargo ran, from its `Running unittests src/lib.rs (target/.../x-0123)` lines.
ran_binaries() {
    sed -n 's/^ *Running .* (\(.*\))$/\1/p' "$1"
}

# --- setup: the tools ------------------------------------------------------------------

# Debian packages this stage needs, and what each is for.
PACKAGES=(
    rustc-web cargo-web rust-web-src       # Rust 1.96 with std's source, for -Zbuild-std
    qemu-user-static                       # runs aarch64 Linux binaries on x86_64
    gcc-aarch64-linux-gnu libc6-dev-arm64-cross # links them against the arm64 glibc
    gcc-mingw-w64-x86-64                   # links Windows .exe files (and its dlltool)
    wine64 wine                            # runs them
)

install_missing_packages() {
    local missing=() package
    if ! command -v dpkg-query >/dev/null; then
        say "setup: FAILED: this script installs with apt: it needs Debian or Ubuntu"
        exit 1
    fi
    for package in "${PACKAGES[@]}"; do
        # `ii` = desired install, currently installed.
        if [[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null) != ii* ]]; then
            missing+=("$package")
        fi
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        say "setup: all ${#PACKAGES[@]} Debian packages already installed"
        return 0
    fi
    local sudo=()
    if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
    say "setup: installing ${missing[*]} (apt-get, about a minute on a fresh machine)"
    local log=$LOG_DIR/apt.log
    if ! {
        "${sudo[@]}" apt-get update &&
            DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y \
                --no-install-recommends "${missing[@]}"
    } >"$log" 2>&1; then
        say "setup: FAILED: apt-get could not install ${missing[*]}; the end of ${log#"$ROOT"/}:"
        tail -n 20 "$log" | sed 's/^/    | /'
        exit 1
    fi
}

say "cross-platform stage: ${PATTERNS[*]:-all stages}"
install_missing_packages

if ! command -v rustup >/dev/null; then
    say "setup: FAILED: rustup is needed (to run Debian's Rust as the toolchain \`web\`)"
    exit 1
fi
# Debian's Rust lives in /usr; rustup only knows its own toolchains. Linking /usr as the
# toolchain `web` lets `cargo +web` use it (rustup's stable cannot use this std source).
# Linking again just replaces the link.
rustup toolchain link web /usr
WEB_VERSION=$(rustc +web --version)
# -Zbuild-std is unstable: RUSTC_BOOTSTRAP=1 lets a release compiler accept -Z flags.
export RUSTC_BOOTSTRAP=1
STD_VENDOR=$(rustc +web --print sysroot)/lib/rustlib/src/rust/library/vendor
if [[ ! -d $STD_VENDOR ]]; then
    say "setup: FAILED: no std source at $STD_VENDOR (is rust-web-src installed?)"
    exit 1
fi

# Every cross cargo call: the 1.96 toolchain, our config file, and the vendored std deps.
# The command goes into the log first, with the variables it needs, quoted so that it can be
# pasted into a shell at the repository root to reproduce a failure by hand.
xcargo() {
    local command=(cargo +web "$1"
        --config "${CROSS_CONFIG#"$ROOT"/}"
        --config "source.std-vendor.directory=\"$STD_VENDOR\""
        "${@:2}")
    local variables=(RUSTC_BOOTSTRAP=1 "CARGO_TARGET_DIR=${CARGO_TARGET_DIR#"$ROOT"/}")
    if [[ -n ${COURSE_RUNNER:-} ]]; then variables+=("COURSE_RUNNER=$COURSE_RUNNER"); fi
    if [[ -n ${WINEPREFIX:-} ]]; then variables+=("WINEPREFIX=${WINEPREFIX#"$ROOT"/}"); fi
    printf '$ '
    printf '%q ' env "${variables[@]}" "${command[@]}"
    echo
    # `timeout` stops cargo and everything it started (test binaries, qemu, Wine programs).
    local status=0
    timeout --kill-after=30 "$TIMEOUT" "${command[@]}" || status=$?
    if [[ $status -eq 124 || $status -eq 137 ]]; then
        fail "cargo $1 did not finish in $TIMEOUT s (a test hangs?); CROSS_TIMEOUT changes the limit"
    fi
    return "$status"
}

# (Debian's `wine` script warns on stderr that the 32-bit half is missing: we need only 64.)
WINE_VERSION=$(wine --version 2>/dev/null)
say "setup: $WEB_VERSION; $(qemu-aarch64-static --version | head -n 1); $WINE_VERSION"
if [[ -n ${COURSE_REQUIRE_TOOLS:-} ]]; then
    say "setup: COURSE_REQUIRE_TOOLS=$COURSE_REQUIRE_TOOLS is passed on to every test run"
fi

# --- the stages --------------------------------------------------------------------------

# aarch64 Linux: the whole workspace's tests, each binary run by qemu-user.
test_aarch64_linux() {
    local target=aarch64-unknown-linux-gnu log=$STAGE_LOG binary
    # A test that starts a lesson's own binary (tests/common/mod.rs) must start it through
    # qemu too, since this kernel cannot execute aarch64 code: it reads the emulator's
    # command from COURSE_RUNNER, the same command as the runner in scripts/cross/config.toml.
    export COURSE_RUNNER="qemu-aarch64-static -L /usr/aarch64-linux-gnu"
    xcargo test --workspace --no-fail-fast --target "$target" -Zbuild-std ||
        fail "$(test_failure "$log")"
    # Prove the tests ran as aarch64 code: every binary cargo ran must be an aarch64 ELF
    # (machine 0xb7 at byte 18). This kernel cannot execute one itself, so qemu did.
    [[ -n $(ran_binaries "$log") ]] || fail "cargo ran no test binary"
    while read -r binary; do
        [[ $(od -An -tx1 -j18 -N2 "$binary" | tr -d ' ') == b700 ]] ||
            fail "$binary is not an aarch64 executable"
    done < <(ran_binaries "$log")
    done_with "ran $(count_tests "$log") (qemu-user)"
}

# Lesson 01's program with no C library: its own workspace (it needs panic = "abort"), built
# with core only (no std, no libc), run by qemu; its output, exit status and syscalls are
# the test. Its build.rs passes `-nostartfiles -nostdlib -static`, which the cross gcc takes
# as the native gcc does.
run_no_libc_aarch64() {
    local target=aarch64-unknown-linux-gnu
    local manifest=crates/01-raw-syscall/no-libc/Cargo.toml
    local binary=$CARGO_TARGET_DIR/no-libc/$target/release/no-libc-hello
    local expected="Hello from a program with no C library at all." output status
    # compiler-builtins-mem: with no libc, `memcpy` and friends must come from Rust's
    # compiler_builtins. The target directory is separate because the profile differs.
    CARGO_TARGET_DIR=$CARGO_TARGET_DIR/no-libc xcargo build --release \
        --manifest-path "$manifest" --target "$target" \
        -Zbuild-std=core -Zbuild-std-features=compiler-builtins-mem ||
        fail "the build failed: $(grep -m 1 -E '^error' "$STAGE_LOG" || echo 'see the log')"
    # qemu's -strace lists the guest's syscalls on stderr ("123 write(1,0x400194,47) = 47").
    # With no C library there is no start-up code: the only two must be ours.
    local trace=$LOG_DIR/no-libc-hello-aarch64.strace syscalls
    set +e
    output=$(timeout 60 qemu-aarch64-static -strace "$binary" 2>"$trace")
    status=$?
    set -e
    syscalls=$(sed -n 's/^[0-9]* \([a-z_0-9]*\)(.*/\1/p' "$trace" | paste -sd' ' -)
    echo "qemu-aarch64-static -strace ${binary#"$ROOT"/}:"
    echo "  printed '$output', exit status $status, syscalls: $syscalls"
    [[ $output == "$expected" ]] || fail "printed '$output', expected '$expected'"
    [[ $status -eq 0 ]] || fail "exit status $status, expected 0"
    [[ $syscalls == "write exit_group" ]] ||
        fail "made the syscalls '$syscalls', expected only 'write exit_group'"
    done_with "ran under qemu-user: printed the hello, exit status 0, syscalls write + exit_group"
}

# aarch64 Linux: lesson 04's tests again, with epoll and eventfd called by lesson 01's raw
# syscalls instead of through the C library (`--features raw`). The workspace stage above
# tested the C library path; every test must pass both ways.
test_epoll_raw_aarch64() {
    local target=aarch64-unknown-linux-gnu log=$STAGE_LOG
    export COURSE_RUNNER="qemu-aarch64-static -L /usr/aarch64-linux-gnu"
    xcargo test -p epoll --features raw --no-fail-fast --target "$target" -Zbuild-std ||
        fail "$(test_failure "$log")"
    [[ -n $(ran_binaries "$log") ]] || fail "cargo ran no test binary"
    while read -r binary; do
        [[ $(od -An -tx1 -j18 -N2 "$binary" | tr -d ' ') == b700 ]] ||
            fail "$binary is not an aarch64 executable"
    done < <(ran_binaries "$log")
    done_with "ran $(count_tests "$log") with --features raw (qemu-user)"
}

# Lesson 09's server with no C library: its own workspace (panic = "abort"), built for aarch64
# with core only. No `compiler-builtins-mem` (unlike lesson 01's program): the server brings
# its own memcpy and friends (crates/09-no-libc/server/mem). Then lesson 09's server tests,
# built for this machine, talk to it: NO_LIBC_SERVER names the binary to test, and
# COURSE_RUNNER starts it under qemu, which also traces it (`qemu-aarch64-static -strace`).
test_no_libc_server_aarch64() {
    local target=aarch64-unknown-linux-gnu log=$STAGE_LOG
    local manifest=crates/09-no-libc/server/Cargo.toml
    local binary=$CARGO_TARGET_DIR/no-libc-server/$target/release/no-libc-server bytes
    CARGO_TARGET_DIR=$CARGO_TARGET_DIR/no-libc-server xcargo build --release \
        --manifest-path "$manifest" --bin no-libc-server --target "$target" -Zbuild-std=core ||
        fail "the build failed: $(grep -m 1 -E '^error' "$log" || echo 'see the log')"
    [[ $(od -An -tx1 -j18 -N2 "$binary" | tr -d ' ') == b700 ]] ||
        fail "$binary is not an aarch64 executable"
    bytes=$(stat -c %s "$binary")
    echo "built ${binary#"$ROOT"/}: $bytes bytes"
    # The tests themselves are host programs (rustup's toolchain, this machine's CPU): only the
    # server is aarch64 code, so COURSE_RUNNER is qemu without -L (it is static: no loader).
    local command=(cargo test -p no-libc --test server)
    echo "\$ env NO_LIBC_SERVER=${binary#"$ROOT"/} COURSE_RUNNER=qemu-aarch64-static ${command[*]}"
    local status=0
    NO_LIBC_SERVER=$binary COURSE_RUNNER=qemu-aarch64-static \
        timeout --kill-after=30 "$TIMEOUT" "${command[@]}" || status=$?
    [[ $status -eq 0 ]] || fail "$(test_failure "$log")"
    grep -q '^test the_trace_shows_only_the_syscalls_we_asked_for \.\.\. ok$' "$log" ||
        fail "the syscall trace test did not run"
    done_with "$bytes bytes, static; ran $(count_tests "$log") against it under qemu-user (-strace: only our syscalls)"
}

# Windows: the whole workspace's tests, each .exe run by Wine.
#
# The target is `x86_64-win7-windows-gnu`, not `x86_64-pc-windows-gnu`: std for the latter
# imports ProcessPrng from bcryptprimitives.dll, which Wine 8 does not have, so every .exe
# would exit with status 53 before main. The win7 variant uses RtlGenRandom instead and is
# otherwise the same code (target_os = "windows", target_env = "gnu").
test_windows_under_wine() {
    local target=x86_64-win7-windows-gnu log=$STAGE_LOG binary
    # A Wine "prefix" is a fake C: drive with its registry. Ours is made fresh under target/,
    # once; `wineboot -i` fills it (about 10 s). No Mono or Gecko: no test needs them.
    # `wineboot -i` returns before the prefix is finished (tried here: it returned after 7 s
    # with 8 Wine processes still running and no system.reg yet; `wineserver -w` returned 5 s
    # later, with the registry saved). Without the wait, the first test binary ran while the
    # prefix was still being set up, which no later run does: the one first-run difference
    # behind lesson 06's acceptance binary once exiting with no output (not reproduced in 50
    # fresh prefixes since). With it, every test runs in a settled prefix. A prefix without
    # system.reg (an interrupted setup) is made again from nothing.
    export WINEPREFIX=$CARGO_TARGET_DIR/wineprefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
    if [[ ! -f $WINEPREFIX/system.reg ]]; then
        rm -rf "$WINEPREFIX"
        { wineboot -i && wineserver -w; } || fail "wineboot -i could not create the Wine prefix"
    fi
    # Stop Wine's background server when this stage ends, however it ends.
    trap 'wineserver -k 2>/dev/null || true' EXIT
    # No COURSE_RUNNER here: a Windows program started from a test under Wine is run by Wine.
    xcargo test --workspace --no-fail-fast --target "$target" -Zbuild-std ||
        fail "$(test_failure "$log")"
    # Every binary cargo ran must be a Windows executable ("MZ"): Wine ran it.
    [[ -n $(ran_binaries "$log") ]] || fail "cargo ran no test binary"
    while read -r binary; do
        [[ $(head -c 2 "$binary") == MZ ]] || fail "$binary is not a Windows executable"
    done < <(ran_binaries "$log")
    done_with "ran $(count_tests "$log") (Wine, $WINE_VERSION)"
}

# macOS, FreeBSD, Windows MSVC: everything `cargo test` builds (libraries, binaries, unit and
# integration tests, examples, doctests), compiled to machine code for the target. Both the
# linker and the runner are /bin/true (scripts/cross/config.toml), so nothing is linked and
# nothing runs: cargo's "Running ..." lines in the log start /bin/true. `cargo check` would
# stop before code generation and miss, for example, a wrong instruction inside `asm!`.
compile_only() {
    local target=$1 log=$STAGE_LOG
    xcargo test --workspace --no-fail-fast --target "$target" -Zbuild-std ||
        fail "$(test_failure "$log")"
    done_with "compiled (not run)"
}

# tidy TARGET...: with --tidy, deletes what was built for these targets (std and the tests),
# keeping the logs. A disk that fills up fails a stage with "No space left on device" (it did
# in CI: seven targets' std and tests, with the native builds, outgrew the machine's disk).
tidy() {
    local target
    [[ $TIDY -eq 1 ]] || return 0
    for target in "$@"; do
        rm -rf "${CARGO_TARGET_DIR:?}/$target" "$CARGO_TARGET_DIR/no-libc/$target" \
            "$CARGO_TARGET_DIR/no-libc-server/$target"
    done
    say "tidy: deleted the builds for $*; $(df -h --output=avail "$CARGO_TARGET_DIR" | tail -n 1 | tr -d ' ') free"
}

stage aarch64-unknown-linux-gnu "cargo test under qemu-user" test_aarch64_linux
stage no-libc-hello/aarch64 "lesson 01's no-libc program, built for aarch64, run by qemu" \
    run_no_libc_aarch64
stage epoll-raw/aarch64 "lesson 04's tests with --features raw, under qemu-user" \
    test_epoll_raw_aarch64
stage no-libc-server/aarch64 "lesson 09's no_std server for aarch64, tested under qemu-user" \
    test_no_libc_server_aarch64
tidy aarch64-unknown-linux-gnu
stage x86_64-win7-windows-gnu "cargo test under Wine" test_windows_under_wine
tidy x86_64-win7-windows-gnu
for target in x86_64-apple-darwin aarch64-apple-darwin x86_64-unknown-freebsd \
    x86_64-pc-windows-msvc; do
    stage "$target" "compile everything cargo test builds, through codegen (not run)" \
        compile_only "$target"
    tidy "$target"
done

# --- summary -----------------------------------------------------------------------------

echo
echo "cross-platform stage: $(duration $((SECONDS - START))) in all"
printf '  %s\n' "${SUMMARY[@]}"
exit "$FAILED"
