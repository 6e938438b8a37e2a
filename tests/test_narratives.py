"""Narratives: the SemEval-2025 subtask-2 scorer on hand-computed cases, the file format, and the analysis."""
import pytest

from conftest import assert_offsets
from presslens.lab.evaluation.metrics import set_f1
from presslens.lab.evaluation.narratives import NarrativeLabels, read_labels, score, write_predictions


def test_set_f1_by_hand():
    assert set_f1({"a"}, {"a", "b"}) == pytest.approx(2 / 3)
    assert set_f1({"a", "c"}, {"a", "b"}) == pytest.approx(0.5)
    assert set_f1(set(), {"a"}) == 0.0
    assert set_f1(set(), set()) == 1.0


def test_samples_f1_averages_articles_coarse_and_fine_apart():
    gold = {
        "A.txt": NarrativeLabels(("N1", "N2"), ("N1: s1", "N2: Other")),
        "B.txt": NarrativeLabels(("Other",), ("Other",)),
        "C.txt": NarrativeLabels(("N3",), ("N3: x",)),
    }
    predicted = {
        "A.txt": NarrativeLabels(("N1",), ("N1: s1", "N1: s2")),   # coarse P 1 R 1/2 -> 2/3; fine P 1/2 R 1/2 -> 1/2
        "B.txt": NarrativeLabels(("Other",), ("Other",)),          # 1 and 1
        "Z.txt": NarrativeLabels(("N1",), ("N1: s1",)),            # not in the gold: not scored; C.txt missing: 0
    }
    result = score(gold, predicted)
    assert result.articles == 3
    assert result.coarse == pytest.approx((2 / 3 + 1 + 0) / 3)
    assert result.fine == pytest.approx((1 / 2 + 1 + 0) / 3)
    n1 = result.per_label["coarse"]["N1"]
    assert (n1.gold, n1.predicted, n1.hits) == (1, 1, 1)
    s2 = result.per_label["fine"]["N1: s2"].as_dict()
    assert (s2["gold"], s2["predicted"], s2["precision"]) == (0, 1, 0.0)


def test_the_task_file_format_round_trips(tmp_path):
    predicted = {"EN_CC_1.txt": NarrativeLabels(("CC: Criticism of climate movement",),
                                                ("CC: Criticism of climate movement: Climate movement is alarmist",)),
                 "EN_UA_2.txt": NarrativeLabels(("Other",), ("Other",))}
    write_predictions(tmp_path / "narratives.txt", predicted)
    lines = (tmp_path / "narratives.txt").read_text().splitlines()
    assert lines[1] == "EN_UA_2.txt\tOther\tOther"
    assert read_labels(tmp_path / "narratives.txt") == predicted


@pytest.fixture(scope="module")
def war_report():
    from conftest import EXAMPLES
    from presslens import analyze

    return analyze(EXAMPLES / "sanctions_opinion.txt", only="narratives")


def test_the_analysis_names_narratives_with_evidence_paragraphs(war_report):
    report = war_report.to_dict()
    narratives = report["narratives"]
    assert narratives and narratives[0]["narrative"].startswith("URW: ")   # a war column, not climate, not Other
    body = {(p["start"], p["end"]) for p in report["paragraphs"]}
    for item in narratives:
        assert 0 <= item["score"] <= 1 and item["subnarratives"]
        assert all(s["label"].startswith(item["narrative"] + ": ") for s in item["subnarratives"])
        assert 1 <= len(item["evidence"]) <= 2
        for evidence in item["evidence"]:
            assert (evidence["start"], evidence["end"]) in body   # whole paragraphs, offsets exact
            assert len(report["text"][evidence["start"]:evidence["end"]].split()) >= 8
    assert report["models"]["narratives"]["model"] == "narratives"
    assert_offsets(report)


def test_an_article_off_both_topics_is_other():
    from conftest import EXAMPLES
    from presslens import analyze

    narratives = analyze(EXAMPLES / "report.txt", only="narratives").to_dict()["narratives"]
    assert [n["narrative"] for n in narratives] == ["Other"]
    assert narratives[0]["evidence"] == [] and narratives[0]["subnarratives"] == []


def test_the_text_and_html_reports_show_narratives(war_report):
    text = war_report.render("text")
    first = war_report.to_dict()["narratives"][0]
    assert "Narratives" in text and all(word in text for word in first["narrative"].split())
    page = war_report.render("html")
    starts = " ".join(f'p{e["start"]}' for e in first["evidence"])
    assert f'data-paragraphs="{starts}"' in page            # the button lights up these paragraphs
    for e in first["evidence"]:
        assert f'id="p{e["start"]}"' in page
    assert "<b>" + first["narrative"].replace("'", "&#x27;") + "</b>" in page


