#!/usr/bin/env bash
# Sets up mdbook-jekyll on this machine and builds its user guide with it:
#   - mdBook 0.5.4, unless an mdBook 0.5 is already installed;
#   - mdbook-jekyll itself, from this checkout (cargo install --path .);
#   - Debian's Chromium, unless one is installed (the browser tests read the built book
#     as a reader would);
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

if command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM:-}" ]; then
    echo "setup: using $(command -v chromium || echo "$CHROMIUM")"
elif command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Chromium (for the browser tests)"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
else
    echo "setup: no Chromium and no apt-get: install Chromium yourself (or set CHROMIUM) for the browser tests" >&2
fi

echo "setup: installing mdbook-jekyll from this checkout"
cargo install --path . --locked --quiet

echo "setup: building the user guide"
mdbook build book
echo "setup: done; open book/book/index.html"
