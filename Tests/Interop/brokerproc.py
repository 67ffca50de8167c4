"""Starts and stops a `herald broker` process for the broker interop suites."""
import os
import re
import select
import signal
import subprocess
import time


class BrokerProcess:
    """A herald broker on loopback with a free port; stderr (debug log) goes to `log_path`."""

    def __init__(self, herald_bin, log_path, data_dir=None, extra_args=()):
        self.herald_bin = herald_bin
        self.log_path = str(log_path)
        self.data_dir = str(data_dir) if data_dir else None
        self.extra_args = list(extra_args)
        self.proc = None
        self.port = None
        self.registry_port = None

    @property
    def bootstrap(self):
        return f"127.0.0.1:{self.port}"

    @property
    def registry_url(self):
        """The Schema Registry API's base URL; None when started with --no-registry."""
        return f"http://127.0.0.1:{self.registry_port}" if self.registry_port else None

    def start(self, timeout=20):
        args = [self.herald_bin, "broker", "--host", "127.0.0.1", "--kafka-port", "0", "--log-level", "debug"]
        wants_registry = "--no-registry" not in self.extra_args
        if wants_registry and "--registry-port" not in self.extra_args:
            # Tests run in parallel on one machine: never the default 8081.
            args += ["--registry-port", "0"]
        if self.data_dir:
            args += ["--data-dir", self.data_dir]
        if "--catalog" not in self.extra_args:
            # The suites start from an empty broker unless they name a catalog.
            args.append("--no-catalog")
        args += self.extra_args
        log = open(self.log_path, "a")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=log, text=True)
        log.close()
        # Two ready lines, in either order: the Kafka listener and (unless --no-registry) the registry's URL.
        deadline = time.monotonic() + timeout
        self.port = None
        self.registry_port = None
        lines = []
        pending = b""
        fd = self.proc.stdout.fileno()
        while time.monotonic() < deadline:
            if self.port is not None and (self.registry_port is not None or not wants_registry):
                break
            # Raw reads: both lines may arrive in one chunk, which a buffered readline would hide from select.
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                chunk = os.read(fd, 4096)
                if not chunk:
                    break
                pending += chunk
                while b"\n" in pending:
                    raw, pending = pending.split(b"\n", 1)
                    line = raw.decode(errors="replace").strip()
                    lines.append(line)
                    kafka = re.match(r"herald broker listening on 127\.0\.0\.1:(\d+)$", line)
                    registry = re.match(r"herald registry listening on http://127\.0\.0\.1:(\d+)$", line)
                    if kafka:
                        self.port = int(kafka.group(1))
                    elif registry:
                        self.registry_port = int(registry.group(1))
                continue
            if self.proc.poll() is not None:
                break
        if self.port is None or (wants_registry and self.registry_port is None):
            self.kill()
            raise RuntimeError(f"broker did not start: {lines!r}; log:\n{self.log()[-4000:]}")
        return self

    def stop(self, timeout=10):
        """Graceful stop with SIGTERM; returns the exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=timeout)
        code = self.proc.returncode
        self.proc.stdout.close()
        self.proc = None
        return code

    def kill(self):
        """Hard stop (SIGKILL), as a crash would."""
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc.stdout.close()
        self.proc = None

    def log(self):
        if not os.path.exists(self.log_path):
            return ""
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def negotiated_versions(self):
        """{client_id: {api: sorted versions}} from the broker's debug log."""
        found = {}
        for line in self.log().splitlines():
            if "api version used" not in line:
                continue
            api = re.search(r"\bapi=(\w+)", line)
            version = re.search(r"\bversion=(\d+)", line)
            client = re.search(r"\bclient=(\S*)", line)
            if api and version:
                cid = client.group(1) if client else ""
                found.setdefault(cid, {}).setdefault(api.group(1), set()).add(int(version.group(1)))
        return {c: {a: sorted(v) for a, v in apis.items()} for c, apis in found.items()}
