#!/usr/bin/env bash
# Usage: scripts/check-consumer-package.sh
#
# Builds and runs a small package that uses YoloCore and AWSKitLite as another package would: by URL and version
# (`.package(url:, from: "0.1.0")`) on a tagged clone of this repository, its files as they are in the work tree.
# SwiftPM refuses unsafe build flags in such a dependency, so this fails when a target those products need has one.
# The program prints OpenCV's version and a label count through YoloCore and checks AWS's `get-vanilla` SigV4 test
# vector through AWSKitLite; the binary must load OpenCV's four libraries and no other. Needs no network: the other
# packages resolve from the same local copies as this one's.
#
# It checks what a new user gets, Debian's OpenCV: YOLO_OPENCV_PREFIX (the source engine, a build of this package's
# own) is not passed on.
set -euo pipefail
cd "$(dirname "$0")/.."
unset YOLO_OPENCV_PREFIX

work=$(mktemp -d "${TMPDIR:-/tmp}/yolo-consumer.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The work tree as it is now (every file git does not ignore, committed or not) as a commit, through an index of its
# own; the clone shares this repository's objects, so it holds that commit too.
cp "$(git rev-parse --git-path index)" "$work/index"
GIT_INDEX_FILE="$work/index" git add -A
tree=$(GIT_INDEX_FILE="$work/index" git write-tree)
snapshot=$(GIT_AUTHOR_NAME=check GIT_AUTHOR_EMAIL=check@localhost GIT_COMMITTER_NAME=check \
    GIT_COMMITTER_EMAIL=check@localhost git commit-tree -p HEAD -m "work tree" "$tree")
git clone -q --shared --no-checkout . "$work/yolo-offload"
git -C "$work/yolo-offload" tag 0.1.0 "$snapshot"

mkdir -p "$work/consumer/Sources/Consumer"
cat >"$work/consumer/Package.swift" <<EOF
// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "consumer",
    dependencies: [.package(url: "file://$work/yolo-offload", from: "0.1.0")],
    targets: [
        .executableTarget(
            name: "Consumer",
            dependencies: [
                .product(name: "YoloCore", package: "yolo-offload"),
                .product(name: "AWSKitLite", package: "yolo-offload"),
            ]
        ),
    ]
)
EOF
cat >"$work/consumer/Sources/Consumer/main.swift" <<'EOF'
import AWSKitLite
import Foundation
import YoloCore

let labels = ClassLabels(parsing: "person\nbicycle\ncar\n")
print("YoloCore: OpenCV \(YoloDetector.openCVVersion), \(labels.count) labels")

// AWS's SigV4 test suite, case get-vanilla.
let signer = SigV4Signer(
    credentials: AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
    region: "us-east-1", service: "service")
var request = HTTPRequest(method: "GET", host: "example.amazonaws.com", path: "/")
signer.sign(&request, date: Date(timeIntervalSince1970: 1_440_938_160))
let authorization = request.headers.first { $0.name == "Authorization" }?.value ?? ""
let expected = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
    + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
guard authorization == expected else {
    print("AWSKitLite: get-vanilla signed as \(authorization), expected \(expected)")
    exit(1)
}
print("AWSKitLite: get-vanilla signature matches")
EOF

echo "check-consumer-package: building a package that depends on yolo-offload 0.1.0 ($snapshot)"
# Its own repository cache: the clone's URL is new on every run.
swift build --package-path "$work/consumer" --cache-path "$work/cache" >"$work/build.log" 2>&1 || {
    tail -n 40 "$work/build.log" >&2
    echo "check-consumer-package: the consumer package does not build" >&2
    exit 1
}
binary="$(swift build --package-path "$work/consumer" --cache-path "$work/cache" --show-bin-path)/Consumer"
"$binary"
opencv_libraries=$(ldd "$binary" | awk '/libopencv_/ { print $1 }' | sort)
if [ "$(wc -l <<<"$opencv_libraries")" -ne 4 ]; then
    echo "check-consumer-package: the consumer loads these OpenCV libraries, not the four:" $opencv_libraries >&2
    exit 1
fi
echo "check-consumer-package: ok (OpenCV libraries loaded:" $opencv_libraries")"
