"""The report: an analysed document, as JSON, text or HTML."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..document import Document
from .schema import SCHEMA_VERSION, report_schema, typed_report_model


def relabel(spans: list[dict], taxonomy: str) -> list[dict]:
    from ..techniques.taxonomy import BY_ID, label_in

    return [{**span, "technique": label_in(BY_ID[span["technique"]], taxonomy) or span["technique"]} for span in spans]

FORMATS = ("json", "jsonl", "text", "html")

@dataclass
class Report:
    """What :func:`presslens.analyze` returns: the document and its analyses."""

    document: Document
    # labels of technique spans: "presslens" ids or the exact "ptc2020" strings
    taxonomy: str = "presslens"

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def results(self) -> dict[str, Any]:
        return self.document.results

    @property
    def warnings(self) -> list[str]:
        return self.document.warnings

    def __getitem__(self, key: str) -> Any:
        return self.to_dict()[key]

    def to_dict(self) -> dict[str, Any]:
        doc = self.document
        meta = doc.meta
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "id": doc.id,
            "source": {
                "path": meta.path,
                "url": meta.url,
                "title": meta.title,
                "authors": list(meta.authors),
                "date": meta.date,
                "site": meta.site,
            },
            "language": doc.language,
            "text": doc.text,
            "regions": [{"kind": r.label, "start": r.start, "end": r.end} for r in doc.regions],
            "paragraphs": [{"start": p.start, "end": p.end} for p in doc.paragraphs],
            "sentences": [{"start": s.start, "end": s.end} for s in doc.sentences],
            "entities": [
                {"start": e.start, "end": e.end, "text": doc.fragment(e), "label": e.label} for e in doc.entities
            ],
        }
        out.update(doc.results)
        if self.taxonomy != "presslens" and "techniques" in out:
            out["techniques"] = relabel(out["techniques"], self.taxonomy)
        if self.taxonomy != "presslens" and "actors" in out:
            out["actors"] = [{**actor, "techniques": relabel(actor["techniques"], self.taxonomy)} for actor in out["actors"]]
        out["models"] = dict(doc.models)
        out["warnings"] = list(doc.warnings)
        out["timings_ms"] = dict(doc.timings_ms)
        return out

    def typed(self):
        """The report as typed results (:mod:`presslens.results`): a pydantic model whose base layers and analysis
        results are models too (``report.typed().claims[0].verification.verdict``), validated against the contract."""
        data = self.to_dict()
        names = tuple(name for name in self.document.results)
        return typed_report_model(names).model_validate(data)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def render(self, fmt: str) -> str:
        """The report as ``json``, ``jsonl`` (one line), ``text`` or ``html``."""
        if fmt == "json":
            return self.to_json()
        if fmt == "jsonl":
            return self.to_json(indent=None)
        if fmt == "html":
            from .html import render_html

            return render_html(self)
        if fmt == "text":
            from .text import render_text

            return render_text(self)
        raise ValueError(f"unknown format '{fmt}' (use one of {', '.join(FORMATS)})")


__all__ = ["FORMATS", "Report", "SCHEMA_VERSION", "report_schema"]
