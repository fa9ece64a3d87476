#!/usr/bin/env bash
# Entry script of the Airlock GitHub Action (action.yml): runs the CI gate in $GITHUB_WORKSPACE.
#   1. `airlock check --sarif` (policy valid, secrets, unreviewed AI lines in review-required classes,
#      native drift), the SARIF log left for code scanning;
#   2. `airlock sync --check` (every assistant's generated controls match the policy);
#   3. the provenance summary, with both results, appended to $GITHUB_STEP_SUMMARY.
# Exit 1 when a gate failed (unless AIRLOCK_FAIL_ON=none), 2 when Airlock could not be found/run.
# Inputs arrive as environment variables (action.yml maps them): AIRLOCK_VERSION, AIRLOCK_CLI,
# AIRLOCK_BASE, AIRLOCK_FAIL_ON, AIRLOCK_ROOT.
set -uo pipefail

ws="${GITHUB_WORKSPACE:?GITHUB_WORKSPACE is not set: run this inside GitHub Actions or set it}"
tmp="${RUNNER_TEMP:-$(mktemp -d)}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
out="${GITHUB_OUTPUT:-/dev/null}"
root="$ws/${AIRLOCK_ROOT:-.}"
fail_on="${AIRLOCK_FAIL_ON:-any}"
sarif="$tmp/airlock.sarif"

# Which Airlock: an explicit command, else the repository's @airlock-dev/airlock devDependency,
# else the pinned version from the npm registry into RUNNER_TEMP (never the unscoped `airlock`).
airlock=()
if [[ -n "${AIRLOCK_CLI:-}" ]]; then
  read -r -a airlock <<<"$AIRLOCK_CLI"
elif [[ -f "$ws/node_modules/@airlock-dev/airlock/package.json" && -x "$ws/node_modules/.bin/airlock" ]]; then
  airlock=(node "$ws/node_modules/@airlock-dev/airlock/dist/cli.js")
else
  version="${AIRLOCK_VERSION:-latest}"
  if ! npm install --no-audit --no-fund --silent --prefix "$tmp/airlock-cli" "@airlock-dev/airlock@$version" >"$tmp/airlock-install.log" 2>&1; then
    echo "::error title=Airlock::could not install @airlock-dev/airlock@$version from the npm registry (see $tmp/airlock-install.log)"
    cat "$tmp/airlock-install.log" >&2
    exit 2
  fi
  airlock=(node "$tmp/airlock-cli/node_modules/@airlock-dev/airlock/dist/cli.js")
fi

if ! "${airlock[@]}" --version >"$tmp/airlock-version.txt" 2>&1; then
  echo "::error title=Airlock::Airlock does not run (${airlock[*]}): $(head -n 1 "$tmp/airlock-version.txt")"
  exit 2
fi

echo "::group::airlock check"
"${airlock[@]}" check --root "$root" --sarif "$sarif" >"$tmp/airlock-check.txt" 2>&1
check_rc=$?
cat "$tmp/airlock-check.txt"
echo "::endgroup::"

echo "::group::airlock sync --check"
"${airlock[@]}" sync --check --root "$root" >"$tmp/airlock-sync.txt" 2>&1
sync_rc=$?
cat "$tmp/airlock-sync.txt"
echo "::endgroup::"

base_args=()
if [[ -n "${AIRLOCK_BASE:-}" ]]; then
  base_args=(--base "$AIRLOCK_BASE")
elif [[ -n "${GITHUB_BASE_REF:-}" ]]; then
  base_args=(--base "origin/$GITHUB_BASE_REF")
fi
"${airlock[@]}" provenance summary --format md --root "$root" "${base_args[@]}" >"$tmp/airlock-provenance.md" 2>"$tmp/airlock-provenance.err"
prov_rc=$?

verdict() { case "$1" in 0) echo "passed" ;; 1) echo "**failed**" ;; *) echo "**error (exit $1)**" ;; esac; }
{
  echo "## Airlock"
  echo
  echo "| gate | result |"
  echo "| --- | --- |"
  echo "| \`airlock check\` (policy, secrets, review, drift) | $(verdict "$check_rc") |"
  echo "| \`airlock sync --check\` (assistant controls match the policy) | $(verdict "$sync_rc") |"
  echo
  if ((check_rc != 0)); then
    echo "<details><summary>airlock check</summary>"
    echo
    echo '```'
    tail -n 60 "$tmp/airlock-check.txt"
    echo '```'
    echo "</details>"
    echo
  fi
  if ((sync_rc != 0)); then
    echo "<details><summary>airlock sync --check</summary>"
    echo
    echo '```'
    tail -n 60 "$tmp/airlock-sync.txt"
    echo '```'
    echo "</details>"
    echo
  fi
  if ((prov_rc == 0)); then
    cat "$tmp/airlock-provenance.md"
  else
    echo "Provenance summary unavailable: $(head -n 1 "$tmp/airlock-provenance.err")"
  fi
} >>"$summary"

{
  [[ -f "$sarif" ]] && echo "sarif=$sarif"
  echo "check=$check_rc"
  echo "sync=$sync_rc"
} >>"$out"

((check_rc > 1 || sync_rc > 1)) && exit 2
if [[ "$fail_on" != "none" ]] && ((check_rc != 0 || sync_rc != 0)); then
  echo "::error title=Airlock::the Airlock gate failed (check: exit $check_rc, sync --check: exit $sync_rc); see the job summary"
  exit 1
fi
exit 0
