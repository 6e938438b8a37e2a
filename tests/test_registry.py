"""The analysis protocol and registry: adding an analysis is adding a class."""
import pytest

import presslens
from presslens import analyzers
from presslens.analyzers import registry
from presslens.errors import UsageError
from presslens.report import report_schema


@pytest.fixture
def shouting():
    @analyzers.register
    class Shouting:
        name = "shouting"
        requires = ("nlp",)
        description = "sentences written in capitals"
        schema = {"type": "array", "items": {"type": "object", "required": ["start", "end"]}}

        def __call__(self, doc):
            doc.results[self.name] = [
                {"start": s.start, "end": s.end} for s in doc.sentences if doc.fragment(s).isupper()
            ]

    yield Shouting
    registry._classes.pop("shouting", None)
    registry._instances.pop("shouting", None)


def test_new_analysis_runs_with_its_dependency_and_appears_in_report_and_schema(shouting):
    report = presslens.analyze("This is calm. THIS IS LOUD! Back to calm.", only="shouting").to_dict()
    assert [report["text"][s["start"] : s["end"]] for s in report["shouting"]] == ["THIS IS LOUD!"]
    assert list(report["timings_ms"])[-2:] == ["nlp", "shouting"]
    assert report_schema()["properties"]["shouting"]["type"] == "array"


def test_resolve_orders_dependencies_and_rejects_bad_choices(shouting):
    assert analyzers.resolve("shouting") == ["nlp", "shouting"]
    assert "shouting" not in analyzers.resolve(skip="shouting") and "nlp" in analyzers.resolve(skip="shouting")
    # shouting, claims and actors need nlp, so they go too
    assert set(analyzers.resolve(skip="nlp")) == {"encoding", "techniques", "genre", "frames", "narratives"}
    assert set(analyzers.resolve(skip="encoding")) == {"nlp", "shouting"}   # every neural head reads the encoder stage
    with pytest.raises(UsageError, match="cannot skip 'nlp'"):
        analyzers.resolve(only="shouting", skip="nlp")
    with pytest.raises(UsageError, match="unknown analysis"):
        analyzers.resolve(only="nothing")


def test_instances_are_created_once():
    assert analyzers.get("nlp") is analyzers.get("nlp")


def test_registration_requires_the_protocol():
    class Incomplete:
        name = "incomplete"

    with pytest.raises(TypeError, match="requires"):
        analyzers.register(Incomplete)
