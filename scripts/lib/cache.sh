# shellcheck shell=bash
# The project's per-machine cache, one rule for every script: $XDG_CACHE_HOME/yolo-offload, ~/.cache/yolo-offload when
# XDG_CACHE_HOME is unset or empty (as ModelFiles and RuntimeInterfaceEmulator read it). The model lives in its
# yolov3-tiny folder unless YOLO_MODEL_DIR names another.
yolo_cache=${XDG_CACHE_HOME:-$HOME/.cache}/yolo-offload
yolo_model_dir=${YOLO_MODEL_DIR:-$yolo_cache/yolov3-tiny}
