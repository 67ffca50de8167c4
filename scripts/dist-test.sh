#!/usr/bin/env bash
# Tests the release tarball as a newcomer meets it: unpacked into a minimal Debian root made with debootstrap (no
# Swift, no -dev packages, only requirements/apt-runtime.txt), where `herald --version`, `herald check`,
# `herald build`, `herald broker` and the tarball's herald-ci.sh run; a kcat client outside the root makes a produce/consume round trip over
# loopback, which a chroot shares with the machine. Needs root (debootstrap, chroot, mount).
#   scripts/dist-test.sh [TARBALL]   default: the tarball `make dist` made for VERSION and this machine
# The root is made once in .dist-root/ and reused; delete that folder to start over.
set -euo pipefail
cd "$(dirname "$0")/.."

version="$(tr -d '[:space:]' < VERSION)"
tarball="${1:-dist/herald-${version}-linux-$(uname -m).tar.gz}"
[ -f "$tarball" ] || { echo "dist-test: $tarball not found; run make dist first" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "dist-test: needs root (debootstrap, chroot, mount)" >&2; exit 2; }
for tool in debootstrap kcat; do
  command -v "$tool" >/dev/null || { echo "dist-test: $tool is missing; run scripts/setup.sh test" >&2; exit 2; }
done

# The Debian release and mirror this machine's apt uses, unless given.
codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-}")"
suite="${DIST_TEST_SUITE:-${codename:-bookworm}}"
mirror="${DIST_TEST_MIRROR:-$( (cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true) \
  | grep -oE 'https?://[^ ]+/debian/?( |$)' | head -n1 | tr -d ' ' || true)}"
mirror="${mirror:-http://deb.debian.org/debian}"
runtime="$(grep -v '^#' requirements/apt-runtime.txt | xargs | tr ' ' ',')"

base=".dist-root"
root="$base/${suite}-minbase"
stamp="$root/.herald-root-ready"
want="suite=${suite} include=${runtime}"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  rm -rf "$root"
  mkdir -p "$base"
  echo "dist-test: debootstrap --variant=minbase ${suite} from ${mirror} (once; cached in ${root})"
  debootstrap --variant=minbase ${runtime:+--include="$runtime"} "$suite" "$root" "$mirror" > "$base/debootstrap.log" 2>&1 \
    || { tail -n 30 "$base/debootstrap.log" >&2; exit 1; }
  rm -rf "$root/var/cache/apt/archives/"*.deb
  echo "$want" > "$stamp"
fi

cleanup() {
  if [ -n "${broker_pid:-}" ] && kill -0 "$broker_pid" 2>/dev/null; then kill "$broker_pid"; wait "$broker_pid" 2>/dev/null || true; fi
  if mountpoint -q "$root/proc"; then umount "$root/proc"; fi
}
trap cleanup EXIT

# A fresh copy of the tarball and a catalog in the root for every run.
rm -rf "$root/opt/herald" "$root/work"
mkdir -p "$root/opt/herald" "$root/work"
tar -xzf "$tarball" -C "$root/opt/herald" --strip-components=1
cp -R schemas "$root/work/schemas"
mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
in_root() { chroot "$root" /usr/bin/env -i PATH=/opt/herald:/usr/bin:/bin HOME=/root /bin/sh -c "cd /work && $1"; }

fail() { echo "dist-test: FAILED: $*" >&2; exit 1; }
passed=0
ok() { passed=$((passed + 1)); echo "dist-test: ok: $*"; }

if in_root 'command -v swift || ls /usr/lib/*/libswiftCore.so* /usr/lib/*/libcmark-gfm.so* /usr/lib/*/libz.so' >/dev/null 2>&1; then
  fail "the root has Swift, libcmark-gfm or a zlib dev link: it does not stand for a machine without them"
fi
ok "the root has no Swift toolchain, no cmark-gfm and no zlib development files"

