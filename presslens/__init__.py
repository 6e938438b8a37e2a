"""presslens: read a news article and show how it argues.

    >>> import presslens
    >>> report = presslens.analyze("article.txt")          # doctest: +SKIP
    >>> report.to_dict()["regions"]                         # doctest: +SKIP

Every span in a report is a ``(start, end)`` pair of Python string indices
into ``report.text``.
"""
from .document import Document, Metadata, Span
from .errors import PresslensError
from .pipeline import analyze
from .report import Report, report_schema

__version__ = "0.1.0"

__all__ = ["Document", "Metadata", "PresslensError", "Report", "Span", "analyze", "report_schema", "__version__"]
