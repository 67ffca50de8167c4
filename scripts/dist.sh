#!/usr/bin/env bash
# Builds the release tarball dist/herald-<version>-linux-<arch>.tar.gz: a release binary with the Swift runtime and
# Foundation linked in (--static-swift-stdlib) and zlib and cmark-gfm linked from Debian's static archives, the site
# templates beside it, ci/herald-ci.sh, the licence if the repository has one, and scripts/dist-README.md.
# The build has its own scratch folder (.build-dist), so it never invalidates the debug build the tests use.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT="${SWIFT:-swift}"

version="$(tr -d '[:space:]' < VERSION)"
arch="$(uname -m)"
name="herald-${version}-linux-${arch}"
scratch=".build-dist"

commit="$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
if [ "$commit" != unknown ] && [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  commit="${commit}-dirty"
fi

# herald_commit.h: only its contents change from commit to commit, so a new commit recompiles one C file.
mkdir -p "$scratch/build-info" "$scratch/static-libs"
header="$scratch/build-info/herald_commit.h"
wanted="#define HERALD_COMMIT \"${commit}\""
if [ ! -f "$header" ] || [ "$(cat "$header")" != "$wanted" ]; then
  printf '%s\n' "$wanted" > "$header"
fi

# A folder holding only the static archives: searched first, it makes -lz and -lcmark-gfm* resolve to the .a files.
libdir="$(dirname "$(gcc -print-file-name=libz.a 2>/dev/null || echo /usr/lib/"${arch}"-linux-gnu/libz.a)")"
for lib in libz.a libcmark-gfm.a libcmark-gfm-extensions.a; do
  found=""
  for dir in "$libdir" "/usr/lib/${arch}-linux-gnu" /usr/lib; do
    if [ -f "$dir/$lib" ]; then found="$dir/$lib"; break; fi
  done
  if [ -z "$found" ]; then
    echo "dist: $lib not found; install the packages in requirements/apt-build.txt (scripts/setup.sh build)" >&2
    exit 2
  fi
  ln -sf "$found" "$scratch/static-libs/$lib"
done

echo "dist: building herald ${version} (commit ${commit}) for linux-${arch} in ${scratch}/"
"$SWIFT" build -c release --product herald --static-swift-stdlib --scratch-path "$scratch" \
  -Xcc -I"$PWD/$scratch/build-info" \
  -Xlinker -L"$PWD/$scratch/static-libs" \
  -Xlinker -lcmark-gfm-extensions -Xlinker -lcmark-gfm
binary="$scratch/release/herald"

# Shared libraries the binary still needs: the C library and the compiler runtime that every Debian system has.
echo "dist: shared libraries the binary needs:"
ldd "$binary" | sed 's/^/  /'
# Only the binary's own NEEDED entries count: libcurl brings its own zlib, which ldd would list too.
if readelf -d "$binary" | grep NEEDED | grep -Eq 'libz\.so|libcmark|libswift|libFoundation|libdispatch'; then
  echo "dist: the binary still links a library the tarball promises to carry" >&2
  exit 1
fi

stage="dist/${name}"
rm -rf "$stage"
mkdir -p "$stage"
cp "$binary" "$stage/herald"
strip "$stage/herald"
cp -R templates "$stage/templates"
cp scripts/dist-README.md "$stage/README.md"
cp ci/herald-ci.sh "$stage/herald-ci.sh"
cp VERSION "$stage/VERSION"
for licence in LICENSE LICENSE.md LICENSE.txt COPYING NOTICE; do
  if [ -f "$licence" ]; then cp "$licence" "$stage/"; fi
done

# Reproducible archive: sorted names, fixed owner and modification time (the commit's time).
mtime="$(git log -1 --format=%ct 2>/dev/null || echo 0)"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@${mtime}" -C dist -cf - "$name" | gzip -n -9 > "dist/${name}.tar.gz"
rm -rf "$stage"
echo "dist: dist/${name}.tar.gz ($(du -h "dist/${name}.tar.gz" | cut -f1))"
