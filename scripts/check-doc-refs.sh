#!/usr/bin/env bash
# check-doc-refs.sh: every file path and Rust item a chapter cites in backticks must exist.
#
# Usage:
#   scripts/check-doc-refs.sh [FILE...]   check FILEs (default: every docs/*.md)
#   scripts/check-doc-refs.sh --self-test test this checker on small made-up documents
#
# scripts/check-docs.sh runs it after the console blocks. Outside fenced code blocks, each
# `backticked` span is looked at:
#
# - A path (it has a "/" and ends in a file name with an extension, or in "/"): it must name
#   a file or folder of this repository, relative to the repository root, to the chapter's
#   own crate (docs/04-epoll.md -> crates/04-epoll/), or, for a shortened path such as
#   `suite/protocol.rs` or `.../sys/freebsd.rs`, as the end of exactly such a path somewhere
#   in crates/. Globs and braces (`src/sys/*.rs`, `src/{a,b}.rs`) must match something.
#   Paths under `target/` are build output, there only after a build, and are not checked.
# - A Rust item path, `Type::item` or `crate_name::item` (with or without "()"): when its
#   first part is defined in our crates (a type, trait, module, or a package's crate name),
#   its last part must be defined there too (a fn, const, static, type, module, enum variant
#   or field). Paths into std, core or other libraries are not ours and are left alone.
# - A function name written as a call, `name()`: it must be a fn (or macro) defined in our
#   crates, unless it is a C or std function, which the chapter then names as such by
#   writing it with its library: `libc::name()`, `std::...`.
#
# - A table row with a backticked file and then a whole number (a reading order's line count):
#   the number must be the file's line count (`wc -l`).
# - A markdown link or image to a local file, `[text](05-kqueue.md#anchor)`: the file must exist
#   (relative to the document). Links to the web are not followed.
#
# A path or name from another repository (mio, the kernel, the book) is cited with where it
# comes from in the same backticks, `mio: src/sys/unix/selector/epoll.rs`, or on a line with
#   <!-- check-doc-refs: elsewhere -->
# at its end, which exempts that line.
#
# Exit status: 0 if every citation resolves, 1 if any does not, 2 for a usage error.
set -euo pipefail

script=$(realpath "${BASH_SOURCE[0]}")
repo_root=$(dirname "$(dirname "$script")")

# ---------------------------------------------------------------------------------------------
# What our crates define, read once.

# defined_names ROOT: every name a Rust file under ROOT/crates defines, one per line.
defined_names() {
    local root=$1
    find "$root/crates" -name '*.rs' -not -path '*/target/*' -print0 |
        xargs -0 cat |
        sed -E 's://.*$::; s/#\[link_name *= *"([A-Za-z0-9_]+)"\]/fn \1/g' |
        sed -E 's/\b((const|unsafe|async|extern +"[^"]*") +)+fn\b/fn/g' |
        grep -oE '\b(fn|struct|enum|trait|type|const|static|mod|union|macro_rules!) +[A-Za-z_][A-Za-z0-9_]*|\bas +[A-Za-z_][A-Za-z0-9_]*|^ *(pub(\([a-z]+\))? +)?[A-Za-z_][A-Za-z0-9_]* *(:[^:]|[,({])' |
        sed -E 's/^(fn|struct|enum|trait|type|const|static|mod|union|macro_rules!|as) +//; s/^ *(pub(\([a-z]+\))? +)?//; s/[^A-Za-z0-9_].*$//' |
        sort -u
}

# crate_names ROOT: the crate name of every package in ROOT/crates (`raw-syscall` -> raw_syscall).
crate_names() {
    local root=$1
    sed -n 's/^name *= *"\(.*\)"/\1/p' "$root"/crates/*/Cargo.toml "$root"/crates/*/*/Cargo.toml \
        2>/dev/null | tr '-' '_' | sort -u
}

# ---------------------------------------------------------------------------------------------
# One citation

# chapter_crate ROOT DOC: the crate folder a chapter belongs to (docs/04-epoll.md ->
# crates/04-epoll), or nothing.
chapter_crate() {
    local name
    name=$(basename "$2" .md)
    if [[ -d $1/crates/$name ]]; then echo "$1/crates/$name"; fi
}

