"""Collect every Python example in docs/**/*.md as a test (see CONTRIBUTING.md).

Sybil's stock Markdown parser runs fences whose info string is exactly `python`;
`tests/test_fences.py` fails when a page holds a Python-looking fence it would skip.
"""

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

import torch
from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser

# torch's print options and RNG are process-wide, not per page: reset them so
# each page prints and draws the same numbers whichever page ran before it.
PRINT_DEFAULTS = dict(precision=4, threshold=1000, edgeitems=3, linewidth=80, sci_mode=None)


def reset_torch(namespace):
    """Give each page a fresh start: default print options and seed 0."""
    torch.set_printoptions(**PRINT_DEFAULTS)
    torch.manual_seed(0)
    torch.set_default_dtype(torch.float32)


sybil = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=ELLIPSIS | NORMALIZE_WHITESPACE),
        SkipParser(),
    ],
    patterns=["*.md"],
    path="docs",
    setup=reset_torch,
    teardown=reset_torch,
)
pytest_collect_file = sybil.pytest()
