"""Learned verdicts: the entailment model, how its reading combines with the rules, and the Climate-FEVER
reader, scorer and CLI."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from presslens.claims.entailment import LABELS, load_entailment
from presslens.claims.verify import MIN_RELATED, combine, facts, pair_label, verify
from presslens.errors import InvalidRecord
from presslens.lab.evaluation.verification import (PairResult, claim_label, climate_fever_split, evaluate_climate_fever,
                                               read_climate_fever, read_pairs)
from conftest import EXAMPLES
from tiny_data import climate_fever_records

SUPPORTS, REFUTES, NEITHER = np.array([0.9, 0.05, 0.05]), np.array([0.05, 0.9, 0.05]), np.array([0.1, 0.1, 0.8])


def _cosines(claim, *evidence):
    from presslens.models.sentence import load_embedder

    vectors = load_embedder().embed([claim, *evidence])
    return [float(vectors[0] @ v) for v in vectors[1:]]


def _verdict(claim, evidence, probabilities, cosines=None):
    cosines = cosines or _cosines(claim, *evidence)
    return verify(facts(claim), [facts(e) for e in evidence], cosines, probabilities)


# -- combination: which signal decides --------------------------------------------------------

def test_rules_decide_a_compared_figure_whatever_the_model_reads():
    verdict = _verdict("The 2004 bombings in Madrid killed 250 people.",
                       ["The Madrid train bombings of 11 March 2004 killed 193 people."], [SUPPORTS])
    assert (verdict.verdict, verdict.signal) == ("contradicted", "rules")
    assert "claim 250 killed vs evidence 193 killed" in verdict.explanation and verdict.decided_by == [0]


def test_rules_decide_a_contradicted_date():
    verdict = _verdict("Copenhagen opened its City Circle metro line in 2017.",
                       ["Copenhagen's City Circle metro line opened on 29 September 2019."], [SUPPORTS])
    assert (verdict.verdict, verdict.signal) == ("contradicted", "rules")


def test_the_model_decides_what_the_rules_cannot_read():
    claim = "Michael Collins walked on the Moon during the Apollo 11 mission."
    evidence = ["Michael Collins remained in lunar orbit aboard the command module Columbia while Armstrong and Aldrin landed."]
    assert _verdict(claim, evidence, None).verdict == "not_enough_evidence"      # the rules alone: silent
    verdict = _verdict(claim, evidence, [REFUTES])
    assert (verdict.verdict, verdict.signal, verdict.decided_by) == ("contradicted", "model", [0])
    assert "evidence 1" in verdict.explanation and "P 0.90" in verdict.explanation
    supported = _verdict("Mayor Anna Kovac opened the new river bridge.",
                         ["Mayor Anna Kovac cut the ribbon on the new river bridge in front of a large crowd."], [SUPPORTS])
    assert (supported.verdict, supported.signal) == ("supported", "model")


def test_rules_read_the_same_event_put_in_another_place():
    verdict = _verdict("Queen Elizabeth II died at Windsor Castle in September 2022.",
                       ["The Queen died peacefully at Balmoral Castle, her Scottish estate, on 8 September 2022."], None)
    assert (verdict.verdict, verdict.signal) == ("contradicted", "rules") and "another place" in verdict.explanation
    overruled = _verdict("Queen Elizabeth II died at Windsor Castle in September 2022.",
                         ["The Queen died peacefully at Balmoral Castle, her Scottish estate, on 8 September 2022."], [SUPPORTS])
    assert (overruled.verdict, overruled.signal) == ("contradicted", "rules")   # a place the rules read decides
    # another event of the story (another date), or a place that is the subject, not the setting: no contradiction
    assert _verdict("The 2004 bombings in Madrid killed 191 people.",
                    ["More than 700 people were injured in the London bombings of 7 July 2005."], None).verdict != "contradicted"
    assert _verdict("The Port Calloway ferry service will be cut.",
                    ["The Port Calloway bus service will be cut from November."], None).verdict != "contradicted"


def test_the_model_abstains_and_nothing_decides():
    verdict = _verdict("Queen Elizabeth II died at Windsor Castle.",
                       ["The Queen opened a new wing of the hospital at Windsor."], [NEITHER])
    assert (verdict.verdict, verdict.signal, verdict.decided_by) == ("not_enough_evidence", "none", [])


def test_an_unrelated_sentence_never_decides():
    claim = "Queen Elizabeth II died at Windsor Castle."
    verdict = _verdict(claim, ["The council approved a new budget for road repairs."], [REFUTES], cosines=[MIN_RELATED - 0.2])
    assert (verdict.verdict, verdict.signal) == ("not_enough_evidence", "none")


def test_the_model_cannot_support_figures_no_evidence_states_but_can_refute():
    claim = "The storm killed 40 people in the northern districts."
    evidence = ["The storm caused deaths and flooding in the northern districts."]
    assert _verdict(claim, evidence, [SUPPORTS]).verdict == "not_enough_evidence"
    assert _verdict(claim, evidence, [REFUTES]).verdict == "contradicted"


def test_a_look_alike_name_stays_set_aside_for_the_model_too():
    verdict = _verdict("Greystone mayor Anna Kovac opened the new river bridge.",
                       ["Anna Kovacs, the mayor of neighbouring Greyhaven, opened a new footbridge on Saturday."], [REFUTES])
    assert verdict.verdict == "not_enough_evidence" and "set aside" in verdict.explanation


def test_evidence_both_ways_and_equally_close_is_mixed():
    rules = verify(facts("The strike was called by the Transport Workers Union."), [], [])
    mixed = combine(rules, [(0, SUPPORTS, 0.82), (1, REFUTES, 0.78)])
    assert (mixed.verdict, mixed.signal, mixed.decided_by) == ("mixed", "model", [0, 1])
    closer = combine(rules, [(0, SUPPORTS, 0.90), (1, REFUTES, 0.60)])
    assert (closer.verdict, closer.decided_by) == ("supported", [0])


def test_a_smaller_count_is_a_part_of_the_whole_not_a_source_that_disagrees():
    """The demo's claim: 52 killed in all agrees with "more than 50"; 26 killed on one train counts a part of them.
    Rates, lengths and sums are no counts: a lower one is a source that disagrees (the triples' mixed cases)."""
    claim = facts("On 7 July 2005, four suicide bombers killed more than 50 people on three Underground trains.")
    evidence = [facts("The London bombings of 7 July 2005 killed 52 people, not counting the four bombers."),
                facts("The bomb on the Underground train between King's Cross and Russell Square killed 26 people.")]
    assert verify(claim, evidence, [0.8, 0.8]).verdict == "supported"
    larger = [facts("The bombings of 7 July 2005 killed 52 people."), facts("The bombings killed 60 people.")]
    assert verify(facts("The bombings of 7 July 2005 killed 52 people."), larger, [0.8, 0.8]).verdict == "mixed"
    wall = facts("Marrick Bay's harbour wall is about 400 metres long.")
    lengths = [facts("The Marrick Bay harbour wall stretches 420 metres out into the sea."),
               facts("The harbour authority gives the length of the Marrick Bay harbour wall as 310 metres.")]
    assert verify(wall, lengths, [0.8, 0.8]).verdict == "mixed"


def test_how_late_something_opened_is_compared_with_its_bounds():
    from presslens.claims.verify import delays

    claim = facts("London's Elizabeth line finally opened less than a year behind schedule.")
    assert [(d.value, d.bound) for d in claim.delays] == [(365.0, "upper")]
    late = facts("Crossrail had been due to open in December 2018, so the Elizabeth line opened more than three years "
                 "later than first planned.")
    verdict = verify(claim, [late], [0.7])
    assert verdict.verdict == "contradicted" and "less than a year behind schedule" in verdict.explanation
    assert verify(claim, [facts("The line opened eleven months late, in May 2022.")], [0.7]).verdict == "supported"
    assert [(d.value, d.bound) for d in delays("The bridge was delayed by about 6 weeks.")] == [(42.0, "approximate")]
    assert delays("Three years later the line opened.") == []   # a date, not a delay


def test_a_date_no_evidence_agrees_with_contradicts_even_where_a_figure_is_mixed():
    claim = facts("Twelve countries swapped their old notes and coins for the euro on 1 January 2001.")
    evidence = [facts("Euro banknotes and coins entered circulation on 1 January 2002 in twelve countries."),
                facts("The euro was introduced on 1 January 1999 as a currency for non-cash payments and accounting "
                      "in eleven European countries.")]
    verdict = verify(claim, evidence, [0.7, 0.62])
    assert verdict.verdict == "contradicted"
    assert "1 January 2001 vs evidence 1 January 2002" in verdict.explanation


def test_rules_and_model_that_disagree_strongly_give_uncertain_never_supported():
    from presslens.claims.verify import Combination

    DISAGREE_AT = Combination().disagree_at

    claim = facts("The Berlin Wall was opened on the night of 9 November 1989.")
    evidence = [facts("On 9 November 1989 the Berlin Wall was opened.")]
    rules = verify(claim, evidence, [0.9])
    assert rules.verdict == "supported"
    assert REFUTES[1] >= DISAGREE_AT
    verdict = verify(claim, evidence, [0.9], [REFUTES])
    assert verdict.verdict == "uncertain"
    assert "9 November 1989" in verdict.explanation and "refuting" in verdict.explanation, "both reasons shown"
    weak = np.array([0.3, 0.6, 0.1])
    verdict = verify(claim, evidence, [0.9], [weak])
    assert verdict.verdict == "supported" and "refuting it (P 0.60)" in verdict.explanation


def test_pair_labels_follow_the_verdicts():
    claim, ev = facts("The 2004 bombings in Madrid killed 250 people."), facts("The Madrid bombings of 2004 killed 193 people.")
    assert pair_label(claim, ev, 0.9, SUPPORTS) == "REFUTES"       # the figure decides
    claim = facts("Michael Collins walked on the Moon during the Apollo 11 mission.")
    ev = facts("Michael Collins remained in lunar orbit while Armstrong and Aldrin landed.")
    assert pair_label(claim, ev, 0.7, REFUTES) == "REFUTES"
    assert pair_label(claim, ev, 0.7, NEITHER) == "NOT_ENOUGH_INFO"
    claim, ev = facts("Queen Elizabeth II died at Windsor Castle in 2022."), facts("The Queen died at Balmoral Castle in 2022.")
    assert pair_label(claim, ev, 0.8, NEITHER) == "REFUTES"        # the place rule decides


# -- the shipped model ---------------------------------------------------------------------------

def test_shipped_model_reads_pairs_independently_of_their_neighbours():
    model = load_entailment()
    pairs = [("No one was killed when the rig exploded.", "Eleven crew members died in the rig explosion."),
             ("Eleven crew members died in the rig explosion.", "Eleven crew members died in the rig explosion."),
             ("The rig exploded in 2010.", "A new ferry timetable starts on Monday.")]
    probabilities = model.predict(pairs)
    assert probabilities.shape == (3, 3) and np.allclose(probabilities.sum(axis=1), 1, atol=1e-5)
    assert np.allclose(model.predict(pairs[1:2]), probabilities[1:2], atol=1e-6)
    labels = [LABELS[i] for i in probabilities.argmax(axis=1)]
    assert labels[0] == "REFUTES" and labels[1] == "SUPPORTS" and labels[2] == "NOT_ENOUGH_INFO"
    assert len(model.config["trained_claims"]) > 100


def test_analyze_with_evidence_says_why(tmp_path):
    from presslens import analyze
    from presslens.evidence import EvidenceIndex

    db = tmp_path / "evidence.db"
    (tmp_path / "ev.txt").write_text("The royal death\n\nQueen Elizabeth II died peacefully at Balmoral Castle, her "
                                     "Scottish estate, on 8 September 2022.\n", encoding="utf-8")
    with EvidenceIndex(db, create=True) as index:
        index.add([tmp_path / "ev.txt"])
    text = ("Royal news\n\nQueen Elizabeth II died at Windsor Castle in September 2022, the palace said. "
            "The 2004 bombings in Madrid killed 191 people.\n")
    report = analyze(text, only="claims", evidence=db)
    cards = report.results["claims"]
    assert cards and all("why" in c["verification"] for c in cards)
    for card in cards:
        why, items = card["verification"]["why"], card["verification"]["evidence"]
        assert why["signal"] in ("rules", "model", "none")
        assert all(0 <= i < len(items) for i in why["evidence"])
        for item in items:
            if "entailment" in item:
                assert abs(sum(item["entailment"].values()) - 1) < 1e-3
    assert "verifier" in report.to_dict()["models"]


# -- Climate-FEVER: reader, scorer, CLI -------------------------------------------------------

def _write(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_climate_fever_reader_and_split(tmp_path):
    records = read_climate_fever(_write(tmp_path / "cf.jsonl", climate_fever_records(40)))
    assert len(records) == 40 and records[0]["claim_id"] == "0"
    parts = [climate_fever_split(r["claim_id"]) for r in records]
    assert set(parts) <= {"train", "dev", "test"} and parts.count("train") > parts.count("test")
    assert climate_fever_split("7") == climate_fever_split("7")   # by id: stable across runs


@pytest.mark.parametrize("line, message", [
    ('{"claim": "x", "evidences": []}', "line 1: not a Climate-FEVER record"),
    ('{"claim_id": 1, "claim": "x", "evidences": []}', "no evidences"),
    ('{"claim_id": 1, "claim": "x", "evidences": [{"evidence_id": "a", "evidence": "y", "evidence_label": "TRUE"}]}',
     "evidence_label must be one of"),
    ("not json", "line 1"),
])
def test_climate_fever_reader_rejects_bad_records(tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InvalidRecord, match=message):
        read_climate_fever(path)


def test_claim_level_label_from_pair_labels():
    assert claim_label(["SUPPORTS", "NOT_ENOUGH_INFO", "SUPPORTS"]) == "SUPPORTS"
    assert claim_label(["NOT_ENOUGH_INFO", "REFUTES"]) == "REFUTES"
    assert claim_label(["SUPPORTS", "REFUTES", "NOT_ENOUGH_INFO"]) == "DISPUTED"
    assert claim_label(["NOT_ENOUGH_INFO"] * 5) == "NOT_ENOUGH_INFO"


def test_pair_scorer_on_known_predictions():
    result = PairResult(rows=[("1", "a", "SUPPORTS", "SUPPORTS"), ("1", "b", "REFUTES", "NOT_ENOUGH_INFO"),
                              ("1", "c", "NOT_ENOUGH_INFO", "NOT_ENOUGH_INFO"), ("2", "d", "REFUTES", "REFUTES")],
                        claims=[("1", "DISPUTED", "SUPPORTS"), ("2", "REFUTES", "REFUTES")])
    assert result.pair_accuracy == 0.75 and result.claim_accuracy == 0.5
    f1 = result.per_label_f1()
    assert f1 == {"SUPPORTS": 1.0, "REFUTES": round(2 / 3, 4), "NOT_ENOUGH_INFO": round(2 / 3, 4)}
    assert abs(result.pair_macro_f1 - (1 + 4 / 3) / 3) < 1e-3


def test_evaluate_climate_fever_labels_every_pair(tmp_path):
    path = _write(tmp_path / "cf.jsonl", climate_fever_records(6))
    result = evaluate_climate_fever(path)
    assert len(result.rows) == 18 and len(result.claims) == 6
    assert {label for *_, label in result.rows} <= set(LABELS)
    rules = evaluate_climate_fever(path, model=None)
    assert len(rules.rows) == 18


def test_eval_verification_climate_fever_cli(tmp_path):
    records = climate_fever_records(8)
    for record in records[4:]:  # a file without gold labels is labelled, not scored
        record.pop("claim_label")
        for evidence in record["evidences"]:
            evidence.pop("evidence_label")
    path, out = _write(tmp_path / "cf.jsonl", records), tmp_path / "pairs.tsv"
    proc = subprocess.run([sys.executable, "-m", "presslens", "eval", "verification", "--layout", "climate-fever",
                           "--data", str(path), "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "pair macro-F1" in proc.stdout and "claim-level accuracy" in proc.stdout
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 24 and all(len(r) == 3 and r[2] in LABELS for r in rows)
    assert rows[0][:2] == ["0", "Ashgrove:1"]
    # without --data: Climate-FEVER under the data root, and a one-line error where it is not there
    missing = subprocess.run([sys.executable, "-m", "presslens", "eval", "verification", "--layout", "climate-fever"],
                             capture_output=True, text=True, timeout=120,
                             env={**os.environ, "PRESSLENS_DATA": str(tmp_path / "no-data")})
    assert missing.returncode == 3 and "climate-fever.jsonl" in missing.stderr and "Traceback" not in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"\xff\xfe\x00binary")
    proc = subprocess.run([sys.executable, "-m", "presslens", "eval", "verification", "--layout", "climate-fever",
                           "--data", str(bad)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 8 and len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


def test_eval_verification_pairs_cli_labels_each_pair_and_scores_the_labelled(tmp_path):
    import gzip

    pairs = [
        {"id": "p1", "claim": "The council approved 40 new homes in 2021.",
         "evidence": "The council approved 40 new homes in 2021 after a long debate.", "label": "entailment"},
        {"id": "p2", "claim": "The council approved 40 new homes in 2021.",
         "evidence": "The council approved 75 new homes in 2021 after a long debate.", "label": "REFUTES"},
        {"id": "p3", "claim": "Daggering is associated with the genre of death metal .",
         "evidence": "It is of recent origin -LRB- 2006 -RRB- , associated with dancehall music .",
         "label": "NOT ENOUGH INFO"},
    ]
    path, out = tmp_path / "pairs.jsonl.gz", tmp_path / "pred.tsv"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("".join(json.dumps(p) + "\n" for p in pairs))
    proc = subprocess.run([sys.executable, "-m", "presslens", "eval", "verification", "--layout", "pairs",
                           "--data", str(path), "--out", str(out), "--json"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    scores = json.loads(proc.stdout)
    assert scores["labelled_pairs"] == 3 and "pair_macro_f1" in scores and "claim_accuracy" not in scores
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r[0] for r in rows] == ["p1", "p2", "p3"] and all(r[1] in LABELS for r in rows)
    assert rows[1][1] == "REFUTES"   # the rules read 40 against 75
    assert sum(rows[i][1] == pairs[i]["label"].upper() for i in range(2)) >= 1
    records = read_pairs(path)
    assert records[2]["evidences"][0]["evidence"].startswith("It is of recent origin (2006), associated")
    assert records[0]["evidences"][0]["evidence_label"] == "SUPPORTS"
    # unlabelled rows are labelled, not scored; a bad row is one line naming it
    plain = _write(tmp_path / "plain.jsonl", [{"id": 1, "claim": "a b c", "evidence": "d e f"}])
    proc = subprocess.run([sys.executable, "-m", "presslens", "eval", "verification", "--layout", "pairs",
                           "--data", str(plain)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "no gold labels" in proc.stdout
    bad = _write(tmp_path / "bad.jsonl", [pairs[0], {"id": "x", "claim": "a"}])
    proc = subprocess.run([sys.executable, "-m", "presslens", "eval", "verification", "--layout", "pairs",
                           "--data", str(bad)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 8 and "line 2" in proc.stderr and "'evidence'" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("row, message", [
    ({"id": "a", "claim": "x y", "evidence": "z w", "label": "TRUE"}, "label 'TRUE' is none of"),
    ({"id": "a", "claim": " ", "evidence": "z w"}, "empty claim"),
])
def test_pairs_reader_rejects_bad_rows(tmp_path, row, message):
    with pytest.raises(InvalidRecord, match=message):
        read_pairs(_write(tmp_path / "bad.jsonl", [row]))
    with pytest.raises(InvalidRecord, match="used twice"):
        read_pairs(_write(tmp_path / "twice.jsonl", [{"id": 1, "claim": "a", "evidence": "b"}] * 2))


def test_claims_the_model_trained_on_are_counted(tmp_path):
    from presslens.claims.entailment import MODEL_DIR, EntailmentModel
    from presslens.lab.evaluation.verification import claim_digest

    assert claim_digest("The  Claim ") == claim_digest("the claim")
    assert len(load_entailment().config["trained_claims"]) > 100
    records = climate_fever_records(3)
    model = EntailmentModel(MODEL_DIR)  # its own instance: the list below stands for its training claims
    model.config["trained_claims"] = [claim_digest(records[1]["claim"].upper())]
    result = evaluate_climate_fever(_write(tmp_path / "cf.jsonl", records), model=model)
    assert result.seen_in_training == 1 and result.as_dict()["claims_seen_in_training"] == 1


def test_a_sentence_longer_than_the_parsers_cap_is_read_not_refused():
    """An evidence collection's "sentence" can be a whole unpunctuated page (over spaCy's 10,000-character cap)."""
    from presslens.claims.verify import facts

    long = "Officials in Greystone said the bridge opened in May " + "and traffic grew steadily " * 800
    read = facts(long)
    assert read.text == long and len(long) > 10_000
    assert any(name == "greystone" for name, _ in read.entities)   # its names are read from its first part


def _gzip_jsonl(path, rows):
    import gzip

    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)


def test_verification_corpora_are_read_with_pair_labels_and_vitaminc_cases_held_out_whole(tmp_path):
    from presslens.lab.training.verifier_pairs import corpus_pairs

    vitaminc = [{"case_id": f"c{i // 2}", "claim": f"Claim {i} -LRB- x -RRB- .", "evidence": f"Evidence {i} .",
                 "label": ["SUPPORTS", "REFUTES"][i % 2]} for i in range(200)]
    _gzip_jsonl(tmp_path / "vitaminc" / "real" / "test.jsonl.gz", vitaminc[:100])
    _gzip_jsonl(tmp_path / "vitaminc" / "synthetic" / "test.jsonl.gz", vitaminc[100:])
    _gzip_jsonl(tmp_path / "snli" / "dev.jsonl.gz", [{"premise": "Two women embrace.", "hypothesis": "People hug.",
                                                       "label": "entailment"}])
    _gzip_jsonl(tmp_path / "snli" / "test.jsonl.gz", [{"premise": "A dog runs.", "hypothesis": "A cat sleeps.",
                                                        "label": "contradiction"}])
    _gzip_jsonl(tmp_path / "covidfact" / "train.jsonl.gz", [{"claim": "Masks work.", "evidence": ["One.", "Two."],
                                                              "label": "SUPPORTED"}])
    train, held = corpus_pairs(tmp_path, "vitaminc", "train"), corpus_pairs(tmp_path, "vitaminc", "held_out")
    assert len(train) + len(held) == 200 and held, "a fifth of the cases (by hash) is held out"
    case_of = {f"Claim {i} (x).": r["case_id"] for i, r in enumerate(vitaminc)}
    assert not {case_of[p.claim] for p in train} & {case_of[p.claim] for p in held}, "a case is never split"
    assert train[0].claim.endswith("(x).") and train[0].evidence == train[0].evidence.strip()
    snli = corpus_pairs(tmp_path, "snli", "train")
    assert [(p.claim, p.label) for p in snli] == [("People hug.", "SUPPORTS"), ("A cat sleeps.", "REFUTES")]
    assert corpus_pairs(tmp_path, "covidfact", "train")[0].evidence == "One. Two."
    assert corpus_pairs(tmp_path, "snli", "held_out") == [], "SNLI is never a held-out corpus"
    assert len(corpus_pairs(tmp_path, "vitaminc", "train", limit=10)) == 10


def test_eval_evidence_search_finds_each_claims_evidence_among_all_sentences(tmp_path):
    from presslens.lab.evaluation.evidence_search import climate_fever_collection, evaluate_search

    records = climate_fever_records(8)
    index = climate_fever_collection(records, tmp_path / "cf.db")
    assert index.stats()["documents"] == 24   # each town's two sentences and 8 market sentences of other towns
    plain, reranked = evaluate_search(records, index, load_entailment())
    assert plain.claims == 8 and plain.recall[5] == 1.0 and plain.hit[1] == 1.0
    assert reranked.claims == 8 and reranked.recall[10] == 1.0
    index.close()
    path = _write(tmp_path / "cf.jsonl", records)
    proc = subprocess.run([sys.executable, "-m", "presslens", "eval", "evidence-search", "--data", str(path),
                           "--split", "all", "--json"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    scores = json.loads(proc.stdout)
    assert scores["search"]["claims"] == 8 and scores["search"]["recall@5"] == 1.0 and "reranked" not in scores


def test_a_verdict_carries_the_confidence_of_its_kind_from_the_dev_half(tmp_path):
    from presslens.claims.entailment import MODEL_DIR
    from presslens.lab.evaluation.verification import CONFIDENCE_FILE, calibration_error, evaluate_verification

    table = json.loads((MODEL_DIR / CONFIDENCE_FILE).read_text())
    assert table["split"] == "dev" and table["by_kind"]
    for cell in table["by_kind"].values():   # smoothed towards one half: never certain
        assert cell["confidence"] == round((cell["right"] + 1) / (cell["total"] + 2), 4) and 0 < cell["confidence"] < 1
    checked = calibration_error(evaluate_verification(split="test"), table)
    assert 0 <= checked["expected_calibration_error"] < 0.5
    db = tmp_path / "evidence.db"
    subprocess.run([sys.executable, "-m", "presslens", "evidence", "add", str(EXAMPLES / "evidence"), "--db", str(db)],
                   check=True, capture_output=True)
    from presslens import analyze

    cards = analyze(EXAMPLES / "claims.txt", only="claims", evidence=db).to_dict()["claims"]
    rated = [c["verification"] for c in cards if "confidence" in c["verification"]]
    assert rated
    for verification in rated:
        kind = table["by_kind"][f"{verification['why']['signal']}/{verification['verdict']}"]
        assert verification["confidence"] == kind["confidence"]
        assert verification["confidence_basis"] == {"right": kind["right"], "total": kind["total"]}
