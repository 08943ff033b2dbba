#!/usr/bin/env bash
# scripts/exercises.sh: proves that every exercise's check can fail and can pass.
#
# For each exercise the course runner lists (`cargo run -p course -- list`):
#   - its check on the starter, as git's HEAD has it, must FAIL with failing tests (the
#     starter compiles: a build error is a defect too);
#   - its check on the worked solution (feature `solution`) must PASS;
#   - if it has a known-wrong answer (feature `mutant`), the check must FAIL on it.
# Exercises that need another OS are listed as SKIP (and compiled for that OS, if rustup has
# its std: `rustup target add x86_64-unknown-freebsd aarch64-apple-darwin`). Then the exercises' workspace must be
# formatted, and clippy-clean with the solutions and with the starters.
#
# A reader's edited files are set aside while the starter is checked and put back afterwards
# (they wait in a temporary folder, named if anything goes wrong), and their progress file is
# left alone. One line per exercise; the exit status is non-zero if any rule is broken.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export COURSE_NO_PROGRESS=1 # checks of starters and solutions are not the reader's progress
manifest=exercises/Cargo.toml
saved=$(mktemp -d)
restore=()

# Puts back every reader's file that was set aside, then removes the temporary folder.
put_back() {
    local path
    for path in "${restore[@]}"; do
        cp "$saved/$(echo "$path" | tr / _)" "$path"
    done
    restore=()
}
trap 'put_back; rm -rf "$saved"' EXIT

# Replaces the exercise's files by HEAD's version (the starter) where they differ.
use_starters() {
    local folder=$1 files=$2 file path
    IFS=, read -ra names <<<"$files"
    for file in "${names[@]}"; do
        path=$folder/$file
        if git cat-file -e "HEAD:$path" 2>/dev/null && ! git diff --quiet HEAD -- "$path"; then
            cp "$path" "$saved/$(echo "$path" | tr / _)"
            restore+=("$path")
            git show "HEAD:$path" >"$path"
        fi
    done
}

# check NAME [--solution|--mutant]: runs the course's check; prints its exit status, keeps
# its output in $saved/log.
check() {
    local status=0
    cargo run -q -p course -- check "$@" >"$saved/log" 2>&1 || status=$?
    echo "$status"
}

# The sentence at the end of a check's output ("Passed: ..." / "Not yet: ...").
verdict() {
    grep -E '^(Passed|Not yet):' "$saved/log" | tail -n 1 | sed -E \
        -e 's/^Not yet: ([0-9]+ of [0-9]+ tests fail) in the (debug|release) build.*/fails, \1 (\2)/' \
        -e 's/^Not yet: the (debug|release) build fails.*/does not build (\1)/' \
        -e 's/^Passed: ([0-9]+) tests in all.*/passes, \1 tests/'
}

# For an exercise that cannot run here: if rustup has the std of another OS it may run on,
# its starter and its solution must at least compile for it (`cargo check`, no linker needed).
compile_elsewhere() {
    local name=$1 folder=$2 package target features installed
    package=$(sed -n 's/^name = "\(.*\)"$/\1/p' "$folder/Cargo.toml" | head -n 1)
    installed=$(rustup target list --installed 2>/dev/null || true)
    for target in x86_64-unknown-freebsd aarch64-apple-darwin; do
        grep -qx "$target" <<<"$installed" || continue
        for features in "" solution; do
            if cargo check -q --manifest-path "$manifest" -p "$package" --all-targets \
                --target "$target" ${features:+--features "$features"} >"$saved/log" 2>&1; then
                printf '      %-15s compiles for %s (%s)\n' "" "$target" "${features:-starter}"
            else
                failures=$((failures + 1))
                printf 'FAIL  %-15s does not compile for %s (%s)\n' "$name" "$target" "${features:-starter}"
                sed 's/^/      | /' "$saved/log"
            fi
        done
    done
}

cargo build -q -p course
failures=0
checked=0
skipped=0

# check_every_exercise PREFIX: the three checks of every exercise that runs here, one line
# each, starting with PREFIX (empty for this machine's own target).
check_every_exercise() {
    local prefix=$1 name where mutant folder files
    while IFS=$'\t' read -r name where mutant folder files; do
        if [[ $where != here ]]; then
            if [[ -z $prefix ]]; then
                skipped=$((skipped + 1))
                says=$(cargo run -q -p course -- check "$name" 2>&1 | head -n 1 || true)
                printf 'SKIP  %-15s %s\n' "$name" "${says#"$name: "}"
                compile_elsewhere "$name" "$folder"
            fi
            continue
        fi
        [[ -n $prefix ]] || checked=$((checked + 1))
        check_one "$prefix" "$name" "$mutant" "$folder" "$files"
    done < <(cargo run -q -p course -- list)
}

