#!/usr/bin/env python3
"""Checks deploy/lambda/Dockerfile and its build context without Docker: build inputs pinned, nothing from the work
tree in the context, and the final stage's package list against the detect-server binary.

Usage: scripts/check-image-packages.py [--binary PATH] [--dockerfile PATH] [--base PATH] [--model-dir PATH]
                                       [--root DIR] [--build-inputs-only]

Build inputs (always checked; --build-inputs-only checks nothing else):
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

Packages (needs --binary):
1. `readelf -d` gives the libraries the binary links directly (NEEDED); `ldd` resolves every library it loads.
   Swift's own runtime libraries (from the toolchain, present only in a build without --static-swift-stdlib) are
   left out: the image's binary is built with --static-swift-stdlib, which links them in.
2. `dpkg -S` names the Debian package owning each library. The install list is the packages owning a directly
   linked library, less those already in debian:bookworm-slim (deploy/lambda/bookworm-slim.packages), plus
   ca-certificates (libcurl verifies TLS peers against /etc/ssl/certs, which bookworm-slim lacks); apt brings the
   rest as dependencies.
3. Fails (exit 1) when the Dockerfile's final-stage `apt-get install` list differs from that list, or when a library
   ldd loads would be in neither bookworm-slim nor what apt installs for the list (Depends and Pre-Depends followed
   recursively, first installable alternative, as apt does with --no-install-recommends).
4. Prints the list and the image size expected from the packages' Installed-Size (dpkg-query), the binary
   (stripped) and the model files.

The Depends closure, sizes and pinned versions come from this machine's dpkg database, so the libraries' packages
must be installed (scripts/setup.sh installs them with their -dev packages).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

RUNTIME_DATA = {
    "ca-certificates": "libcurl verifies TLS peers against /etc/ssl/certs; bookworm-slim has no CA bundle",
}
SWIFT_RUNTIME_MARKERS = ("/usr/lib/swift/", "/swift/linux/")
MODEL_FILES = ("yolov3-tiny.cfg", "yolov3-tiny.weights", "coco.names")


def fail(message):
    print(f"check-image-packages: {message}", file=sys.stderr)
    sys.exit(1)


def run(arguments):
    result = subprocess.run(arguments, capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"{' '.join(arguments)} failed: {result.stderr.strip()}")
    return result.stdout


def needed_libraries(binary):
    """The NEEDED entries of the binary's dynamic section (sonames), in order."""
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", run(["readelf", "-d", binary]))


def loaded_libraries(binary):
    """soname -> resolved path of every library ldd says the binary loads (the loader and vDSO excluded)."""
    libraries = {}
    for line in run(["ldd", binary]).splitlines():
        line = line.strip()
        match = re.match(r"(\S+) => (\S+) \(0x[0-9a-f]+\)$", line)
        if match:
            libraries[match.group(1)] = match.group(2)
        elif "not found" in line:
            fail(f"ldd cannot resolve {line.split()[0]} for {binary}: install the build's packages first")
    return libraries


def is_swift_runtime(path):
    return any(marker in path for marker in SWIFT_RUNTIME_MARKERS)


def owning_packages(paths):
    """path -> the Debian package that installed it, by one `dpkg -S` over each path, its real path and its
    /usr-merged twin (dpkg records whichever of /lib and /usr/lib the package shipped)."""
    variants = {}
    for path in paths:
        real = os.path.realpath(path)
        candidates = [path, real]
        for candidate in (path, real):
            if candidate.startswith("/usr/lib/"):
                candidates.append(candidate[len("/usr"):])
            elif candidate.startswith("/lib/"):
                candidates.append("/usr" + candidate)
        variants[path] = list(dict.fromkeys(candidates))
    queried = sorted({candidate for candidates in variants.values() for candidate in candidates})
    result = subprocess.run(["dpkg", "-S", *queried], capture_output=True, text=True)
    owners = {}
    for line in result.stdout.splitlines():
        package, _, owned = line.partition(": ")
        owners[owned.strip()] = package.split(",")[0].split(":")[0].strip()
    found = {}
    for path, candidates in variants.items():
        owner = next((owners[candidate] for candidate in candidates if candidate in owners), None)
        if owner is None:
            fail(f"no Debian package owns {path} (dpkg -S)")
        found[path] = owner
    return found


