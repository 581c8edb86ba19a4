#!/usr/bin/env bash
# Sets up mdbook-jekyll on this machine and builds its user guide with it:
#   - mdBook 0.5.4, unless an mdBook 0.5 is already installed;
#   - mdbook-jekyll itself, from this checkout (cargo install --path .);
#   - then `mdbook build book`, whose output is book/book/index.html.
set -euo pipefail
cd "$(dirname "$0")"

MDBOOK_VERSION=0.5.4
export PATH="$HOME/.cargo/bin:$PATH"

if mdbook --version 2>/dev/null | grep -q '^mdbook v0\.5\.'; then
    echo "setup: using $(mdbook --version)"
else
    echo "setup: installing mdBook $MDBOOK_VERSION"
    cargo install mdbook --version "$MDBOOK_VERSION" --locked
fi

echo "setup: installing mdbook-jekyll from this checkout"
cargo install --path . --locked --quiet

echo "setup: building the user guide"
mdbook build book
echo "setup: done; open book/book/index.html"
