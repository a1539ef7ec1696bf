#!/usr/bin/env python3
"""Soak benchmark for `detect-server serve` under hostile clients (a program that prints figures, not a test).

Starts the release server with its default limits, measures normal detection requests while it is quiet, then
again while these are held open against it: slowloris clients (a header byte a second), stalled bodies (half of a
1 MiB body, then nothing) and idle connections (connect, send nothing). A held connection the server closes (its
timeouts) is opened again at once, so the counts stay up for the whole measurement. Prints resident memory, open
files and the p50/p99 latency of the normal requests in both phases, with the ratios the limits are meant to keep:
p99 under attack within 2x the quiet p99, RSS under attack below 2x the idle RSS.

    python3 scripts/soak.py [--binary .build/release/detect-server] [--slowloris 300] [--stalled 50] [--idle 1000]
"""
import argparse
import base64
import http.client
import json
import os
import re
import resource
import selectors
import socket
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def start_server(binary):
    process = subprocess.Popen(
        [binary, "serve", "--port", "0", "--log-level", "notice"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        match = re.search(r"url=http://127\.0\.0\.1:(\d+)", line)
        if match:
            threading.Thread(target=lambda: [None for _ in process.stderr], daemon=True).start()
            return process, int(match.group(1))
    process.kill()
    sys.exit("detect-server did not announce its port")


def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def open_files(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def metric(port, name):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/metrics")
        for line in connection.getresponse().read().decode().splitlines():
            if line.startswith(name + " "):
                return float(line.split()[-1])
    finally:
        connection.close()
    return float("nan")


def normal_latencies(port, body, requests, clients):
    """Latency in seconds of `requests` detections over `clients` keep-alive connections."""
    latencies, failures = [], []
    lock = threading.Lock()

    def client(count):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(count):
            started = time.perf_counter()
            try:
                connection.request("POST", "/api/object_detection", body=body, headers={"Content-Type": "application/json"})
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException) as error:
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            elapsed = time.perf_counter() - started
            with lock:
                (latencies if ok else failures).append(elapsed)
        connection.close()

    threads = [threading.Thread(target=client, args=(requests // clients,)) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, len(failures)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


class Attack:
    """Holds slowloris, stalled-body and idle connections open, reopening each one the server closes."""

    def __init__(self, port, slowloris, stalled, idle):
        self.port = port
        self.wanted = {"slowloris": slowloris, "stalled": stalled, "idle": idle}
        self.selector = selectors.DefaultSelector()
        self.reopened = {kind: 0 for kind in self.wanted}
        self.refused = 0
        self.running = True
        self.thread = threading.Thread(target=self.run, daemon=True)

    def open(self, kind):
        sock = socket.create_connection(("127.0.0.1", self.port))
        if kind == "stalled":
            length = 1024 * 1024
            sock.sendall(b"POST /api/object_detection HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         + f"Content-Length: {length}\r\n\r\n".encode() + b"A" * (length // 2))
        elif kind == "slowloris":
            sock.sendall(b"POST /api/object_detection HTTP/1.1\r\n")
        sock.setblocking(False)
        self.selector.register(sock, selectors.EVENT_READ, kind)

    def run(self):
        for kind, count in self.wanted.items():
            for _ in range(count):
                self.open(kind)
        last_trickle = time.time()
        while self.running:
            for key, _ in self.selector.select(timeout=0.2):
                sock, kind = key.fileobj, key.data
                try:
                    data = sock.recv(65536)
                except OSError:
                    data = b""
                if data.startswith(b"HTTP/1.1 503") and b"too many open connections" in data:
                    self.refused += 1
                if not data:
                    self.selector.unregister(sock)
                    sock.close()
                    self.reopened[kind] += 1
                    self.open(kind)
            if time.time() - last_trickle >= 1:
                last_trickle = time.time()
                for key in list(self.selector.get_map().values()):
                    if key.data == "slowloris":
                        try:
                            key.fileobj.send(b"X")
                        except OSError:
                            pass

    def stop(self):
        self.running = False
        self.thread.join()
        for key in list(self.selector.get_map().values()):
            key.fileobj.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/detect-server"))
    parser.add_argument("--image", default=os.path.join(ROOT, "Fixtures/images/dog.jpg"))
    parser.add_argument("--slowloris", type=int, default=300)
    parser.add_argument("--stalled", type=int, default=50)
    parser.add_argument("--idle", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=300, help="normal requests per phase")
    parser.add_argument("--clients", type=int, default=2, help="concurrent normal clients")
    arguments = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = arguments.slowloris + arguments.stalled + arguments.idle + 256
    if soft < needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(needed, soft)), hard))

    with open(arguments.image, "rb") as image:
        body = json.dumps({"id": "soak", "image": base64.b64encode(image.read()).decode()}).encode()
    process, port = start_server(arguments.binary)
    try:
        normal_latencies(port, body, 20, 1)  # warm-up
        quiet, quiet_failures = normal_latencies(port, body, arguments.requests, arguments.clients)
        idle_rss, idle_files = rss_bytes(process.pid), open_files(process.pid)

        attack = Attack(port, arguments.slowloris, arguments.stalled, arguments.idle)
        attack.thread.start()
        held = arguments.slowloris + arguments.stalled + arguments.idle
        deadline = time.time() + 120
        while metric(port, "detect_connections_open") < held and time.time() < deadline:
            time.sleep(0.2)
        peak = {"rss": 0, "files": 0}
        sampling = True

        def sample():
            while sampling:
                peak["rss"] = max(peak["rss"], rss_bytes(process.pid))
                peak["files"] = max(peak["files"], open_files(process.pid))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        open_during = metric(port, "detect_connections_open")
        loaded, loaded_failures = normal_latencies(port, body, arguments.requests, arguments.clients)
        sampling = False
        sampler.join()
        attack.stop()
        closed = {limit: metric(port, f'detect_connections_closed_total{{limit="{limit}"}}')
                  for limit in ("header_timeout", "body_timeout", "idle_timeout")}
        refused = metric(port, 'detect_connections_refused_total{limit="max_connections"}')
    finally:
        process.terminate()
        process.wait(timeout=60)

    mib = 1024 * 1024
    quiet_p50, quiet_p99 = percentile(quiet, 0.5) * 1000, percentile(quiet, 0.99) * 1000
    loaded_p50, loaded_p99 = percentile(loaded, 0.5) * 1000, percentile(loaded, 0.99) * 1000
    print(f"held against the server: {arguments.slowloris} slowloris, {arguments.stalled} stalled bodies, "
          f"{arguments.idle} idle; server saw {open_during:.0f} open connections")
    print(f"{'':26}{'quiet':>12}{'under attack':>14}{'ratio':>8}")
    print(f"{'p50 latency (ms)':26}{quiet_p50:>12.1f}{loaded_p50:>14.1f}{loaded_p50 / quiet_p50:>8.2f}")
    print(f"{'p99 latency (ms)':26}{quiet_p99:>12.1f}{loaded_p99:>14.1f}{loaded_p99 / quiet_p99:>8.2f}")
    print(f"{'RSS (MiB)':26}{idle_rss / mib:>12.1f}{peak['rss'] / mib:>14.1f}{peak['rss'] / idle_rss:>8.2f}")
    print(f"{'open files':26}{idle_files:>12}{peak['files']:>14}")
    print(f"{'failed normal requests':26}{quiet_failures:>12}{loaded_failures:>14}")
    print(f"closed by the server while held: {attack.reopened}; by limit: "
          + ", ".join(f"{limit} {count:.0f}" for limit, count in closed.items()) + f"; refused {refused:.0f}")
    p99_ok = loaded_p99 <= 2 * quiet_p99
    rss_ok = peak["rss"] < 2 * idle_rss
    print(f"p99 within 2x quiet: {'yes' if p99_ok else 'NO'}; RSS under 2x idle: {'yes' if rss_ok else 'NO'}")
    return 0 if p99_ok and rss_ok and loaded_failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
