"""Collect every Python example in docs/**/*.md as a test (see CONTRIBUTING.md).

Sybil's stock Markdown parser runs fences whose info string is exactly `python`;
`tests/test_fences.py` fails when a page holds a Python-looking fence it would skip.
"""

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE

import torch
from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser

# torch's print options, default dtype and RNG are process-wide, not per page:
# reset them so that one page cannot change what the next one prints.
PRINT_DEFAULTS = dict(precision=4, threshold=1000, edgeitems=3, linewidth=80, sci_mode=None)
# The seed each page starts from. A reader's fresh Python starts from a random
# one, so no page may rely on it: this one is used by no page, and a page that
# draws before it seeds in the open prints other numbers and fails here every
# time, not once in a while (tests/test_as_printed.py runs each page as a
# reader would, in a fresh process).
FOREIGN_SEED = 2_718_281_828


def reset_torch(namespace):
    """Give each page the same start: default print options and dtype, a seed no page uses."""
    torch.set_printoptions(**PRINT_DEFAULTS)
    torch.manual_seed(FOREIGN_SEED)
    torch.set_default_dtype(torch.float32)


def parsers():
    """The parsers of every page: `python` fences (doctests when they hold `>>>`) and skips."""
    return [
        PythonCodeBlockParser(doctest_optionflags=ELLIPSIS | NORMALIZE_WHITESPACE),
        SkipParser(),
    ]


sybil = Sybil(
    parsers=parsers(),
    patterns=["*.md"],
    path="docs",
    setup=reset_torch,
    teardown=reset_torch,
)
pytest_collect_file = sybil.pytest()
