"""xl_tools: board-ready tables from children's services measures workbooks."""

__version__ = "0.1.0"
