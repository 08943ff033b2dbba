#!/usr/bin/env bash
# The facts check: every number and layout the lessons type by hand for a kernel or a C
# library, compared with an authority that is not our own reading, on every target the course
# builds for.
#
#   scripts/facts.sh                 every target
#   scripts/facts.sh linux freebsd   only the targets whose name contains one of these words
#   scripts/facts.sh --list          the targets, and the authority used for each
#   scripts/facts.sh --coverage      only the coverage check (no compiler needed)
#   scripts/facts.sh --keep-going    check every target even after one has failed
#
# What is compared with what (docs/platforms.md, "The facts check", says more):
#   Linux x86_64, aarch64   the real C headers (glibc + the kernel's uapi), read by the target's
#                           gcc: facts/authority/glibc.h
#   Windows (gnu, msvc)     mingw-w64's headers, read by x86_64-w64-mingw32-gcc; AFD's private
#                           structs against wepoll's definitions: facts/authority/mingw.h
#   macOS (x86_64, aarch64), FreeBSD   the libc crate's transcription of their headers
# The rows compared are in facts/list/*.txt, one file per lesson; what is deliberately not
# compared is in facts/unchecked.txt, each with its reason. Before comparing anything, every
# integer `const` and every `#[repr(C)]` struct in the lessons' sources must be in one of
# the two (and every field of such a struct in its row), so a new constant cannot skip it.
#
# How: for Linux and Windows the authority's values are read without running anything: each
# is a C constant initialised from the header's expression, so `gcc -S` prints its value in
# the assembly it writes (a cousin of the kernel's asm-offsets technique). Then the
# check-only crate in facts/ is compiled for the target (-Zbuild-std with Debian's Rust 1.96
# for the targets rustup has no std for, as scripts/cross.sh does, sharing its target/cross)
# with one line per comparison,
#   const _: Same<{ ours }> = Same::<{ theirs }>;
# which only compiles if the two numbers are equal. A mismatch is reported as
#   MISMATCH x86_64-apple-darwin: EV_EOF (crates/05-kqueue/src/sys/mod.rs): ours 32768, libc 16384
# and the script fails. It installs what it lacks with apt-get, like scripts/cross.sh.

# shellcheck disable=SC2016  # backticks inside single quotes are rustc's, not the shell's
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

# target | the list groups it is checked in | authority | C compiler (for the C authority)
TARGETS=(
    "x86_64-unknown-linux-gnu|linux linux-x86_64|c|gcc"
    "aarch64-unknown-linux-gnu|linux linux-aarch64|c|aarch64-linux-gnu-gcc"
    "x86_64-win7-windows-gnu|windows|c|x86_64-w64-mingw32-gcc"
    "x86_64-pc-windows-msvc|windows|c|x86_64-w64-mingw32-gcc"
    "x86_64-apple-darwin|macos|libc|"
    "aarch64-apple-darwin|macos|libc|"
    "x86_64-unknown-freebsd|freebsd|libc|"
)

PATTERNS=()
COVERAGE_ONLY=0
KEEP_GOING=0
for arg in "$@"; do
    case $arg in
        -h | --help)
            sed -n '2,/^$/{/^$/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
            exit 0
            ;;
        --list)
            for entry in "${TARGETS[@]}"; do
                IFS='|' read -r target groups authority compiler <<<"$entry"
                if [[ $authority == c ]]; then
                    printf '%-28s groups: %-22s authority: C headers via %s\n' \
                        "$target" "$groups" "$compiler"
                else
                    printf '%-28s groups: %-22s authority: the libc crate\n' "$target" "$groups"
                fi
            done
            exit 0
            ;;
        --coverage) COVERAGE_ONLY=1 ;;
        --keep-going) KEEP_GOING=1 ;;
        -*)
            echo "facts.sh: unknown option $arg (try --help)" >&2
            exit 2
            ;;
        *) PATTERNS+=("$arg") ;;
    esac
done

