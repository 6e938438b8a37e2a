"""A tiny copy of ../shared/data's layout, written from the project's own example articles and test sentences, for
running every `presslens train` step end to end in the tests (seconds, not hours)."""
import csv
import json
import shutil
from pathlib import Path

from conftest import EXAMPLES, FIXTURES

FRAMES = ["Economic", "Capacity_and_resources", "Morality", "Fairness_and_equality",
          "Legality_Constitutionality_and_jurisprudence", "Policy_prescription_and_evaluation", "Crime_and_punishment",
          "Security_and_defense", "Health_and_safety", "Quality_of_life", "Cultural_identity", "Public_opinion",
          "Political", "External_regulation_and_reputation"]


def _paragraphs(name: str) -> list[str]:
    return [p.strip() for p in (EXAMPLES / name).read_text(encoding="utf-8").split("\n\n") if p.strip()]


def _variant(paragraphs: list[str], k: int) -> str:
    """The article with its paragraphs rotated: another article for the splits, the same genre."""
    body = paragraphs[1:]
    body = body[k % len(body):] + body[:k % len(body)]
    return f"{paragraphs[0]} ({k})\n\n" + "\n\n".join(body) + "\n"


def write_tiny_data(root: Path) -> tuple[Path, Path]:
    """``(data, labels)``: a data folder in ../shared/data's layout, and a folder of project label files."""
    from test_claims import CLAIMS, NOT_CLAIMS

    data, labels = root / "data", root / "labels"
    shutil.copytree(FIXTURES / "ptc", data / "ptc2020" / "train")
    # ClaimBuster: the same sentences in debates of several years (before 2012 fit, 2012 tunes, 2016 tests)
    rows = []
    for year in (1992, 2004, 2008, 2012, 2016):
        for k, sentence in enumerate(CLAIMS + NOT_CLAIMS):
            rows.append((f"{year}{k:03d}", sentence, f"{year}-10-0{k % 3 + 1}.txt", k, 1 if sentence in CLAIMS else -1))
    (data / "claimbuster").mkdir(parents=True)
    with open(data / "claimbuster" / "crowdsourced.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Sentence_id", "Text", "Speaker", "Speaker_title", "Speaker_party", "File_id", "Length",
                         "Line_number", "Sentiment", "Verdict"])
        for sid, text, file, line, verdict in rows:
            writer.writerow([sid, text, "A", "", "", file, len(text.split()), line, "0.0", verdict])
    checkthat = data / "checkthat2024_t1_en" / "train"
    checkthat.mkdir(parents=True)
    for name in ("CT24_checkworthy_english_dev.tsv", "CT24_checkworthy_english_dev-test.tsv"):
        (checkthat / name).write_text("Sentence_id\tText\tclass_label\n" + "".join(
            f"{k}\t{t}\t{'Yes' if t in CLAIMS else 'No'}\n" for k, t in enumerate(CLAIMS + NOT_CLAIMS)), encoding="utf-8")
    (data / "liar").mkdir()
    (data / "liar" / "valid.tsv").write_text("".join(
        f"{k}.json\ttrue\t{t}\tsubject\tspeaker\tjob\tstate\tparty\t0\t0\t0\t0\t0\tcontext\n"
        for k, t in enumerate(CLAIMS)), encoding="utf-8")
    # genre_news: reports, editorials (Webis units), satire and fabricated stories (Golbeck)
    articles = data / "genre_news" / "articles"
    entries = []
    report, opinion, satire = _paragraphs("report.txt"), _paragraphs("opinion.txt"), _paragraphs("satire.txt")
    for k in range(10):
        path = articles / "bbc" / "politics" / f"{k:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        # one long report (over the 10,000 characters spaCy is capped at in analysis): training reads whole articles
        text = _variant(report, k) + ("\n\n" + "\n\n".join(report[1:] * 5) if k == 0 else "")
        path.write_text(text, encoding="utf-8")
        entries.append((f"bbc/politics/{k:03d}.txt", "reporting", "bbc.co.uk"))
        outlet = ("guardian", "aljazeera", "foxnews")[k % 3]
        text = _variant(opinion, k).split("\n\n")
        units = [[{"number": 1, "text": text[0], "label": "title"}]] + [
            [{"number": n + 2, "text": p, "label": "assumption"}] for n, p in enumerate(text[1:]) if p.strip()]
        path = articles / "webis_editorials" / outlet / f"{k:03d}-editorial.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"paragraphs": units}), encoding="utf-8")
        entries.append((f"webis_editorials/{outlet}/{k:03d}-editorial.json", "opinion", outlet))
        for kind, genre in (("satire", "satire"), ("fake", "fake")):
            lines = _variant(satire if kind == "satire" else report, k).split("\n\n")
            path = articles / "golbeck" / kind / f"{k}{kind[0]}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(lines[0] + f"\nhttp://www.site{k}.com/story\n" + "\n".join(lines[1:]), encoding="utf-8")
            entries.append((f"golbeck/{kind}/{k}{kind[0]}.txt", genre, f"site{k}.com"))
    with open(data / "genre_news" / "labels.tsv", "w", encoding="utf-8") as handle:
        handle.write("path\tgenre\tsource\n" + "".join(f"{p}\t{g}\t{s}\n" for p, g, s in entries))
    # SemEval-2023: the fixture's articles under more IDs (the frame head cross-validates over five folds)
    semeval = data / "semeval2023t3" / "train"
    (semeval / "articles-subtask-2").mkdir(parents=True)
    fixture = FIXTURES / "semeval2023"
    genres = dict(line.split("\t") for line in (fixture / "train-labels-subtask-1.txt").read_text().splitlines())
    frames = dict(line.split("\t") for line in (fixture / "train-labels-subtask-2.txt").read_text().splitlines())
    genre_lines, frame_lines = [], []
    for copy in range(6):
        for aid in genres:
            new = f"{copy}{aid}"
            shutil.copy(fixture / "articles-subtask-2" / f"article{aid}.txt", semeval / "articles-subtask-2" / f"article{new}.txt")
            genre_lines.append(f"{new}\t{genres[aid]}")
            frame_lines.append(f"{new}\t{frames[aid]}")
    (semeval / "train-labels-subtask-1.txt").write_text("\n".join(genre_lines) + "\n")
    (semeval / "train-labels-subtask-2.txt").write_text("\n".join(frame_lines) + "\n")
    (data / "semeval2023t3" / "frames_subtask2.txt").write_text("\n".join(FRAMES) + "\n")
    # SemEval-2025: one article labelled for validation, the others by the project
    documents = data / "semeval2025t10_en" / "train" / "raw-documents"
    documents.mkdir(parents=True)
    names = []
    for k in range(8):
        name = f"EN_UA_{k:06d}.txt"
        documents.joinpath(name).write_text(_variant(report if k % 2 else opinion, k), encoding="utf-8")
        names.append((name, "reporting" if k % 2 else "opinion"))
    (documents.parent / "genre-labels.tsv").write_text("file\tgenre\tnote\n" + f"{names[0][0]}\t{names[0][1]}\tvalidation\n")
    labels.mkdir()
    (labels / "semeval2025_genres.tsv").write_text("file\tgenre\tconfidence\tnote\n" + "".join(
        f"{n}\t{g}\tsure\ttest article\n" for n, g in names[1:]))
    (labels / "golbeck_fake_genres.tsv").write_text("file\tgenre\tconfidence\tnote\n" + "".join(
        f"{k}f.txt\treporting\tsure\treport-like story\n" for k in range(10)))
    _news_labels(data, labels / "news_checkworthiness.tsv", [n for n, _ in names[1:]])
    _news_frames(labels / "news_frames.tsv", [f"genre_news/{p}" for p, g, _ in entries if g != "fake"])
    write_claim_evidence(data / "claim_evidence")
    return data, labels


