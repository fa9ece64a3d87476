#!/usr/bin/env bash
# `npm run demo`: builds Airlock, prints `airlock check` for the bundled example workspace, and
# opens that workspace in a real VS Code with Airlock loaded — desktop VS Code when `code` is
# installed, otherwise the offline VS Code server (code-server) on 127.0.0.1, whose URL is printed.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
node scripts/ensureDeps.mjs
node esbuild.config.mjs
example="$repo/example"

echo
echo "== airlock check (example workspace: $example) =="
node dist/cli.js check --root "$example" || true
echo
echo "== airlock explain .env src/auth/session.ts infra/prod/main.tf =="
(cd "$example" && node "$repo/dist/cli.js" explain .env src/auth/session.ts infra/prod/main.tf) || true
echo

if [[ "${AIRLOCK_DEMO_NO_EDITOR:-}" == 1 ]]; then
  exit 0
fi
if command -v code >/dev/null 2>&1 && [[ -z "${AIRLOCK_DEMO_OFFLINE:-}" ]]; then
  echo "Opening the example in VS Code with Airlock loaded (extension development host)…"
  exec code --extensionDevelopmentPath="$repo" "$example"
fi
echo "No desktop VS Code here: starting the offline VS Code server with Airlock loaded."
echo "Open the URL printed below in a browser (Ctrl-C stops it)."
exec bash test/offline-host/run.sh --serve --workspace "$example" ${AIRLOCK_DEMO_PORT:+--port "$AIRLOCK_DEMO_PORT"}
