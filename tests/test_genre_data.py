"""The labelled data of genre and check-worthiness beyond the training distribution: readers, the fixed parts,
outlet-tell masking, the project's own label files, and their offsets into ../shared/data."""
import csv
import json

import pytest

from conftest import ROOT
from presslens.claims.data import read_claimbuster
from presslens.errors import InvalidRecord
from presslens.lab.datasets.corpora import (GenreArticle, genre_part, golbeck_text, masked_for_training,
                                       webis_editorial_text)

DATA = ROOT.parent / "shared" / "data"
LABELS = ROOT / "presslens" / "labels"
needs_data = pytest.mark.skipif(not (DATA / "genre_news").is_dir(), reason="../shared/data is not beside this clone")


def test_webis_editorials_are_rebuilt_from_their_argument_units_with_the_pound_sign(tmp_path):
    path = tmp_path / "ed.json"
    path.write_text(json.dumps({"paragraphs": [
        [{"text": "? 300 for a reference", "label": "title"}],
        [{"text": "If"}, {"text": "there were an award"}, {"text": ","}, {"text": "it cost more than? 1,600"},
         {"text": "."}, {"text": "Fees (? 18.99) and drinks,? 5 a week"}, {"text": "."}],
        [{"text": "Why? Because 300 people came"}]]}), encoding="utf-8")
    text = webis_editorial_text(path)
    assert text == ("£300 for a reference\n\nIf there were an award, it cost more than £1,600. Fees (£18.99) and "
                    "drinks, £5 a week.\n\nWhy? Because 300 people came\n")
    path.write_text("[1, 2]")
    with pytest.raises(InvalidRecord, match="not a Webis editorial"):
        webis_editorial_text(path)


def test_golbeck_stories_lose_their_url_line_and_keep_their_text(tmp_path):
    path = tmp_path / "1.txt"
    path.write_bytes("Pope Says Things\nhttp://www.example-satire.com/pope\nThe pope said “things”, for sure.\n".encode("cp1252"))
    assert golbeck_text(path) == "Pope Says Things\n\nThe pope said “things”, for sure.\n"


def test_masking_removes_outlet_tells_but_not_the_article():
    text = ("Ministers meet in Leeds\n"
            "LONDON (Reuters) - The BBC said the colour of the programme was grey, Fox News reported, "
            "in a paragraph long enough to carry a dateline.\n"
            "The Guardian’s defence of the centre was criticised.")
    masked = masked_for_training("a", text)
    assert "BBC" not in masked and "Fox News" not in masked and "Guardian" not in masked
    assert "Reuters" not in masked and "LONDON" not in masked
    assert masked.startswith("Ministers meet in Leeds\nThe newspaper said the")
    assert "The newspaper’s" in masked
    # one spelling for half of the articles, the other for the rest: spelling says nothing about genre
    spellings = {("colour" in masked_for_training(f"id{k}", text)) for k in range(20)}
    assert spellings == {True, False}
    for k in range(20):
        out = masked_for_training(f"id{k}", text)
        assert ("color" in out) != ("colour" in out) and ("program " in out) != ("programme" in out)


def _article(id, collection, source="x", genre="reporting"):
    return GenreArticle(id, "Title\n\nText.\n", genre, source, collection)


def test_genre_parts_hold_out_whole_outlets_and_the_58_validation_articles():
    assert genre_part(_article("semeval2025/EN_UA_1.txt", "semeval2025", "semeval2025:validation")) == "heldout"
    assert genre_part(_article("semeval2025/EN_UA_1.txt", "semeval2025", "semeval2025:labelled")) in ("train", "dev")
    assert genre_part(_article("genre_news/webis_editorials/foxnews/a.json", "genre_news", "foxnews", "opinion")) == "heldout"
    # a held-out site is held out with every story of it
    sites = {}
    for k in range(40):
        site = f"site{k}.com"
        parts = {genre_part(_article(f"genre_news/golbeck/satire/{k}-{j}.txt", "genre_news", site, "satire")) for j in range(5)}
        sites[site] = parts
        assert parts == {"heldout"} or "heldout" not in parts
    assert 0 < sum(parts == {"heldout"} for parts in sites.values()) < 40
    assert genre_part(_article("semeval2023/111111111", "semeval2023")) in ("train", "dev", "heldout")


def test_claimbuster_sentences_come_in_transcript_order_with_their_debate(tmp_path):
    path = tmp_path / "crowdsourced.csv"
    rows = [("3", "We cut taxes by 10 percent.", "2012-10-03.txt", "7", "1"),
            ("1", "I think so.", "1960-09-26.txt", "2", "-1"), ("2", "Thank you.", "1960-09-26.txt", "1", "0")]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Sentence_id", "Text", "Speaker", "Speaker_title", "Speaker_party", "File_id", "Length",
                         "Line_number", "Sentiment", "Verdict"])
        for sid, text, file, line, verdict in rows:
            writer.writerow([sid, text, "A", "", "", file, "3", line, "0.0", verdict])
    sentences = read_claimbuster(path)
    assert [s.id for s in sentences] == ["2", "1", "3"]
    assert [s.year for s in sentences] == [1960, 1960, 2012] and [s.check_worthy for s in sentences] == [False, False, True]
    path.write_text("a,b\n1,2\n")
    with pytest.raises(InvalidRecord, match="ClaimBuster columns"):
        read_claimbuster(path)