TOWNS = ["Ashgrove", "Brindle", "Corbridge", "Dunmore", "Fenwick", "Greystone", "Harrowmere", "Kestrel", "Marrick",
         "Northby", "Oakley", "Port Calloway", "Thornby", "Velmora", "Westfield", "Yarrow"]


def climate_fever_records(n: int = 40) -> list[dict]:
    """Climate-FEVER-layout records written by the project: a claim, one supporting, one refuting and one
    unrelated evidence sentence each (claim labels DISPUTED, as the pairs take both sides)."""
    records = []
    for k in range(n):
        town, other = TOWNS[k % len(TOWNS)], TOWNS[(k + 5) % len(TOWNS)]
        year = 1990 + k
        records.append({"claim_id": str(k), "claim": f"The {town} flood defences were completed in {year}.",
                        "claim_label": "DISPUTED", "evidences": [
                            {"evidence_id": f"{town}:1", "evidence_label": "SUPPORTS", "votes": [], "entropy": 0.0,
                             "article": town, "evidence": f"Work on the {town} flood defences finished in {year}."},
                            {"evidence_id": f"{town}:2", "evidence_label": "REFUTES", "votes": [], "entropy": 0.0,
                             "article": town, "evidence": f"The {town} flood defences were never completed."},
                            {"evidence_id": f"{other}:3", "evidence_label": "NOT_ENOUGH_INFO", "votes": [], "entropy": 0.0,
                             "article": other, "evidence": f"{other} has a weekly market on Saturdays."}]})
    return records


