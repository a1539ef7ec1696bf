"""Posts every image of a golden file to a detection server and compares the answers with the golden objects.

Usage: python3 check_parity.py URL GOLDEN.json IMAGES_DIR
Prints one line per image that differs and a summary; exits 1 when any image differs (labels, class ids and boxes
exactly, accuracies within 1e-4, per docs/detection.md), 2 when the server cannot be reached. Standard library only.
"""

import base64
import json
import os
import sys
import urllib.error
import urllib.request


def post(url, image_id, data):
    body = json.dumps({"id": image_id, "image": base64.b64encode(data).decode("ascii")}).encode()
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def differences(expected, answered):
    """What differs between the golden objects and the answered ones, as short phrases."""
    if len(expected) != len(answered):
        return [f"{len(answered)} objects, expected {len(expected)}"]
    found = []
    for index, (want, got) in enumerate(zip(expected, answered)):
        for key in ("label", "class_id", "box"):
            if want[key] != got.get(key):
                found.append(f"object {index} {key} {got.get(key)!r}, expected {want[key]!r}")
        if abs(want["accuracy"] - got.get("accuracy", -1)) > 1e-4:
            found.append(f"object {index} accuracy {got.get('accuracy')}, expected {want['accuracy']}")
    return found


def main():
    url, golden_path, images = sys.argv[1:4]
    with open(golden_path) as handle:
        golden = json.load(handle)
    differing = 0
    for entry in golden["images"]:
        with open(os.path.join(images, entry["file"]), "rb") as handle:
            data = handle.read()
        try:
            answer = post(url, entry["file"], data)
        except (urllib.error.URLError, OSError) as error:
            print(f"check_parity: {url}: {error}", file=sys.stderr)
            return 2
        found = differences(entry["objects"], answer.get("objects", []))
        if found:
            differing += 1
            print(f"  {entry['file']}: " + "; ".join(found))
    total = len(golden["images"])
    print(f"parity: {total - differing}/{total} images as in {os.path.basename(golden_path)}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
