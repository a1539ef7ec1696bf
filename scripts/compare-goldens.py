#!/usr/bin/env python3
"""Prints, as a Markdown table, how far two golden sets differ over every fixture image: by default OpenCV 4.6's
goldens (the `system` engine) against OpenCV 4.14's (the `source` engine), at both threshold pairs.

Usage: python3 scripts/compare-goldens.py [--suffix .opencv-4.14] [--fixtures Fixtures]

Per image: the objects each version keeps at each threshold pair, how many are the same detection (same label, class
id and box), and over both pairs the largest box coordinate difference in pixels and the largest accuracy difference
between objects paired in order (the goldens keep accuracies to 6 decimals).
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

    goldens = [(load(arguments.fixtures, t, ""), load(arguments.fixtures, t, arguments.suffix)) for t in THRESHOLDS]
    versions = (goldens[0][0]["opencv"], goldens[0][1]["opencv"])
    key = lambda o: (o["label"], o["class_id"], tuple(o["box"]))
    rows, totals = [], {"objects": [0, 0], "same": 0, "box": 0, "accuracy": 0.0}
    for index, image in enumerate(goldens[0][0]["images"]):
        cells, same, box, accuracy = [], 0, 0, 0.0
        for reference, other in goldens:
            ours = reference["images"][index]
            theirs = next(entry for entry in other["images"] if entry["file"] == ours["file"])
            pairs = [(a, b) for a, b in zip(ours["objects"], theirs["objects"]) if a["class_id"] == b["class_id"]]
            cells.append(f"{len(ours['objects'])} / {len(theirs['objects'])}")
            same += sum(1 for a, b in pairs if key(a) == key(b))
            box = max([box] + [abs(x - y) for a, b in pairs for x, y in zip(a["box"], b["box"])])
            accuracy = max([accuracy] + [abs(a["accuracy"] - b["accuracy"]) for a, b in pairs])
            totals["objects"][0] += len(ours["objects"])
            totals["objects"][1] += len(theirs["objects"])
        totals["same"] += same
        totals["box"] = max(totals["box"], box)
        totals["accuracy"] = max(totals["accuracy"], accuracy)
        rows.append(f"| {image['file']} | {cells[0]} | {cells[1]} | {same} | {box} | {accuracy:.0e} |")

    print(f"| image | objects at 0.5/0.4, {versions[0]} / {versions[1]} | at 0.25/0.45 | same (label, class, box) "
          f"| max box Δ (px) | max accuracy Δ |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))
    print(f"| all {len(rows)} images | | {totals['objects'][0]} / {totals['objects'][1]} in all | {totals['same']} "
          f"| {totals['box']} | {totals['accuracy']:.0e} |")

if __name__ == "__main__":
    main()
