"""Claims: check-worthiness (model, reader, scorer, CLI), claim cards, and their offsets."""
import json
from pathlib import Path
import subprocess
import sys

import jsonschema
import numpy as np
import pytest

from conftest import assert_offsets
from presslens import analyze
from presslens.claims.data import read_checkworthiness
from presslens.claims.model import load_model, sentence_features
from presslens.errors import InvalidRecord
from presslens.lab.evaluation.metrics import binary_prf
from presslens.report import report_schema

CLAIMS = [
    "The 2004 bombings in Madrid killed 191 people.",
    "Unemployment fell to 4.1 percent in March, according to the Office for National Statistics.",
    "The council spent £14 million on a conference centre that hosted nine events last year.",
    "Copenhagen opened its City Circle metro line in September 2019.",
    "More than 40 percent of riders live in the northern districts.",
    "The bill was passed by the Senate in 2010 with 60 votes.",
]
NOT_CLAIMS = [
    "It is hard to believe that anyone was fooled.",
    "Let us be honest about the choice in front of us.",
    "I think we deserve better than this.",
    "Enough is enough.",
    "Make no mistake: they will regret it.",
    "We must stand together and keep fighting for our future.",
]


@pytest.fixture(scope="module")
def scored():
    """Sentences on their own, as a debate transcript gives them: the head's score at its debate threshold."""
    model = load_model()
    probabilities = model.head.probabilities(sentence_features(model.encoder, CLAIMS + NOT_CLAIMS))
    threshold = model.head.debate_threshold if model.head.debate_threshold is not None else model.head.threshold
    return dict(zip(CLAIMS + NOT_CLAIMS, probabilities)), threshold


def test_checkworthiness_transfers_to_news_prose(scored):
    probabilities, threshold = scored
    assert probabilities["The 2004 bombings in Madrid killed 191 people."] >= threshold
    assert probabilities["It is hard to believe that anyone was fooled."] < threshold
    assert sum(probabilities[s] >= threshold for s in CLAIMS) >= len(CLAIMS) - 1
    assert sum(probabilities[s] < threshold for s in NOT_CLAIMS) >= len(NOT_CLAIMS) - 1
    assert min(probabilities[s] for s in CLAIMS[:1]) > max(probabilities[s] for s in NOT_CLAIMS[:2])


@pytest.mark.parametrize("tagged, statement", [
    ("If/IN 59/CD percent/NN voted/VBD for/IN him/PRP ,/, the/DT election/NN was/VBD stolen/VBN ./.", False),
    ("The/DT next/JJ attack/NN will/MD come/VB at/IN rush/NN hour/NN ./.", False),
    ("The/DT government/NN will/MD pump/VB 154m/CD naira/NN into/IN subsidies/NNS ./.", True),
    ("Restore/VB the/DT budget/NN in/IN full/JJ ./.", False),
    ("Sales/NNS rose/VBD 3.5/CD %/NN to/IN 2.7/CD million/CD units/NNS ./.", True),
    ("Why/WRB did/VBD the/DT council/NN agree/VB to/TO this/DT ?/.", False),
])
def test_only_statements_of_fact_may_be_claims(tagged, statement):
    """Form decides first: hypotheticals, orders, questions and predictions are never claims, but a plan with
    figures ("will pump 154m naira") reports a decision taken."""
    from presslens.claims.cards import _is_statement

    tags = [tuple(token.rsplit("/", 1)) for token in tagged.split()]
    sentence = " ".join(word for word, _ in tags)
    assert _is_statement(sentence, tags) is statement


def test_news_cues_read_figures_attribution_and_stance():
    from presslens.claims.news import CUE_NAMES, sentence_cues

    text = "We think the plan could fail, the minister said, after 40 people died in May."
    cues = dict(zip(CUE_NAMES, sentence_cues(text, 0, len(text), ["CARDINAL", "DATE", "PERSON"], 0.75)))
    assert abs(cues["head_logit"] - 1.0986) < 1e-3
    assert cues["figure"] == cues["attribution"] == cues["first_or_second_person"] == cues["modal"] == 1
    assert cues["hedge_or_stance"] == 1 and cues["quotation"] == 0
    assert (cues["actors"], cues["places"], cues["figures"]) == (1, 0, 2)
    plain = dict(zip(CUE_NAMES, sentence_cues("Enough is enough.", 0, 17, [], 0.5)))
    assert plain["head_logit"] == 0 and plain["figure"] == plain["attribution"] == plain["modal"] == 0


