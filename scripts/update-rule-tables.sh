#!/usr/bin/env bash
# Regenerates the rule table in README.md from `herald rules --format markdown` (tests compare them).
set -euo pipefail
cd "$(dirname "$0")/.."
herald="${HERALD_BIN:-$(swift build --show-bin-path)/herald}"
table=$("$herald" rules --format markdown)
python3 - "$table" <<'PY'
import re, sys
table = sys.argv[1].rstrip("\n")
text = open("README.md").read()
text = re.sub(r"<!-- rules:begin -->.*?<!-- rules:end -->",
              "<!-- rules:begin -->\n" + table + "\n<!-- rules:end -->", text, flags=re.S)
open("README.md", "w").write(text)
PY
