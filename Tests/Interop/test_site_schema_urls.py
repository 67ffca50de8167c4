"""Schemas at stable URLs: the built site served over HTTP on loopback, each version's schema fetched with curl at
`events/<event>/v<N>.avsc` and `events/<event>/latest.avsc`, byte for byte the catalog's file."""
import functools
import http.server
import pathlib
import shutil
import subprocess
import threading

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def served(herald_bin, tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    subprocess.run([herald_bin, "build", "--catalog", str(ROOT / "schemas"), "--out", str(out)], check=True, cwd=ROOT)
    handler = functools.partial(QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/catalog-root/", out
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path):
        # The site published under a sub-path, as on GitHub Pages.
        return super().translate_path(path.removeprefix("/catalog-root"))

    def log_message(self, *args):
        pass


def curl(url: str) -> bytes:
    if shutil.which("curl") is None:
        pytest.fail("curl is not installed (scripts/setup.sh test installs it)")
    return subprocess.run(["curl", "--silent", "--fail", "--show-error", url], check=True, capture_output=True).stdout


def test_every_version_and_the_latest_by_curl(served):
    base, _ = served
    events = sorted((ROOT / "schemas").glob("**/event.yaml"))
    assert events
    for manifest in events:
        folder = manifest.parent
        versions = sorted(folder.glob("v*.avsc"), key=lambda path: int(path.stem[1:]))
        for version in versions:
            assert curl(f"{base}events/{folder.name}/{version.name}") == version.read_bytes(), version
        assert curl(f"{base}events/{folder.name}/latest.avsc") == versions[-1].read_bytes(), folder.name


def test_the_event_page_links_resolve_over_http(served):
    base, out = served
    page = curl(f"{base}events/order.placed.html").decode()
    assert 'href="order.placed/latest.avsc"' in page
    assert curl(f"{base}events/order.placed/latest.avsc") == (out / "events" / "order.placed" / "latest.avsc").read_bytes()
