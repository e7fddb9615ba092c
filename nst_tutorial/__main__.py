"""``python -m nst_tutorial ...``: the same as the ``nst-tutorial`` command."""

import sys

from .tools.cli import main

sys.exit(main())
