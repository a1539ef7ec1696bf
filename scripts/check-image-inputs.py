#!/usr/bin/env python3
"""Checks deploy/lambda/Dockerfile and its build context without Docker: build inputs pinned, nothing from the work
tree in the context, and a final stage made only of the build stage's assembled root filesystem.

Usage: scripts/check-image-inputs.py [--root DIR] [--dockerfile PATH]

A. The build stage pins what it builds with: `ARG SWIFT_VERSION` is a full x.y.z version equal to this machine's
   toolchain (`swift --version`), and every package of its `apt-get install` is `name=version` with the version
   installed here (`dpkg-query -W`): the versions this project is tested with.
B. The build context leaves out the work tree: `.dockerignore` at the root (the only file the classic builder reads)
   and `deploy/lambda/Dockerfile.dockerignore` (what BuildKit reads beside the Dockerfile) hold the same patterns;
   every `.gitignore` pattern's paths (tried at the root and below it) are excluded by them; and so is every path
   git ignores in the actual work tree (`git ls-files --others --ignored --exclude-standard --directory`: build
   products, virtual environments, outputs). Patterns match as Docker matches them (moby/patternmatcher: `*` and
   `?` within a path segment, `**` across segments, a match excludes everything below, the last match wins, `!`
   re-includes).
C. The final stage is `FROM scratch` and copies only the build stage's /out/rootfs (scripts/function-rootfs.sh: the
   binary, the libraries it loads, the CA bundle, the model), so the image holds nothing the function does not use;
   scripts/check-image-rootfs.sh assembles the same root filesystem here and runs the function in it.
"""

import argparse
import os
import re
import subprocess
import sys


def fail(message):
    print(f"check-image-inputs: {message}", file=sys.stderr)
    sys.exit(1)


def build_stage(path):
    """The text of the Dockerfile's build stage (`FROM ... AS build` up to the next FROM) and its ARGs before it."""
    text = open(path).read().replace("\\\n", " ")
    stages = re.split(r"^(?=FROM\s)", text, flags=re.MULTILINE)
    preamble = stages[0]
    build = next((stage for stage in stages[1:] if re.match(r"FROM\s+\S+\s+AS\s+build\b", stage, re.IGNORECASE)), None)
    return preamble, build


def installed_version(package):
    result = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else None


def toolchain_version():
    result = subprocess.run(["swift", "--version"], capture_output=True, text=True)
    match = re.search(r"Swift version (\d+\.\d+(?:\.\d+)?)", result.stdout + result.stderr)
    return match.group(1) if match else None


def pin_problems(dockerfile):
    """What the build stage leaves unpinned, or pins to another version than this machine's."""
    preamble, build = build_stage(dockerfile)
    if build is None:
        return [f"{dockerfile}: no build stage (FROM ... AS build)"]
    problems = []
    from_line = build.splitlines()[0]
    if "${SWIFT_VERSION}" in from_line:
        pinned = re.search(r"^ARG\s+SWIFT_VERSION=(\S+)", preamble, flags=re.MULTILINE)
        version = pinned.group(1) if pinned else None
    else:
        tag = re.search(r"swift:(\d[\w.]*)", from_line)
        version = tag.group(1).split("-")[0] if tag else None
    tested = toolchain_version()
    if version is None or not re.fullmatch(r"\d+\.\d+\.\d+", version):
        problems.append(f"the build stage's Swift image is not pinned to a full x.y.z version ({from_line.strip()})")
    elif tested and version != tested:
        problems.append(f"the build stage's Swift image is {version}, but this project is tested with Swift {tested}")
    commands = re.findall(r"apt-get install ([^&\n]*)", build)
    if not commands:
        problems.append("the build stage has no apt-get install")
    for word in (word for command in commands for word in command.split() if not word.startswith("-")):
        name, _, version = word.partition("=")
        have = installed_version(name)
        if not version:
            problems.append(f"build-stage package {name} is not pinned (write {name}={have or '<version>'})")
        elif have is None:
            problems.append(f"build-stage package {name} is pinned to {version} but is not installed here to test with")
        elif version != have:
            problems.append(f"build-stage package {name} is pinned to {version}, but this project is tested with {have}")
    return problems


def dockerignore_patterns(path):
    """(regex, negated) pairs of a .dockerignore, in order, as moby/patternmatcher reads them."""
    patterns = []
    for line in open(path):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = os.path.normpath(line[1:] if negated else line).lstrip("/")
        regex, index = "", 0
        while index < len(pattern):
            char = pattern[index]
            if pattern.startswith("**/", index):
                regex, index = regex + "(?:.*/)?", index + 3
                continue
            if pattern.startswith("**", index):
                regex, index = regex + ".*", index + 2
                continue
            if char == "*":
                regex += "[^/]*"
            elif char == "?":
                regex += "[^/]"
            elif char == "[":
                end = pattern.find("]", index)
                regex += pattern[index:end + 1] if end > index else re.escape(char)
                index = end if end > index else index
            else:
                regex += re.escape(char)
            index += 1
        patterns.append((re.compile(regex + r"\Z"), negated))
    return patterns


