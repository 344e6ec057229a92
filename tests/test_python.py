"""Every Python the README names can install the pinned set.

The README promises Python 3.11 or newer. A pin whose `Requires-Python` leaves
out an early 3.11 (pymdown-extensions 13 needs 3.11.5, and Debian 12's own
python3 is 3.11.2) would make `make serve` end in pip's ResolutionImpossible.
The installed packages are the pinned ones, so their metadata says.
"""

import re
from importlib.metadata import distribution
from pathlib import Path

from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)$", re.M)


def oldest_python() -> str:
    """The README's 'Python 3.11 or newer', as the first release of that line: 3.11.0."""
    major_minor = re.search(r"Python (\d+\.\d+) or newer", (ROOT / "README.md").read_text())[1]
    return f"{major_minor}.0"


def test_every_pin_installs_on_the_oldest_python_the_readme_names():
    oldest = oldest_python()
    refused = {}
    for name, version in PIN.findall((ROOT / "constraints.txt").read_text()):
        meta = distribution(name).metadata
        assert distribution(name).version.split("+")[0] == version, f"{name} is not the pin"
        requires = meta.get("Requires-Python")
        if requires and not SpecifierSet(requires).contains(oldest):
            refused[f"{name}=={version}"] = requires
    assert not refused, f"these pins refuse Python {oldest}: {refused}"


def test_the_oldest_python_is_the_one_pyproject_requires():
    requires = re.search(r'^requires-python = "(.+)"$', (ROOT / "pyproject.toml").read_text(), re.M)
    assert requires[1] == f">={oldest_python()[:-2]}"
