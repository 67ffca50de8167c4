#!/usr/bin/env bash
# Herald's catalog check and site build for any CI; the GitHub Action and the GitLab template run this same script.
#   ci/herald-ci.sh check   herald check, compared with the pull/merge request's base when there is one
#   ci/herald-ci.sh build   herald build into $HERALD_OUT
#   ci/herald-ci.sh all     both (the default)
# Settings (environment):
#   HERALD_CATALOG   the catalog folder (default: schemas)
#   HERALD_AGAINST   a git revision or folder to compare with; default: origin/<base branch> of a GitHub pull
#                    request (GITHUB_BASE_REF) or GitLab merge request (CI_MERGE_REQUEST_TARGET_BRANCH_NAME),
#                    fetched when the clone lacks it; `none` compares with nothing
#   HERALD_OUT       the site folder (default: site)
#   HERALD_BASE_URL  the URL the site is published at (optional; enables sitemap.xml)
#   HERALD_FORMAT    herald check's output format (default: github on GitHub Actions, text elsewhere)
#   HERALD_JUNIT     also write herald check's findings as JUnit XML to this file (GitLab's test report)
#   HERALD_BIN       the herald to run (default: herald on PATH)
# On GitHub Actions it also writes step outputs (GITHUB_OUTPUT: exit-code, result, against, site) and a Markdown
# job summary of the findings and their blast radius (GITHUB_STEP_SUMMARY).
# Exit status: herald's (0 clean or built, 1 findings, 2 Herald could not run).
set -uo pipefail

step="${1:-all}"
herald="${HERALD_BIN:-herald}"
catalog="${HERALD_CATALOG:-schemas}"
out="${HERALD_OUT:-site}"

output() { if [ -n "${GITHUB_OUTPUT:-}" ]; then printf '%s=%s\n' "$1" "$2" >> "$GITHUB_OUTPUT"; fi; }
summary() { if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then printf '%s\n' "$@" >> "$GITHUB_STEP_SUMMARY"; fi; }

if ! command -v "$herald" > /dev/null 2>&1; then
  echo "herald-ci: '$herald' not found; install the release tarball and put herald on PATH, or set HERALD_BIN" >&2
  exit 2
fi

# The revision to compare with: explicit, or the request's base branch, fetched if the (shallow) clone lacks it.
resolve_against() {
  local against="${HERALD_AGAINST:-}" base=""
  if [ "$against" = none ]; then return 0; fi
  if [ -n "$against" ]; then printf '%s' "$against"; return 0; fi
  if [ -n "${GITHUB_BASE_REF:-}" ]; then base="$GITHUB_BASE_REF"
  elif [ -n "${CI_MERGE_REQUEST_TARGET_BRANCH_NAME:-}" ]; then base="$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"
  else return 0
  fi
  if ! git rev-parse --verify --quiet "origin/${base}^{commit}" > /dev/null; then
    echo "herald-ci: fetching origin/${base} to compare with" >&2
    git fetch --quiet --no-tags --depth=1 origin "+refs/heads/${base}:refs/remotes/origin/${base}" >&2 || {
      echo "herald-ci: could not fetch origin/${base}; set HERALD_AGAINST or fetch the base branch first" >&2
      return 2
    }
  fi
  printf '%s' "origin/${base}"
}

run_check() {
  local against format code
  against="$(resolve_against)" || return 2
  format="${HERALD_FORMAT:-}"
  if [ -z "$format" ]; then
    if [ "${GITHUB_ACTIONS:-}" = true ]; then format=github; else format=text; fi
  fi
  local args=(check --catalog "$catalog")
  if [ -n "$against" ]; then args+=(--against "$against"); fi

  echo "herald-ci: herald ${args[*]}" >&2
  "$herald" "${args[@]}" --format "$format"
  code=$?
  if [ -n "${HERALD_JUNIT:-}" ]; then
    "$herald" "${args[@]}" --format junit > "$HERALD_JUNIT"
  fi
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    "$herald" "${args[@]}" --format markdown >> "$GITHUB_STEP_SUMMARY"
    if [ -n "$against" ]; then summary "" "Compared with \`${against}\`."; fi
    summary ""
  fi
  output exit-code "$code"
  output against "$against"
  case "$code" in
    0) output result clean ;;
    1) output result findings ;;
    *) output result could-not-run ;;
  esac
  return "$code"
}

run_build() {
  local args=(build --catalog "$catalog" --out "$out") code
  if [ -n "${HERALD_BASE_URL:-}" ]; then args+=(--base-url "$HERALD_BASE_URL"); fi
  echo "herald-ci: herald ${args[*]}" >&2
  "$herald" "${args[@]}"
  code=$?
  if [ "$code" = 0 ]; then
    output site "$out"
    summary "### herald build" "" "The catalog site is in \`${out}/\`: $(find "$out" -name '*.html' | wc -l | tr -d ' ') pages." ""
  fi
  return "$code"
}

case "$step" in
  check) run_check ;;
  build) run_build ;;
  all) run_check && run_build ;;
  *) echo "herald-ci: unknown step '$step'; expected check, build or all" >&2; exit 2 ;;
esac