def test_news_calibration_reads_the_cues_and_the_second_head_and_round_trips():
    from presslens.claims.news import NewsCalibration

    cues, features = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[2.0, 0.0, 1.0], [0.0, 0.0, 0.0]])
    news = NewsCalibration(np.zeros(3), np.ones(3), np.array([1.0, -1.0, 0.5]), -0.25, np.array([1.0, 0.0, 1.0]), 0.5)
    assert news.inputs(cues, features).tolist() == [[1.0, 0.0, 3.5], [0.0, 1.0, 0.5]]
    expected = 1 / (1 + np.exp(-np.array([1.0 + 1.75 - 0.25, -1.0 + 0.25 - 0.25])))
    assert np.allclose(news.probabilities(cues, features), expected)
    again = NewsCalibration.from_arrays(news.arrays())
    assert np.allclose(again.probabilities(cues, features), expected)
    cues_only = NewsCalibration(np.zeros(2), np.ones(2), np.array([1.0, 1.0]), 0.0)
    assert NewsCalibration.from_arrays(cues_only.arrays()).second_w is None
    assert np.allclose(cues_only.probabilities(cues, features), 1 / (1 + np.exp(-1.0)))


def test_binary_prf_on_hand_computed_case():
    # gold: 3 positives; predicted: 2 positives, 1 of them right → P 1/2, R 1/3, F1 0.4
    prf = binary_prf([True, True, True, False, False], [True, False, False, True, False])
    assert (prf.precision, round(prf.recall, 4), round(prf.f1, 4)) == (0.5, 0.3333, 0.4)
    assert binary_prf([False], [False]).f1 == 0.0


def test_reader_handles_quoting_and_the_glued_record_defect(tmp_path):
    path = tmp_path / "cw.tsv"
    path.write_text('Sentence_id\tText\tclass_label\n1\t"He said ""no"" twice."\tNo\n'
                    "2\tWe've got to invest.\tNo3\tIt rose 4%.\tYes\n", encoding="utf-8")
    sentences = read_checkworthiness(path)
    assert [(s.id, s.text, s.label) for s in sentences] == [
        ("1", 'He said "no" twice.', False), ("2", "We've got to invest.", False), ("3", "It rose 4%.", True)]


@pytest.mark.parametrize("content, reason", [
    (b"", "empty"), (b"id\tfoo\n1\tx\n", "lacks"), (b"Sentence_id\tText\tclass_label\n1\tx\tMaybe\n", "not Yes or No"),
    (b"Sentence_id\tText\tclass_label\n1\tx\tNo\n1\ty\tYes\n", "twice"), (b"\xff\xfe\x00\x01garbage", "UTF-8"),
])
def test_reader_rejects_bad_files_clearly(tmp_path, content, reason):
    path = tmp_path / "bad.tsv"
    path.write_bytes(content)
    with pytest.raises(InvalidRecord, match=reason):
        read_checkworthiness(path)


