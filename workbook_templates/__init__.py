"""The measures templates, shipped inside the package as ``xl_tools.workbook_templates``.

This file makes the folder a package that ``pyproject.toml`` maps into ``xl_tools``; the
templates are read through `xl_tools.resources`. The scripts beside them make them.
"""
