"""The reference design: a Flask + cv2.dnn YOLOv3-tiny server, exactly per docs/detection.md.

The benchmark's second baseline: what a Python engineer would deploy (gunicorn, two sync workers, one
network per worker), computing the same objects as detect-server. Run it with

    YOLO_MODEL_DIR=~/.cache/yolo-offload/yolov3-tiny gunicorn -w 2 -b 127.0.0.1:8000 app:app

Environment: YOLO_MODEL_DIR (default ~/.cache/yolo-offload/yolov3-tiny); FLASK_OPENCV_THREADS (cv2.setNumThreads
in each worker; unset keeps OpenCV's default); DETECT_CONFIDENCE, DETECT_NMS (defaults 0.5, 0.4);
MAX_BODY_MB (default 20).
"""

import base64
import binascii
import hashlib
import os
import time

import cv2
import numpy as np
from flask import Flask, jsonify, request

MODEL_FILES = {
    "yolov3-tiny.cfg": "4349b56496c065b353d40d786a28ad6e7758780db8124a22342458f780f4ff00",
    "yolov3-tiny.weights": "dccea06f59b781ec1234ddf8d1e94b9519a97f4245748a7d4db75d5b7080a42c",
    "coco.names": "33c77761e124cc74911346865e3bc1219b87c2db7d0f106e3376bf5ef3785933",
}
INPUT_SIZE = (416, 416)


def model_directory():
    default = os.path.join(os.path.expanduser("~"), ".cache", "yolo-offload", "yolov3-tiny")
    return os.environ.get("YOLO_MODEL_DIR") or default


def verified_path(directory, name):
    """The path of one model file; refuses to start when it is missing or its sha256 is not the published one."""
    path = os.path.join(directory, name)
    with open(path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    if digest != MODEL_FILES[name]:
        raise SystemExit(f"{path} has sha256 {digest}, expected {MODEL_FILES[name]}")
    return path


def load_model(directory):
    """The network (OpenCV backend, CPU), its output layer names in OpenCV's order, and the class labels."""
    net = cv2.dnn.readNetFromDarknet(
        verified_path(directory, "yolov3-tiny.cfg"), verified_path(directory, "yolov3-tiny.weights"))
    net.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
    net.setPreferableTarget(cv2.dnn.DNN_TARGET_CPU)
    with open(verified_path(directory, "coco.names"), encoding="utf-8") as handle:
        labels = [line.strip() for line in handle.read().splitlines() if line.strip()]
    return net, list(net.getUnconnectedOutLayersNames()), labels


def detect(net, output_names, labels, image, confidence_threshold, nms_threshold):
    """docs/detection.md steps 2-7 on a decoded BGR image: the kept objects, by confidence descending (stable)."""
    height, width = image.shape[:2]
    blob = cv2.dnn.blobFromImage(image, 1 / 255.0, INPUT_SIZE, (0, 0, 0), swapRB=True, crop=False)
    net.setInput(blob)
    outputs = net.forward(output_names)

    candidates = []  # (class_id, confidence, [x, y, w, h]) in layer order, then row order
    for output in outputs:
        scores = output[:, 5:]
        class_ids = np.argmax(scores, axis=1)  # first index of the maximum
        confidences = scores[np.arange(len(scores)), class_ids]
        for row in np.nonzero(confidences > confidence_threshold)[0]:
            cx = float(output[row, 0]) * width
            cy = float(output[row, 1]) * height
            bw = float(output[row, 2]) * width
            bh = float(output[row, 3]) * height
            box = [int(cx - bw / 2), int(cy - bh / 2), int(bw), int(bh)]  # int() truncates toward zero
            candidates.append((int(class_ids[row]), float(confidences[row]), box))

    kept = []
    for class_id in sorted({candidate[0] for candidate in candidates}):
        of_class = [candidate for candidate in candidates if candidate[0] == class_id]
        indices = cv2.dnn.NMSBoxes(
            [candidate[2] for candidate in of_class], [candidate[1] for candidate in of_class],
            confidence_threshold, nms_threshold)
        kept.extend(of_class[int(index)] for index in np.array(indices).flatten())
    kept.sort(key=lambda candidate: -candidate[1])
    return [
        {"label": labels[class_id], "class_id": class_id, "accuracy": confidence, "box": box}
        for class_id, confidence, box in kept
    ]


def error(status, message, request_id=None):
    return jsonify({"error": message, "id": request_id}), status


def create_app():
    if os.environ.get("FLASK_OPENCV_THREADS"):
        cv2.setNumThreads(int(os.environ["FLASK_OPENCV_THREADS"]))
    confidence_threshold = float(os.environ.get("DETECT_CONFIDENCE", "0.5"))
    nms_threshold = float(os.environ.get("DETECT_NMS", "0.4"))
    net, output_names, labels = load_model(model_directory())

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = int(float(os.environ.get("MAX_BODY_MB", "20")) * 1024 * 1024)

    @app.errorhandler(413)
    def too_large(_):
        return error(413, f"body is over the limit of {app.config['MAX_CONTENT_LENGTH']} bytes")

    @app.get("/health")
    def health():
        return jsonify({"status": "ok", "opencv": cv2.__version__, "pid": os.getpid()})

    @app.post("/api/object_detection")
    def object_detection():
        body = request.get_json(force=True, silent=True)
        if not isinstance(body, dict):
            return error(400, 'body must be a JSON object with "id" and "image"')
        request_id = body.get("id")
        if not isinstance(request_id, str):
            return error(400, 'field "id" must be a string')
        encoded = body.get("image")
        if not isinstance(encoded, str):
            return error(400, 'field "image" must be a base64 string', request_id)
        try:
            data = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            return error(400, 'field "image" is not valid base64', request_id)
        if not data:
            return error(400, 'field "image" is empty', request_id)

        started = time.perf_counter()
        image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
        if image is None:
            return error(422, "not a decodable image", request_id)
        objects = detect(net, output_names, labels, image, confidence_threshold, nms_threshold)
        inference_ms = (time.perf_counter() - started) * 1000
        height, width = image.shape[:2]
        return jsonify({
            "id": request_id, "objects": objects, "width": width, "height": height, "inference_ms": inference_ms,
        })

    return app


app = create_app()