def installed_packages():
    """name -> (Pre-Depends + Depends text, Provides text, Installed-Size KiB) for every installed package."""
    output = run(["dpkg-query", "-W", "-f=${Package}\t${db:Status-Abbrev}\t${Pre-Depends}\t${Depends}\t${Provides}\t${Installed-Size}\n"])
    packages = {}
    for line in output.splitlines():
        name, status, pre_depends, depends, provides, size = line.split("\t")
        if not status.startswith("ii"):
            continue
        packages[name] = (", ".join(part for part in (pre_depends, depends) if part), provides, int(size or 0))
    return packages


def dependency_closure(roots, packages):
    """Every package apt installs for `roots` with --no-install-recommends, using the installed choices."""
    providers = {}
    for name, (_, provides, _) in packages.items():
        for provided in filter(None, (part.strip().split(" ")[0] for part in provides.split(","))):
            providers.setdefault(provided, []).append(name)
    closure, pending = set(), list(roots)
    while pending:
        name = pending.pop()
        if name in closure:
            continue
        if name not in packages:
            fail(f"{name} is not installed here, so its dependencies cannot be followed (run scripts/setup.sh)")
        closure.add(name)
        for group in filter(None, (part.strip() for part in packages[name][0].split(","))):
            alternatives = [re.sub(r"[\s(:].*", "", alternative.strip()) for alternative in group.split("|")]
            choice = next((alternative for alternative in alternatives if alternative in packages), None)
            if choice is None:
                choice = next((providers[a][0] for a in alternatives if a in providers), None)
            if choice is None:
                fail(f"no installed package satisfies '{group}' (a dependency of {name})")
            pending.append(choice)
    return closure


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


def dockerfile_packages(path):
    """The packages of the last `apt-get install` in the Dockerfile's final stage."""
    text = open(path).read().replace("\\\n", " ")
    final_stage = re.split(r"^FROM\s", text, flags=re.MULTILINE)[-1]
    commands = re.findall(r"apt-get install ([^&\n]*)", final_stage)
    if not commands:
        fail(f"{path}: no apt-get install in the final stage")
    return {word for word in commands[-1].split() if not word.startswith("-")}


def base_packages(path):
    return {line.strip() for line in open(path) if line.strip() and not line.startswith("#")}


def stripped_size(path):
    with tempfile.TemporaryDirectory() as directory:
        copy = os.path.join(directory, "stripped")
        shutil.copyfile(path, copy)
        subprocess.run(["strip", copy], check=True)
        return os.path.getsize(copy)


def megabytes(size):
    return f"{size / 1_000_000:8.1f} MB"


