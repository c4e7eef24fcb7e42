"""Servers install `requirements.txt` only: exact pins with hashes, and no test or fuzzing tools."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)(?: \\)?$")
DEV_TOOLS = {"pytest", "pytest-django", "pytest-xdist", "playwright", "schemathesis", "hypothesis", "ruff", "faker"}
DEV_TOOLS |= {"factory-boy", "polib", "pypdf"}


def _canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(filename):
    """{package: (version, number of hashes)} of a compiled requirements file."""
    pins, current = {}, None
    for line in (ROOT / filename).read_text().splitlines():
        if match := PIN.match(line):
            current = _canonical(match[1])
            pins[current] = (match[2], 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
        elif line.strip() and not line.lstrip().startswith("#"):
            raise AssertionError(f"{filename}: not an exact pin: {line!r}")
    return pins


def test_servers_get_no_test_fuzzing_or_lint_tools():
    runtime = _pins("requirements.txt")
    assert "django" in runtime and "gunicorn" in runtime
    assert sorted(DEV_TOOLS & runtime.keys()) == []


def test_the_dev_file_brings_the_test_tools():
    assert sorted(DEV_TOOLS - _pins("requirements-dev.txt").keys()) == []


def test_every_requirement_is_an_exact_pin_with_its_hashes():
    for filename in ("requirements.txt", "requirements-dev.txt"):
        unhashed = sorted(name for name, (_version, hashes) in _pins(filename).items() if hashes == 0)
        assert unhashed == [], filename


def test_a_package_in_both_files_has_the_same_version_in_both():
    runtime, dev = _pins("requirements.txt"), _pins("requirements-dev.txt")
    differ = sorted(name for name in runtime.keys() & dev.keys() if runtime[name][0] != dev[name][0])
    assert differ == []
