#!/usr/bin/env python3
"""Prints, as a Markdown table, how far two golden sets differ over every fixture image: by default OpenCV 4.6's
goldens (the `system` engine) against OpenCV 4.14's (the `source` engine), at both threshold pairs.

Usage: python3 scripts/compare-goldens.py [--suffix .opencv-4.14] [--fixtures Fixtures]

Per image and threshold pair: the objects each version keeps, how many are the same detection (same label, class id
and box), the largest box coordinate difference in pixels and the largest accuracy difference between objects paired
in order, and the candidate counts.
"""
import argparse
import json
import os

THRESHOLDS = ["conf0.5_nms0.4", "conf0.25_nms0.45"]


def load(fixtures, thresholds, suffix):
    with open(os.path.join(fixtures, f"golden_{thresholds}{suffix}.json")) as file:
        return json.load(file)


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suffix", default=".opencv-4.14")
    parser.add_argument("--fixtures", default=os.path.join(root, "Fixtures"))
    arguments = parser.parse_args()

    totals = {"objects": [0, 0], "same": 0, "box": 0, "accuracy": 0.0}
    rows = []
    for thresholds in THRESHOLDS:
        reference, other = load(arguments.fixtures, thresholds, ""), load(arguments.fixtures, thresholds, arguments.suffix)
        versions = (reference["opencv"], other["opencv"])
        others = {image["file"]: image for image in other["images"]}
        for image in reference["images"]:
            theirs = others[image["file"]]
            ours_objects, their_objects = image["objects"], theirs["objects"]
            key = lambda o: (o["label"], o["class_id"], tuple(o["box"]))
            same = sum(1 for a, b in zip(ours_objects, their_objects) if key(a) == key(b))
            box = max((abs(x - y) for a, b in zip(ours_objects, their_objects) if a["class_id"] == b["class_id"]
                       for x, y in zip(a["box"], b["box"])), default=0)
            accuracy = max((abs(a["accuracy"] - b["accuracy"]) for a, b in zip(ours_objects, their_objects)
                            if a["class_id"] == b["class_id"]), default=0.0)
            totals["objects"][0] += len(ours_objects)
            totals["objects"][1] += len(their_objects)
            totals["same"] += same
            totals["box"] = max(totals["box"], box)
            totals["accuracy"] = max(totals["accuracy"], accuracy)
            rows.append(f"| {image['file']} | {thresholds.replace('_', ' ')} | {len(ours_objects)} / {len(their_objects)} "
                        f"| {same} | {box} | {accuracy:.1e} | {image['candidates']} / {theirs['candidates']} |")

    print(f"| image | thresholds | objects {versions[0]} / {versions[1]} | same | max box Δ (px) "
          f"| max accuracy Δ | candidates |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print(f"| **all** | both | {totals['objects'][0]} / {totals['objects'][1]} | {totals['same']} | {totals['box']} "
          f"| {totals['accuracy']:.1e} | |")


if __name__ == "__main__":
    main()
