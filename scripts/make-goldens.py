#!/usr/bin/env python3
"""Writes the golden files for one OpenCV version with OpenCV's own Python bindings (cv2.dnn), independently of the
project's code: the pipeline of the detection contract, with cv2.dnn.NMSBoxes per class.

Usage: PYTHON scripts/make-goldens.py [--images Fixtures/images] [--model-dir DIR] [--output-dir Fixtures]

PYTHON is an interpreter with the cv2 to take as reference, e.g. a virtual environment with
`pip install opencv-python-headless==4.14.0.94` (its numpy comes along). Writes
golden_conf0.5_nms0.4[.opencv-X.Y].json and golden_conf0.25_nms0.45[.opencv-X.Y].json: the files without a version
suffix are OpenCV 4.6's (Debian bookworm's), the others carry the minor version they were made with. Each image entry
has file, width, height, candidates (rows above the threshold) and objects {label, class_id, accuracy, box} sorted by
accuracy, highest first.
"""
import argparse
import json
import math
import os

import cv2
import numpy as np

THRESHOLDS = [(0.5, 0.4), (0.25, 0.45)]


def detect(net, image, names, confidence_threshold, nms_threshold):
    """One image through the contract's steps 2 to 7."""
    height, width = image.shape[:2]
    blob = cv2.dnn.blobFromImage(image, 1 / 255.0, (416, 416), (0, 0, 0), swapRB=True, crop=False)
    net.setInput(blob)
    outputs = net.forward(net.getUnconnectedOutLayersNames())
    candidates = []
    for output in outputs:
        for row in output:
            scores = row[5:]
            class_id = int(np.argmax(scores))
            confidence = float(scores[class_id])
            if not confidence > confidence_threshold:
                continue
            cx, cy = float(row[0]) * width, float(row[1]) * height
            bw, bh = float(row[2]) * width, float(row[3]) * height
            box = [math.trunc(cx - bw / 2), math.trunc(cy - bh / 2), math.trunc(bw), math.trunc(bh)]
            candidates.append((class_id, confidence, box))
    kept = []
    for class_id in sorted({candidate[0] for candidate in candidates}):
        of_class = [candidate for candidate in candidates if candidate[0] == class_id]
        indices = cv2.dnn.NMSBoxes([c[2] for c in of_class], [c[1] for c in of_class],
                                   confidence_threshold, nms_threshold)
        kept += [of_class[int(i)] for i in np.array(indices).flatten()]
    kept.sort(key=lambda candidate: -candidate[1])
    objects = [{"label": names[class_id], "class_id": class_id, "accuracy": round(confidence, 6), "box": box}
               for class_id, confidence, box in kept]
    return {"file": None, "width": width, "height": height, "candidates": len(candidates), "objects": objects}


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    default_model = os.environ.get("YOLO_MODEL_DIR") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "yolo-offload", "yolov3-tiny")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", default=os.path.join(root, "Fixtures/images"))
    parser.add_argument("--model-dir", default=default_model)
    parser.add_argument("--output-dir", default=os.path.join(root, "Fixtures"))
    arguments = parser.parse_args()

    version = cv2.__version__.split("+")[0]
    major, minor = version.split(".")[:2]
    suffix = "" if (major, minor) == ("4", "6") else f".opencv-{major}.{minor}"
    with open(os.path.join(arguments.model_dir, "coco.names")) as file:
        names = [line.strip() for line in file.read().splitlines() if line.strip()]
    net = cv2.dnn.readNetFromDarknet(os.path.join(arguments.model_dir, "yolov3-tiny.cfg"),
                                     os.path.join(arguments.model_dir, "yolov3-tiny.weights"))
    net.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
    net.setPreferableTarget(cv2.dnn.DNN_TARGET_CPU)
    # The JPEG files, then the PNG files, each in name order (the order of the 4.6 goldens).
    listing = sorted(os.listdir(arguments.images))
    files = [name for name in listing if name.endswith(".jpg")] + [name for name in listing if name.endswith(".png")]

    for confidence_threshold, nms_threshold in THRESHOLDS:
        images = []
        for name in files:
            with open(os.path.join(arguments.images, name), "rb") as file:
                image = cv2.imdecode(np.frombuffer(file.read(), np.uint8), cv2.IMREAD_COLOR)
            entry = detect(net, image, names, confidence_threshold, nms_threshold)
            entry["file"] = name
            images.append(entry)
        golden = {"opencv": version, "confidence_threshold": confidence_threshold, "nms_threshold": nms_threshold,
                  "images": images}
        path = os.path.join(arguments.output_dir, f"golden_conf{confidence_threshold}_nms{nms_threshold}{suffix}.json")
        with open(path, "w") as file:
            json.dump(golden, file, indent=1)
            file.write("\n")
        print(f"make-goldens: {os.path.relpath(path, root)} (OpenCV {version}, {len(images)} images)")


if __name__ == "__main__":
    main()
