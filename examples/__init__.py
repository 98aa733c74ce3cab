"""The example workbook, its board's picture and the xlwings Lite script, shipped inside
the package as ``xl_tools.examples``.

This file makes the folder a package that ``pyproject.toml`` maps into ``xl_tools``; the
files are read through `xl_tools.resources`. The scripts beside them make the example and
the picture.
"""