LISTS=("$ROOT"/facts/list/*.txt)
UNCHECKED=$ROOT/facts/unchecked.txt
OUT=$ROOT/target/facts
mkdir -p "$OUT"
START=$SECONDS
say() { printf '[facts %3ds] %s\n' $((SECONDS - START)) "$*"; }

# --- the table parser --------------------------------------------------------------------

# parse MODE GROUPS LANG FILE...: read the list files (format: facts/list/01-raw-syscall.txt).
#   MODE=unchecked  facts/unchecked.txt: rows are NAME | WHY; printed as MODE=keys prints
#   MODE=keys    one line per row: "FILE<TAB>NAME<TAB>fields" (for the coverage check)
#   MODE=rows    the comparisons for a target in GROUPS, one a line:
#                "LESSON<TAB>DESCRIPTION<TAB>OURS (Rust)<TAB>THEIRS (C, or Rust if LANG=libc)"
parse() {
    local mode=$1 groups=$2 lang=$3 unchecked=0
    shift 3
    [[ $mode == unchecked ]] && { mode=keys; unchecked=1; }
    awk -v mode="$mode" -v groups=" $groups " -v lang="$lang" -v unchecked=$unchecked -F'|' '
        function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
        function fail(msg) { printf "facts.sh: %s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"; bad = 1 }
        function emit(desc, ours, theirs) { print lesson "\t" desc "\t" ours "\t" theirs }
        FNR == 1 { file = ""; active = 0 }
        /^[ \t]*(#|$)/ { next }
        /^\[.*\]$/ {
            file = substr($0, 2, length($0) - 2); lesson = file
            sub(/^crates\//, "", lesson); sub(/\/.*/, "", lesson); next
        }
        /^@/ {
            line = $0; sub(/^@[ \t]*/, "", line); n = split(line, g, /[ \t]+/); active = 0
            for (i = 1; i <= n; i++) if (index(groups, " " g[i] " ")) active = 1
            next
        }
        {
            if (file == "") { fail("a row before any [FILE] line"); next }
            # The last field may itself contain "|" (a C expression such as A | B).
            name = trim($1); ours = trim($2); theirs = $3
            for (i = 4; i <= NF && name !~ /^struct /; i++) theirs = theirs "|" $i
            theirs = trim(theirs)
            if (unchecked) {
                if (NF < 2 || ours == "") { fail("an unchecked row is NAME | WHY (or struct NAME | WHY)"); next }
                sub(/^struct[ \t]+/, "", name); print file "\t" name "\t"; next
            }
            if (name ~ /^struct /) {
                sub(/^struct[ \t]+/, "", name)
                if (NF != 4) { fail("a struct row needs four fields: struct NAME | OURS | THEIRS | FIELDS"); next }
                nf = split(trim($4), fields, /[ \t]+/)
                if (mode == "keys") {
                    list = ""
                    for (i = 1; i <= nf; i++) {
                        f = fields[i]; if (f == "!size") continue
                        sub(/=.*/, "", f); sub(/@.*/, "", f); list = list " " f
                    }
                    print file "\t" name "\t" trim(list); next
                }
                if (!active) next
                if (lang == "c") { size = "sizeof(" theirs ")"; align = "_Alignof(" theirs ")" }
                else { size = "::core::mem::size_of::<" theirs ">()"; align = "::core::mem::align_of::<" theirs ">()" }
                nosize = 0
                for (i = 1; i <= nf; i++) if (fields[i] == "!size") nosize = 1
                if (!nosize) emit(name ": size", "::core::mem::size_of::<" ours ">()", size)
                emit(name ": alignment", "::core::mem::align_of::<" ours ">()", align)
                for (i = 1; i <= nf; i++) {
                    f = fields[i]; if (f == "!size") continue
                    offset_only = sub(/@offset$/, "", f)
                    o = f; t = f
                    if (index(f, "=")) { o = substr(f, 1, index(f, "=") - 1); t = substr(f, index(f, "=") + 1) }
                    if (lang == "c") {
                        toff = "offsetof(" theirs ", " t ")"; tsize = "sizeof(((" theirs " *)0)->" t ")"
                    } else {
                        toff = "::core::mem::offset_of!(" theirs ", " t ")"
                        tsize = "crate::field_size(|p: *const " theirs "| unsafe { &raw const (*p)." t " })"
                    }
                    emit(name "." o ": offset", "::core::mem::offset_of!(" ours ", " o ")", toff)
                    if (!offset_only)
                        emit(name "." o ": size", "crate::field_size(|p: *const " ours "| unsafe { &raw const (*p)." o " })", tsize)
                }
                next
            }
            if (NF < 3) { fail("a row needs three fields: NAME | OURS | THEIRS"); next }
            if (mode == "keys") { print file "\t" name "\t"; next }
            if (active) emit(name " (" file ")", ours, theirs)
        }
        END { exit bad }
    ' "$@"
}

# --- coverage: everything our sources declare is compared, or listed with a reason ----------