# check_one PREFIX NAME MUTANT FOLDER FILES: starter fails, solution passes, mutant fails.
check_one() {
    local prefix=$1 name=$2 mutant=$3 folder=$4 files=$5 starter solution status
    local problems=() starter_says solution_says mutant_says="" starter_log solution_log
    use_starters "$folder" "$files"
    starter=$(check "$name")
    starter_says=$(verdict)
    put_back
    case $starter in
        1) ;;
        0) problems+=("its check PASSES on the starter") ;;
        4) problems+=("the starter does not build") ;;
        *) problems+=("the check on the starter ended with status $starter") ;;
    esac
    starter_log=$(cat "$saved/log")
    solution=$(check "$name" --solution)
    solution_says=$(verdict)
    [[ $solution == 0 ]] || problems+=("its check FAILS on the worked solution (status $solution)")
    solution_log=$(cat "$saved/log")
    # The known-wrong answers are x86_64's mistakes (aarch64's `svc` has no clobber to forget),
    # so they are checked on this machine's target only.
    if [[ $mutant == mutant && -z $prefix ]]; then
        status=$(check "$name" --mutant)
        [[ $status == 1 ]] || problems+=("its check does not reject the known-wrong answer (status $status)")
        mutant_says="; known-wrong answer $(verdict)"
    fi
    if ((${#problems[@]} == 0)); then
        printf 'ok    %-15s %sstarter %s; solution %s%s\n' "$name" "$prefix" "$starter_says" \
            "$solution_says" "$mutant_says"
    else
        failures=$((failures + 1))
        printf 'FAIL  %-15s %s%s\n' "$name" "$prefix" "$(IFS=';'; echo "${problems[*]}")"
        printf '%s\n' "--- starter:" "$starter_log" "--- solution:" "$solution_log" | sed 's/^/      | /'
    fi
}

check_every_exercise ""

# The same on aarch64 Linux, under qemu-user, when this machine has what it takes: rustup's
# aarch64 std (`rustup target add aarch64-unknown-linux-gnu`), its linker and qemu (Debian:
# gcc-aarch64-linux-gnu, qemu-user-static, which scripts/cross.sh installs).
aarch64=aarch64-unknown-linux-gnu
also=""
if [[ $(uname -s) == Linux ]] && rustup target list --installed 2>/dev/null | grep -qx $aarch64 &&
    command -v aarch64-linux-gnu-gcc >/dev/null && command -v qemu-aarch64-static >/dev/null; then
    export COURSE_CARGO_TARGET=$aarch64
    export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
    export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64-static -L /usr/aarch64-linux-gnu"
    check_every_exercise "on $aarch64 (qemu): "
    unset COURSE_CARGO_TARGET
    also=", and again on $aarch64 under qemu"
else
    echo "(not run for aarch64 Linux: needs rustup's $aarch64 std, aarch64-linux-gnu-gcc and qemu-aarch64-static)"
fi

# The exercises' own workspace: formatted, and lint-clean both ways.
# lint LABEL COMMAND...: runs COMMAND; one line saying LABEL and whether it passed.
lint() {
    local label=$1
    shift
    if "$@" >"$saved/log" 2>&1; then
        printf 'ok    %s\n' "$label"
    else
        failures=$((failures + 1))
        printf 'FAIL  %s: %s\n' "$label" "$*"
        sed 's/^/      | /' "$saved/log"
    fi
}
# Package by package: `--all` would also check the lessons the exercises depend on, which
# are not this script's business (CI's own `cargo fmt --all` step checks those).
packages=()
for package in $(sed -n 's/^name = "\(exercise-[a-z0-9-]*\)"$/\1/p' exercises/*/Cargo.toml); do
    packages+=(-p "$package")
done
lint "formatted (cargo fmt --check)" cargo fmt --check --manifest-path "$manifest" "${packages[@]}"
lint "clippy-clean with the solutions" \
    cargo clippy -q --manifest-path "$manifest" --workspace --all-targets --features solution -- -D warnings
lint "clippy-clean with the starters" \
    cargo clippy -q --manifest-path "$manifest" --workspace --all-targets -- -D warnings
if ((failures > 0)); then
    echo "exercises: $failures of the checks above broke a rule"
    exit 1
fi
echo "exercises: $checked checked here$also (each starter fails, each solution passes), $skipped for another OS; lints clean"
