"""What is deployed is what was tested: the Lambda package's requirements pin exactly what constraints.txt
pins (the tests' virtualenv is built from it), the packages they pull in included."""

import re
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            requirement = Requirement(line)
            [specifier] = requirement.specifier
            assert specifier.operator == "==", f"{path.name}: {line} is not pinned"
            found[canonicalize_name(requirement.name)] = specifier.version
    return found


def closure(names) -> set[str]:
    """The distributions these need at run time, as installed here (extras asked for included)."""
    wanted, seen = list(names), set()
    while wanted:
        name, extras = wanted.pop()
        if name in seen or name == "boto3":
            continue
        seen.add(name)
        for line in metadata.requires(name) or []:
            requirement = Requirement(line)
            if requirement.marker is None or any(requirement.marker.evaluate({"extra": extra}) for extra in extras | {""}):
                wanted.append((canonicalize_name(requirement.name), set(requirement.extras)))
    return seen


def test_the_lambda_package_pins_what_the_tests_ran_with():
    lambda_pins = pins(ROOT / "functions" / "requirements.txt")
    tested = pins(ROOT / "constraints.txt")
    assert {name: tested.get(name) for name in lambda_pins} == lambda_pins
    for name, version in lambda_pins.items():
        assert metadata.version(name) == version, name  # and the virtualenv has exactly that


def test_every_package_the_app_pulls_in_is_pinned_in_the_lambda_requirements():
    text = (ROOT / "functions" / "requirements.txt").read_text(encoding="utf-8")
    top = [(canonicalize_name(Requirement(line).name), set(Requirement(line).extras))
           for line in (raw.split("#", 1)[0].strip() for raw in text.splitlines()) if line]
    needed = closure(top)
    assert needed - set(pins(ROOT / "functions" / "requirements.txt")) == set()
    assert re.search(r"^cryptography==", text, re.M)  # the one that drifted (51.0.1 shipped, 50.0.2 tested)
