#!/usr/bin/env python3
"""Measures the upload path of `detect-client aws` against boto3 on MiniStack and prints the figures (a benchmark, not a test).

Usage (MiniStack's coordinates come from scripts/with-emulators.sh):
  scripts/with-emulators.sh .venv-aws/bin/python scripts/measure-uploads.py [--binary .build/release/detect-client]
      [--rounds 5] [--concurrency 8] [--json]

One bucket named as detect-client derives it (<prefix>-images-<account>-<region>, account from STS, us-east-1), then
--rounds rounds; each round runs both, one after the other (which goes first alternates between rounds):
- ours: `detect-client aws --upload-only --concurrency 8 --json` over Fixtures/images (13 JPEG/PNG). Its own
  wall_seconds (first PutObject's start to the last one's reply) is the figure compared; the process wall time
  (start to exit: process start, STS GetCallerIdentity, HeadBucket, reading the images, uploads) is shown beside it;
- boto3: `s3.upload_file` for the same files with `concurrent.futures.ThreadPoolExecutor(8)`, one shared client made
  before timing (its connection opened with HeadBucket, as detect-client does, and one untimed upload_file first so
  that loading s3transfer is not timed); timed from the first submit to the last upload's return. boto3's defaults
  otherwise (upload_file's TransferManager, its checksums).
Both upload to images/<fresh uuid>/<file>. The bucket is emptied and deleted at the end, also on failure.
"""

import argparse
import concurrent.futures
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

import boto3
import botocore

from lib.ministack import REGION, environment

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMAGES = os.path.join(ROOT, "Fixtures/images")


def ours(binary, prefix, concurrency, env):
    """One `detect-client aws --upload-only` run: (its reported summary, the process's wall seconds)."""
    with tempfile.TemporaryDirectory(prefix="measure-uploads-") as output:
        started = time.perf_counter()
        process = subprocess.run([binary, "aws", "--input", IMAGES, "--upload-only", "--concurrency", str(concurrency),
                                  "--json", "--prefix", prefix, "--region", REGION, "--output-dir", output],
                                 env=env, capture_output=True, text=True)
        process_seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"detect-client exited {process.returncode}: {process.stderr.strip()}")
    summary = json.loads(process.stdout)
    if summary["failed"] != 0 or summary["uploaded"] != summary["images"]:
        raise RuntimeError(f"detect-client uploaded {summary['uploaded']} of {summary['images']}")
    return summary, process_seconds


def theirs(s3, bucket, files, concurrency):
    """boto3 upload_file for every file on a ThreadPoolExecutor: (wall seconds, per-upload ms)."""
    def upload(name):
        started = time.perf_counter()
        s3.upload_file(os.path.join(IMAGES, name), bucket, f"images/{uuid.uuid4()}/{name}")
        return (time.perf_counter() - started) * 1000

    with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
        started = time.perf_counter()
        times = list(pool.map(upload, files))
        seconds = time.perf_counter() - started
    return seconds, times


