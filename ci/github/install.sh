#!/usr/bin/env bash
# The GitHub Action's install step: puts the release tarball's herald on PATH (GITHUB_PATH) for the later steps.
#   HERALD_VERSION   a release number (0.1.0), empty for the action's own VERSION, or `path` for a herald already
#                    on PATH (nothing is downloaded)
#   HERALD_DOWNLOAD  where release tarballs are (default: the action repository's GitHub releases, tag v<version>)
#   HERALD_ACTION_PATH, HERALD_ACTION_REPOSITORY   github.action_path and github.action_repository
set -euo pipefail

version="${HERALD_VERSION:-}"
if [ "$version" = path ]; then
  command -v herald > /dev/null || { echo "install: version 'path' but no herald on PATH" >&2; exit 2; }
  herald --version
  exit 0
fi
if [ -z "$version" ]; then
  version="$(tr -d '[:space:]' < "${HERALD_ACTION_PATH:?}/VERSION")"
fi
case "$(uname -s)" in
  Linux) ;;
  *) echo "install: release tarballs are built for Linux; this runner is $(uname -s)" >&2; exit 2 ;;
esac
arch="$(uname -m)"
name="herald-${version}-linux-${arch}"
download="${HERALD_DOWNLOAD:-https://github.com/${HERALD_ACTION_REPOSITORY:?}/releases/download/v${version}}"
dest="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/${name}"

if [ ! -x "${dest}/herald" ]; then
  mkdir -p "$dest"
  echo "install: ${download}/${name}.tar.gz" >&2
  curl --fail --silent --show-error --location --retry 3 "${download}/${name}.tar.gz" \
    | tar -xzf - -C "$dest" --strip-components=1
fi
"${dest}/herald" --version
if [ -n "${GITHUB_PATH:-}" ]; then
  echo "$dest" >> "$GITHUB_PATH"
fi
