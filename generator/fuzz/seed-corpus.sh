#!/usr/bin/env bash
# Seeds every fuzz target's corpus with every page of specs/ and of the test fixtures (for
# `prose` and `hostile_page` a page is just text).
set -euo pipefail
cd "$(dirname "$0")"
for target in parse pipeline prose hostile_page; do
  mkdir -p "corpus/$target"
  find ../../specs ../../tests/fixtures -name '*.md' -o -name '*.txt' | while read -r page; do
    cp "$page" "corpus/$target/$(echo "$page" | md5sum | cut -c1-16).md"
  done
done
