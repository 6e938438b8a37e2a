"""Persuasion techniques: data readers, taxonomy, windowing, offset-exact decoding, the analysis, `eval ptc`."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, FIXTURES, assert_offsets
from presslens.models.encoder import stitch, windows_for
from presslens.models.windows import line_units, make_windows, tokenize_units
from presslens.lab.datasets import read_articles, split_of
from presslens.lab.datasets.ptc import read_labels
from presslens.techniques.model import TechniqueHeads, token_range
from presslens.techniques.taxonomy import (BY_PTC, PTC_LABELS, SEMEVAL2023_ONLY, TECHNIQUES, from_semeval2023,
                                           label_in)

PTC_2020 = ["Loaded_Language", "Name_Calling,Labeling", "Repetition", "Exaggeration,Minimisation", "Doubt",
            "Appeal_to_fear-prejudice", "Flag-Waving", "Causal_Oversimplification", "Slogans", "Appeal_to_Authority",
            "Black-and-White_Fallacy", "Thought-terminating_Cliches", "Whataboutism,Straw_Men,Red_Herring",
            "Bandwagon,Reductio_ad_hitlerum"]
SEMEVAL_2023 = ["Appeal_to_Authority", "Appeal_to_Popularity", "Appeal_to_Values", "Appeal_to_Fear-Prejudice",
                "Flag_Waving", "Causal_Oversimplification", "False_Dilemma-No_Choice", "Consequential_Oversimplification",
                "Straw_Man", "Red_Herring", "Whataboutism", "Slogans", "Appeal_to_Time", "Conversation_Killer",
                "Loaded_Language", "Repetition", "Exaggeration-Minimisation", "Obfuscation-Vagueness-Confusion",
                "Name_Calling-Labeling", "Doubt", "Guilt_by_Association", "Appeal_to_Hypocrisy", "Questioning_the_Reputation"]


# --- taxonomy -----------------------------------------------------------------

def test_taxonomy_covers_the_ptc_inventory_exactly():
    assert PTC_LABELS == PTC_2020
    assert len({t.id for t in TECHNIQUES}) == 14
    for t in TECHNIQUES:
        assert t.definition and t.example and "{fragment}" in t.explanation


def test_semeval2023_mapping_is_exact_and_total():
    forward = [t.semeval2023 for t in TECHNIQUES if t.semeval2023]
    assert len(forward) == len(set(forward)) == 12 and set(forward) <= set(SEMEVAL_2023)
    for label in SEMEVAL_2023:  # every 2023 label maps back to one PTC technique, or is known to have none
        technique = from_semeval2023(label)
        assert (technique is None) == (label in SEMEVAL2023_ONLY), label
    assert from_semeval2023("Conversation_Killer").ptc2020 == "Thought-terminating_Cliches"
    assert from_semeval2023("Straw_Man").ptc2020 == "Whataboutism,Straw_Men,Red_Herring"
    assert label_in(BY_PTC["Whataboutism,Straw_Men,Red_Herring"], "semeval2023") is None  # one-to-many: no exact label
    assert label_in(BY_PTC["Black-and-White_Fallacy"], "semeval2023") == "False_Dilemma-No_Choice"


# --- PTC data in both layouts ----------------------------------------------------

def test_both_label_layouts_read_the_same_spans():
    combined = read_labels(FIXTURES / "ptc", "tc")
    per_article = read_labels(FIXTURES / "ptc_per_article", "tc")
    assert sorted(combined, key=repr) == sorted(per_article, key=repr) and len(combined) == 15
    assert len(read_labels(FIXTURES / "ptc_per_article", "si")) == 15


def test_offsets_count_the_bom():
    articles = read_articles(FIXTURES / "ptc" / "articles")
    assert articles["1001"].startswith("\ufeff")
    for span in read_labels(FIXTURES / "ptc", "tc"):
        fragment = articles[span.article_id][span.start:span.end]
        assert fragment.strip() == fragment and fragment


def test_split_is_fixed_by_article_id():
    assert [split_of(i) for i in ("1000", "1001", "1003")] == ["dev", "train", "heldout"]


# --- windowing ---------------------------------------------------------------------

@given(st.lists(st.integers(1, 300), min_size=1, max_size=12), st.integers(8, 64))
def test_windows_cover_every_token_once(unit_lengths, max_tokens):
    units = np.repeat(np.arange(len(unit_lengths)), unit_lengths)
    windows = make_windows(units, max_tokens, overlap=max_tokens // 4)
    owned = np.zeros(len(units), dtype=int)
    for w in windows:
        assert w.end - w.start <= max_tokens and w.start <= w.own_start < w.own_end <= w.end
        owned[w.own_start:w.own_end] += 1
    assert (owned == 1).all()


def test_stitch_takes_each_token_from_its_own_window():
    units = np.zeros(100, dtype=np.int64)  # one long paragraph: sliding windows
    windows = make_windows(units, 30, 10)
    assert len(windows) > 3

    def run(tokens, batch):  # vector of position j in a window = the token index it holds
        out = np.full((len(batch), 32, 1), -1.0, dtype=np.float32)
        for row, w in enumerate(batch):
            out[row, 1:w.end - w.start + 1, 0] = np.arange(w.start, w.end)
        return out

    class Tokens:
        def __len__(self):
            return 100

    hidden = stitch(Tokens(), windows, run, batch_size=3)
    assert (hidden[:, 0] == np.arange(100)).all()



def test_windows_side_by_side_give_the_same_vectors_as_one_at_a_time():
    """Two windows at a time (one per core) is a speed-up only: every window still runs alone in its call."""
    from presslens.models.encoder import SHARED_ENCODER_DIR, OnnxEncoder

    text = (FIXTURES / "ptc" / "articles" / "article1000.txt").read_text(encoding="utf-8") * 8
    one, two = OnnxEncoder(SHARED_ENCODER_DIR, threads=1), OnnxEncoder(SHARED_ENCODER_DIR, threads=2)
    tokens, alone = one.encode_text(text)
    assert len(windows_for(tokens)) >= 4 and two.lanes == 2
    assert np.array_equal(alone, two.encode_text(text)[1])

# --- decoding to character offsets --------------------------------------------------

@pytest.fixture(scope="module")
def tokenizer():
    from presslens.techniques import load_model

    return load_model().encoder.tokenizer


_texts = st.lists(st.sampled_from(list("ab cdé’“”\n!?.,-ﬁ€😀\u0301") + ["Ünïcode ", "don't ", "U.S. ", "\r\n"]),
                  min_size=1, max_size=120).map("".join)


@settings(max_examples=60, deadline=None)
@given(text=_texts, seed=st.integers(0, 10_000))
def test_detected_spans_are_exact_and_whole_words(tokenizer, text, seed):
    units = line_units(text)
    tokens = tokenize_units(tokenizer, text, units)
    for s, e in zip(tokens.starts, tokens.ends):
        assert 0 <= s < e <= len(text)
    rng = np.random.default_rng(seed)
    heads = TechniqueHeads({"si.weight": rng.normal(size=(3, 8)), "si.bias": np.zeros(3),
                            "tc.1.weight": rng.normal(size=(4, 4 * 8 + 5)), "tc.1.bias": np.zeros(4),
                            "tc.3.weight": rng.normal(size=(14, 4)), "tc.3.bias": np.zeros(14)},
                           PTC_LABELS, threshold=0.3)
    hidden = rng.normal(size=(len(tokens), 8)).astype(np.float32)
    for span in heads.detect(text, tokens, hidden):
        fragment = text[span.start:span.end]
        assert fragment and fragment.strip() == fragment
        assert "\n" not in fragment  # never across a line/paragraph
        assert span.start == 0 or not (text[span.start - 1].isalnum() and text[span.start].isalnum())
        assert span.end == len(text) or not (text[span.end].isalnum() and text[span.end - 1].isalnum())
    if len(tokens):
        probs = heads.classify(text, tokens, hidden, [(int(tokens.starts[0]), int(tokens.ends[-1]))])
        assert probs.shape == (1, 14) and np.isclose(probs.sum(), 1.0)


def test_spans_never_end_inside_a_contraction():
    from presslens.techniques.model import word_aligned

    text = "Don’t let them. Isn't it odd?"
    assert text[slice(*word_aligned(text, 0, 3))] == "Don’t"
    assert text[slice(*word_aligned(text, 18, 20))] == "Isn't"


@pytest.mark.parametrize("fragment, kept", [
    ("call this reckless scheme what it is: the", "call this reckless scheme what it is"),
    ("the corrupt and", "the corrupt"),
    ("a disgrace, of", "a disgrace"),
    ("they sold out the", "they sold out"),
    ("Enough", "Enough"),
    ("the", "the"),                  # never emptied
    ("- the", "- the"),
    ("“Make it great”", "“Make it great”"),
])
def test_spans_do_not_end_hanging(fragment, kept):
    from presslens.techniques.model import trim_dangling

    text = f"So: {fragment} now."
    start = text.index(fragment)
    s, e = trim_dangling(text, start, start + len(fragment))
    assert s == start and text[s:e] == kept


def test_token_range_maps_characters_to_tokens(tokenizer):
    text = "The mayor’s reckless scheme."
    tokens = tokenize_units(tokenizer, text, [(0, len(text))])
    first, stop = token_range(tokens, text.index("reckless"), text.index("reckless") + len("reckless"))
    assert text[tokens.starts[first]:tokens.ends[stop - 1]] == "reckless"


# --- the analysis on real text ------------------------------------------------------

@pytest.fixture(scope="module")
def opinion_report():
    from presslens import analyze

    return analyze(EXAMPLES / "opinion.txt", only="techniques")


def test_analysis_finds_spans_with_explanations(opinion_report):
    report = opinion_report.to_dict()
    spans = report["techniques"]
    assert len(spans) >= 5
    assert_offsets(report)
    for span in spans:
        assert span["technique"] in {t.id for t in TECHNIQUES}
        assert 0 < span["score"] <= 1 and span["explanation"]
    assert any(s["technique"] == "loaded_language" for s in spans)


def test_long_paragraph_is_windowed_with_exact_offsets():
    from presslens import analyze

    sentence = ("These reckless, corrupt bureaucrats are destroying our beautiful city and laughing at us, "
                "while the honest families of Carrowmore pay for their shameful greed. ")
    text = "A headline\n\n" + sentence * 25  # one paragraph of ~800 word pieces: sliding windows
    report = analyze(text, only="techniques").to_dict()
    assert_offsets(report)
    covered = set()
    for span in report["techniques"]:
        covered.update(range(span["start"], span["end"]))
    for k in range(8):  # every eighth of the paragraph (7 windows) has technique spans
        part = range(12 + k * (len(text) - 12) // 8, 12 + (k + 1) * (len(text) - 12) // 8)
        assert covered & set(part), k


def test_ptc_taxonomy_in_the_cli():
    proc = subprocess.run([sys.executable, "-m", "presslens", "analyze", str(EXAMPLES / "opinion.txt"),
                           "--only", "techniques", "--taxonomy", "ptc2020", "-f", "json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    labels = {s["technique"] for s in json.loads(proc.stdout)["techniques"]}
    assert labels and labels <= set(PTC_2020)


def test_text_and_html_show_techniques(opinion_report):
    text = opinion_report.render("text")
    assert "Persuasion techniques" in text and "loaded_language" in text
    first = next(s for s in opinion_report.to_dict()["techniques"] if s["shown"])["explanation"]
    assert first.split("“")[0].strip() in " ".join(text.split())  # each shown span's one-line explanation is shown
    html = opinion_report.render("html")
    assert 'class="tq tq-loaded_language"' in html and "Persuasion techniques" in html


# --- presslens eval ptc ---------------------------------------------------------------

@pytest.mark.parametrize("layout", ["ptc", "ptc_per_article"])
def test_eval_ptc_writes_official_files(tmp_path, layout):
    out = tmp_path / "pred"
    proc = subprocess.run([sys.executable, "-m", "presslens", "eval", "ptc", "--articles", str(FIXTURES / "ptc" / "articles"),
                           "--labels", str(FIXTURES / layout), "--out", str(out), "--json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    scores = json.loads(proc.stdout)
    assert scores["articles"] == 4 and {"si", "tc", "flc"} <= set(scores)
    assert scores["tc"]["gold"] == 15 and 0 <= scores["si"]["f1"] <= 1
    articles = read_articles(FIXTURES / "ptc" / "articles")
    tc_lines = (out / "tc.labels").read_text().splitlines()
    assert len(tc_lines) == 15  # one line per gold span
    gold = {(g.article_id, g.start, g.end) for g in read_labels(FIXTURES / "ptc", "tc")}
    for line in tc_lines:
        aid, technique, start, end = line.split("\t")
        assert (aid, int(start), int(end)) in gold and technique in PTC_2020
    for line in (out / "si.labels").read_text().splitlines():
        aid, start, end = line.split("\t")
        assert aid in articles and not aid.startswith("article") and int(start) < int(end) <= len(articles[aid])
    for line in (out / "flc.labels").read_text().splitlines():
        aid, technique, start, end = line.split("\t")
        assert technique in PTC_2020


def test_eval_ptc_bad_labels_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.labels"
    bad.write_text("1000\tLoaded_Language\tten\t20\n")
    proc = subprocess.run([sys.executable, "-m", "presslens", "eval", "ptc", "--articles", str(FIXTURES / "ptc" / "articles"),
                           "--labels", str(bad)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 8 and "bad.labels:1" in proc.stderr and "Traceback" not in proc.stderr


def test_enormous_articles_are_read_up_to_a_cap_with_a_warning(monkeypatch):
    from presslens import analyze
    from presslens.heads import stage

    monkeypatch.setattr(stage, "MAX_ENCODED_TOKENS", 300)
    text = "Headline\n\n" + "\n\n".join(f"Paragraph {i}: these reckless, corrupt bureaucrats lie." for i in range(200))
    report = analyze(text, only="techniques,frames").to_dict()
    assert any("first" in w and "words only" in w for w in report["warnings"])
    assert report["techniques"] and max(s["end"] for s in report["techniques"]) < len(text) // 2
    assert_offsets(report)


# --- SemEval-2021 Task 6 meme spans as extra training data ---------------------------

def _meme_file(tmp_path, labels, text="STOP the INVASION now\nTraitors everywhere"):
    path = tmp_path / "memes.json"
    path.write_text(json.dumps([{"id": 7, "text": text, "labels": labels}]), encoding="utf-8")
    return path


def test_meme_spans_map_to_ptc_labels_or_are_ignored(tmp_path):
    from presslens.lab.datasets.ptc import MEME_TECHNIQUES, MEME_UNMAPPED, read_meme_spans

    assert set(MEME_TECHNIQUES.values()) == set(PTC_LABELS)  # every PTC technique is reachable, none invented
    listed = (Path(__file__).resolve().parents[2] / "shared" / "data" / "semeval2021t6" / "techniques_list_task1-2.txt")
    if listed.exists():  # the official label list is exactly the mapped plus the ignored techniques
        assert {line.strip() for line in listed.read_text().splitlines() if line.strip()} == \
            set(MEME_TECHNIQUES) | MEME_UNMAPPED
    path = _meme_file(tmp_path, [
        {"start": 0, "end": 21, "technique": "Slogans", "text_fragment": "STOP the INVASION now"},
        {"start": 22, "end": 30, "technique": "Smears", "text_fragment": "Traitors"},
        {"start": 22, "end": 30, "technique": "Presenting Irrelevant Data (Red Herring)", "text_fragment": "Traitors"}])
    [(meme_id, text, spans, ignored)] = read_meme_spans(path)
    assert meme_id == "meme7" and ignored == [(22, 30)]
    assert [(s.start, s.end, s.technique) for s in spans] == [(0, 21, "Slogans"),
                                                              (22, 30, "Whataboutism,Straw_Men,Red_Herring")]


@pytest.mark.parametrize("label, message", [
    ({"start": 0, "end": 4, "technique": "Slogans", "text_fragment": "STOP!"}, "does not match"),
    ({"start": 0, "end": 4, "technique": "Memes", "text_fragment": "STOP"}, "unknown technique")])
def test_bad_meme_spans_are_clear_errors(tmp_path, label, message):
    from presslens.errors import InvalidRecord
    from presslens.lab.datasets.ptc import read_meme_spans

    with pytest.raises(InvalidRecord, match=message):
        read_meme_spans(_meme_file(tmp_path, [label]))


def test_ignored_spans_count_in_no_loss(tokenizer):
    from presslens.lab.datasets.ptc import GoldSpan
    from presslens.lab.training.techniques import build_examples

    text = "Traitors everywhere, and liars too."
    gold = [GoldSpan("m", 25, 30, "Name_Calling,Labeling")]  # "liars"
    tokens, [example] = build_examples("m", text, gold, tokenizer, ignored=[(0, 30)])
    def labels(start, end):
        return [int(example.bio[i]) for i in range(len(tokens)) if start <= tokens.starts[i] < end]

    assert labels(0, 24) == [-100] * 5                     # "Traitors everywhere, and": neither propaganda nor not
    assert labels(25, 30) == [1, 2] and labels(31, 35) == [0, 0]  # "liars" (a PTC span inside) is learnt; "too." is not


def test_units_tokenised_in_chunks_give_the_same_tokens(tokenizer):
    text = "\n".join(["A one-line paragraph.", "", "Another, with a https://example.com/" + "x" * 150 + " link.",
                      "Ünïcode don't U.S. 😀"] * 7)
    units = line_units(text)
    whole = tokenize_units(tokenizer, text, units, chunk=10_000)
    for chunk in (1, 3, 5):
        parts = tokenize_units(tokenizer, text, units, chunk=chunk)
        for a, b in zip((whole.ids, whole.starts, whole.ends, whole.units), (parts.ids, parts.starts, parts.ends, parts.units)):
            assert a.dtype == b.dtype and a.tolist() == b.tolist()
    assert len(tokenize_units(tokenizer, text, [])) == 0


@pytest.mark.parametrize("fragment, nothing", [
    ("It's", True), ("It’s as", True), ("nearly", True), ("No!", True), ("—", True), ("the", True),
    ("as depressing as it is disturbing", False), ("the corrupt elite", False), ("Enough", False), ("12 times", False),
])
def test_a_span_of_function_words_only_is_no_finding(fragment, nothing):
    from presslens.techniques.model import says_nothing

    assert says_nothing(fragment) is nothing


def test_detected_spans_always_carry_a_content_word(tokenizer):
    from presslens.techniques import load_model
    from presslens.techniques.model import says_nothing

    model = load_model()
    text = "It's as depressing as it is disturbing. Such toxicity and lunacy, nearly everywhere, is a disgrace."
    tokens = tokenize_units(tokenizer, text, line_units(text))
    hidden = model.encoder.encode(tokens, windows_for(tokens))
    spans = model.heads.detect(text, tokens, hidden, threshold=0.05)   # a low bar: many spans, stubs among them
    assert spans and not any(says_nothing(text[s.start:s.end]) for s in spans)


def test_furniture_carries_no_technique_span():
    """An appeal, a bio, a caption or boilerplate set apart from the body gets no technique span, shown or not."""
    from presslens import analyze

    for name in ("opinion.txt", "opinion.html", "report.html"):
        report = analyze(EXAMPLES / name).to_dict()
        kinds = {r["kind"] for r in report["regions"]}
        assert kinds - {"byline"}, name   # the example has furniture to test against
        for span in report["techniques"]:
            assert not any(r["start"] < span["end"] and span["start"] < r["end"] for r in report["regions"]), (name, span)
        for actor in report.get("actors", []):
            for t in actor["techniques"]:
                assert not any(r["start"] < t["end"] and t["start"] < r["end"] for r in report["regions"])


def test_spans_of_loaded_language_are_cut_at_sentence_ends_and_doubt_may_cross():
    from presslens.techniques.phrases import cut_at_sentence_ends, sentence_pieces

    cut = cut_at_sentence_ends()
    assert {"Loaded_Language", "Name_Calling,Labeling"} <= cut and not {"Doubt", "Appeal_to_Authority"} & cut
    text = "These reckless bureaucrats lie. Shameful! And the “experts” agree? No. the end"
    pieces = sentence_pieces(text, 0, len(text))
    assert [text[s:e] for s, e in pieces] == ["These reckless bureaucrats lie", "Shameful!", "And the “experts” agree?",
                                             "No. the end"]   # a lower-case word does not start a sentence
    assert sentence_pieces("Mr. Smith was wrong. He knew.", 0, 29) == [(0, 19), (21, 28)]   # "Mr." ends no sentence
    assert sentence_pieces("The U.S. Army lied. Again.", 0, 26) == [(0, 18), (20, 25)]


def test_no_technique_span_starts_or_ends_inside_a_word():
    import re

    from presslens import analyze

    word = re.compile(r"\w")
    for name in ("opinion.txt", "claims.txt", "sanctions_opinion.txt", "climate_opinion.txt"):
        report = analyze(EXAMPLES / name, only="techniques").to_dict()
        text = report["text"]
        for s in report["techniques"]:
            before, first = text[s["start"] - 1:s["start"]], text[s["start"]:s["start"] + 1]
            last, after = text[s["end"] - 1:s["end"]], text[s["end"]:s["end"] + 1]
            assert not (word.match(before or " ") and word.match(first)), (name, s["text"])
            assert not (word.match(last) and word.match(after or " ")), (name, s["text"])
            assert not re.search(r"[.!?][\"'”’)\]]*\s+[A-Z]", s["text"]) or s["technique"] in (
                "doubt", "appeal_to_authority", "causal_oversimplification", "black_and_white", "appeal_to_fear",
                "whataboutism_strawman_red_herring", "bandwagon_reductio", "thought_terminating_cliche"), (name, s["text"])


VOICE_TEXT = """Council cuts

