"""Starts and stops a `herald broker` process for the broker interop suites."""
import os
import re
import select
import signal
import subprocess
import time


class BrokerProcess:
    """A herald broker on loopback with a free port; stderr (debug log) goes to `log_path`."""

    def __init__(self, herald_bin, log_path, data_dir=None, extra_args=(), kafka_port=0):
        self.herald_bin = herald_bin
        # 0 picks a free port; a restart after a crash passes the port the first run got, so clients reconnect.
        self.kafka_port = kafka_port
        self.log_path = str(log_path)
        self.data_dir = str(data_dir) if data_dir else None
        self.extra_args = list(extra_args)
        self.proc = None
        self.port = None

    @property
    def bootstrap(self):
        return f"127.0.0.1:{self.port}"

    def start(self, timeout=20):
        args = [self.herald_bin, "broker", "--host", "127.0.0.1", "--kafka-port", str(self.kafka_port), "--log-level", "debug"]
        if self.data_dir:
            args += ["--data-dir", self.data_dir]
        if "--catalog" not in self.extra_args:
            # The suites start from an empty broker unless they name a catalog.
            args.append("--no-catalog")
        args += self.extra_args
        log = open(self.log_path, "a")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=log, text=True)
        log.close()
        deadline = time.monotonic() + timeout
        line = ""
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.2)
            if ready:
                line = self.proc.stdout.readline()
                break
            if self.proc.poll() is not None:
                break
        match = re.match(r"herald broker listening on 127\.0\.0\.1:(\d+)$", line.strip())
        if not match:
            self.kill()
            raise RuntimeError(f"broker did not start: {line!r}; log:\n{self.log()[-4000:]}")
        self.port = int(match.group(1))
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
