"""Hostile input, end to end: never a traceback, always a report or a one-line error, offsets exact;
and the budgets (--max-words, --timeout) of analyze, batch and the library."""
import json
import subprocess
import sys
import threading
import time

import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import presslens
from conftest import EXAMPLES, assert_offsets
from presslens.lab.bench.shapes import SHAPES, build
from presslens.errors import AnalysisTimeout, InputTooLarge, PresslensError

_WORDS = ["The", "council", "voted", "191", "people", "said", "Madrid", "on", "Tuesday", "1,800", "café", "—",
          "“quoted”", "U.S.", "Dr.", "!", "?", ".", ",", "(", ")"]
_HOSTILE = [
    "\x00", "\x01\x02\x03", "\x07", "\x08", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\x9b",   # control characters
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",                                 # zero-width marks
    "\u202a", "\u202b", "\u202d", "\u202e", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f",  # bidi
    "\u0301", "\u0308\u0301\u0327", "\u20dd", "\u0e31",                                         # lone combining marks
    "👩‍👩‍👧‍👦", "🏳️‍🌈", "👍🏽", "🇺🇦🇬🇧", "❤️‍🔥", "1️⃣", "\U000e0067\U000e0062",                           # emoji sequences
    "北京", "القاهرة", "मुंबई", "Москва", "ﷺ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\ufffd", "\uffff", "\U0010ffff",        # scripts, odd points
]
_LINE_ENDS = ["\n", "\n\n", "\r", "\r\r", "\r\n", "\u2028", "\u2029", "\x1c", "\x1e"]
_piece = st.one_of(
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12).map(" ".join),
    st.sampled_from(_HOSTILE),
    st.sampled_from(_LINE_ENDS),
    st.builds(lambda word, n: word * n, st.sampled_from(["x", "ab ", "https://e.com/", "QUJD"]), st.integers(200, 3000)),
)
hostile_texts = st.lists(_piece, min_size=1, max_size=40).map("".join)

_TAGS = ["<div>", "</div>", "<p>", "</p>", "<article>", "</article>", "<table><tr><td>", "</td></tr></table>",
         "<script>var a = '</p>';</script>", "<style>p{}</style>", "<!--", "-->", "<b", ">", "<", "&amp;", "&#0;",
         "&#xD800;", "&nbsp;", "<![CDATA[x]]>", "<svg><foreignObject>", "<br/>", "<img src=x onerror=alert(1)>",
         "<p class=\"", "<h1>", "</h1>", "<iframe>", "<template>", "<noscript>", "</html>", "<html><body>"]
_html_piece = st.one_of(st.sampled_from(_TAGS), _piece,
                        st.builds(lambda tag, n: tag * n, st.sampled_from(["<div>", "<span><b>", "<ul><li>"]),
                                  st.integers(50, 1500)))
hostile_pages = st.lists(_html_piece, min_size=1, max_size=50).map(lambda parts: "<html><body>" + "".join(parts))


def _report_or_one_line_error(data: str, html: bool):
    try:
        report = presslens.analyze(data, html=html, timeout=60).to_dict()
    except PresslensError as exc:
        assert "\n" not in str(exc) and exc.reason.strip(), repr(str(exc))
        return None
    assert_offsets(report)
    if not html:
        assert report["text"] == data  # plain text is kept verbatim, whatever it holds
    return report


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile_texts)
def test_fuzz_hostile_texts_give_a_report_or_a_one_line_error(text):
    _report_or_one_line_error(text, html=False)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(hostile_pages)
def test_fuzz_malformed_and_nested_html_gives_a_report_or_a_one_line_error(page):
    _report_or_one_line_error(page, html=True)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_every_hostile_shape_at_a_paste_size_is_analysed_with_exact_offsets(name):
    kind, data = build(name, 20_000)
    report = _report_or_one_line_error(data, html=kind == "html")
    if kind == "text":
        assert report is not None and report["sentences"], name