Mayor Ines Okoro said the plan was “a reckless betrayal of every family in the north”. These cowards never listen.
According to the police, the protesters were violent thugs. So-called “experts” keep quiet.
“She told me ‘they are liars and crooks’ before the vote,” said Ana Ruiz, a resident.
Critics call it a “disgrace”, and the shameful vote stands."""


@pytest.mark.parametrize("fragment,kind,speaker", [
    ("reckless betrayal", "quoted", "Mayor Ines Okoro"),                    # quotation marks, attributed
    ("These cowards", "author", None),                               # the next sentence is the author's
    ("violent thugs", "quoted", "the police"),                       # reported speech: "according to"
    ("experts", "author", None),                                     # a scare quote is the author's irony
    ("liars and crooks", "quoted", "Ana Ruiz"),                      # a quote within a quote: the outer speaker
    ("shameful vote", "author", None),
    ("disgrace", "quoted", "Critics"),                               # a label a naming verb gives: the critics'
])
def test_the_voice_of_a_span(fragment, kind, speaker):
    from presslens.ingest import RawInput, load
    from presslens.techniques.voice import VoiceReader

    doc = load(RawInput(id="voice", data=VOICE_TEXT, kind="text"))
    start = doc.text.index(fragment)
    voice = VoiceReader(doc).voice(start, start + len(fragment))
    assert voice["kind"] == kind
    if speaker is None:
        assert voice["speaker"] is None
    else:
        assert voice["speaker"]["name"] == speaker
        assert doc.text[voice["speaker"]["start"]:voice["speaker"]["end"]] == speaker   # offsets exact


@pytest.mark.parametrize("sentence, label, kind, speaker", [
    ("Republicans have long described the bill as a socialist power grab.", "socialist power grab", "quoted",
     "Republicans"),
    ("The mayor, who chairs the board, dubbed the scheme a cash cow.", "cash cow", "quoted", "The mayor"),
    ("What opponents describe as a power grab passed on Tuesday.", "power grab", "quoted", "opponents"),
    ("They branded the protesters thugs.", "thugs", "quoted", None),            # someone's, not named
    ("I call it a disgrace.", "disgrace", "author", None),                      # the author's own label
    ("Let's call this scheme a betrayal.", "betrayal", "author", None),
    ("The plan, which critics called wasteful, is a job-killer.", "job-killer", "author", None),
    ("The plan, which critics called wasteful, is a job-killer.", "wasteful", "quoted", "critics"),
    ("In what can only be described as gross negligence, the agency failed.", "gross negligence", "author", None),
    ("He kept posting what the ADL calls hate symbols.", "hate symbols", "quoted", "the ADL"),
    ("She called for calm and warned of a reckless escalation.", "reckless escalation", "author", None),
])
def test_a_label_a_naming_verb_gives_is_in_the_voice_of_its_subject(sentence, label, kind, speaker):
    """'Critics call it a job-killer': a reader takes the label for the critics', not the author's (the voice of
    such spans was the author's: read on unseen reports)."""
    from presslens import analyzers
    from presslens.ingest import RawInput, load
    from presslens.techniques.voice import VoiceReader

    doc = load(RawInput(id="naming", data=("Headline\n\n" + sentence).encode(), kind="text"))
    analyzers.run(doc, analyzers.resolve("nlp", None))
    start = doc.text.index(label)
    voice = VoiceReader(doc).voice(start, start + len(label))
    assert voice["kind"] == kind
    assert (voice["speaker"] or {}).get("name") == speaker



def test_quoted_spans_are_listed_apart_as_the_speakers():
    from presslens import analyze

    report = analyze(EXAMPLES / "opinion.txt", only="nlp,techniques")
    spans = report.to_dict()["techniques"]
    quoted = [s for s in spans if s["voice"]["kind"] == "quoted" and s["shown"]]
    assert quoted and all(s["voice"]["speaker"] for s in quoted)
    text = report.render("text")
    assert "in words the article quotes or reports" in text and quoted[0]["voice"]["speaker"]["name"].split()[0] in text
    assert "<th>whose words</th>" in report.render("html") and "quoted: " in report.render("html")


EXPLAINED = """Council cuts

These vermin have infested the council. The mayor waged a war on drivers. Can we really trust a council like this?
If the line closes, the north will collapse into ruin. Crime rose because of the new mayor, nothing else.
Everyone knows the plan is a total disaster. It is the worst decision ever made, an utterly shameful one.
Only true patriots will stand for our country. According to experts at the institute, the plan must go.
Stop the cuts now. Stop the cuts now. The spineless cowards of Carrowmore Council voted it through."""


@pytest.mark.parametrize("technique,fragment,says", [
    ("name_calling", "These vermin", "dehumanising metaphor"),
    ("loaded_language", "waged a war on drivers", "war metaphor"),
    ("doubt", "Can we really trust a council like this", "question “Can we really trust a council like this?”"),
    ("appeal_to_fear", "the north will collapse into ruin", "threatened outcome, “collapse”"),
    ("causal_oversimplification", "because of the new mayor", "“because” asserts a single cause"),
    ("exaggeration", "total disaster", "absolute “total”"),
    ("loaded_language", "the worst decision ever made", "superlative “worst”"),
    ("loaded_language", "an utterly shameful one", "intensifier “utterly”"),
    ("flag_waving", "true patriots will stand for our country", "“patriots”"),
    ("appeal_to_authority", "the plan must go", "who says so (“According to experts at the institute”)"),
    ("repetition", "Stop the cuts now", "recurs once more"),
])
def test_explanations_name_the_words_that_do_the_work(technique, fragment, says):
    from presslens.ingest import RawInput, load
    from presslens.techniques.explain import explain
    from presslens.techniques.model import TextCues
    from presslens.techniques.taxonomy import TECHNIQUES
    from presslens.techniques.voice import VoiceReader

    doc = load(RawInput(id="explained", data=EXPLAINED, kind="text"))
    voices = VoiceReader(doc)
    start = doc.text.index(fragment)
    end = start + len(fragment)
    by_id = {t.id: t for t in TECHNIQUES}
    said = explain(by_id[technique], doc.text, start, end, voices.sentence_at(start), voices.entities_near(start, end),
                   TextCues(doc.text).repeats(fragment.lower(), start))
    assert says in said, said
    assert said != by_id[technique].explanation.format(fragment=fragment)   # not the technique's fixed sentence


def test_the_explanations_of_a_report_name_words_of_the_text():
    from presslens import analyze
    from presslens.techniques.taxonomy import TECHNIQUES

    report = analyze(EXAMPLES / "opinion.txt").to_dict()
    shown = [s for s in report["techniques"] if s["shown"]]
    fixed = tuple(t.explanation.split("{fragment}")[0] for t in TECHNIQUES)
    named = [s for s in shown if not s["explanation"].startswith(fixed)]
    assert shown and len(named) >= 0.8 * len(shown)   # most say which words do the work, not a fixed sentence
    text = " ".join(report["text"].split())
    for s in named:
        quoted = s["explanation"].split("“")[1].split("”")[0].rstrip("…")
        assert quoted in text, s["explanation"]


@pytest.mark.parametrize("sentence,cut,carried", [
    ("It is a horrible word and a horrible concept.", "horrible word and a horrible", "horrible word and a horrible concept"),
    ("The two biggest polluters and biggest economies failed.", "polluters and biggest", "polluters and biggest economies"),
    ("They are reckless, and the council knows it.", "They are reckless", "They are reckless"),   # no noun to reach
    ("A shameful, cowardly act.", "A shameful", "A shameful"),                                       # not past a comma
])
def test_a_span_is_carried_to_the_noun_its_last_word_modifies(sentence, cut, carried):
    from presslens import analyze
    from presslens.techniques.phrases import to_head_noun

    doc = analyze(sentence + "\n\nAnother paragraph here.", only="nlp").document
    start = doc.text.index(cut)
    end = to_head_noun(doc.text, doc.tokens, start, start + len(cut))
    assert doc.text[start:end] == carried


def test_a_span_starts_with_the_adjectives_of_its_noun_and_a_split_phrase_is_one_span():
    from presslens import analyze
    from presslens.techniques.phrases import from_phrase_start, merge_split_phrases
    from presslens.techniques.tasks import FoundSpan

    doc = analyze("The council's reckless, shameful budget guts the truly awful old libraries.\n\nMore.", only="nlp").document
    text = doc.text
    libraries = text.index("libraries")
    assert text[from_phrase_start(text, doc.tokens, libraries):libraries + 9] == "awful old libraries"   # not "truly"
    budget = text.index("budget")
    assert from_phrase_start(text, doc.tokens, budget) == text.index("shameful")   # not past the comma
    one = FoundSpan(text.index("reckless"), text.index("reckless") + 8, "Loaded_Language", 0.3, 0.5, 0.6, 0.2)
    doc2 = analyze("A reckless and shameful budget.\n\nMore.", only="nlp").document
    t2 = doc2.text
    a = FoundSpan(t2.index("reckless"), t2.index("reckless") + 8, "Loaded_Language", 0.3, 0.5, 0.6, 0.2)
    b = FoundSpan(t2.index("shameful"), t2.index("shameful") + 8, "Loaded_Language", 0.4, 0.6, 0.7, 0.3)
    c = FoundSpan(t2.index("budget"), t2.index("budget") + 6, "Name_Calling,Labeling", 0.4, 0.6, 0.7, 0.3)
    merged = merge_split_phrases(t2, doc2.tokens, [b, a, c])
    assert [(t2[f.start:f.end], f.technique, f.score) for f in merged] == [
        ("reckless and shameful", "Loaded_Language", 0.4), ("budget", "Name_Calling,Labeling", 0.4)]
    assert merge_split_phrases(text, doc.tokens, [one]) == [one]


def test_a_quotation_over_paragraphs_is_quoted_in_each_of_them():
    """Newspapers open each paragraph of a long quotation and close only the last; pages often lose the opening
    marks. Both paragraphs are the speaker's words, not the author's (read on a SemEval-2025 article)."""
    from presslens import analyzers
    from presslens.ingest import RawInput, load
    from presslens.techniques.voice import VoiceReader

    text = ("Speech\n\n“We will never surrender to these cowards and traitors, and we will fight on in every town.\n\n"
            "They are liars and crooks who betray the nation every single day,” she said.\n\n"
            "It is a funny thing to see the Treasury department”deciding” who gets the money.")
    doc = load(RawInput(id="quotes", data=text.encode(), kind="text"))
    analyzers.run(doc, analyzers.resolve("nlp", None))
    reader = VoiceReader(doc)
    for fragment, kind in (("cowards and traitors", "quoted"), ("liars and crooks", "quoted"),
                           ("funny thing", "author")):    # one mark used for both ends: the author's scare quote
        start = doc.text.index(fragment)
        assert reader.voice(start, start + len(fragment))["kind"] == kind, fragment
