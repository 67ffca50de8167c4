#!/usr/bin/env bash
# Installs what Herald's build, tests or benchmarks need on a fresh machine, and nothing twice.
#   scripts/setup.sh build   system libraries the Swift build links against
#   scripts/setup.sh test    the above, plus the test tools (Debian packages, a Python venv)
#   scripts/setup.sh bench   the above, plus the benchmark reference tools
set -euo pipefail
cd "$(dirname "$0")/.."
want="${1:-build}"

sudo_cmd=""
if [ "$(id -u)" != "0" ]; then sudo_cmd="sudo"; fi

apt_packages=$(grep -v '^#' requirements/apt-build.txt | xargs)
if [ "$want" = "test" ] || [ "$want" = "bench" ]; then
  apt_packages="$apt_packages $(grep -v '^#' requirements/apt-test.txt | xargs)"
fi
if [ "$want" = "bench" ]; then
  apt_packages="$apt_packages $(grep -v '^#' requirements/apt-bench.txt | xargs)"
fi
missing=""
for p in $apt_packages; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: installing Debian packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

if [ "$want" = "test" ] || [ "$want" = "bench" ]; then
  venv=.venv
  if [ ! -x "$venv/bin/python" ]; then
    echo "setup: creating $venv"
    python3 -m venv "$venv"
  fi
  reqs=requirements/test.txt
  [ "$want" = "bench" ] && reqs="$reqs requirements/bench.txt"
  stamp="$venv/.installed-$(cat $reqs | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    echo "setup: installing Python packages into $venv"
    "$venv/bin/pip" install -q --disable-pip-version-check $(for r in $reqs; do printf -- '-r %s ' "$r"; done)
    # Pins marked `python_version >= "3.12"` whose code runs on older Pythons too (see requirements/test.txt).
    if ! "$venv/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
      older=$(grep -h 'python_version >= "3.12"' $reqs | cut -d';' -f1 | xargs)
      [ -z "$older" ] || "$venv/bin/pip" install -q --disable-pip-version-check --no-deps --ignore-requires-python $older
    fi
    touch "$stamp"
  fi
fi