def write_claim_evidence(folder: Path) -> None:
    (folder / "climate_fever").mkdir(parents=True)
    (folder / "sick").mkdir()
    (folder / "climate_fever" / "climate-fever.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in climate_fever_records()), encoding="utf-8")
    rows = ["pair_ID\tsentence_A\tsentence_B\tentailment_label\trelatedness_score\tSemEval_set"]
    for k, (a, b, label) in enumerate([("A man is playing a guitar", "A person is playing an instrument", "ENTAILMENT"),
                                       ("A man is playing a guitar", "Nobody is playing a guitar", "CONTRADICTION"),
                                       ("A man is playing a guitar", "A woman is slicing an onion", "NEUTRAL")] * 4):
        rows.append(f"{k}\t{a}\t{b}\t{label}\t3.0\t{'TRAIN' if k < 9 else 'TEST'}")
    (folder / "sick" / "SICK.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")


def _news_frames(path: Path, keys: list[str]) -> None:
    """Frames for some genre_news articles by their genre (a test's stand-in for hand labels): seven to be fitted
    on beside SemEval-2023's articles, the others to be scored."""
    frames = {"bbc": "Political,Economic", "webis_editorials": "Political,Morality", "golbeck": "Cultural_identity"}
    path.write_text("article\tpart\tround\tframes\tannotator_1\tannotator_2\n" + "".join(
        f"{key}\t{'calibration' if k % 4 else 'test'}\t1\t{frames[key.split('/')[1]]}\t\t\n"
        for k, key in enumerate(keys)))


def _news_labels(data: Path, path: Path, names: list[str]) -> None:
    """Every sentence of some SemEval-2025 articles, labelled by whether it holds a figure (a test's stand-in
    for hand labels), in the offsets presslens reads."""
    import re

    from presslens import analyzers
    from presslens.lab.datasets.corpora import article_text
    from presslens.ingest import RawInput, load

    lines = ["article\tstart\tend\tlabel\tpart\tannotators"]
    for k, name in enumerate(names):
        key = f"semeval2025/{name}"
        doc = load(RawInput(id=key, data=article_text(data, key), kind="text"))
        analyzers.run(doc, analyzers.resolve("nlp", None))
        for s in doc.sentences:
            label = "CFS" if re.search(r"\d", doc.text[s.start:s.end]) else "NFS"
            lines.append(f"{key}\t{s.start}\t{s.end}\t{label}\t{'calibration' if k % 2 else 'test'}\t{label},{label}")
    path.write_text("\n".join(lines) + "\n")