def test_eval_writes_the_task_format_and_scores(tmp_path):
    import subprocess
    import sys

    from conftest import EXAMPLES

    articles = tmp_path / "docs"
    articles.mkdir()
    for name in ("sanctions_opinion.txt", "report.txt"):
        (articles / name).write_bytes((EXAMPLES / name).read_bytes())
    labels = tmp_path / "gold.txt"
    labels.write_text("sanctions_opinion.txt\tURW: Negative Consequences for the West;URW: Discrediting the West, Diplomacy\t"
                      "URW: Negative Consequences for the West: Other;URW: Discrediting the West, Diplomacy: Other\n"
                      "report.txt\tOther\tOther\n")
    proc = subprocess.run([sys.executable, "-m", "presslens", "eval", "semeval2025", "--subtask", "narratives",
                           "--articles", str(articles), "--labels", str(labels), "--out", str(tmp_path / "out"), "--json"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    import json

    scores = json.loads(proc.stdout)
    assert scores["articles"] == 2 and 0 <= scores["fine_samples_f1"] <= scores["coarse_samples_f1"] + 1
    written = read_labels(tmp_path / "out" / "narratives.txt")
    assert set(written) == {"sanctions_opinion.txt", "report.txt"}
    assert written["report.txt"] == NarrativeLabels(("Other",), ("Other",))
    assert scores["coarse_samples_f1"] == pytest.approx(score(read_labels(labels), written).coarse, abs=1e-4)


def _tiny_semeval(root):
    """A SemEval-2025-shaped folder: two narratives per domain, articles made from the bundled columns."""
    from conftest import EXAMPLES

    folder = root / "semeval2025t10_en"
    documents = folder / "train" / "raw-documents"
    documents.mkdir(parents=True)
    war = ["URW: Discrediting the West, Diplomacy", "URW: Negative Consequences for the West"]
    climate = ["CC: Criticism of climate policies", "CC: Criticism of climate movement"]
    (folder / "subtask2_narratives.txt").write_text("\n".join(war + climate + ["Other"]) + "\n")
    (folder / "subtask2_subnarratives.txt").write_text("\n".join(
        [f"{n}: Other" for n in war + climate] + [f"{climate[0]}: Climate policies are only for profit", "Other"]) + "\n")
    lines = []
    sources = {"UA": ("sanctions_opinion.txt", war), "CC": ("climate_opinion.txt", climate)}
    for k in range(12):
        for domain, (name, narratives) in sources.items():
            paragraphs = (EXAMPLES / name).read_text().split("\n\n")
            other = k % 3 == 0
            base = (EXAMPLES / ("report.txt" if other else name)).read_text().split("\n\n")
            text = "\n\n".join(base[:3] + base[3 + k % 2:] + ([paragraphs[-1]] if other else []))
            file = f"EN_{domain}_{k:04d}.txt"
            (documents / file).write_text(text, encoding="utf-8")
            chosen = [narratives[k % 2]]
            lines.append(f"{file}\tOther\tOther" if other else f"{file}\t{chosen[0]}\t{chosen[0]}: Other")
    (folder / "train" / "subtask-2-annotations.txt").write_text("\n".join(lines) + "\n")
    return root


def test_train_narratives_writes_a_head_the_analysis_serves(tmp_path):
    import json
    import subprocess
    import sys

    from presslens.ingest import RawInput, load
    from presslens.narratives import load_model, narratives_of

    data = _tiny_semeval(tmp_path / "data")
    out = tmp_path / "models" / "narratives"
    proc = subprocess.run([sys.executable, "-m", "presslens", "train", "narratives", "--data", str(data), "--out", str(out)],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "cross-validated samples-F1" in proc.stdout and "Other for every article" in proc.stdout
    config = json.loads((out / "config.json").read_text())
    assert config["narratives"][0].startswith("URW: ") and "Other" not in config["narratives"]
    assert len(config["trained_on"]) == 24 and config["encoder_fingerprint"]
    scores = json.loads((out / "heldout_scores.json").read_text())["cross_validated"]
    assert 0 <= scores["coarse"] <= 1 and scores["trivial_coarse"] == pytest.approx(8 / 24)
    assert "Cross-validated" in (out / "MODEL_CARD.md").read_text()
    model = load_model(str(out))
    doc = load(RawInput(id="a", data=(data / "semeval2025t10_en/train/raw-documents/EN_UA_0001.txt").read_bytes(), kind="text"))
    found = narratives_of(doc, model)
    assert found and all(n.label == "Other" or n.label in config["narratives"] for n in found)
    bad = subprocess.run([sys.executable, "-m", "presslens", "train", "narratives", "--data", str(tmp_path / "none"),
                          "--out", str(out)], capture_output=True, text=True, timeout=300)
    assert bad.returncode == 3 and "no semeval2025t10_en/ folder" in bad.stderr and "Traceback" not in bad.stderr
