# make run: all set-up, then the main job. make test: all set-up, then every test, then YoloCore and AWSKitLite as
# another package's versioned dependency.
# OPENCV=system (the default) builds on Debian's libopencv-dev (4.6); OPENCV=source on OpenCV 4.14 built once per
# machine by scripts/build-opencv.sh, in its own build directory (.build/opencv-source), for every executable.
SHELL := /bin/bash

OPENCV ?= system
ifeq ($(OPENCV),system)
unexport YOLO_OPENCV_PREFIX
SWIFT_FLAGS :=
OPENCV_SETUP :=
RELEASE_BIN := .build/release
else ifeq ($(OPENCV),source)
export YOLO_OPENCV_PREFIX := $(shell scripts/build-opencv.sh --print-prefix)
SWIFT_FLAGS := --scratch-path .build/opencv-source
OPENCV_SETUP := scripts/build-opencv.sh
RELEASE_BIN := .build/opencv-source/release
export BIN := $(RELEASE_BIN)
else
$(error OPENCV is system or source, not "$(OPENCV)")
endif
# The function image is built on Debian's OpenCV: its package list is checked against a system build's binary.
ifeq ($(OPENCV),system)
CHECK_IMAGE_PACKAGES := python3 scripts/check-image-packages.py --binary "$$(swift build --show-bin-path)/detect-server"
else
CHECK_IMAGE_PACKAGES := python3 scripts/check-image-packages.py --build-inputs-only
endif

.PHONY: setup setup-tests build run test bench soak clean

setup:
	scripts/setup.sh
	$(OPENCV_SETUP)

setup-tests:
	scripts/setup.sh --tests
	$(OPENCV_SETUP)

build: setup
	swift build $(SWIFT_FLAGS) -c release --product detect-server
	swift build $(SWIFT_FLAGS) -c release --product detect-client
	swift build $(SWIFT_FLAGS) -c release --product infractl
	swift build $(SWIFT_FLAGS) -c release --product local-lambda

run: build
	scripts/experiment.sh

test: setup-tests
	swift build $(SWIFT_FLAGS) --build-tests
	$(CHECK_IMAGE_PACKAGES)
	scripts/with-emulators.sh swift test $(SWIFT_FLAGS) --skip-build
	scripts/check-consumer-package.sh

bench: setup
	BENCH_SWIFT_FLAGS="$(SWIFT_FLAGS)" scripts/bench.sh

soak: setup
	swift build $(SWIFT_FLAGS) -c release --product detect-server
	python3 scripts/soak.py --binary $(RELEASE_BIN)/detect-server

clean:
	rm -rf .build out
