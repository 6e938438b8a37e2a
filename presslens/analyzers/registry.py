"""The analysis registry and the pipeline that runs analyses in dependency order."""
from __future__ import annotations

import importlib
import pkgutil
import time
from typing import Any, ClassVar, Iterable, Protocol, runtime_checkable

from ..budget import check_deadline, release_freed_memory
from ..document import Document
from ..errors import UsageError


@runtime_checkable
class Analyzer(Protocol):
    name: ClassVar[str]
    requires: ClassVar[tuple[str, ...]]
    description: ClassVar[str]
    # The type of the report key this analysis writes (``doc.results[name]``): a pydantic model or type
    # (presslens.results), from which the report's JSON Schema is made; ``None`` when it writes a built-in layer
    # (sentences, entities). An analysis from outside may give a JSON Schema (``schema``) instead.
    result_model: ClassVar[Any]
    schema: ClassVar[dict[str, Any] | None]
    # Analyses whose results this one reads when they ran (optional: not added by --only, but run first when chosen).
    follows: ClassVar[tuple[str, ...]]

    def __call__(self, doc: Document) -> None: ...


_classes: dict[str, type] = {}
_instances: dict[str, Analyzer] = {}
_discovered = False


def register(cls: type) -> type:
    """Class decorator: make an analysis available by its ``name``."""
    for attr in ("name", "requires", "description"):
        if not hasattr(cls, attr):
            raise TypeError(f"analysis {cls.__name__} lacks the '{attr}' attribute")
    if not hasattr(cls, "schema"):
        cls.schema = None
    if not hasattr(cls, "result_model"):
        cls.result_model = None
    if not hasattr(cls, "follows"):
        cls.follows = ()
    _classes[cls.name] = cls
    _instances.pop(cls.name, None)
    return cls


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    _discovered = True
    for module in pkgutil.iter_modules(importlib.import_module(__package__).__path__):
        if not module.name.startswith("_") and module.name != "registry":
            importlib.import_module(f"{__package__}.{module.name}")


def all_names() -> list[str]:
    """Registered analyses, in the order they run by default."""
    _discover()
    return _order(list(_classes))


def get(name: str) -> Analyzer:
    _discover()
    if name not in _classes:
        raise UsageError(f"unknown analysis '{name}' (available: {', '.join(sorted(_classes))})")
    if name not in _instances:
        _instances[name] = _classes[name]()
    return _instances[name]


def _order(names: Iterable[str]) -> list[str]:
    """Dependencies first (and the chosen analyses an analysis ``follows``), otherwise registration order (a
    topological sort)."""
    names = list(names)
    chosen = set(names)
    for name in list(names):
        chosen.update(_classes[name].requires if name in _classes else ())
    ordered: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in ordered:
            return
        if name in visiting:
            raise UsageError(f"analyses depend on each other in a cycle through '{name}'")
        visiting.add(name)
        for dep in _classes[name].requires:
            if dep not in _classes:
                raise UsageError(f"analysis '{name}' requires unknown analysis '{dep}'")
            visit(dep)
        for after in _classes[name].follows:
            if after in chosen and after in _classes:
                visit(after)
        visiting.discard(name)
        ordered.append(name)

    for name in names:
        visit(name)
    return ordered


def _split(names: str | Iterable[str] | None) -> list[str]:
    if names is None:
        return []
    if isinstance(names, str):
        names = names.split(",")
    return [n.strip() for n in names if n and n.strip()]


def resolve(only: str | Iterable[str] | None = None, skip: str | Iterable[str] | None = None) -> list[str]:
    """The analyses to run for ``--only`` / ``--skip``, dependencies included, in order.

    ``only`` names what the user wants; what those need is added. ``skip``
    removes analyses; skipping one that a chosen analysis needs is an error.
    """
    _discover()
    wanted, skipped = _split(only), _split(skip)
    for name in [*wanted, *skipped]:
        if name not in _classes:
            raise UsageError(f"unknown analysis '{name}' (available: {', '.join(sorted(_classes))})")
    if wanted:
        chosen = _order(wanted)
        for name in chosen:
            if name in skipped:
                needer = next((n for n in chosen if name in _classes[n].requires), name)
                raise UsageError(f"cannot skip '{name}': '{needer}' needs it")
        return chosen
    # With --skip alone, analyses whose needs were skipped are dropped too.
    chosen: list[str] = []
    for name in _order(list(_classes)):
        if name not in skipped and all(dep in chosen for dep in _classes[name].requires):
            chosen.append(name)
    return chosen


def run(doc: Document, names: list[str]) -> Document:
    """Run the named analyses (already resolved) on ``doc``, timing each. ``doc.options["analyses"]`` says which
    run (the encoder stage reads it: nothing to encode for ``--fast`` techniques alone)."""
    doc.options["analyses"] = tuple(names)
    for name in names:
        check_deadline()
        analyzer = get(name)
        started = time.perf_counter()
        analyzer(doc)
        doc.timings_ms[name] = round((time.perf_counter() - started) * 1000, 2)
        release_freed_memory(len(doc.text))
    return doc
