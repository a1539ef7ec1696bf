#!/usr/bin/env python3
"""Reference SigV4 signatures from botocore, for AWSKitLite's differential test and benchmark.

  botocore_sign.py sign IN.json OUT.json
      IN is {"requests": [...]}; each request has method, url (exactly as AWSKitLite sends it), headers
      ([[name, value], ...], repeats allowed), body_hex, service, region, access_key, secret_key, token (or null),
      timestamp (YYYYMMDDTHHMMSSZ), payload ("signed" | "unsigned"), and optionally presign_expires (seconds).
      OUT gets {"results": [...]}: per request the Authorization, X-Amz-Date, X-Amz-Content-SHA256 and
      X-Amz-Security-Token headers botocore set, or for presign requests the presigned URL.
      S3 uses botocore.auth.S3SigV4Auth / S3SigV4QueryAuth, every other service SigV4Auth / SigV4QueryAuth.

  botocore_sign.py bench SECONDS
      Signs the benchmark's typical requests (S3 PutObject with UNSIGNED-PAYLOAD, S3 PutObject with a signed
      1 KiB body, DynamoDB PutItem JSON) in a loop for about SECONDS each and prints one JSON line per kind:
      {"name": ..., "signatures": N, "seconds": S, "per_second": R}.
"""
import binascii
import datetime
import json
import sys
import time

import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials


def fixed_clock(timestamp):
    moment = datetime.datetime.strptime(timestamp, "%Y%m%dT%H%M%SZ")
    botocore.auth.get_current_datetime = lambda *args, **kwargs: moment


def build(spec):
    request = AWSRequest(method=spec["method"], url=spec["url"], data=binascii.unhexlify(spec["body_hex"]))
    for name, value in spec["headers"]:
        request.headers[name] = value  # HTTPHeaders appends: repeated names are kept, in order
    request.context["timestamp"] = spec["timestamp"]
    return request


def sign(spec):
    fixed_clock(spec["timestamp"])
    credentials = Credentials(spec["access_key"], spec["secret_key"], spec.get("token"))
    request = build(spec)
    is_s3 = spec["service"] == "s3"
    if "presign_expires" in spec:
        cls = botocore.auth.S3SigV4QueryAuth if is_s3 else botocore.auth.SigV4QueryAuth
        cls(credentials, spec["service"], spec["region"], expires=spec["presign_expires"]).add_auth(request)
        return {"url": request.url}
    if spec["payload"] == "unsigned":
        if is_s3:
            request.context["client_config"] = Config(s3={"payload_signing_enabled": False})
        else:
            request.context["payload_signing_enabled"] = False
    cls = botocore.auth.S3SigV4Auth if is_s3 else botocore.auth.SigV4Auth
    cls(credentials, spec["service"], spec["region"]).add_auth(request)
    headers = request.headers
    return {
        "authorization": headers.get("Authorization"),
        "x_amz_date": headers.get("X-Amz-Date"),
        "x_amz_content_sha256": headers.get("X-Amz-Content-SHA256"),
        "x_amz_security_token": headers.get("X-Amz-Security-Token"),
    }


def bench(seconds):
    credentials = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    item = json.dumps({"TableName": "detections", "Item": {"image_key": {"S": "uploads/dog.jpg"},
                       "detections": {"S": "[{\"label\":\"dog\",\"score\":0.91}]"}}}).encode()
    kinds = [
        ("s3-put-unsigned-payload", "s3", "PUT", "https://images.s3.us-east-1.amazonaws.com/uploads/dog%201.jpg",
         [("Content-Type", "image/jpeg")], b"", True),
        ("s3-put-signed-1KiB", "s3", "PUT", "https://images.s3.us-east-1.amazonaws.com/uploads/dog%201.jpg",
         [("Content-Type", "image/jpeg")], bytes(range(256)) * 4, False),
        ("dynamodb-putitem", "dynamodb", "POST", "https://dynamodb.us-east-1.amazonaws.com/",
         [("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Target", "DynamoDB_20120810.PutItem")], item, False),
    ]
    for name, service, method, url, headers, body, unsigned in kinds:
        cls = botocore.auth.S3SigV4Auth if service == "s3" else botocore.auth.SigV4Auth
        signer = cls(credentials, service, "us-east-1")
        count = 0
        start = time.perf_counter()
        deadline = start + seconds
        while True:
            for _ in range(100):
                request = AWSRequest(method=method, url=url, data=body, headers=dict(headers))
                if unsigned:
                    request.context["client_config"] = Config(s3={"payload_signing_enabled": False})
                signer.add_auth(request)
            count += 100
            now = time.perf_counter()
            if now >= deadline:
                break
        elapsed = now - start
        print(json.dumps({"name": name, "signatures": count, "seconds": elapsed, "per_second": count / elapsed,
                          "botocore": botocore.__version__}), flush=True)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "sign":
        with open(sys.argv[2]) as handle:
            specs = json.load(handle)["requests"]
        with open(sys.argv[3], "w") as handle:
            json.dump({"results": [sign(spec) for spec in specs], "botocore": botocore.__version__}, handle)
    elif len(sys.argv) == 3 and sys.argv[1] == "bench":
        bench(float(sys.argv[2]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
