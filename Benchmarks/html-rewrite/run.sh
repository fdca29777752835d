#!/bin/sh
# Builds the HTML rewriter benchmark (MailHTML sources + main.swift, optimised, one module,
# over MailURL built as a static library) and runs it on a generated 100 KB newsletter, or
# on the HTML file given.
# Usage: Benchmarks/html-rewrite/run.sh [file.html]
set -eu
cd "$(dirname "$0")/../.."
dir=$(mktemp -d "${TMPDIR:-/tmp}/html-rewrite-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
swiftc -O -wmo -parse-as-library -static -emit-library -module-name MailURL -package-name trackless \
    -emit-module -emit-module-path "$dir/MailURL.swiftmodule" \
    $(find Sources/MailURL -name '*.swift') -o "$dir/libMailURL.a"
swiftc -O -wmo -module-name HTMLRewriteBench -package-name trackless -I "$dir" -L "$dir" -lMailURL \
    $(find Sources/MailHTML -name '*.swift') Benchmarks/html-rewrite/main.swift -o "$dir/bench"
"$dir/bench" "$@"
