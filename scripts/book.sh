#!/usr/bin/env bash
# book.sh: build the chapters in docs/ as a book with mdbook (book.toml, docs/SUMMARY.md).
#
# Usage:
#   scripts/book.sh            build into target/book (open target/book/index.html)
#   scripts/book.sh --install  first install mdbook with cargo into target/tools, if missing
#
# mdbook is optional: the course needs nothing of it, and the chapters read the same on
# GitHub. Without it this prints SKIPPED and why, and succeeds, unless COURSE_REQUIRE_TOOLS is
# set (as CI sets it), where a skip is a failure. Links between chapters are checked by
# scripts/check-docs.sh whether or not mdbook is here; this script adds the check that every
# chapter in docs/SUMMARY.md exists and the book builds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

tools=$PWD/target/tools
MDBOOK_VERSION=0.5.4
export PATH=$tools/bin:$PATH

case ${1:-} in
"") ;;
--install)
    if ! command -v mdbook >/dev/null; then
        # A pinned version, so that CI builds the same book every time.
        echo "book: installing mdbook $MDBOOK_VERSION into target/tools (cargo install, a few minutes once)"
        cargo install --locked --quiet mdbook --version "$MDBOOK_VERSION" --root "$tools"
    fi
    ;;
-h | --help)
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
    exit 0
    ;;
*)
    echo "book.sh: unknown argument $1 (try --help)" >&2
    exit 2
    ;;
esac

if ! command -v mdbook >/dev/null; then
    echo "book: SKIPPED: mdbook is not installed (cargo install mdbook, or scripts/book.sh --install)" >&2
    if [[ -n ${COURSE_REQUIRE_TOOLS:-} ]]; then
        echo "book: COURSE_REQUIRE_TOOLS is set: a skipped check is a failure here" >&2
        exit 1
    fi
    exit 0
fi

# Every chapter the summary lists must exist (book.toml sets create-missing = false, so
# mdbook fails on a missing one instead of writing an empty page).
mdbook build
echo "book: built with $(mdbook --version) into target/book ($(find target/book -name '*.html' | wc -l) pages)"
