#!/bin/sh
# Builds the HTML rewriter benchmark (MailHTML sources + main.swift, optimised, one
# module) and runs it on a generated 100 KB newsletter, or on the HTML file given.
# Usage: Benchmarks/html-rewrite/run.sh [file.html]
set -eu
cd "$(dirname "$0")/../.."
out=${TMPDIR:-/tmp}/html-rewrite-bench
swiftc -O -wmo -module-name HTMLRewriteBench \
    $(find Sources/MailHTML -name '*.swift') Benchmarks/html-rewrite/main.swift -o "$out"
"$out" "$@"
