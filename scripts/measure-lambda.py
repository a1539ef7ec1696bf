#!/usr/bin/env python3
"""Measures the detection function under AWS's Runtime Interface Emulator against MiniStack and prints the figures
(a benchmark, not a test).

Usage (MiniStack's coordinates come from scripts/with-emulators.sh):
  scripts/with-emulators.sh .venv-aws/bin/python scripts/measure-lambda.py [--binary .build/release/detect-server] [--json]

The function runs as on Lambda: `aws-lambda-rie` (scripts/install-lambda-emulator.sh) starts `detect-server lambda`
with `AWS_LAMBDA_RUNTIME_API` set on the first invocation, and each event is POSTed to the emulator's invocation URL.

- init: the function's own `init_ms` (its `ready` log line: model loaded and verified) and the first invocation's
  round trip (process start, init and the first event), over --init-runs fresh emulators, without and with
  DETECT_WARM_UP=1;
- per event: every fixture image uploaded under images/<id>/, one S3 event per image, --rounds rounds on one
  environment; for each event the client's round trip and the function's own figures: s3_get_ms, inference_ms,
  total_ms from the item, put_ms from the function's log line. The first event (the cold start) is reported apart.

With --json the text goes to stderr and stdout gets one JSON object: init medians, per-event medians, and the
overhead beyond detection (the round trip minus the function's detect time) per event.
"""

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

import boto3

from lib.ministack import environment

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
READY = re.compile(r"init_ms=([\d.]+).*\bready\b")
INVOCATIONS = "/2015-03-31/functions/function/invocations"


def emulator_path():
    """The emulator install-lambda-emulator.sh put in the cache (AWS_LAMBDA_RIE overrides)."""
    if os.environ.get("AWS_LAMBDA_RIE"):
        return os.environ["AWS_LAMBDA_RIE"]
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    machine = "arm64" if os.uname().machine in ("aarch64", "arm64") else "x86_64"
    return os.path.join(cache, "yolo-offload", "aws-lambda-rie", f"aws-lambda-rie-{machine}")


def free_port():
    """A port the OS has just handed out (the emulator cannot bind port 0 itself)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Function:
    """`detect-server lambda` under `aws-lambda-rie`, as one Lambda execution environment."""

    def __init__(self, binary, env):
        self.log = tempfile.TemporaryFile(mode="w+")
        self.port = free_port()
        command = [emulator_path(), "--runtime-interface-emulator-address", f"127.0.0.1:{self.port}",
                   "--runtime-api-address", f"127.0.0.1:{free_port()}", binary, "lambda"]
        self.process = subprocess.Popen(command, env=env, stdout=self.log, stderr=subprocess.STDOUT, text=True)
        self.first_ms = None

    def invoke(self, event):
        """POSTs `event`; returns the round trip in ms and the function's answer. The first call waits for the
        emulator to listen, and its round trip includes the function's process start and init."""
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{INVOCATIONS}", data=json.dumps(event).encode(),
                                         headers={"Content-Type": "application/json"})
        deadline = time.monotonic() + 30
        while True:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    body = json.loads(response.read())
                break
            except urllib.error.URLError as error:
                if not isinstance(error.reason, ConnectionRefusedError) or time.monotonic() > deadline \
                        or self.process.poll() is not None:
                    self.stop()
                    self.log.seek(0)
                    sys.exit(f"measure-lambda: the emulator did not answer: {error}\n{self.log.read()}")
                time.sleep(0.02)
        wall = (time.perf_counter() - started) * 1000
        if self.first_ms is None:
            self.first_ms = wall
        return wall, body

    def init_ms(self):
        """The function's own init time, from its `ready` line."""
        self.log.seek(0)
        for line in self.log:
            match = READY.search(line)
            if match:
                return float(match.group(1))
        self.stop()
        self.log.seek(0)
        sys.exit(f"measure-lambda: the function logged no ready line:\n{self.log.read()}")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def s3_event(bucket, key):
    return {"Records": [{"eventVersion": "2.1", "eventSource": "aws:s3", "awsRegion": "us-east-1",
                         "eventName": "ObjectCreated:Put",
                         "s3": {"bucket": {"name": bucket}, "object": {"key": key.replace(" ", "+")}}}]}


