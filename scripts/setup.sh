#!/usr/bin/env bash
# Installs what Herald's build, tests or benchmarks need on a fresh machine, and nothing twice.
#   scripts/setup.sh build   system libraries the Swift build links against
#   scripts/setup.sh test    the above, plus the test tools (Debian packages, a Python venv)
#   scripts/setup.sh bench   the above, plus the benchmark reference tools
#   scripts/setup.sh dist    the build's libraries, plus what make dist-test needs (debootstrap, kcat)
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
if [ "$want" = "dist" ]; then
  apt_packages="$apt_packages $(grep -v '^#' requirements/apt-dist.txt | xargs)"
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
  reqs=requirements/test.txt
  [ "$want" = "bench" ] && reqs="$reqs requirements/bench.txt"
  # The venv is usable when its python runs, every `==` pin of $reqs is the installed version, the packages import
  # and `pip check` finds no broken requirement. Otherwise the pins are (re)installed; a venv that still fails is
  # rebuilt from scratch.
  venv_matches() {
    "$venv/bin/python" - $reqs <<'PY' >/dev/null 2>&1 && "$venv/bin/python" -m pip check >/dev/null 2>&1
import importlib, importlib.metadata as metadata, sys
modules = {"confluent-kafka": "confluent_kafka", "kafka-python": "kafka", "pyyaml": "yaml", "pre-commit": "pre_commit",
           "python-schema-registry-client": "schema_registry"}
for path in sys.argv[1:]:
    for line in open(path):
        line = line.split("#")[0].split(";")[0].strip()
        if not line:
            continue
        name, _, version = (part.strip() for part in line.partition("=="))
        installed = metadata.version(name)  # raises when it is not installed
        if version:
            if installed != version:
                sys.exit(f"{name} {installed} is not the pinned {version}")
            key = name.lower().replace("_", "-")
            importlib.import_module(modules.get(key, key.replace("-", "_")))
PY
  }
  install_pins() {
    "$venv/bin/python" -m pip install -q --disable-pip-version-check $(for r in $reqs; do printf -- '-r %s ' "$r"; done) || return 1
    # Pins marked `python_version >= "3.12"` whose code runs on older Pythons too (see requirements/test.txt).
    if ! "$venv/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then
      older=$(grep -h 'python_version >= "3.12"' $reqs | cut -d';' -f1 | xargs)
      [ -z "$older" ] || "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps --ignore-requires-python $older
    fi
  }
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    echo "setup: creating $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
  fi
  if ! venv_matches; then
    echo "setup: installing the pinned Python packages into $venv"
    install_pins || true
    if ! venv_matches; then
      echo "setup: $venv is still broken; rebuilding it"
      rm -rf "$venv"
      python3 -m venv "$venv"
      install_pins
      venv_matches || { echo "setup: $venv does not match $reqs even after a rebuild" >&2; exit 1; }
    fi
  fi
fi
