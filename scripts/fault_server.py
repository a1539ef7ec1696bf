#!/usr/bin/env python3
"""A loopback HTTP server that misbehaves on purpose, for AWSKitLite's retry and timeout tests.

Usage: fault_server.py --mode MODE [--fail N] [--status CODE] [--retry-after SECONDS]

Binds 127.0.0.1 on a free port and prints "PORT <n>" on stdout once it accepts connections. Every request
except those under /_fault/ counts as an attempt; the first N attempts (default: all) misbehave per MODE, later
ones get 200 with body `{}` (and the request path in the X-Fault-Path header):
  status    answer --status (default 503) with an S3-style XML error body (and Retry-After when given)
  throttle  answer 400 with DynamoDB's JSON ThrottlingException body
  drop      send headers promising 100 bytes, send 10, close the connection
  hang      read the request and never answer (the connection closes after 120 s)
GET /_fault/attempts answers the number of attempts so far as plain text.
The server stops on SIGTERM or SIGINT, or when its stdin closes (so it never outlives the test that started it).
"""
import argparse
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["status", "throttle", "drop", "hang"], required=True)
    parser.add_argument("--fail", type=int, default=-1, help="attempts that misbehave; -1 for all")
    parser.add_argument("--status", type=int, default=503)
    parser.add_argument("--retry-after", default=None)
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

        def _handle(self):
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

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
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