def docker_excludes(path, patterns):
    """Whether the context leaves `path` out: the last pattern matching it or one of its parent directories decides."""
    parts = path.strip("/").split("/")
    candidates = ["/".join(parts[:count]) for count in range(1, len(parts) + 1)]
    excluded = False
    for regex, negated in patterns:
        if any(regex.match(candidate) for candidate in candidates):
            excluded = not negated
    return excluded


def gitignore_samples(root):
    """(pattern, path) pairs: for each .gitignore pattern, paths it ignores, at the root and below it."""
    samples = []
    for line in open(os.path.join(root, ".gitignore")):
        pattern = line.strip()
        if not pattern or pattern.startswith(("#", "!")):
            continue
        sample = pattern.rstrip("/").replace("**", "x").replace("*", "x").replace("?", "x")
        paths = [sample.lstrip("/") + "/file"]
        if "/" not in pattern.rstrip("/"):
            paths.append("Sources/module/" + sample + "/file")
        samples += [(pattern, path) for path in paths]
    return samples


def context_problems(root):
    """What of the work tree would enter the build context."""
    root_ignore = os.path.join(root, ".dockerignore")
    beside = os.path.join(root, "deploy/lambda/Dockerfile.dockerignore")
    missing = [path for path in (root_ignore, beside) if not os.path.isfile(path)]
    if missing:
        return [f"{os.path.relpath(path, root)} is missing: every builder must leave the work tree out" for path in missing]
    problems = []
    lines = [[line.strip() for line in open(path) if line.strip() and not line.startswith("#")] for path in (root_ignore, beside)]
    if lines[0] != lines[1]:
        problems.append(".dockerignore and deploy/lambda/Dockerfile.dockerignore differ (the classic builder reads the first, "
                        "BuildKit the second)")
    for path in (root_ignore, beside):
        patterns = dockerignore_patterns(path)
        name = os.path.relpath(path, root)
        for pattern, sample in gitignore_samples(root):
            if not docker_excludes(sample, patterns):
                problems.append(f"{name} lets {sample} into the build context (.gitignore: {pattern})")
        listed = subprocess.run(["git", "-C", root, "ls-files", "--others", "--ignored", "--exclude-standard", "--directory"],
                                capture_output=True, text=True)
        if listed.returncode != 0:
            problems.append(f"git ls-files failed in {root}: {listed.stderr.strip()}")
            continue
        for entry in filter(None, listed.stdout.splitlines()):
            if not docker_excludes(entry.rstrip("/"), patterns):
                problems.append(f"{name} lets the work tree's {entry} into the build context")
    return problems


def final_stage_problems(dockerfile):
    """What the final stage adds beyond the build stage's assembled root filesystem."""
    text = open(dockerfile).read().replace("\\\n", " ")
    final = re.split(r"^(?=FROM\s)", text, flags=re.MULTILINE)[-1]
    problems = []
    if not re.match(r"FROM\s+scratch\s*$", final.splitlines()[0], re.IGNORECASE):
        problems.append(f"the final stage starts from {final.splitlines()[0].split()[1]}, not scratch")
    for line in final.splitlines()[1:]:
        instruction = line.split(maxsplit=1)[0].upper() if line.strip() and not line.startswith("#") else ""
        if instruction in ("RUN", "ADD"):
            problems.append(f"the final stage runs or adds something: {line.strip()}")
        elif instruction == "COPY" and not re.match(r"COPY\s+--from=build\s+/out/rootfs/?\s+/\s*$", line.strip()):
            problems.append(f"the final stage copies more than the build stage's /out/rootfs: {line.strip()}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                        help="the repository root: the build context")
    parser.add_argument("--dockerfile")
    arguments = parser.parse_args()
    root = os.path.abspath(arguments.root)
    dockerfile = arguments.dockerfile or os.path.join(root, "deploy/lambda/Dockerfile")

    problems = pin_problems(dockerfile) + context_problems(root) + final_stage_problems(dockerfile)
    for problem in problems:
        print(f"check-image-inputs: {problem}", file=sys.stderr)
    if problems:
        fail(f"FAILED: {os.path.relpath(dockerfile, root)}'s build inputs are not pinned or not isolated, or its "
             "final stage holds more than the function's root filesystem")
    print("check-image-inputs: ok: the build stage is pinned to what this machine tests with, the build context "
          "leaves out everything git ignores, and the final stage is the function's root filesystem alone")


if __name__ == "__main__":
    main()