def test_the_project_label_files_are_well_formed_and_hold_no_article_text():
    from presslens.lab.evaluation.news_checkworthiness import read_news_labels

    sentences = read_news_labels(LABELS / "news_checkworthiness.tsv")
    assert len(sentences) >= 150 and {s.part for s in sentences} == {"calibration", "test"}
    by_article = {}
    for s in sentences:
        by_article.setdefault(s.article, set()).add(s.part)
        assert 0 <= s.start < s.end
    assert all(len(parts) == 1 for parts in by_article.values())  # an article is in one part only
    for name in ("semeval2025_genres.tsv", "golbeck_fake_genres.tsv"):
        with open(LABELS / name, encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
        assert rows and {r["genre"] for r in rows} <= {"reporting", "opinion", "satire"}
        assert all(len(r["note"].split()) <= 12 for r in rows)  # a note, never the article


def test_the_news_frame_labels_are_well_formed_with_both_parts_and_four_sources():
    from presslens.lab.evaluation.news_frames import read_news_frames
    from presslens.lab.datasets.corpora import LABELS_DIR

    names = json.loads((LABELS_DIR.parent / "models" / "framing" / "config.json").read_text())["frames"]
    articles = read_news_frames(LABELS / "news_frames.tsv", names)
    keys = [a.article for a in articles]
    assert len(keys) == len(set(keys)) >= 300                      # an article is in one part only
    assert {a.part for a in articles} == {"calibration", "test"}
    assert sum(a.part == "test" for a in articles) >= 120
    assert {a.source for a in articles} == {"bbc", "webis_editorials", "semeval2025", "narrative_frames"}
    assert all(len(a.frames) <= 8 for a in articles)
    assert sum(not a.frames for a in articles) <= 3               # an article about no issue is rare
    rows = [line.rstrip("\n").split("\t") for line in (LABELS / "news_frames.tsv").read_text().splitlines()[1:]]
    assert {r[2] for r in rows} == {"1", "2"}
    for article, part, round_, frames, first, *second in rows:
        # the gold frames are the annotators' (both, or the one who labelled the article, plus the adjudicated)
        given = set(first.split(",")) | set((second or [""])[0].split(","))
        assert {f for f in frames.split(",") if f} <= given - {""}, article


@needs_data
def test_a_narrative_frames_outlet_is_in_one_part_only():
    """Validation by source: the climate articles of an outlet are all test or all calibration."""
    import gzip
    import re

    from presslens.lab.evaluation.news_frames import read_news_frames

    with gzip.open(DATA / "narrative_frames_climate" / "articles.jsonl.gz", "rt", encoding="utf-8") as handle:
        outlets = {row["id"]: re.sub(r"[^a-z]", "", row["source"].lower()) for row in map(json.loads, handle)}
    parts: dict[str, set] = {}
    for a in read_news_frames(LABELS / "news_frames.tsv"):
        if a.source == "narrative_frames":
            parts.setdefault(outlets[a.article.split("/")[1]], set()).add(a.part)
    assert len(parts) >= 30 and all(len(p) == 1 for p in parts.values())


@needs_data
def test_news_frame_labels_name_articles_presslens_can_read():
    from presslens.lab.evaluation.news_frames import read_news_frames
    from presslens.lab.datasets.corpora import article_text

    for a in read_news_frames(LABELS / "news_frames.tsv"):
        assert len(article_text(DATA, a.article).split()) >= 100, a.article


@needs_data
def test_news_label_offsets_are_sentences_of_presslens_reading():
    """Offsets are sacred: every labelled span is a sentence as presslens splits the article, exactly."""
    from presslens import analyzers
    from presslens.lab.evaluation.news_checkworthiness import read_news_labels
    from presslens.lab.datasets.corpora import article_text
    from presslens.ingest import RawInput, load

    sentences = read_news_labels(LABELS / "news_checkworthiness.tsv")
    names = analyzers.resolve("nlp", None)
    by_article = {}
    for s in sentences:
        by_article.setdefault(s.article, []).append(s)
    for key in sorted(by_article)[:12]:
        doc = load(RawInput(id=key, data=article_text(DATA, key), kind="text"))
        analyzers.run(doc, names)
        spans = {(x.start, x.end) for x in doc.sentences}
        for s in by_article[key]:
            assert (s.start, s.end) in spans, (key, s)
            fragment = doc.text[s.start:s.end]
            assert fragment.strip() == fragment and fragment


@needs_data
def test_the_58_validation_articles_are_never_in_the_project_labels():
    from presslens.lab.datasets.corpora import genre_corpus

    with open(DATA / "semeval2025t10_en" / "train" / "genre-labels.tsv", encoding="utf-8", newline="") as handle:
        validation = {row["file"] for row in csv.DictReader(handle, delimiter="\t")}
    with open(LABELS / "semeval2025_genres.tsv", encoding="utf-8", newline="") as handle:
        ours = {row["file"] for row in csv.DictReader(handle, delimiter="\t")}
    assert len(validation) == 58 and not validation & ours
    corpus = genre_corpus(DATA)
    held = [a for a in corpus if a.collection == "semeval2025" and genre_part(a) == "heldout"]
    assert {a.id.split("/", 1)[1] for a in held} == validation
    assert not any(genre_part(a) == "train" for a in corpus if a.source == "foxnews")


def test_shipped_model_configs_name_their_labels_relative_to_the_package():
    """A config names the labels it was fitted on without the training machine's paths (a fresh clone finds them)."""
    import json

    from presslens.lab.datasets.corpora import LABELS_DIR, configured_path, portable_path

    models = LABELS_DIR.parent / "models"
    for folder, key in (("claims", "news_labels"), ("framing", "labels")):
        value = json.loads((models / folder / "config.json").read_text())[key]
        assert not value.startswith("/") and configured_path(value).exists()
    assert portable_path(LABELS_DIR / "news_checkworthiness.tsv") == "labels/news_checkworthiness.tsv"
