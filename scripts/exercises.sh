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
while IFS=$'\t' read -r name where mutant folder files; do
    if [[ $where != here ]]; then
        skipped=$((skipped + 1))
        says=$(cargo run -q -p course -- check "$name" 2>&1 | head -n 1 || true)
        printf 'SKIP  %-15s %s\n' "$name" "${says#"$name: "}"
        compile_elsewhere "$name" "$folder"
        continue
    fi
    checked=$((checked + 1))
    problems=()
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
    mutant_says=""
    if [[ $mutant == mutant ]]; then
        status=$(check "$name" --mutant)
        [[ $status == 1 ]] || problems+=("its check does not reject the known-wrong answer (status $status)")
        mutant_says="; known-wrong answer $(verdict)"
    fi
    if ((${#problems[@]} == 0)); then
        printf 'ok    %-15s starter %s; solution %s%s\n' "$name" "$starter_says" \
            "$solution_says" "$mutant_says"
    else
        failures=$((failures + 1))
        printf 'FAIL  %-15s %s\n' "$name" "$(IFS=';'; echo "${problems[*]}")"
        printf '%s\n' "--- starter:" "$starter_log" "--- solution:" "$solution_log" | sed 's/^/      | /'
    fi
done < <(cargo run -q -p course -- list)

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
# The other Linux CPU the course runs on: aarch64's asm and C types must compile too (lesson
# 01's exercises have an aarch64 half). Only if rustup has its std:
# `rustup target add aarch64-unknown-linux-gnu`; CI's cross stage runs the lessons themselves.
if [[ $(uname -s) == Linux ]] && rustup target list --installed 2>/dev/null | grep -qx aarch64-unknown-linux-gnu; then
    lint "compiles for aarch64-unknown-linux-gnu, with the solutions" \
        cargo clippy -q --manifest-path "$manifest" --workspace --all-targets \
        --target aarch64-unknown-linux-gnu --features solution -- -D warnings
    lint "compiles for aarch64-unknown-linux-gnu, with the starters" \
        cargo clippy -q --manifest-path "$manifest" --workspace --all-targets \
        --target aarch64-unknown-linux-gnu -- -D warnings
fi

if ((failures > 0)); then
    echo "exercises: $failures of the checks above broke a rule"
    exit 1
fi
echo "exercises: $checked checked here (each starter fails, each solution passes), $skipped for another OS; lints clean"