# Every integer-like `const` (not strings, durations or tables of strings) and every
# `#[repr(C)]` struct with its fields, in every lesson's src/: "FILE<TAB>NAME<TAB>fields".
source_keys() {
    local file
    while IFS= read -r file; do
        awk -v file="$file" '
            /^[ \t]*(pub(\([a-z]+\))?[ \t]+)?const [A-Z][A-Z0-9_]*[ \t]*:/ {
                line = $0; sub(/^[ \t]*(pub(\([a-z]+\))?[ \t]+)?const /, "", line)
                name = line; sub(/[ \t]*:.*/, "", name)
                type = line; sub(/^[^:]*:[ \t]*/, "", type)
                if (type ~ /^(&|\[&|Option<&|Duration)/) next
                print file "\t" name "\t"
            }
            /#\[(cfg_attr\(.*)?repr\(C/ { repr = NR }
            /struct [A-Za-z_][A-Za-z0-9_]* *\{/ && repr && NR - repr <= 3 {
                name = $0; sub(/.*struct /, "", name); sub(/[ \t]*\{.*/, "", name)
                instruct = 1; fields = ""; next
            }
            instruct && /^[ \t]*\}/ { print file "\t" name "\t" substr(fields, 2); instruct = 0; repr = 0; next }
            instruct && /^[ \t]*(pub(\([a-z]+\))?[ \t]+)?[a-zA-Z_][a-zA-Z0-9_]*[ \t]*:/ {
                f = $0; sub(/^[ \t]*(pub(\([a-z]+\))?[ \t]+)?/, "", f); sub(/[ \t]*:.*/, "", f)
                fields = fields " " f
            }
        ' "$file"
    done < <(find crates -name '*.rs' -not -path '*/tests/*' -not -path '*/target/*' | sort)
}

coverage() {
    local sources listed problems
    sources=$(source_keys | sort)
    # (A constant declared once per OS under `cfg` has a row in each OS's section: the same
    # key twice, which is one. The same key both checked and unchecked is an error.)
    listed=$({
        parse keys "" c "${LISTS[@]}" | sort -u
        parse unchecked "" c "$UNCHECKED" | awk -F'\t' '{ print $1 "\t" $2 "\t(unchecked)" }'
    } | sort)
    problems=$(awk -F'\t' '
        NR == FNR { src[$1 "\t" $2] = $3; next }
        {
            key = $1 "\t" $2
            if (key in seen) { printf "  %s: %s is listed twice\n", $1, $2; next }
            seen[key] = 1
            if (!(key in src)) { printf "  %s: %s is listed but not declared there (renamed? moved?)\n", $1, $2; next }
            if ($3 != "(unchecked)" && $3 != src[key])
                printf "  %s: struct %s has the fields [%s], its row lists [%s]\n", $1, $2, src[key], $3
        }
        END {
            for (key in src) if (!(key in seen)) {
                split(key, k, "\t")
                printf "  %s: %s is neither checked (facts/list/) nor listed in facts/unchecked.txt with a reason: add a row to facts/list/, or `NAME | why` under [FILE] in facts/unchecked.txt\n", k[1], k[2]
            }
        }
    ' <(echo "$sources") <(echo "$listed") | sort)
    if [[ -n $problems ]]; then
        say "coverage: FAILED:"
        echo "$problems"
        return 1
    fi
    say "coverage: all $(echo "$sources" | wc -l) constants and structs of the lessons' sources are checked or listed as unchecked ($(parse unchecked "" c "$UNCHECKED" | wc -l) unchecked, with reasons)"
}

coverage
[[ $COVERAGE_ONLY -eq 1 ]] && exit 0

# --- tools -------------------------------------------------------------------------------

PACKAGES=(
    rustc-web cargo-web rust-web-src            # Rust 1.96 with std's source, for -Zbuild-std
    gcc-aarch64-linux-gnu libc6-dev-arm64-cross # the aarch64 C compiler and headers
    gcc-mingw-w64-x86-64                        # the Windows C compiler and mingw-w64's headers
)
install_missing_packages() {
    local missing=() package sudo=()
    command -v dpkg-query >/dev/null || {
        say "setup: FAILED: this script installs with apt: it needs Debian or Ubuntu"
        exit 1
    }
    for package in "${PACKAGES[@]}"; do
        if [[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null) != ii* ]]; then
            missing+=("$package")
        fi
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
    say "setup: installing ${missing[*]} (apt-get)"
    if ! { "${sudo[@]}" apt-get update && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" \
        apt-get install -y --no-install-recommends "${missing[@]}"; } >"$OUT/apt.log" 2>&1; then
        say "setup: FAILED: apt-get could not install ${missing[*]}; the end of target/facts/apt.log:"
        tail -n 20 "$OUT/apt.log" | sed 's/^/    | /'
        exit 1
    fi
}
install_missing_packages
rustup toolchain link web /usr
export RUSTC_BOOTSTRAP=1
STD_VENDOR=$(rustc +web --print sysroot)/lib/rustlib/src/rust/library/vendor
[[ -d $STD_VENDOR ]] || {
    say "setup: FAILED: no std source at $STD_VENDOR (is rust-web-src installed?)"
    exit 1
}
HOST=$(rustc -vV | sed -n 's/^host: //p')

# --- one target --------------------------------------------------------------------------

# check_target TARGET GROUPS AUTHORITY COMPILER: prints the result, returns 1 on a mismatch.
check_target() {
    local target=$1 groups=$2 authority=$3 compiler=$4
    local dir=$OUT/$target rows count
    mkdir -p "$dir"
    parse rows "$groups" "$authority" "${LISTS[@]}" >"$dir/rows.tsv"
    count=$(wc -l <"$dir/rows.tsv")

    # The authority's values. For C, row N is line N + 4 of facts.c, a constant `facts_FN`
    # initialised from the header's expression; `gcc -S` writes its value into the assembly
    # (".quad 4" on x86_64, ".xword 4" on aarch64, ".space 8" for a zero with mingw), which is
    # all we read: nothing is run.
    local name="the libc crate"
    if [[ $authority == c ]]; then
        name="the C headers ($compiler)"
        local header=glibc.h
        [[ $groups == windows ]] && header=mingw.h
        {
            echo "/* Generated by scripts/facts.sh from facts/list/: do not edit. */"
            echo "#include \"$header\""
            echo '#define FACT(id, value) extern const long long facts_##id; const long long facts_##id = (long long)(value);'
            echo "/* one row of target/facts/<target>/rows.tsv a line: */"
            awk -F'\t' '{ printf "FACT(F%d, %s)\n", NR, $4 }' "$dir/rows.tsv"
        } >"$dir/facts.c"
        if ! "$compiler" -S -O0 -w -fno-zero-initialized-in-bss -I "$ROOT/facts/authority" \
            -o "$dir/facts.s" "$dir/facts.c" 2>"$dir/gcc.log"; then
            echo "  the authority does not declare every item we check ($compiler):"
            sed -n 's/^[^:]*facts\.c:\([0-9]*\):[0-9]*: error: \(.*\)/\1 \2/p' "$dir/gcc.log" |
                while read -r line message; do
                    [[ $line -gt 4 ]] || continue
                    printf '    %s: %s\n' "$(sed -n "$((line - 4))p" "$dir/rows.tsv" | cut -f2)" "$message"
                done | sort -u | head -n 40
            echo "  (gcc's full output: ${dir#"$ROOT"/}/gcc.log)"
            return 1
        fi
        awk '
            /^facts_F[0-9]+:$/ { id = substr($0, 8, length($0) - 8); next }
            id != "" && $1 ~ /^\.(quad|xword|8byte)$/ { print id "\t" $2; id = ""; next }
            id != "" && ($1 == ".zero" || $1 == ".space" || $1 == ".skip") && $2 == "8" { print id "\t0"; id = ""; next }
        ' "$dir/facts.s" >"$dir/values.tsv"
        if [[ $(wc -l <"$dir/values.tsv") -ne $count ]]; then
            echo "  gcc gave $(wc -l <"$dir/values.tsv") values for $count rows (see ${dir#"$ROOT"/}/facts.s)"
            return 1
        fi
    fi

    # The comparisons: line N of checks.rs is row N.
    awk -F'\t' -v authority="$authority" '
        NR == FNR { value[$1] = $2; next }
        {
            theirs = (authority == "c") ? value[FNR] : "(" $4 ") as i128"
            printf "const _: crate::Same<{ (%s) as i128 }> = crate::Same::<{ let t: i128 = %s; let mut x = %s; x = t as _; if crate::fits(t, (::core::mem::size_of_val(&x) * 8) as u32) { x as i128 } else { t } }>; // %s\n", $3, theirs, $3, $2
        }
    ' <(if [[ $authority == c ]]; then cat "$dir/values.tsv"; else echo; fi) "$dir/rows.tsv" \
        >"$dir/checks.rs"

    # This machine's own target has its std from rustup: `cargo check` is enough. Every other
    # has its std built from source by Debian's Rust 1.96 (std's dependencies, and libc, from
    # its vendored copy), exactly as scripts/cross.sh builds it and into the same target
    # directory, so that the standard library is compiled once per target for both stages:
    # hence `cargo build` (a library: nothing is linked), whose std is the one `cargo test`
    # there uses. The comparisons fail at type checking either way.
    local cargo=(env "CARGO_TARGET_DIR=$OUT/cargo" cargo check
        --manifest-path facts/Cargo.toml --target "$target" --message-format=short --quiet)
    if [[ $target != "$HOST" ]]; then
        cargo=(env "CARGO_TARGET_DIR=$ROOT/target/cross" cargo +web build
            --manifest-path facts/Cargo.toml --target "$target"
            -Zbuild-std --config scripts/cross/config.toml
            --config "source.std-vendor.directory=\"$STD_VENDOR\""
            --message-format=short --quiet)
    fi
    if FACTS_CHECKS=$dir/checks.rs "${cargo[@]}" >"$dir/cargo.log" 2>&1; then
        echo "  $count facts agree with $name"
        return 0
    fi
    # rustc: "checks.rs:N:C: error[E0308]: mismatched types: expected `OURS`, found `THEIRS`"
    local mismatches other
    mismatches=$(sed -n 's/^.*checks\.rs:\([0-9]*\):[0-9]*: error\[E0308\]: mismatched types: expected `\(.*\)`, found `\(.*\)`$/\1\t\2\t\3/p' \
        "$dir/cargo.log" | sort -un)
    if [[ -n $mismatches ]]; then
        while IFS=$'\t' read -r line ours theirs; do
            printf '  MISMATCH %s: %s: ours %s, %s %s\n' "$target" \
                "$(sed -n "${line}p" "$dir/rows.tsv" | cut -f2)" "$ours" \
                "$([[ $authority == c ]] && echo "the C headers" || echo libc)" "$theirs"
        done <<<"$mismatches"
    fi
    other=$(grep -E '^[^ ]*: error' "$dir/cargo.log" | grep -v 'error\[E0308\]: mismatched types' |
        grep -v 'could not compile' | head -n 20 || true)
    if [[ -n $other ]]; then
        echo "  cargo could not compile some checks ($target):"
        while IFS= read -r error; do
            line=$(sed -n 's/^.*checks\.rs:\([0-9]*\):.*/\1/p' <<<"$error")
            if [[ -n $line ]]; then
                printf '    %s: %s\n' "$(sed -n "${line}p" "$dir/rows.tsv" | cut -f2)" "${error#*: error}"
            else
                printf '    %s\n' "$error"
            fi
        done <<<"$other"
    fi
    echo "  (cargo's full output: ${dir#"$ROOT"/}/cargo.log; to repeat it at the repository root:"
    echo "   RUSTC_BOOTSTRAP=1 FACTS_CHECKS=${dir#"$ROOT"/}/checks.rs ${cargo[*]//$ROOT\//})"
    return 1
}

# --- all targets -------------------------------------------------------------------------

FAILED=0
SUMMARY=()
for entry in "${TARGETS[@]}"; do
    IFS='|' read -r target groups authority compiler <<<"$entry"
    if [[ ${#PATTERNS[@]} -gt 0 ]]; then
        wanted=0
        for pattern in "${PATTERNS[@]}"; do [[ $target == *"$pattern"* ]] && wanted=1; done
        [[ $wanted -eq 1 ]] || continue
    fi
    began=$SECONDS
    say "$target: comparing with $([[ $authority == c ]] && echo "the C headers via $compiler" || echo "the libc crate")"
    if check_target "$target" "$groups" "$authority" "$compiler"; then
        result=ok
    else
        result=FAILED
        FAILED=1
    fi
    per_lesson=$(cut -f1 "$OUT/$target/rows.tsv" | sort | uniq -c | awk '{ printf "%s%s %d", sep, $2, $1; sep = ", " }')
    SUMMARY+=("$(printf '%-28s %-6s %4d facts (%s) [%ds]' "$target" "$result" \
        "$(wc -l <"$OUT/$target/rows.tsv")" "$per_lesson" $((SECONDS - began)))")
    if [[ $FAILED -eq 1 && $KEEP_GOING -eq 0 ]]; then
        say "stopping at the first target that failed (--keep-going checks the others too)"
        break
    fi
done

echo
say "done"
printf '  %s\n' "${SUMMARY[@]}"
exit "$FAILED"