# expand_braces PATTERN: one line per alternative of each `{a,b}` in PATTERN (no nesting).
expand_braces() {
    local pattern=$1 head tail choices choice
    if [[ $pattern != *'{'*'}'* ]]; then
        printf '%s\n' "$pattern"
        return
    fi
    head=${pattern%%'{'*}
    tail=${pattern#*'{'}
    choices=${tail%%'}'*}
    tail=${tail#*'}'}
    local IFS=,
    for choice in $choices; do
        expand_braces "$head$choice$tail"
    done
}

# path_exists ROOT CRATE PATH: does PATH name something in the repository? Every alternative
# of a brace must; a glob must match at least one file.
path_exists() {
    local root=$1 crate=$2 path=$3 alternative
    path=${path%/}
    # Shortened: ".../x/y.rs" is "x/y.rs" anywhere.
    path=${path#.../}
    while read -r alternative; do
        one_path_exists "$root" "$crate" "$alternative" || return 1
    done < <(expand_braces "$path")
}

# one_path_exists ROOT CRATE PATH: PATH (no braces; maybe a glob) from the root, from the
# chapter's crate, or as the end of a path in crates/.
one_path_exists() {
    local root=$1 crate=$2 path=$3 base
    for base in "$root" ${crate:+"$crate" "$crate/src"}; do
        compgen -G "$base/$path" >/dev/null && return 0
    done
    # A folder named alone (`sys/`: a path with no other "/") is any folder of that name in
    # crates/; a longer path, the end of any path there.
    if [[ $path != */* ]]; then
        [[ -n $(find "$root/crates" -path '*/target' -prune -o -type d -name "$path" -print -quit \
            2>/dev/null) ]]
        return
    fi
    [[ -n $(find "$root/crates" -path '*/target' -prune -o -path "*/$path" -print -quit 2>/dev/null) ]]
}

# ---------------------------------------------------------------------------------------------
# A document

failed=0
cited=0

# spans FILE: "LINE<TAB>SPAN" for every backticked span outside fenced blocks and outside
# lines marked as citing elsewhere.
spans() {
    awk '
        /^[[:space:]]*```/ { fenced = !fenced; next }
        fenced { next }
        /<!-- *check-doc-refs: *elsewhere *-->/ { next }
        {
            line = $0
            while (match(line, /`[^`]+`/)) {
                printf "%d\t%s\n", NR, substr(line, RSTART + 1, RLENGTH - 2)
                line = substr(line, RSTART + RLENGTH)
            }
        }
    ' "$1"
}

# is_path SPAN: does the span look like a file or folder path?
is_path() {
    local span=$1
    [[ $span != *' '* && $span == */* && $span != *'://'* && $span != '/'* && $span != *'::'* ]] || return 1
    [[ $span =~ \.[A-Za-z][A-Za-z0-9]*$ || $span == */ || $span == *'*'* || $span =~ \}$ ]]
}

# links FILE: "LINE<TAB>TARGET" for every markdown link or image to a local file, outside
# fenced blocks (not http(s), not mailto, not a bare #anchor).
links() {
    awk '
        /^[[:space:]]*```/ { fenced = !fenced; next }
        fenced { next }
        {
            line = $0
            while (match(line, /\]\([^) ]+\)/)) {
                target = substr(line, RSTART + 2, RLENGTH - 3)
                line = substr(line, RSTART + RLENGTH)
                if (target ~ /^(https?:|mailto:|#)/) continue
                sub(/#.*$/, "", target)
                printf "%d\t%s\n", NR, target
            }
        }
    ' "$1"
}

# counted_rows FILE: "LINE<TAB>PATH<TAB>COUNT" for every table row with a cell that is one
# backticked path followed by a cell that is a whole number: a reading order's line count.
counted_rows() {
    awk '
        /^[[:space:]]*```/ { fenced = !fenced; next }
        fenced || !/^\|/ { next }
        {
            n = split($0, cell, "|")
            for (i = 2; i < n; i++) {
                path = cell[i]; count = cell[i + 1]
                gsub(/^[[:space:]]+|[[:space:]]+$/, "", path)
                gsub(/^[[:space:]]+|[[:space:]]+$/, "", count)
                gsub(/,/, "", count)
                if (path ~ /^`[^` ]+\.[A-Za-z]+`$/ && count ~ /^[0-9]+$/) {
                    printf "%d\t%s\t%s\n", NR, substr(path, 2, length(path) - 2), count
                }
            }
        }
    ' "$1"
}

# line_count ROOT CRATE PATH: the number of lines of the one file PATH names, or nothing.
line_count() {
    local root=$1 crate=$2 path=$3 base
    for base in "$root" ${crate:+"$crate"}; do
        if [[ -f $base/$path ]]; then
            wc -l <"$base/$path" | tr -d ' '
            return
        fi
    done
}

# check_doc ROOT DOC DEFINED CRATES: report every citation in DOC that does not resolve.
check_doc() {
    local root=$1 doc=$2 defined=$3 crates=$4 crate number span item first last rel
    crate=$(chapter_crate "$root" "$doc")
    rel=${doc#"$root"/}
    while IFS=$'\t' read -r number span; do
        # Cited with its repository: `mio: src/...`, `the book: ch04/...`.
        [[ $span =~ ^[A-Za-z][A-Za-z0-9\ _.-]*:\  ]] && continue
        if is_path "$span"; then
            # Build output (`target/cross/logs/`) exists only after a build: not checked.
            [[ $span == target/* ]] && continue
            cited=$((cited + 1))
            if ! path_exists "$root" "$crate" "$span"; then
                echo "$rel:$number: \`$span\`: no such file or folder in the repository"
                failed=$((failed + 1))
            fi
            continue
        fi
        item=${span%'()'}
        if [[ $item =~ ^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)+$ ]]; then
            first=${item%%::*}
            last=${item##*::}
            # Other libraries, and std's modules cited without `std::` (`io::Result`).
            case $first in
            std | core | alloc | libc | mio | tokio | rustix | polling | windows_sys) continue ;;
            io | fs | net | os | time | sync | mem | ptr | fmt | thread | process | env | ffi) continue ;;
            collections | cell | rc | iter | slice | str | string | vec | hint | arch) continue ;;
            esac
            case $first in
            crate | self | super) ;;
            *) grep -qxF "$first" "$defined" || grep -qxF "$first" "$crates" || continue ;;
            esac
            cited=$((cited + 1))
            if ! grep -qxF "$last" "$defined"; then
                echo "$rel:$number: \`$span\`: \`$first\` is ours, but nothing in crates/ defines \`$last\`"
                failed=$((failed + 1))
            fi
        elif [[ $span =~ ^[a-z_][a-z0-9_]*\(\)$ ]]; then
            cited=$((cited + 1))
            if ! grep -qxF "$item" "$defined"; then
                echo "$rel:$number: \`$span\`: no fn \`$item\` in crates/ (a C or std function the course does not declare? cite it without \"()\", or with its type: \`u16::$item()\`)"
                failed=$((failed + 1))
            fi
        fi
    done < <(spans "$doc")
    # A reading order's line counts must be the files' own.
    local path count actual
    while IFS=$'\t' read -r number path count; do
        actual=$(line_count "$root" "$crate" "$path")
        [[ -n $actual ]] || continue # a path that is not one file is reported above, if at all
        cited=$((cited + 1))
        if [[ $actual != "$count" ]]; then
            echo "$rel:$number: \`$path\` is said to have $count lines; it has $actual"
            failed=$((failed + 1))
        fi
    done < <(counted_rows "$doc")
    # Links between chapters, and to diagrams: relative to the document's folder.
    while IFS=$'\t' read -r number span; do
        cited=$((cited + 1))
        if [[ ! -e $(dirname "$doc")/$span ]]; then
            echo "$rel:$number: link to \`$span\`: no such file"
            failed=$((failed + 1))
        fi
    done < <(links "$doc")
}

# check_docs ROOT DOC...: check each DOC against ROOT's crates; prints a summary.
check_docs() {
    local root=$1 work doc
    shift
    work=$(mktemp -d)
    defined_names "$root" >"$work/defined"
    crate_names "$root" >"$work/crates"
    for doc in "$@"; do
        check_doc "$root" "$doc" "$work/defined" "$work/crates"
    done
    rm -rf "$work"
    echo "check-doc-refs: $cited citations checked, $failed do not resolve"
    ((failed == 0))
}

# ---------------------------------------------------------------------------------------------
# Self-test: a made-up repository, one document that resolves and one that must not.

self_test() {
    local tmp status=0 out
    tmp=$(mktemp -d)
    mkdir -p "$tmp/crates/04-demo/src/sys" "$tmp/docs" "$tmp/scripts"
    printf '[package]\nname = "demo-lesson"\n' >"$tmp/crates/04-demo/Cargo.toml"
    cat >"$tmp/crates/04-demo/src/lib.rs" <<'EOF'
pub struct Poll;
impl Poll {
    pub fn poll(&mut self) {}
}
pub enum Mode {
    Edge,
}
fn millis_rounded_up() {}
EOF
    : >"$tmp/crates/04-demo/src/sys/linux.rs"
    : >"$tmp/scripts/run.sh"
    cat >"$tmp/docs/04-demo.md" <<'EOF'
Read `src/lib.rs`, then `crates/04-demo/src/sys/linux.rs`, `sys/linux.rs`, `.../sys/linux.rs`,
`src/sys/*.rs`, `src/{lib,sys/linux}.rs` and `scripts/run.sh`; the folder `src/sys/`.
`Poll::poll` and `Poll::poll()` and `Mode::Edge`, `demo_lesson::Poll`, `millis_rounded_up()`.
Not ours, so not checked: `Instant::now`, `std::io::Error`, `libc::epoll_wait()`, `a b/c.rs`.
Cited with its repository: `mio: src/sys/unix/selector/epoll.rs`. A [link](04-demo.md#top),
[another](https://example.com) and ![a picture](04-demo.md).
A line citing elsewhere: `include/uapi/linux/io_uring.h` <!-- check-doc-refs: elsewhere -->

| file | lines |
|---|---|
| `src/lib.rs` | 8 |
```rust
let x = `src/not/checked/in/code.rs`;
```
EOF
    cat >"$tmp/docs/05-bad.md" <<'EOF'
`src/missing.rs` `Poll::wait` `missing_fn()` `src/sys/*.c` `demo_lesson::gone`
[a broken link](06-missing.md)

| file | lines |
|---|---|
| `crates/04-demo/src/lib.rs` | 9 |
EOF
    echo "self-test: a document whose every citation resolves"
    if ! out=$(check_docs "$tmp" "$tmp/docs/04-demo.md" 2>&1); then
        echo "$out"
        echo "self-test: FAILED: a good document was rejected"
        status=1
    fi
    echo "self-test: a document with seven citations that do not resolve"
    failed=0 cited=0
    out=$(check_docs "$tmp" "$tmp/docs/05-bad.md" 2>&1) && status=1
    for expected in '`src/missing.rs`' '`Poll::wait`' '`missing_fn()`' '`src/sys/*.c`' \
        '`demo_lesson::gone`' 'link to `06-missing.md`' 'is said to have 9 lines; it has 8'; do
        if [[ $out != *"$expected"* ]]; then
            echo "self-test: FAILED: $expected was not reported"
            status=1
        fi
    done
    rm -rf "$tmp"
    if ((status == 0)); then echo "self-test: ok"; fi
    return "$status"
}

main() {
    case ${1:-} in
    --self-test)
        self_test
        return
        ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "$script" | sed '$d; s/^# \{0,1\}//'
        return
        ;;
    -*)
        echo "check-doc-refs.sh: unknown option $1 (try --help)" >&2
        return 2
        ;;
    esac
    local -a files=("$@")
    if ((${#files[@]} == 0)); then
        files=("$repo_root"/docs/*.md)
    fi
    local file
    for file in "${files[@]}"; do
        if [[ ! -f $file ]]; then
            echo "check-doc-refs.sh: no such file: $file" >&2
            return 2
        fi
    done
    local -a absolute=()
    for file in "${files[@]}"; do absolute+=("$(realpath "$file")"); done
    check_docs "$repo_root" "${absolute[@]}"
}

main "$@"
