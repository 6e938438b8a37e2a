"""Analyses: one module each, behind one small protocol, found by name.

An analysis is a class with a ``name``, the names of the analyses it
``requires``, a one-line ``description``, an optional JSON ``schema`` for its
report key, and one call that adds its results to the document::

    from presslens.analyzers import register
    from presslens.document import Document

    @register
    class Shouting:
        name = "shouting"
        requires = ("nlp",)
        description = "sentences written in capitals"
        schema = {"type": "array"}

        def __call__(self, doc: Document) -> None:
            doc.results[self.name] = [
                {"start": s.start, "end": s.end} for s in doc.sentences if doc.fragment(s).isupper()
            ]

Every module in this package is imported when the registry is first used,
so adding an analysis is adding a module. Instances are created once per
process and reused, so models load once.
"""
from .registry import Analyzer, all_names, get, register, resolve, run

__all__ = ["Analyzer", "all_names", "get", "register", "resolve", "run"]
