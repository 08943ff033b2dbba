#!/usr/bin/env bash
# scripts/exercises.sh: proves that every exercise's check can fail and can pass.
#
# For each exercise the course runner lists (`cargo run -p course -- list`):
#   - its check on the starter, as git's HEAD has it, must FAIL with failing tests (the
#     starter compiles: a build error is a defect too);
#   - its check on the worked solution (feature `solution`) must PASS;
#   - if it has a known-wrong answer (feature `mutant`), the check must FAIL on it.
# Exercises that need another OS are listed as SKIP, and their starter and solution are
# compiled for that OS. Then every check runs again for aarch64 Linux, under qemu-user. Both use
# the toolchain of the cross stage (scripts/cross.sh): Debian's Rust 1.96 (`cargo +web`), which
# builds std from its source for each target (-Zbuild-std, std's own dependencies from the
# vendored copy in rust-web-src), so no rustup target is needed. Then the exercises' workspace
# must be formatted, and clippy-clean with the solutions and with the starters.
#
# Where that toolchain, qemu or the aarch64 linker is missing, the script says which part it
# left out and why, and still succeeds; with COURSE_REQUIRE_TOOLS set (CI sets it) it first
# installs what is missing with apt-get, like scripts/cross.sh, and a part left out is a
# failure.
#
# A reader's edited files are set aside while the starter is checked and put back afterwards
# (they wait in a temporary folder, named if anything goes wrong), and their progress file is
# left alone. One line per exercise; the exit status is non-zero if any rule is broken.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ROOT=$PWD
export COURSE_NO_PROGRESS=1 # checks of starters and solutions are not the reader's progress
manifest=exercises/Cargo.toml
saved=$(mktemp -d)
restore=()
failures=0
checked=0
skipped=0

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
# (The runner is `cargo run -p course` here, and for the aarch64 run its binary itself: see
# there.)
course=(cargo run -q -p course --)
check() {
    local status=0
    "${course[@]}" check "$@" >"$saved/log" 2>&1 || status=$?
    echo "$status"
}

# The sentence at the end of a check's output ("Passed: ..." / "Not yet: ...").
verdict() {
    grep -E '^(Passed|Not yet):' "$saved/log" | tail -n 1 | sed -E \
        -e 's/^Not yet: ([0-9]+ of [0-9]+ tests fail) in the (debug|release) build.*/fails, \1 (\2)/' \
        -e 's/^Not yet: the (debug|release) build fails.*/does not build (\1)/' \
        -e 's/^Passed: ([0-9]+) tests in all.*/passes, \1 tests/'
}

# left_out WHAT WHY: a part of the proof this machine cannot run. A note, or with
# COURSE_REQUIRE_TOOLS set (as in CI), a failure: there a missing tool must never pass quietly.
left_out() {
    if [[ -n ${COURSE_REQUIRE_TOOLS:-} ]]; then
        failures=$((failures + 1))
        printf 'FAIL  %s: not run, because %s (COURSE_REQUIRE_TOOLS is set)\n' "$1" "$2"
    else
        printf '(%s: not run, because %s)\n' "$1" "$2"
    fi
}

# --- the cross toolchain: Debian's Rust 1.96 with std's source, as scripts/cross.sh uses it -----

# Debian packages for the compile checks and the aarch64 run, and what each is for.
PACKAGES=(
    rustc-web cargo-web rust-web-src            # Rust 1.96 with std's source, for -Zbuild-std
    gcc-aarch64-linux-gnu libc6-dev-arm64-cross # links aarch64 Linux test programs
    qemu-user-static                            # runs them
)
STD_VENDOR=/usr/lib/rustlib/src/rust/library/vendor
# std is built once per target; shared with scripts/cross.sh and scripts/facts.sh by default.
cross_target=${CARGO_TARGET_DIR:+$CARGO_TARGET_DIR/cross}
cross_target=${cross_target:-$ROOT/target/cross}

