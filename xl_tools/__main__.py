"""``python -m xl_tools``: the ``xl-tools`` command."""

from xl_tools.cli import run

if __name__ == "__main__":
    run()
