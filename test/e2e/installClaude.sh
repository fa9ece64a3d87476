#!/usr/bin/env bash
# Installs what the Claude Code end-to-end test needs, idempotently:
# - on Linux, bubblewrap and socat (Claude Code's Bash sandbox, which `airlock sync` requires);
# - the pinned @anthropic-ai/claude-code from the npm registry into .e2e-cache/ (not package.json).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "$(uname -s)" = "Linux" ]; then
  missing=()
  command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
  command -v socat >/dev/null 2>&1 || missing+=(socat)
  if [ "${#missing[@]}" -gt 0 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
      echo "installClaude.sh: please install ${missing[*]} (Claude Code's sandbox needs them)" >&2
      exit 1
    fi
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "installClaude.sh: installing ${missing[*]} with apt-get"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

npx --no-install tsx test/e2e/claudeInstall.ts