def summary(values):
    values = sorted(values)
    return f"median {statistics.median(values):7.1f}  min {values[0]:7.1f}  max {values[-1]:7.1f}  (n={len(values)})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/detect-server"))
    parser.add_argument("--init-runs", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout, the text on stderr")
    arguments = parser.parse_args()
    out = sys.stderr if arguments.json else sys.stdout
    results = {"cores": os.cpu_count(), "images": 0, "modes": {}}
    aws = environment("measure-lambda")
    session = boto3.session.Session(aws_access_key_id=aws["AWS_ACCESS_KEY_ID"],
                                     aws_secret_access_key=aws["AWS_SECRET_ACCESS_KEY"], region_name="us-east-1")
    s3 = session.client("s3", endpoint_url=aws["AWS_ENDPOINT_URL"])
    dynamodb = session.client("dynamodb", endpoint_url=aws["AWS_ENDPOINT_URL"])
    name = "measure-" + uuid.uuid4().hex[:8]
    s3.create_bucket(Bucket=name)
    dynamodb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                          AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                          KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
    images = sorted(f for f in os.listdir(os.path.join(ROOT, "Fixtures/images")) if f.endswith((".jpg", ".png")))
    keys = {}
    for image in images:
        keys[image] = f"images/m-{image.split('.')[0]}/{image}"
        with open(os.path.join(ROOT, "Fixtures/images", image), "rb") as file:
            s3.put_object(Bucket=name, Key=keys[image], Body=file.read())
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/root"),
           "DETECT_TABLE": name, **aws}
    if os.environ.get("YOLO_MODEL_DIR"):
        env["YOLO_MODEL_DIR"] = os.environ["YOLO_MODEL_DIR"]
    results["images"] = len(images)
    print(f"binary: {arguments.binary}; {len(images)} images; MiniStack at {aws['AWS_ENDPOINT_URL']}; {os.cpu_count()} cores",
          file=out)
    try:
        for warm in ("0", "1"):
            label = "with warm-up" if warm == "1" else "no warm-up"
            inits, firsts = [], []
            for _ in range(arguments.init_runs):
                function = Function(arguments.binary, {**env, "DETECT_WARM_UP": warm})
                function.invoke({})
                inits.append(function.init_ms())
                firsts.append(function.first_ms)
                function.stop()
            print(f"\ninit ({label}), ms:  the function's init_ms  {summary(inits)}", file=out)
            print(f"{'':>{len(label) + 11}}first invocation (start, init, empty event)  {summary(firsts)}", file=out)

            function = Function(arguments.binary, {**env, "DETECT_WARM_UP": warm})
            rows = []
            for round_index in range(arguments.rounds):
                for image in images:
                    wall, _ = function.invoke(s3_event(name, keys[image]))
                    item_id = keys[image].split("/")[1]
                    item = dynamodb.get_item(TableName=name, Key={"id": {"S": item_id}}, ConsistentRead=True)["Item"]
                    rows.append({"image": image, "id": item_id, "wall": wall, "cold": item["cold_start"]["BOOL"],
                                 **{field: float(item[field]["N"]) for field in ("s3_get_ms", "inference_ms", "total_ms")}})
            function.stop()
            function.log.seek(0)
            put = [float(m.group(1)) for m in (re.search(r"put_ms=([\d.]+)", line) for line in function.log) if m]
            cold, warm_rows = rows[0], rows[1:]
            print(f"per event ({label}), ms, function-side unless noted:", file=out)
            print(f"  first event (cold start, {cold['image']}): s3_get {cold['s3_get_ms']:.1f}, "
                  f"inference {cold['inference_ms']:.1f}, total before PutItem {cold['total_ms']:.1f}, "
                  f"PutItem {put[0]:.1f}, client round trip {cold['wall']:.1f}", file=out)
            for field, title in (("s3_get_ms", "S3 GetObject"), ("inference_ms", "detect (decode..postprocess)"),
                                 ("total_ms", "total before PutItem")):
                print(f"  {title:<30} {summary([row[field] for row in warm_rows])}", file=out)
            print(f"  {'DynamoDB PutItem':<30} {summary(put[1:])}", file=out)
            print(f"  {'client round trip (invoke)':<30} {summary([row['wall'] for row in warm_rows])}", file=out)
            overhead = [row["wall"] - row["inference_ms"] for row in warm_rows]
            print(f"  {'overhead beyond detection':<30} {summary(overhead)}", file=out)
            median = statistics.median
            results["modes"]["warm_up" if warm == "1" else "no_warm_up"] = {
                "init_ms": median(inits), "init_min_ms": min(inits), "init_max_ms": max(inits),
                "first_invocation_ms": median(firsts),
                "cold_event": {"s3_get_ms": cold["s3_get_ms"], "inference_ms": cold["inference_ms"],
                               "put_ms": put[0], "round_trip_ms": cold["wall"]},
                "s3_get_ms": median(row["s3_get_ms"] for row in warm_rows),
                "inference_ms": median(row["inference_ms"] for row in warm_rows),
                "put_ms": median(put[1:]),
                "round_trip_ms": median(row["wall"] for row in warm_rows),
                "overhead_ms": median(overhead),
            }
        if arguments.json:
            print(json.dumps(results))
    finally:
        for image in images:
            s3.delete_object(Bucket=name, Key=keys[image])
        s3.delete_bucket(Bucket=name)
        dynamodb.delete_table(TableName=name)


if __name__ == "__main__":
    main()
