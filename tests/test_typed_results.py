"""Typed results: pydantic models for the report and each analysis, from which the JSON Schema is made."""
import json

import jsonschema
import pytest
from pydantic import ValidationError

import presslens
from conftest import EXAMPLES
from presslens import analyzers
from presslens.report import report_schema
from presslens.results import ClaimCard, Region, TechniqueSpan


@pytest.fixture(scope="module")
def report():
    return presslens.analyze((EXAMPLES / "opinion.txt").read_text(encoding="utf-8"))


def test_a_report_reads_into_typed_results_and_back(report):
    data = report.to_dict()
    typed = report.typed()
    assert typed.genre.label in ("opinion", "reporting", "satire")
    assert all(isinstance(span, TechniqueSpan) for span in typed.techniques)
    assert all(isinstance(card, ClaimCard) for card in typed.claims)
    assert typed.text[typed.claims[0].start:typed.claims[0].end] == typed.claims[0].text
    # nothing is lost or added on the way: the typed report dumps to the JSON it was read from
    assert json.loads(typed.model_dump_json(exclude_unset=True)) == json.loads(report.to_json())
    assert set(data) == set(typed.model_dump(exclude_unset=True))


def test_the_schema_is_made_from_the_models_and_validates_real_reports(report):
    schema = report_schema()
    text = json.dumps(schema)
    assert "$ref" not in text and "$defs" not in text   # written out in place: it is embedded in the OpenAPI too
    names = [n for n in analyzers.all_names() if analyzers.get(n).result_model is not None]
    assert set(names) <= set(schema["properties"]) and {"techniques", "claims", "actors"} <= set(names)
    assert schema["additionalProperties"] is False and "schema_version" in schema["required"]
    jsonschema.validate(report.to_dict(), schema)


def test_a_report_that_breaks_the_contract_is_refused(report):
    data = report.to_dict()
    bad = {**data, "regions": [{"kind": "sidebar", "start": 0, "end": 3}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, report_schema())
    with pytest.raises(ValidationError):
        Region.model_validate({"kind": "appeal", "start": -1, "end": 3})
    with pytest.raises(ValidationError):
        TechniqueSpan.model_validate({**data["techniques"][0], "score": 1.5})