def main():
    home = os.environ.get("HOME", os.path.expanduser("~"))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                        help="the repository root: the build context")
    parser.add_argument("--binary")
    parser.add_argument("--dockerfile")
    parser.add_argument("--base")
    parser.add_argument("--model-dir", default=os.environ.get("YOLO_MODEL_DIR") or os.path.join(home, ".cache/yolo-offload/yolov3-tiny"))
    parser.add_argument("--build-inputs-only", action="store_true", help="check the pins and the build context only")
    arguments = parser.parse_args()
    root = os.path.abspath(arguments.root)
    arguments.binary = arguments.binary or os.path.join(root, ".build/release/detect-server")
    arguments.dockerfile = arguments.dockerfile or os.path.join(root, "deploy/lambda/Dockerfile")
    arguments.base = arguments.base or os.path.join(root, "deploy/lambda/bookworm-slim.packages")

    input_problems = pin_problems(arguments.dockerfile) + context_problems(root)
    for problem in input_problems:
        print(f"check-image-packages: {problem}", file=sys.stderr)
    if input_problems:
        fail(f"FAILED: the build inputs of {os.path.relpath(arguments.dockerfile, root)} are not pinned or not isolated")
    print(f"check-image-packages: ok: the build stage is pinned to what this machine tests with, and the build context "
          f"leaves out everything git ignores")
    if arguments.build_inputs_only:
        return
    if not os.path.isfile(arguments.binary):
        fail(f"{arguments.binary} does not exist: build it with `swift build -c release --product detect-server`")

    loaded = loaded_libraries(arguments.binary)
    needed = needed_libraries(arguments.binary)
    base = base_packages(arguments.base)
    swift_libraries = {soname: path for soname, path in loaded.items() if is_swift_runtime(path)}
    system_libraries = {soname: path for soname, path in loaded.items() if not is_swift_runtime(path)}
    package_of_path = owning_packages(system_libraries.values())
    owners = {soname: package_of_path[path] for soname, path in system_libraries.items()}

    direct = {owners[soname] for soname in needed if soname in owners}
    expected = (direct - base) | set(RUNTIME_DATA)
    listed = dockerfile_packages(arguments.dockerfile)

    packages = installed_packages()
    closure = dependency_closure(sorted(listed), packages)
    added = closure - base
    missing_libraries = sorted(f"{soname} ({owners[soname]})" for soname in owners if owners[soname] not in closure | base)

    print(f"binary: {arguments.binary}")
    print(f"  links {len(needed)} libraries directly, loads {len(loaded)} in all "
          f"({len(system_libraries)} from {len(set(owners.values()))} Debian packages"
          + (f", {len(swift_libraries)} Swift runtime libraries that --static-swift-stdlib links in)" if swift_libraries else ")"))
    print("the image must install (apt-get install --no-install-recommends):")
    for name in sorted(expected):
        reason = RUNTIME_DATA.get(name) or "owns " + ", ".join(sorted(s for s in needed if owners.get(s) == name))
        print(f"  {name:<26} {reason}")

    binary_size = stripped_size(arguments.binary)
    swift_size = sum(stripped_size(path) for path in swift_libraries.values())
    model_size = 0
    for name in MODEL_FILES:
        path = os.path.join(arguments.model_dir, name)
        if not os.path.isfile(path):
            fail(f"model file {path} is missing: run scripts/fetch-model.sh")
        model_size += os.path.getsize(path)
    base_size = sum(packages[name][2] for name in base if name in packages) * 1024
    added_size = sum(packages[name][2] for name in added) * 1024
    largest = sorted(added, key=lambda name: -packages[name][2])[:8]
    print("expected image size (installed sizes; the slim image drops docs and man pages, so a little less):")
    print(f"  {megabytes(base_size)}  debian:bookworm-slim ({len(base)} packages)")
    print(f"  {megabytes(added_size)}  {len(added)} packages apt installs for the list; largest: "
          + ", ".join(f"{name} {packages[name][2] * 1024 / 1e6:.0f} MB" for name in largest))
    if swift_libraries:
        print(f"  {megabytes(binary_size + swift_size)}  detect-server, stripped: {binary_size / 1e6:.1f} MB as built "
              f"+ at most {swift_size / 1e6:.1f} MB of Swift runtime linked in by --static-swift-stdlib")
    else:
        print(f"  {megabytes(binary_size)}  detect-server, stripped (Swift runtime linked in statically)")
    print(f"  {megabytes(model_size)}  model files ({', '.join(MODEL_FILES)})")
    total = base_size + added_size + binary_size + swift_size + model_size
    print(f"  {megabytes(total)}  total (the reference design's image was 1 GB)")

    problems = []
    if listed != expected:
        if expected - listed:
            problems.append("the Dockerfile does not install " + ", ".join(sorted(expected - listed)))
        if listed - expected:
            problems.append("the Dockerfile installs what the binary does not need: " + ", ".join(sorted(listed - expected)))
    if missing_libraries:
        problems.append("these loaded libraries would be missing from the image: " + ", ".join(missing_libraries))
    if problems:
        for problem in problems:
            print(f"check-image-packages: {problem}", file=sys.stderr)
        print(f"check-image-packages: FAILED: {arguments.dockerfile} disagrees with {arguments.binary}", file=sys.stderr)
        sys.exit(1)
    print(f"check-image-packages: ok: {os.path.relpath(arguments.dockerfile, root)} installs exactly these "
          f"{len(expected)} packages, and every library the binary loads is in the image")


if __name__ == "__main__":
    main()
