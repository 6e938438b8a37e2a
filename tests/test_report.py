"""Report renderings: HTML escapes the article, text summary, JSON round trip."""
import json

import jsonschema

import presslens
from conftest import EXAMPLES
from presslens.report import report_schema

HOSTILE = (
    "Mayor <script>alert('x')</script> Jane Doe said on Tuesday that 40 people attended.\n\n"
    '<img src=x onerror="alert(1)"> and <a href="javascript:alert(2)">click</a> were in the letter, she said.\n\n'
    "Subscribe today to support our journalism: your gift keeps us independent."
)


def test_html_report_escapes_article_text_and_loads_nothing_external():
    from presslens.report.interactive import SCRIPT, SCRIPT_HASH

    page = presslens.analyze(HOSTILE, html=False).render("html")
    assert page.lower().count("<script") == 1 and f"<script>{SCRIPT}</script>" in page  # only the page's own script
    assert f"script-src '{SCRIPT_HASH}'" in page  # and the CSP allows nothing else
    assert "onerror=" not in page.replace("onerror=&quot;", "")  # only as escaped text
    assert '<a href="javascript' not in page
    assert "&lt;script&gt;" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert 'class="region appeal"' in page


def test_json_round_trip_and_schema():
    report = presslens.analyze(HOSTILE, html=False)
    data = json.loads(report.to_json())
    jsonschema.validate(data, report_schema())
    assert data == report.to_dict()
    assert data["text"] == HOSTILE


def test_text_summary_lists_regions_and_entities_without_reading_markup():
    text = HOSTILE + "\n\n[bold red]Not markup[/bold red] said the council in Leeds on Friday."
    out = presslens.analyze(text, html=False).render("text")
    assert "appeal" in out and "Tuesday" in out
    report = presslens.analyze("[red]Subscribe today[/red] to support our journalism: your gift keeps us going.", html=False)
    assert "[red]Subscribe today[/red]" in report.render("text")


def test_report_names_the_models_it_used():
    from conftest import EXAMPLES

    text = EXAMPLES.joinpath("opinion.txt").read_text(encoding="utf-8")
    default = presslens.analyze(text)["models"]
    fast = presslens.analyze(text, fast=True)["models"]
    assert default["techniques"]["model"] == "techniques" and fast["techniques"]["model"] == "techniques-fast"
    assert default["techniques"]["fingerprint"] != fast["techniques"]["fingerprint"]
    assert default["genre"] == default["frames"] and default["nlp"]["model"].startswith("en_core_web_sm")
    report = presslens.analyze(text)
    for fmt in ("text", "html"):  # named at the foot of the human-readable reports too
        assert f"techniques {default['techniques']['fingerprint']}" in " ".join(report.render(fmt).split())


def test_text_report_lists_the_spans_worth_reading_and_counts_the_weaker_ones():
    from presslens.techniques import load_model

    threshold = load_model().calibration.threshold
    report = presslens.analyze(EXAMPLES / "opinion.txt")
    spans = report.to_dict()["techniques"]
    assert all(s["shown"] == (s["score"] >= threshold) for s in spans)   # the calibrated score decides
    weak = [s for s in spans if not s["shown"]]
    strong = [s for s in spans if s["shown"]]
    assert strong and weak
    out = report.render("text")
    own = [s for s in strong if s["voice"]["kind"] == "author"]
    assert f"{len(own)} technique spans in the author's words" in out
    if len(own) < len(strong):
        assert f"{len(strong) - len(own)} in words the article quotes or reports" in out
    for s in strong:
        assert f"{s['start']}–{s['end']}" in out
    for s in weak:
        assert f"{s['start']}–{s['end']} " not in out
    assert f"{len(weak)} more spans under the display threshold" in out and "in the JSON report" in out
    fast = presslens.analyze(EXAMPLES / "opinion.txt", only="techniques", fast=True).to_dict()["techniques"]
    assert all(s["shown"] == (s["score"] >= 0.2) for s in fast)   # the linear model has no calibration: raw score


def test_a_claims_decade_reads_as_a_decade():
    from presslens.report.text import claim_parts
    from presslens.results import ClaimCard

    times = [{"text": "the 1960s", "value": "1960", "granularity": "decade"},
             {"text": "in 1970", "value": "1970", "granularity": "year"},
             {"text": "this year", "value": None, "granularity": "year"}]
    card = ClaimCard.model_validate({"start": 0, "end": 9, "text": "the 1960s", "score": 0.9, "quantities": [],
                                     "places": [], "actors": [], "attribution": None,
                                     "times": [{**t, "start": 0, "end": 9, "kind": "date"} for t in times]})
    assert dict(claim_parts(card))["when"] == "the 1960s → 1960s; in 1970 → 1970; this year → ?"