def test_eval_checkworthiness_cli_writes_predictions(tmp_path):
    data = tmp_path / "cw.tsv"
    rows = [(i, s, "Yes") for i, s in enumerate(CLAIMS)] + [(100 + i, s, "No") for i, s in enumerate(NOT_CLAIMS)]
    data.write_text("Sentence_id\tText\tclass_label\n" + "".join(f"{i}\t{s}\t{l}\n" for i, s, l in rows), encoding="utf-8")
    out = tmp_path / "pred.tsv"
    run = subprocess.run([sys.executable, "-m", "presslens", "eval", "checkworthiness", "--data", str(data),
                          "--out", str(out), "--json"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    scores = json.loads(run.stdout)
    lines = [line.split("\t") for line in out.read_text().splitlines()]
    assert [line[0] for line in lines] == [str(i) for i, _, _ in rows]
    assert all(line[2] in ("Yes", "No") and 0 <= float(line[1]) <= 1 for line in lines)
    predicted = [line[2] == "Yes" for line in lines]
    assert scores["f1"] == round(binary_prf([l == "Yes" for _, _, l in rows], predicted).f1, 4)
    assert scores["f1"] >= 0.8


def test_liar_layout_counts_every_statement_as_a_claim(tmp_path):
    data = tmp_path / "liar.tsv"
    data.write_text("1.json\tfalse\tSays the state cut 300 teaching jobs in 2011.\teducation\tx\ty\tz\tw\t0\t0\t0\t0\t0\ta speech\n"
                    "2.json\ttrue\tIt is hard to believe that anyone was fooled.\tmisc\tx\ty\tz\tw\t0\t0\t0\t0\t0\tan ad\n",
                    encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "presslens", "eval", "checkworthiness", "--data", str(data),
                          "--layout", "liar"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("recall 0.5000: 1 of 2 fact-checked statements")


def test_eval_checkworthiness_by_debate_year_and_on_news_sentences(tmp_path):
    """`--layout claimbuster --years` scores the debates of those years only; `--layout news` scores labelled
    sentences of articles through the whole claims analysis."""
    from tiny_data import write_tiny_data

    data, labels = write_tiny_data(tmp_path)
    crowdsourced = data / "claimbuster" / "crowdsourced.csv"
    run = subprocess.run([sys.executable, "-m", "presslens", "eval", "checkworthiness", "--layout", "claimbuster",
                          "--data", str(crowdsourced), "--years", "2016", "--json"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["sentences"] == len(CLAIMS + NOT_CLAIMS)
    run = subprocess.run([sys.executable, "-m", "presslens", "eval", "checkworthiness", "--layout", "claimbuster",
                          "--data", str(crowdsourced), "--years", "20x6"], capture_output=True, text=True)
    assert run.returncode == 2 and "--years" in run.stderr
    run = subprocess.run([sys.executable, "-m", "presslens", "eval", "checkworthiness", "--layout", "news",
                          "--data", str(labels / "news_checkworthiness.tsv"), "--articles", str(data), "--part", "all"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("news sentences (all): check-worthy class P") and "semeval2025" in run.stdout
    assert "not sentences of presslens's reading" not in run.stdout


def test_eval_checkworthiness_bad_file_is_one_line(tmp_path):
    data = tmp_path / "cw.tsv"
    data.write_text("nothing here\n")
    run = subprocess.run([sys.executable, "-m", "presslens", "eval", "checkworthiness", "--data", str(data)],
                         capture_output=True, text=True)
    assert run.returncode == InvalidRecord.exit_code and "Traceback" not in run.stderr
    assert "lacks Sentence_id" in run.stderr


@pytest.fixture(scope="module")
def claims_report(examples):
    return analyze(examples / "claims.txt", only="claims").to_dict()


def test_claim_cards_of_the_example(claims_report):
    assert_offsets(claims_report)
    cards = {c["text"]: c for c in claims_report["claims"]}
    madrid = cards["The 2004 bombings in Madrid killed 191 people and injured about 1,800."]
    assert [(q["value"], q["bound"]) for q in madrid["quantities"]] == [(191, "exact"), (1800, "approximate")]
    assert {q["event"] for q in madrid["quantities"]} == {"killed", "injured"}
    assert [t["value"] for t in madrid["times"]] == ["2004"]
    assert [p["text"] for p in madrid["places"]] == ["Madrid"]
    court = next(c for t, c in cards.items() if t.startswith("According to Spain’s National Court"))
    assert court["attribution"]["text"] == "Spain’s National Court" and court["attribution"]["cue"] == "according to"
    texts = " ".join(cards)
    assert "It is hard to believe" not in texts and "Is that a city taking safety seriously" not in texts
    # calls to action are not claims, also when the tagger reads the verb as a noun ("Staff")
    assert "Restore the security budget" not in texts and "Staff every station after dark" not in texts


def test_relative_dates_resolve_against_the_article_date(claims_report):
    card = next(c for c in claims_report["claims"] if "security budget by 18 percent last year" in c["text"])
    assert [(t["text"], t["value"], t["relative"]) for t in card["times"]] == [("last year", "2024", True)]
    assert card["quantities"][0]["value"] == 18 and card["quantities"][0]["unit"] == "percent"


# -- verification ---------------------------------------------------------------------------

from presslens.claims.quantities import find_quantities  # noqa: E402
from presslens.claims.verify import compare_numbers, facts, near_miss, verify  # noqa: E402


def _quantity(text):
    return find_quantities(text)[0]


@pytest.mark.parametrize("claim, evidence, agrees, phrase", [
    ("191 people were killed", "193 people were killed", True, "1.0% lower"),          # exact: within 2 %
    ("200 people were killed", "193 people were killed", False, "3.6% higher"),
    ("about 1,800 people were injured", "around 2,000 people were injured", True, "10.0% lower"),  # hedged: 10 %
    ("more than 40 percent", "38 percent", False, "5.3% higher"),
    ("did not exceed 50 people", "47 people", True, "6.4% higher"),
    ("did not exceed 50 people", "62 people", False, "19.4% lower"),
    ("nine events", "9 events", True, "the same"),
])
def test_compare_numbers_follows_hedges_and_bounds(claim, evidence, agrees, phrase):
    result, comparison = compare_numbers(_quantity(claim), _quantity(evidence))
    assert result is agrees and comparison.endswith(phrase)


def _verdict(claim, *evidence):
    from presslens.models.sentence import load_embedder

    vectors = load_embedder().embed([claim, *evidence])
    return verify(facts(claim), [facts(e) for e in evidence], [float(vectors[0] @ v) for v in vectors[1:]])


def test_verdicts_on_numbers_measures_and_near_misses():
    supported = _verdict("The 2004 bombings in Madrid killed 191 people.",
                         "The Madrid train bombings of 11 March 2004 killed 193 people.")
    assert supported.verdict == "supported" and "claim 191 killed vs evidence 193 killed: 1.0% lower" in supported.explanation
    assert _verdict("The 2004 bombings in Madrid killed 250 people.",
                    "The Madrid train bombings of 11 March 2004 killed 193 people.").verdict == "contradicted"
    # injured is another measure than killed: not a contradiction, not a support
    assert _verdict("The 2004 bombings in Madrid killed 1,800 people.",
                    "About 1,800 people were injured in the Madrid train bombings of 2004.").verdict == "not_enough_evidence"
    # a look-alike organisation is another organisation
    assert near_miss(facts("The Ostmark Water Board said 1.8 million households lost supply."),
                     facts("The Ostmark Power Board said 1.8 million households lost electricity."))
    mixed = _verdict("The Harrowmere bypass cost £40 million.", "The Harrowmere bypass cost £40 million, the council said.",
                     "The Harrowmere bypass cost £52 million, auditors found.")
    assert mixed.verdict == "mixed"
    assert _verdict("Copenhagen opened its City Circle metro line in 2017.",
                    "Copenhagen's City Circle metro line opened on 29 September 2019.").verdict == "contradicted"


def test_eval_verification_cli_reports_accuracy():
    run = subprocess.run([sys.executable, "-m", "presslens", "eval", "verification", "--split", "dev", "--json"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    scores = json.loads(run.stdout)
    assert scores["triples"] >= 50 and 0 <= scores["accuracy"] <= 1
    assert sum(sum(row.values()) for row in scores["confusion"].values()) == scores["triples"]


@pytest.fixture(scope="module")
def evidence_db(tmp_path_factory, examples):
    db = tmp_path_factory.mktemp("evidence") / "evidence.db"
    run = subprocess.run([sys.executable, "-m", "presslens", "evidence", "add", str(examples / "evidence"), "--db", str(db)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return db


def test_analyze_with_evidence_gives_verdicts_in_json_text_and_html(evidence_db, examples):
    base = [sys.executable, "-m", "presslens", "analyze", str(examples / "claims.txt"), "--only", "claims",
            "--evidence", str(evidence_db)]
    run = subprocess.run(base + ["-f", "json"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert_offsets(report)
    jsonschema.validate(report, report_schema())
    verdicts = {c["text"]: c["verification"] for c in report["claims"]}
    madrid = verdicts["The 2004 bombings in Madrid killed 191 people and injured about 1,800."]
    assert madrid["verdict"] == "supported"
    assert any("191 killed" in " ".join(e["comparisons"]) for e in madrid["evidence"])
    london = "Fewer than 500 people were injured in the London attacks, and many of them will carry the scars for life."
    assert verdicts[london]["verdict"] == "contradicted"
    assert verdicts["Tokyo’s subway was attacked with sarin gas in 1995."]["verdict"] == "not_enough_evidence"
    for verification in verdicts.values():
        for item in verification["evidence"]:
            assert item["source"] and item["document"] and item["end"] > item["start"]
    text = subprocess.run(base + ["-f", "text"], capture_output=True, text=True).stdout
    assert "[contradicted]" in text and "claim 191 killed vs evidence 191 killed" in text
    html = subprocess.run(base + ["-f", "html"], capture_output=True, text=True).stdout
    assert 'class="claim-card v-supported"' in html and "v-contradicted" in html


def test_evidence_sentences_are_offsets_into_their_documents(evidence_db, examples):
    from presslens.evidence import EvidenceIndex

    report = analyze(examples / "claims.txt", only="claims", evidence=evidence_db).to_dict()
    index = EvidenceIndex(evidence_db)
    for card in report["claims"]:
        for item in card["verification"]["evidence"]:
            assert index.document(item["document"]).text[item["start"]:item["end"]] == item["sentence"]


def test_a_missing_evidence_index_is_a_clear_error(tmp_path, examples):
    run = subprocess.run([sys.executable, "-m", "presslens", "analyze", str(examples / "claims.txt"),
                          "--evidence", str(tmp_path / "nope.db")], capture_output=True, text=True)
    assert run.returncode == 3 and "Traceback" not in run.stderr and "evidence add" in run.stderr


def test_claims_escape_article_text_in_html():
    text = ("Council report\n\nThe council spent <script>alert(1)</script> £14 million on 9 events in 2024, "
            "according to the <b onmouseover=alert(2)>city audit</b>.\n")
    html = analyze(text, only="claims").render("html")
    assert "<script>alert(1)" not in html and "<b onmouseover" not in html


def test_analyze_refuses_evidence_indexed_with_another_embedder(tmp_path, examples):
    import sqlite3

    db = tmp_path / "evidence.db"
    subprocess.run([sys.executable, "-m", "presslens", "evidence", "add", str(examples / "evidence" / "berlin-wall.txt"),
                    "--db", str(db)], capture_output=True, text=True, check=True)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value = 'another-model' WHERE key = 'embedder_fingerprint'")
    run = subprocess.run([sys.executable, "-m", "presslens", "analyze", str(examples / "claims.txt"), "--only", "claims",
                          "--evidence", str(db), "-f", "json"], capture_output=True, text=True)
    assert run.returncode == 11 and "another-model" in run.stderr and "Traceback" not in run.stderr


def test_claim_card_actors_are_read_as_the_actors_analysis_reads_names():
    text = ("Welsh arts row\n\nIt was announced last July that three Welsh quangos, education and training body Elwa "
            "and the Welsh Development Agency, would be brought under government control in 2006.\n\n"
            "But Ms James' prize of £30,000, won in 2003, was paid by the Jerwood Foundation, she said.")
    report = analyze(text).to_dict()
    cards = report["claims"]
    assert cards
    for card in cards:
        for actor in card["actors"]:
            assert report["text"][actor["start"]:actor["end"]] == actor["text"]
            assert actor["text"] != "Welsh" and not actor["text"].endswith("'")
    assert any(a["text"] == "Elwa" or a["text"].endswith("Welsh Development Agency") for c in cards for a in c["actors"])


def test_a_claims_places_leave_out_the_dateline():
    text = ("Man pleads guilty\n\nNORFOLK, Va. — A Williamsburg man who tried to join the Army in 2016 pleaded guilty "
            "on Thursday to two counts of making false statements about a trip to Jordan, court documents show.")
    report = analyze(text).to_dict()
    cards = [c for c in report["claims"] if "Williamsburg" in c["text"]]
    assert cards
    places = [p["text"] for p in cards[0]["places"]]
    assert "Jordan" in places and "NORFOLK" not in places and "Va." not in places


@pytest.mark.parametrize("sentence,source,cue", [
    ("Councillor Haines insists the budget is balanced.", "Councillor Haines", "insists"),
    ("“We will rebuild,” said the mayor on Monday.", "the mayor", "said"),
    # a clause before the subject is not part of the source
    ("The advance began on 24 February, soon after Putin announced he recognised the two regions.", "Putin",
     "announced"),
    ("Shares rose after the company announced record profits.", "the company", "announced"),
    # "estimate" after an article is a noun: no one is quoted
    ("An estimate of 190,000 troops have been deployed around the border.", None, None),
    # who speaks for an institution is the source, not the institution alone
    ("Professor Helen Strand of the Institute for Urban Mobility, one of Europe’s most respected transport "
     "economists, has warned that the closures would cost more.", "Professor Helen Strand of the Institute for Urban "
     "Mobility", "warned"),
    ("A spokesman for the Information Commissioner's Office said it would be classed as marketing.",
     "A spokesman for the Information Commissioner's Office", "said"),
    # an appositive between dashes
    ("The final report — released two weeks early — admitted that only 50 residents took part.", "The final report",
     "admitted"),
    # a lower-case subject whose noun names a source (tables/source_nouns.txt)
    ("The mayor said the city would cut 400 jobs.", "The mayor", "said"),
    ("The party's leader said 2,000 members had left.", "The party's leader", "said"),
    ("Critics say the plan will cost £4bn.", "Critics", "say"),
    ("Researchers at Oxford found that 40% of pupils skipped breakfast.", "Researchers at Oxford", "found"),
    # after a possessive, "claims" is a noun: officials who dismiss someone's claims are not its source
    ("Fire officials dismissed Trump's claims that the fires have been made worse by a water shortage.", None, None),
    ("The agency's report states that 40 people died.", "The agency's report", "states"),
])
def test_attribution_finds_the_source_and_only_the_source(sentence, source, cue):
    from presslens.nlp.attribution import find_attribution

    found = find_attribution(sentence, 0, len(sentence))
    if source is None:
        assert found is None
    else:
        assert (sentence[found.start:found.end], found.cue) == (source, cue)


@pytest.mark.parametrize("sentence,source", [
    ("Ministers called for a stronger alliance with Arab states in combating terrorism.", None),
    ("Western cooperation with repressive Arab states involved rendition flights.", None),
    ("The report states that 40 people died.", "The report"),
    ("The audit finds 40 faults in the system.", "The audit"),
    ("Press reports said the minister would resign.", "Press reports"),
])
def test_a_reporting_verb_that_is_also_a_noun_is_read_as_a_verb_only_before_a_clause(sentence, source):
    from presslens.nlp.attribution import find_attribution

    found = find_attribution(sentence, 0, len(sentence))
    assert (sentence[found.start:found.end] if found else None) == source


SATIRE = Path(__file__).resolve().parents[2] / "shared" / "data" / "genre_news" / "articles" / "golbeck" / "satire" / "127.txt"


@pytest.mark.skipif(not SATIRE.is_file(), reason="needs ../shared/data/genre_news")
def test_a_satire_pieces_statements_are_flagged_not_shown_as_claims():
    """An Onion-style piece of a satire site no model trained on: the genre analysis reads it as satire (P >= 0.9),
    so its statements are flagged, and the views show no check-worthy claim; without the genre analysis they are
    ordinary cards."""
    with_genre = analyze(SATIRE, only="claims,genre")
    cards = with_genre.to_dict()["claims"]
    assert cards and all(c.get("satire") is True for c in cards)
    assert "none shown — the article reads as satire" in with_genre.render("text")
    html = with_genre.render("html")
    assert "Check-worthy claims: none shown" in html and 'class="claim-card' not in html
    jsonschema.validate(with_genre.to_dict(), report_schema())
    assert not any("satire" in c for c in analyze(SATIRE, only="claims").to_dict()["claims"])


def test_a_reporting_verb_in_the_passive_names_no_source():
    from presslens.nlp.attribution import find_attribution

    text = "Andrew Wheeler, who has led the deregulatory charge, confirmed by Senate as EPA chief."
    assert find_attribution(text, 0, len(text)) is None
    text = "The mayor confirmed the plan on Monday."
    found = find_attribution(text, 0, len(text))
    assert text[found.start:found.end] == "The mayor" and found.cue == "confirmed"
