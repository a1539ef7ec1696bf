#!/usr/bin/env python3
"""Pushes a stand-in linux/amd64 image to an emulator's ECR, for runs where the function's code runs locally.

Usage: push-stub-image.py ENDPOINT REPOSITORY [TAG]   (credentials and region from the usual AWS_* variables)

`infractl up` reads what --image-uri points at from ECR before the function uses it, as Lambda needs a real image
manifest. On MiniStack the function's invocations go to local-lambda, which runs the image's command on this
machine, so the image itself is never run: this pushes a Docker v2 image manifest whose config says linux/amd64 and whose one
layer is an empty tar, through the registry API (`/v2/`) MiniStack serves on its port, creating the repository
first when missing. Prints the image URI.
"""

import gzip
import hashlib
import json
import os
import sys
import urllib.request

import boto3


def digest(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def send(method, url, body, content_type):
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": content_type})
    with urllib.request.urlopen(request) as response:
        return response.headers.get("Docker-Content-Digest")


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__.split("\n\n")[1])
    endpoint, repository = sys.argv[1].rstrip("/"), sys.argv[2]
    tag = sys.argv[3] if len(sys.argv) == 4 else "latest"
    ecr = boto3.client("ecr", endpoint_url=endpoint,
                       region_name=os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION"))
    try:
        ecr.create_repository(repositoryName=repository)
    except ecr.exceptions.RepositoryAlreadyExistsException:
        pass
    uri = ecr.describe_repositories(repositoryNames=[repository])["repositories"][0]["repositoryUri"]

    tar = bytes(1024)
    layer = gzip.compress(tar, mtime=0)
    config = json.dumps({"architecture": "amd64", "os": "linux",
                         "config": {"Entrypoint": ["/usr/local/bin/detect-server", "lambda"]},
                         "rootfs": {"type": "layers", "diff_ids": [digest(tar)]}}).encode()
    for blob in (layer, config):
        send("POST", f"{endpoint}/v2/{repository}/blobs/uploads/?digest={digest(blob)}", blob, "application/octet-stream")
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "digest": digest(config), "size": len(config)},
        "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "digest": digest(layer), "size": len(layer)}],
    }).encode()
    send("PUT", f"{endpoint}/v2/{repository}/manifests/{tag}", manifest, "application/vnd.docker.distribution.manifest.v2+json")
    print(f"{uri}:{tag}")


if __name__ == "__main__":
    main()
