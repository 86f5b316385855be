#!/usr/bin/env bash
# The whole test suite: lint, type-check, build the renderer (the browser tests serve it), then
# vitest. Vitest runs inside a private D-Bus session with an unlocked gnome-keyring, so the vault
# tests use a real Secret Service and never touch the user's own keyring.
set -euo pipefail
cd "$(dirname "$0")/.."

# The native modules follow the Node that built them: after switching Node versions (or after
# `npm start` built them for Electron) say how to fix it, instead of 30 failing test files.
if ! node -e "new (require('better-sqlite3'))(':memory:').close()" 2>/dev/null; then
  echo "test: the native modules are not built for this Node ($(node -v), NODE_MODULE_VERSION $(node -p process.versions.modules)); run \`npm run rebuild:node\` first" >&2
  exit 1
fi

npm run --silent lint
npm run --silent typecheck
npm run --silent check:electron
npm run --silent build:renderer
npm run --silent build:cli

if [ -n "${PREMIA_KEYRING_SESSION:-}" ]; then
  exec npx vitest run "$@"
fi
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "test: dbus-run-session and gnome-keyring-daemon are needed (apt-get install dbus gnome-keyring)" >&2
  exit 1
fi
keyring_home=$(mktemp -d)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run" PREMIA_KEYRING_SESSION=1
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
dbus-run-session -- bash -c '
  printf premia-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  exec npx vitest run "$@"' vitest "$@"
