#!/usr/bin/env python3
"""A loopback HTTP server that misbehaves on purpose, for AWSKitLite's retry and timeout tests.

Usage: fault_server.py --mode MODE [--fail N] [--status CODE] [--retry-after SECONDS] [--read-rate BYTES_PER_SECOND]

Binds 127.0.0.1 on a free port and prints "PORT <n>" on stdout once it accepts connections. Every request
except those under /_fault/ counts as an attempt; the first N attempts (default: all) misbehave per MODE, later
ones get 200 with body `{}` (and the request path in the X-Fault-Path header):
  status    answer --status (default 503) with an S3-style XML error body (and Retry-After when given)
  throttle  answer 400 with DynamoDB's JSON ThrottlingException body
  drop      send headers promising 100 bytes, send 10, close the connection
  hang      read the request and never answer (the connection closes after 120 s)
  slow-read read the body at --read-rate bytes per second (in 16 KiB steps), then answer 200 with
            {"received": <bytes>, "crc32": <CRC-32 of the body>}
  stall     read the first 16 KiB of the body, then stop reading (the connection closes after 120 s)
The slow-read and stall modes keep the socket's receive buffer small (64 KiB), so the client feels the pace.
GET /_fault/attempts answers the number of attempts so far as plain text.
The server stops on SIGTERM or SIGINT, or when its stdin closes (so it never outlives the test that started it).
"""
import argparse
import json
import signal
import socket
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["status", "throttle", "drop", "hang", "slow-read", "stall"], required=True)
    parser.add_argument("--fail", type=int, default=-1, help="attempts that misbehave; -1 for all")
    parser.add_argument("--status", type=int, default=503)
    parser.add_argument("--retry-after", default=None)
    parser.add_argument("--read-rate", type=int, default=1 << 20)
    options = parser.parse_args()

    lock = threading.Lock()
    attempts = [0]
    stopping = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _read_body(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)

        def _send(self, status, body, headers=()):
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()

        def _read_slowly(self):
            length = int(self.headers.get("Content-Length") or 0)
            crc = 0
            received = 0
            step = 16 * 1024
            started = time.monotonic()
            while received < length:
                chunk = self.rfile.read(min(step, length - received))
                if not chunk:
                    break
                crc = zlib.crc32(chunk, crc)
                received += len(chunk)
                # Steady pace: never ahead of read-rate bytes per second since the first byte.
                ahead = received / options.read_rate - (time.monotonic() - started)
                if ahead > 0:
                    time.sleep(ahead)
            return received, crc

        def _handle(self):
            if options.mode == "slow-read" and not self.path.startswith("/_fault/"):
                received, crc = self._read_slowly()
                with lock:
                    attempts[0] += 1
                self._send(200, json.dumps({"received": received, "crc32": crc}).encode(),
                           [("Content-Type", "application/json")])
                return
            if options.mode == "stall" and not self.path.startswith("/_fault/"):
                with lock:
                    attempts[0] += 1
                self.rfile.read(16 * 1024)
                stopping.wait(120)
                self.close_connection = True
                return
            self._read_body()
            if self.path.startswith("/_fault/attempts"):
                with lock:
                    count = attempts[0]
                self._send(200, str(count).encode(), [("Content-Type", "text/plain")])
                return
            with lock:
                attempts[0] += 1
                number = attempts[0]
            if options.fail >= 0 and number > options.fail:
                self._send(200, b"{}", [("Content-Type", "application/json"), ("X-Fault-Path", self.path)])
                return
            if options.mode == "status":
                body = (b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>ServiceUnavailable</Code>"
                        b"<Message>injected failure</Message><RequestId>fault-%d</RequestId></Error>" % number)
                headers = [("Content-Type", "application/xml")]
                if options.retry_after is not None:
                    headers.append(("Retry-After", options.retry_after))
                self._send(options.status, body, headers)
            elif options.mode == "throttle":
                body = (b"{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\","
                        b"\"message\":\"Rate of requests exceeds the allowed throughput.\"}")
                self._send(400, body, [("Content-Type", "application/x-amz-json-1.0"),
                                       ("x-amzn-RequestId", "fault-%d" % number)])
            elif options.mode == "drop":
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", "100")
                self.end_headers()
                self.wfile.write(b"0123456789")
                self.wfile.flush()
                self.close_connection = True
            elif options.mode == "hang":
                stopping.wait(120)
                self.close_connection = True

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

    class Server(ThreadingHTTPServer):
        def server_bind(self):
            if options.mode in ("slow-read", "stall"):
                # Accepted sockets inherit it: a small window makes the client's sends keep pace with our reads.
                self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)
            super().server_bind()

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True

    def stop(*_):
        stopping.set()
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def watch_stdin():
        sys.stdin.read()
        stop()

    threading.Thread(target=watch_stdin, daemon=True).start()
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever(poll_interval=0.1)
    server.server_close()


if __name__ == "__main__":
    main()
