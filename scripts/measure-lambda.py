#!/usr/bin/env python3
"""Measures the detection function in local mode against MiniStack and prints the figures (a benchmark, not a test).

Usage (MiniStack's coordinates come from scripts/with-emulators.sh):
  scripts/with-emulators.sh .venv-aws/bin/python scripts/measure-lambda.py [--binary .build/release/detect-server] [--json]

- init: process start to ready (`detect-server lambda --local-port 0` printed its port: model loaded, checksums
  verified, server bound), --init-runs times, without and with DETECT_WARM_UP=1;
- per event: every fixture image uploaded under images/<id>/, one S3 event per image POSTed to /invoke, --rounds
  rounds on one process; for each event the client's round trip and the function's own figures: s3_get_ms,
  inference_ms, total_ms from the item, put_ms from the function's log line. The process's first event (the cold
  start) is reported apart from the rest.

With --json the text goes to stderr and stdout gets one JSON object: init medians, per-event medians, and the
overhead beyond detection (the function's round trip minus its detect time) per event.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

import boto3

from lib.ministack import environment

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
READY = re.compile(r"listening on http://127\.0\.0\.1:(\d+)/invoke")


class Function:
    """`detect-server lambda --local-port 0` as a child process."""

    def __init__(self, binary, env):
        self.log = tempfile.TemporaryFile(mode="w+")
        started = time.perf_counter()
        self.process = subprocess.Popen([binary, "lambda", "--local-port", "0"], env=env,
                                        stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.process.stdout.readline()
        self.init_ms = (time.perf_counter() - started) * 1000
        match = READY.search(line)
        if not match:
            self.stop()
            self.log.seek(0)
            sys.exit(f"measure-lambda: the function did not start: {line!r}\n{self.log.read()}")
        self.port = int(match.group(1))

    def invoke(self, event):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/invoke", data=json.dumps(event).encode(),
                                         headers={"Content-Type": "application/json",
                                                  "X-Amzn-Lambda-Request-Id": str(uuid.uuid4())})
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=120) as response:
            body = json.loads(response.read())
        return (time.perf_counter() - started) * 1000, body

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
            inits = []
            for _ in range(arguments.init_runs):
                function = Function(arguments.binary, {**env, "DETECT_WARM_UP": warm})
                inits.append(function.init_ms)
                function.stop()
            print(f"\ninit, process start to ready ({label}), ms:  {summary(inits)}", file=out)

            function = Function(arguments.binary, {**env, "DETECT_WARM_UP": warm})
            rows = []
            for round_index in range(arguments.rounds):
                for image in images:
                    wall, body = function.invoke(s3_event(name, keys[image]))
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
            print(f"  {'client round trip (/invoke)':<30} {summary([row['wall'] for row in warm_rows])}", file=out)
            overhead = [row["wall"] - row["inference_ms"] for row in warm_rows]
            print(f"  {'overhead beyond detection':<30} {summary(overhead)}", file=out)
            median = statistics.median
            results["modes"]["warm_up" if warm == "1" else "no_warm_up"] = {
                "init_ms": median(inits), "init_min_ms": min(inits), "init_max_ms": max(inits),
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