# Installs the missing packages with apt-get, only when CI asks for every tool (a reader's
# machine is left alone). Prints why not, and returns 1, if it cannot.
install_missing_packages() {
    local missing=() package sudo=()
    command -v dpkg-query >/dev/null || return 0 # not Debian: the checks below say what is missing
    for package in "${PACKAGES[@]}"; do
        if [[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null) != ii* ]]; then
            missing+=("$package")
        fi
    done
    [[ ${#missing[@]} -gt 0 && -n ${COURSE_REQUIRE_TOOLS:-} ]] || return 0
    if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
    echo "(installing ${missing[*]} with apt-get)"
    if ! { "${sudo[@]}" apt-get update && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" \
        apt-get install -y --no-install-recommends "${missing[@]}"; } >"$saved/apt.log" 2>&1; then
        echo "apt-get could not install ${missing[*]}; the end of its log:"
        tail -n 20 "$saved/apt.log" | sed 's/^/      | /'
    fi
}

# Whether `cargo +web` with std's source works here; if not, $no_web says why.
web_ready() {
    no_web=""
    if ! command -v rustup >/dev/null; then
        no_web="rustup is needed (to run Debian's Rust as the toolchain \`web\`)"
    elif [[ ! -d $STD_VENDOR ]]; then
        no_web="Debian's rustc-web, cargo-web and rust-web-src are not installed (no $STD_VENDOR)"
    else
        # Debian's Rust lives in /usr; linking it as the toolchain `web` lets `cargo +web` use
        # it, as scripts/cross.sh does (linking again just replaces the link).
        rustc +web --version >/dev/null 2>&1 || rustup toolchain link web /usr
        rustc +web --version >/dev/null 2>&1 || no_web="rustc +web does not run"
    fi
    [[ -z $no_web ]]
}

# The cross stage's cargo: Debian's 1.96, std built from source for the target, its
# dependencies from the vendored copy, and scripts/cross/config.toml (the aarch64 linker and
# qemu as the runner). Written as a script, because the course runner starts whatever `$CARGO`
# names: the aarch64 run below hands it this one.
xcargo=$saved/xcargo
cat >"$xcargo" <<XCARGO
#!/usr/bin/env bash
# cargo SUBCOMMAND ARGS... as scripts/cross.sh runs it (written by scripts/exercises.sh).
subcommand=\$1
shift
export RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$cross_target"
exec cargo +web "\$subcommand" --config "$ROOT/scripts/cross/config.toml" \\
    --config 'source.std-vendor.directory="$STD_VENDOR"' -Zbuild-std "\$@"
XCARGO
chmod +x "$xcargo"

# The targets an exercise that cannot run here is compiled for, from what it needs (the first
# line of its check: "It needs macOS or FreeBSD").
targets_for() {
    local needs=$1
    [[ $needs != *FreeBSD* ]] || echo x86_64-unknown-freebsd
    [[ $needs != *macOS* ]] || echo aarch64-apple-darwin
    [[ $needs != *Windows* ]] || echo x86_64-pc-windows-msvc
}

# For an exercise that cannot run here: its starter and its solution must at least compile for
# each OS it runs on (`cargo check`, no linker needed), with std built from source.
compile_elsewhere() {
    local name=$1 folder=$2 says=$3 package target features
    package=$(sed -n 's/^name = "\(.*\)"$/\1/p' "$folder/Cargo.toml" | head -n 1)
    if [[ -n $no_web ]]; then
        left_out "compiling $name for $(targets_for "$says" | paste -sd' ' -)" "$no_web"
        return
    fi
    for target in $(targets_for "$says"); do
        for features in "" solution; do
            if "$xcargo" check -q --manifest-path "$manifest" -p "$package" --all-targets \
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

install_missing_packages
web_ready || true

cargo build -q -p course

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
                compile_elsewhere "$name" "$folder" "$says"
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

# The same on aarch64 Linux, under qemu-user, through the same runner: its `$CARGO` is the
# cross stage's cargo (above), which builds std for aarch64 from source, links with Debian's
# aarch64-linux-gnu-gcc and runs each test program with qemu-aarch64-static (as
# scripts/cross/config.toml says), and COURSE_CARGO_TARGET tells the runner the target.
# `cargo run` would set `$CARGO` to itself, so the runner's binary is started directly.
aarch64=aarch64-unknown-linux-gnu
also=""
no_aarch64=$no_web
if [[ $(uname -s) != Linux ]]; then
    no_aarch64="it needs Linux (qemu-user)"
elif [[ -z $no_aarch64 ]]; then
    for tool in aarch64-linux-gnu-gcc qemu-aarch64-static; do
        command -v $tool >/dev/null || no_aarch64="$tool is missing (Debian: ${PACKAGES[*]:3})"
    done
    [[ -d /usr/aarch64-linux-gnu/lib ]] ||
        no_aarch64="the aarch64 C library is missing (Debian: libc6-dev-arm64-cross)"
fi
if [[ -z $no_aarch64 ]]; then
    target_dir=$(cargo metadata -q --format-version 1 --no-deps |
        sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
    course=(env "CARGO=$xcargo" "$target_dir/debug/course")
    export COURSE_CARGO_TARGET=$aarch64
    # The emulator, named for the tests that need to know (lesson 10's rule: io_uring is
    # missing under qemu-user by nature, ENOSYS, and may be skipped there, even in CI).
    export COURSE_RUNNER="qemu-aarch64-static -L /usr/aarch64-linux-gnu"
    check_every_exercise "on $aarch64 (qemu): "
    unset COURSE_CARGO_TARGET COURSE_RUNNER
    course=(cargo run -q -p course --)
    also=", and again on $aarch64 under qemu"
else
    left_out "the checks on aarch64 Linux" "$no_aarch64"
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