def empty_and_delete(s3, bucket):
    keys = [item["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
            for item in page.get("Contents", [])]
    for start in range(0, len(keys), 1000):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": key} for key in keys[start:start + 1000]]})
    s3.delete_bucket(Bucket=bucket)
    return len(keys)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/detect-client"))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    arguments = parser.parse_args()
    if not os.access(arguments.binary, os.X_OK):
        sys.exit(f"measure-uploads: {arguments.binary} is not built: swift build -c release --product detect-client")
    # SIGTERM ends the program through `finally`, so the bucket is still removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    aws = environment("measure-uploads")
    session = boto3.session.Session(aws_access_key_id=aws["AWS_ACCESS_KEY_ID"],
                                    aws_secret_access_key=aws["AWS_SECRET_ACCESS_KEY"], region_name=REGION)
    account = session.client("sts", endpoint_url=aws["AWS_ENDPOINT_URL"]).get_caller_identity()["Account"]
    s3 = session.client("s3", endpoint_url=aws["AWS_ENDPOINT_URL"])
    prefix = "mu-" + uuid.uuid4().hex[:8]
    bucket = f"{prefix}-images-{account}-{REGION}"
    files = sorted(f for f in os.listdir(IMAGES) if f.lower().endswith((".jpg", ".jpeg", ".png")))
    total_bytes = sum(os.path.getsize(os.path.join(IMAGES, f)) for f in files)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/root"), **aws}
    load_before = os.getloadavg()

    rounds = []
    s3.create_bucket(Bucket=bucket)
    try:
        # Opens the shared client's connection and loads upload_file's machinery (s3transfer) before any timing.
        s3.head_bucket(Bucket=bucket)
        s3.upload_file(os.path.join(IMAGES, files[0]), bucket, f"warm-up/{files[0]}")
        for index in range(arguments.rounds):
            ours_first = index % 2 == 0
            row = {"round": index + 1, "ours_first": ours_first}
            for side in ("ours", "boto3") if ours_first else ("boto3", "ours"):
                if side == "ours":
                    summary, process_seconds = ours(arguments.binary, prefix, arguments.concurrency, env)
                    row.update(ours_seconds=summary["wall_seconds"], ours_process_seconds=round(process_seconds, 6),
                               ours_upload_p50_ms=summary["upload_p50_ms"], ours_upload_p95_ms=summary["upload_p95_ms"])
                else:
                    seconds, times = theirs(s3, bucket, files, arguments.concurrency)
                    times.sort()
                    row.update(boto3_seconds=round(seconds, 6),
                               boto3_upload_p50_ms=round(statistics.median(times), 3),
                               boto3_upload_p95_ms=round(statistics.quantiles(times, n=20, method="inclusive")[18], 3))
            rounds.append(row)
    finally:
        stored = empty_and_delete(s3, bucket)
    expected = 2 * len(files) * len(rounds) + 1  # and the warm-up upload
    if stored != expected:
        sys.exit(f"measure-uploads: the bucket held {stored} objects, expected {expected}")

    def median(field):
        return round(statistics.median(row[field] for row in rounds), 6)

    medians = {field: median(field) for field in ("ours_seconds", "ours_process_seconds", "boto3_seconds",
                                                  "ours_upload_p50_ms", "boto3_upload_p50_ms")}
    ratio = round(medians["boto3_seconds"] / medians["ours_seconds"], 3)
    ratio_process = round(medians["boto3_seconds"] / medians["ours_process_seconds"], 3)
    result = {
        "binary": arguments.binary, "images": len(files), "bytes": total_bytes, "concurrency": arguments.concurrency,
        "cores": os.cpu_count(), "boto3": boto3.__version__, "botocore": botocore.__version__,
        "load_average_before": round(load_before[0], 2), "load_average_after": round(os.getloadavg()[0], 2),
        "rounds": rounds, "medians": medians,
        "boto3_over_ours": ratio, "boto3_over_ours_process": ratio_process, "ours_faster": ratio > 1,
    }
    if arguments.json:
        print(json.dumps(result))
        return
    print(f"binary: {arguments.binary}; {len(files)} images, {total_bytes} bytes; concurrency {arguments.concurrency}; "
          f"MiniStack at {aws['AWS_ENDPOINT_URL']}; {os.cpu_count()} cores, 1-min load {result['load_average_before']} "
          f"before, {result['load_average_after']} after; boto3 {boto3.__version__}")
    print("seconds to upload all images (ours: its own wall_seconds; process: start to exit); per-upload p50 in ms\n")
    print(f"{'round':<7}{'first':<7}{'ours s':>10}{'process s':>11}{'boto3 s':>10}{'ours p50':>10}{'boto3 p50':>11}")
    for row in rounds:
        print(f"{row['round']:<7}{'ours' if row['ours_first'] else 'boto3':<7}{row['ours_seconds']:>10.4f}"
              f"{row['ours_process_seconds']:>11.4f}{row['boto3_seconds']:>10.4f}{row['ours_upload_p50_ms']:>10.1f}"
              f"{row['boto3_upload_p50_ms']:>11.1f}")
    print(f"{'median':<14}{medians['ours_seconds']:>10.4f}{medians['ours_process_seconds']:>11.4f}"
          f"{medians['boto3_seconds']:>10.4f}{medians['ours_upload_p50_ms']:>10.1f}{medians['boto3_upload_p50_ms']:>11.1f}")
    print(f"\nboto3 / ours, upload wall (medians)    {ratio:.3f}   (> 1: ours is faster)")
    print(f"boto3 / ours, whole process (medians)  {ratio_process:.3f}")


if __name__ == "__main__":
    main()
