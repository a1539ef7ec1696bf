# make run: all set-up, then the main job. make test: all set-up, then every test.
SHELL := /bin/bash

.PHONY: setup setup-tests build run test bench soak clean

setup:
	scripts/setup.sh

setup-tests:
	scripts/setup.sh --tests

build: setup
	swift build -c release --product detect-server
	swift build -c release --product detect-client
	swift build -c release --product infractl
	swift build -c release --product local-lambda

run: build
	scripts/experiment.sh

test: setup-tests
	swift build --build-tests
	python3 scripts/check-image-packages.py --binary "$$(swift build --show-bin-path)/detect-server"
	scripts/with-emulators.sh swift test --skip-build

bench: setup
	scripts/bench.sh

soak: setup
	swift build -c release --product detect-server
	python3 scripts/soak.py

clean:
	rm -rf .build out