def test_a_paragraph_of_a_whole_transcript_is_body_not_furniture():
    # cues add up with length: a 100 kB paragraph matched enough to be set apart whole as boilerplate
    report = presslens.analyze(build("one-paragraph", 100_000)[1], only="nlp").to_dict()
    assert len(report["sentences"]) > 500
    # what is set apart is an embedded post's signature glued into the text ("— Laura Loomer (@LauraLoomer) October
    # 4, 2017"), cut out alone: never the paragraph
    assert all(r["kind"] == "embed" and r["end"] - r["start"] < 80 for r in report["regions"])


def _cli(*args, stdin: bytes | None = None, timeout: float = 120):
    proc = subprocess.run([sys.executable, "-m", "presslens", *args], input=stdin, capture_output=True,
                          timeout=timeout)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def test_cli_budgets_are_one_line_errors_with_their_exit_codes():
    code, out, err = _cli("analyze", str(EXAMPLES / "opinion.txt"), "--max-words", "50", "-f", "json")
    assert code == InputTooLarge.exit_code and out == "" and len(err.strip().splitlines()) == 1
    assert "more than the limit of 50" in err and "Traceback" not in err
    started = time.monotonic()
    code, out, err = _cli("analyze", "-", "--timeout", "1", "-f", "json",
                          stdin=build("one-paragraph", 400_000)[1].encode())
    assert code == AnalysisTimeout.exit_code and out == "" and "time budget of 1 s" in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert time.monotonic() - started < 60  # the models' loading, then one second of analysis


def test_cli_hostile_bytes_never_give_a_traceback(tmp_path):
    samples = {
        "nul.txt": b"The council voted.\x00\x00\x00 It said so.\r\rCR only.",
        "latin1.txt": "Caf\u00e9 cr\u00e8me: the mayor said 191 people came.".encode("latin-1"),
        "utf16.txt": "The mayor said 191 people came on Tuesday.".encode("utf-16-le"),
        "binary.bin": bytes(range(256)) * 40,
        "broken.html": b"<html><body><div><div><p>Never closed " * 300,
        "emoji.txt": "👩‍👩‍👧‍👦 \u202e reversed \u202c the vote passed 12 to 3.".encode("utf-8"),
    }
    for name, data in samples.items():
        (tmp_path / name).write_bytes(data)
        code, out, err = _cli("analyze", str(tmp_path / name), "-f", "json", "--timeout", "60")
        assert "Traceback" not in err and code != 1, (name, err)
        if code == 0:
            assert_offsets(json.loads(out))
        else:
            assert len([line for line in err.splitlines() if line.startswith("presslens: error")]) == 1, (name, err)


def test_library_timeout_from_a_thread_stops_between_units_of_work():
    text = build("one-paragraph", 300_000)[1]
    outcome = {}

    def work():
        started = time.monotonic()
        try:
            presslens.analyze(text, timeout=1.0)
            outcome["result"] = "report"
        except AnalysisTimeout as exc:
            outcome["result"] = str(exc)
        outcome["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=120)
    assert "time budget of 1 s" in outcome["result"] and outcome["seconds"] < 5, outcome


def test_batch_turns_an_article_over_budget_into_an_error_row_and_goes_on(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a-normal.txt").write_text((EXAMPLES / "report.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "b-huge.txt").write_text(build("one-paragraph", 400_000)[1], encoding="utf-8")
    (corpus / "c-long.txt").write_text((EXAMPLES / "opinion.txt").read_text(encoding="utf-8") * 3, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = _cli("batch", str(corpus), "--out", str(out), "--workers", "1", "--only", "nlp,claims",
                        "--timeout", "30", "--max-words", "2000", timeout=300)
    assert code == 0, err
    errors = pq.read_table(out / "errors").to_pylist()
    articles = pq.read_table(out / "articles").to_pylist()
    assert {e["input"].rsplit("/", 1)[-1]: e["error"] for e in errors} == {"b-huge.txt": "too_large",
                                                                             "c-long.txt": "too_large"}
    assert [a["input"].rsplit("/", 1)[-1] for a in articles] == ["a-normal.txt"]
    out2 = tmp_path / "out2"
    code, _, err = _cli("batch", str(corpus / "b-huge.txt"), "--out", str(out2), "--workers", "1",
                        "--only", "nlp,claims", "--timeout", "1", timeout=300)
    assert code == 0, err
    assert [e["error"] for e in pq.read_table(out2 / "errors").to_pylist()] == ["timeout"]
