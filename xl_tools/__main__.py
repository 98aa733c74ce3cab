"""``python -m xl_tools``: the ``xl-tools`` command."""

import sys

from xl_tools.cli import main

if __name__ == "__main__":
    sys.exit(main())
