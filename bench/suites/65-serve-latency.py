"""Write → reload latency of `herald serve`: starts it on CATALOG with free ports, opens the site's event stream, and
per edit rewrites MANIFEST's summary (a new file renamed over the old, as editors save) and times until the stream's
next `reload` event.

usage: 65-serve-latency.py HERALD_BIN CATALOG MANIFEST EDITS LOG
Prints serve_start_seconds=…, serve_reload_seconds=best/median/worst, one line per edit."""
import os
import re
import socket
import statistics
import subprocess
import sys
import time


def main() -> int:
    herald, catalog, manifest, edits, log_path = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    start = time.monotonic()
    with open(log_path, "w") as log:
        proc = subprocess.Popen([herald, "serve", "--catalog", catalog, "--port", "0", "--kafka-port", "0", "--registry-port", "0",
                                 "--templates", os.path.join(root, "templates")], stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        port = None
        for line in proc.stdout:
            match = re.search(r"herald serve listening on http://127\.0\.0\.1:(\d+)", line)
            if match:
                port = int(match.group(1))
                break
        if port is None:
            print("serve did not start; see", log_path)
            return 1
        print(f"serve_start_seconds={time.monotonic() - start:.2f}")
        sock = socket.create_connection(("127.0.0.1", port), timeout=600)
        sock.sendall(b"GET /_herald/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        buffer = b""

        def next_reload(after):
            nonlocal buffer
            while True:
                found = [int(g) for g in re.findall(rb"event: reload\r?\ndata: (\d+)", buffer)]
                if any(g > after for g in found):
                    return max(found)
                chunk = sock.recv(65536)
                if not chunk:
                    raise SystemExit("the event stream closed")
                buffer += chunk

        while b"event: hello" not in buffer:
            buffer += sock.recv(65536)
        generation = int(re.search(rb"event: hello\r?\ndata: (\d+)", buffer).group(1))
        text = open(manifest).read()
        seconds = []
        for edit in range(edits):
            edited = re.sub(r"(?m)^summary: .*$", f"summary: Edited live, edit {edit + 1}.", text)
            with open(manifest + ".new", "w") as f:
                f.write(edited)
            written = time.monotonic()
            os.replace(manifest + ".new", manifest)
            generation = next_reload(generation)
            seconds.append(time.monotonic() - written)
            print(f"serve edit {edit + 1}: write -> reload {seconds[-1]:.2f} s")
        print(f"serve_reload_seconds={min(seconds):.2f}/{statistics.median(seconds):.2f}/{max(seconds):.2f} (best/median/worst of {len(seconds)})")
        # serve's own split of each build (load, check, generate: AsyncAPI and site side by side), from its log.
        with open(log_path) as log:
            for line in log:
                if "site rebuilt" in line:
                    split = re.search(r"seconds=(.*?\)\)?)(?: warnings|$| \[)", line)
                    events = re.search(r"events=(\d+ checked, \d+ unchanged)", line)
                    rendered = re.search(r"rendered=(\d+)", line)
                    print(f"serve build: {events.group(1) if events else '?'}, {rendered.group(1) if rendered else '?'} site files rendered; "
                          f"{split.group(1) if split else line.strip()}")
        return 0
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    sys.exit(main())