out="$(in_root 'herald --version')" || fail "herald --version exited $?"
case "$out" in "${version} (commit "*) ;; *) fail "herald --version printed '$out'";; esac
ok "herald --version: $out"

in_root 'herald check --catalog schemas' > "$base/check.out" 2>&1 || { cat "$base/check.out" >&2; fail "herald check on the example catalog"; }
ok "herald check: the example catalog is clean"

# A breaking change: a new version of one event adds a field without a default (BACKWARD consumers cannot read the
# data already written), compared with the untouched catalog as a pull request would be.
# order.placed keeps the catalog's default mode, BACKWARD.
newest="$(cd "$root/work" && ls schemas/orders/order.placed/v*.avsc 2>/dev/null | sort -V | tail -n1)"
[ -n "$newest" ] || fail "schemas/orders/order.placed has no schema versions"
number="$(basename "$newest" .avsc)"; number="${number#v}"
added="$(dirname "$newest")/v$((number + 1)).avsc"
cp -R "$root/work/schemas" "$root/work/base"
python3 - "$root/work/$newest" "$root/work/$added" <<'PY'
import json, sys
schema = json.load(open(sys.argv[1]))
schema["fields"].append({"name": "distTestRequired", "type": "string"})
json.dump(schema, open(sys.argv[2], "w"), indent=2)
PY
set +e; in_root 'herald check --catalog schemas --against base' > "$base/check-broken.out" 2>&1; code=$?; set -e
[ "$code" = 1 ] || { cat "$base/check-broken.out" >&2; fail "herald check of a breaking change exited $code, not 1"; }
grep -q "^${added}:.*\[READER_FIELD_MISSING_DEFAULT_VALUE\]" "$base/check-broken.out" \
  || { cat "$base/check-broken.out" >&2; fail "herald check did not name the field without a default in ${added}"; }
ok "herald check --against: ${added} adds a field without a default and is refused (exit 1)"
rm -rf "$root/work/schemas" && mv "$root/work/base" "$root/work/schemas"

in_root 'herald build --catalog schemas --out site' > "$base/build.out" 2>&1 || { cat "$base/build.out" >&2; fail "herald build"; }
[ -f "$root/work/site/index.html" ] || fail "herald build wrote no site/index.html"
pages="$(find "$root/work/site" -name '*.html' | wc -l)"
ok "herald build: ${pages} pages with the templates from the tarball"

rm -rf "$root/work/site"
in_root 'HERALD_AGAINST=none HERALD_OUT=site herald-ci.sh all' > "$base/ci.out" 2>&1 || { cat "$base/ci.out" >&2; fail "herald-ci.sh all"; }
[ -f "$root/work/site/index.html" ] || fail "herald-ci.sh all wrote no site/index.html"
ok "herald-ci.sh from the tarball: check and build"

chroot "$root" /usr/bin/env -i PATH=/opt/herald:/usr/bin:/bin /opt/herald/herald broker --host 127.0.0.1 --kafka-port 0 \
  --no-catalog --topic dist-test > "$base/broker.out" 2> "$base/broker.err" &
broker_pid=$!
port=""
for _ in $(seq 1 100); do
  port="$(sed -nE 's/^herald broker listening on 127\.0\.0\.1:([0-9]+)$/\1/p' "$base/broker.out")"
  [ -n "$port" ] && break
  kill -0 "$broker_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$port" ] || { cat "$base/broker.err" >&2; fail "herald broker did not report its port"; }
message="herald-dist-test-$$-$(date +%s)"
printf '%s\n' "$message" | timeout 30 kcat -P -b "127.0.0.1:${port}" -t dist-test -k dist || fail "kcat could not produce"
got="$(timeout 30 kcat -C -b "127.0.0.1:${port}" -t dist-test -o beginning -c 1 -e -q -f '%k=%s\n')" || fail "kcat could not consume"
[ "$got" = "dist=${message}" ] || fail "kcat read '$got', not 'dist=${message}'"
ok "herald broker: kcat round trip over 127.0.0.1:${port}"

echo "${passed} passed, 0 failed"
