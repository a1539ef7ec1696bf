# make run: all set-up, then the main job. make test: all set-up, then every test, then YoloCore and AWSKitLite as
# another package's versioned dependency. make bench: both engines measured side by side.
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
# The function's image runs the source engine, so `make test` always builds it too (OpenCV once per machine) and runs
# the suites whose answers depend on the OpenCV version on it as well.
SOURCE_PREFIX := $(shell scripts/build-opencv.sh --print-prefix)
SOURCE_BUILD := env YOLO_OPENCV_PREFIX=$(SOURCE_PREFIX) swift build --scratch-path .build/opencv-source
ENGINE_SUITES := YoloCoreTests|OpenCVVersionTests|DetectionAPITests|CoreSharingTests|BadInputTests|DamagedImageTests|LambdaCommandTests|LocalRunnerTests|FunctionUnderEmulatorTests
CHECK_IMAGE_INPUTS := python3 scripts/check-image-inputs.py

.PHONY: setup setup-tests build run test bench soak clean

setup:
	scripts/setup.sh
	$(OPENCV_SETUP)

setup-tests:
	scripts/setup.sh --tests
	scripts/build-opencv.sh

build: setup
	swift build $(SWIFT_FLAGS) -c release --product detect-server
	swift build $(SWIFT_FLAGS) -c release --product detect-client
	swift build $(SWIFT_FLAGS) -c release --product infractl
	swift build $(SWIFT_FLAGS) -c release --product local-lambda

run: build
	scripts/experiment.sh

test: setup-tests
	swift build $(SWIFT_FLAGS) --build-tests
	$(SOURCE_BUILD) --build-tests
	$(CHECK_IMAGE_INPUTS)
	scripts/with-emulators.sh swift test $(SWIFT_FLAGS) --skip-build
ifeq ($(OPENCV),system)
	env YOLO_OPENCV_PREFIX=$(SOURCE_PREFIX) scripts/with-emulators.sh \
		swift test --scratch-path .build/opencv-source --skip-build --filter '$(ENGINE_SUITES)'
endif
	scripts/check-consumer-package.sh

bench: setup
	scripts/bench.sh

soak: setup
	swift build $(SWIFT_FLAGS) -c release --product detect-server
	python3 scripts/soak.py --binary $(RELEASE_BIN)/detect-server

clean:
	rm -rf .build out
