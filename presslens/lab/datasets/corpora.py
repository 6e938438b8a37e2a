"""Genre-labelled article collections in ``../shared/data``, read as plain article texts.

Each reader yields :class:`GenreArticle` records: an id, the article text exactly as presslens would read it
from a ``.txt`` file (title, blank line, body), its genre and its source outlet. The texts are rebuilt the same
way every time, so labels that point into them by offsets (the news-prose check-worthiness sentences) stay
valid. Nothing here is copied into the repository: training and evaluation read ``../shared/data``.

* ``genre_news`` (BBC reports, Webis editorials, Golbeck satire and fake stories): ``labels.tsv`` gives each
  file's genre and source. Webis editorials are stored as argument units and rebuilt into paragraphs; their
  lost pound signs (``? 300``) are restored. Golbeck files carry the story's URL on line 2: it is dropped, since
  no article text reads like that and it names the site.
* SemEval-2023 Task 3 subtask 1 (PTC's outlets, 2017–2019).
* SemEval-2025 Task 10: the 58 hand-labelled articles of ``genre-labels.tsv`` (validation only).
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ...errors import InputNotFound, InvalidRecord
from .. import LABELS_DIR
from ..evaluation.semeval2023 import read_genres
from . import read_articles, split_of

GENRES = ("opinion", "reporting", "satire")


@dataclass(frozen=True)
class GenreArticle:
    id: str          # unique across collections: "<collection>/<path>"
    text: str
    genre: str       # opinion, reporting, satire (or "fake" in genre_news: not a genre)
    source: str      # the outlet, as far as the collection says
    collection: str  # genre_news, semeval2023, semeval2025


def _read_text(path: Path) -> str:
    """The file decoded as presslens decodes a ``.txt`` input (some BBC and Golbeck files are Windows-1252)."""
    from ...ingest.decoding import decode_bytes

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputNotFound("no such file", str(path)) from None
    return decode_bytes(data, str(path))


_LOST_POUND = re.compile(r"(?:(?<=[\s(,])|^|(?<=[a-z]))\? ?(?=\d)")


def webis_editorial_text(path: Path) -> str:
    """An editorial of the Webis COLING-20 corpus as text: the title, a blank line, then its paragraphs
    (units joined by a space, none before a unit that starts with punctuation)."""
    try:
        record = json.loads(_read_text(path))
        paragraphs = record["paragraphs"]
    except (ValueError, KeyError, TypeError):
        raise InvalidRecord("not a Webis editorial (expected {\"paragraphs\": [[{\"text\": ...}]]})", str(path)) from None
    out = []
    for units in paragraphs:
        joined = ""
        for unit in units:
            piece = " ".join(str(unit.get("text", "")).split())
            if not piece:
                continue
            joined += piece if not joined or piece[0] in ",.;:!?)]}'’”" else " " + piece
        # the source lost the pound sign to "?": "a ? 300 fee", "more than? 1,600"
        joined = _LOST_POUND.sub(lambda m: ("" if m.start() == 0 or joined[m.start() - 1] in " (" else " ") + "£", joined)
        if joined:
            out.append(joined)
    return "\n\n".join(out) + "\n"


def golbeck_text(path: Path) -> str:
    """A Golbeck et al. story as text: line 1 the title, line 2 its URL (dropped), then the text."""
    lines = _read_text(path).split("\n")
    title = lines[0].strip()
    rest = lines[1:]
    if rest and re.match(r"^\s*(https?://|www\.)\S*\s*$", rest[0]):
        rest = rest[1:]
    body = "\n".join(rest).strip("\n")
    return f"{title}\n\n{body}\n"


def read_genre_news(folder: str | Path) -> list[GenreArticle]:
    """Every article of ``genre_news`` (``labels.tsv`` and ``articles/``), fake stories included."""
    folder = Path(folder)
    labels = folder / "labels.tsv"
    if not labels.is_file():
        raise InputNotFound(f"no labels.tsv in {folder}")
    with open(labels, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    articles = []
    for row in rows:
        relative = row["path"]
        path = folder / "articles" / relative
        if path.name.upper() == "README.TXT":
            continue
        if relative.startswith("webis_editorials/"):
            text = webis_editorial_text(path)
            source = relative.split("/")[1]
        elif relative.startswith("golbeck/"):
            text = golbeck_text(path)
            source = row.get("source") or _golbeck_site(path) or "unknown"
        else:
            text = _read_text(path)
            source = row.get("source") or "unknown"
        articles.append(GenreArticle(f"genre_news/{relative}", text, row["genre"], source, "genre_news"))
    return articles


def _golbeck_site(path: Path) -> str | None:
    lines = _read_text(path).split("\n")
    match = re.match(r"^\s*(?:https?://)?([^/\s]+)", lines[1]) if len(lines) > 1 else None
    return match.group(1).lower() if match else None


def read_semeval2023_genres(folder: str | Path) -> list[GenreArticle]:
    """SemEval-2023 Task 3 subtask-1 articles with their genre (PTC's outlets; the source is not given)."""
    folder = Path(folder)
    # subtasks 1 and 2 share their articles; a copy may hold only one of the folders
    texts = read_articles(folder / "articles-subtask-1" if (folder / "articles-subtask-1").is_dir()
                          else folder / "articles-subtask-2")
    genres = read_genres(folder / "train-labels-subtask-1.txt")
    return [GenreArticle(f"semeval2023/{aid}", texts[aid], genres[aid], "ptc", "semeval2023")
            for aid in sorted(texts) if aid in genres]


def read_semeval2025_genres(folder: str | Path, labels: str | Path | None = None) -> list[GenreArticle]:
    """SemEval-2025 Task 10 articles with a genre in a ``file, genre, ...`` TSV: by default ``genre-labels.tsv``,
    the 58 hand-labelled for validation (their source is ``semeval2025:validation``); another file's articles get
    ``semeval2025:labelled``."""
    folder = Path(folder)
    path = Path(labels) if labels else folder / "genre-labels.tsv"
    tag = "labelled" if labels else "validation"
    out = []
    for row in _read_tsv(path):
        name = row["file"].strip()
        document = folder / "raw-documents" / name
        if labels and not document.is_file():
            continue  # a labels file written for the full collection, read against a part of it
        out.append(GenreArticle(f"semeval2025/{name}", _read_text(document), row["genre"].strip(),
                                f"semeval2025:{tag}", "semeval2025"))
    return out


@lru_cache(maxsize=2)
def _narrative_frames(path: Path) -> dict[str, tuple[str, str]]:
    """id -> (text, outlet) of the corpus's articles, read once; the outlet's spellings made one."""
    import gzip

    with gzip.open(path, "rt", encoding="utf-8") as f:
        return {str(row["id"]): (row["text"], re.sub(r"[^a-z]", "", str(row.get("source", "")).lower()))
                for row in map(json.loads, f) if row.get("id") is not None}


def narrative_frames_outlet(data: str | Path, article_id: str) -> str | None:
    """The outlet of an article of the Narrative Frames Corpus, its spellings made one ("The Huffington Post" and
    "thehuffingtonpost" are ``thehuffingtonpost``); None for an id the corpus does not hold."""
    found = _narrative_frames(Path(data) / "narrative_frames_climate" / "articles.jsonl.gz").get(str(article_id))
    return found[1] if found else None


def narrative_frames_text(data: str | Path, article_id: str) -> str:
    """An article of the Narrative Frames Corpus (headline and body as the corpus joins them)."""
    path = Path(data) / "narrative_frames_climate" / "articles.jsonl.gz"
    articles = _narrative_frames(path)
    if article_id not in articles:
        raise InvalidRecord(f"no article {article_id!r} in {path}")
    return articles[article_id][0]


def article_text(data: str | Path, key: str) -> str:
    """The text of one article named as in presslens's label files: ``genre_news/<path under articles/>``,
    ``semeval2025/<file>``, ``semeval2023/<id>``, ``narrative_frames/<id>`` or ``ptc2020/<file>``, under the data folder ``data`` (``../shared/data``)."""
    data = Path(data)
    collection, _, relative = key.partition("/")
    if collection == "genre_news":
        path = data / "genre_news" / "articles" / relative
        if relative.startswith("webis_editorials/"):
            return webis_editorial_text(path)
        if relative.startswith("golbeck/"):
            return golbeck_text(path)
        return _read_text(path)
    if collection == "semeval2025":
        return _read_text(data / "semeval2025t10_en" / "train" / "raw-documents" / relative)
    if collection == "semeval2023":
        return _read_text(data / "semeval2023t3" / "train" / "articles-subtask-1" / f"article{relative}.txt")
    if collection == "narrative_frames":
        return narrative_frames_text(data, relative)
    if collection == "ptc2020":
        return _read_text(data / "ptc2020" / "train" / "articles" / relative)
    raise InvalidRecord(f"unknown collection {collection!r} in article key {key!r}")


# --- the genre corpus presslens trains and validates on --------------------------------------------------



def portable_path(path: str | Path) -> str:
    """How a model config records the labels it was fitted on: relative to the package when they are its own
    (``labels/news_checkworthiness.tsv``), so a shipped config names no path of the machine that trained it."""
    resolved = Path(path).resolve()
    try:
        return str(resolved.relative_to(LABELS_DIR.parent))
    except ValueError:
        return str(resolved)


def configured_path(value: str | Path) -> Path:
    """The path a config's :func:`portable_path` names."""
    return Path(value) if Path(value).is_absolute() else LABELS_DIR.parent / value
SEMEVAL2025_LABELS = LABELS_DIR / "semeval2025_genres.tsv"   # the project's labels of the other 299 articles
FAKE_FORM_LABELS = LABELS_DIR / "golbeck_fake_genres.tsv"     # the fabricated stories, labelled by their form
HELDOUT_OUTLETS = {"foxnews"}                                  # an outlet no genre model trains on
SITE_HELDOUT_PERCENT = 30                                      # satire and fake-story sites held out whole
DEV_PERCENT = 15


def _read_tsv(path: Path) -> list[dict]:
    if not path.is_file():
        raise InputNotFound(f"label file not found: {path}")
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _bucket(key: str) -> int:
    import hashlib

    return int(hashlib.sha256(f"presslens-genre-{key}".encode()).hexdigest(), 16) % 100


def genre_corpus(data: str | Path, labels: str | Path = LABELS_DIR) -> list[GenreArticle]:
    """Every genre-labelled article in ``data`` (``../shared/data``): genre_news (the fabricated stories under
    the genre of their form, from the project's labels), SemEval-2023 subtask 1, and SemEval-2025: the 58
    articles of ``genre-labels.tsv`` and the 299 others labelled by the project (``labels``: the folder of the
    project's label files)."""
    data, labels = Path(data), Path(labels)
    form = {row["file"]: row["genre"] for row in _read_tsv(labels / FAKE_FORM_LABELS.name)}
    articles = []
    for article in read_genre_news(data / "genre_news"):
        if article.genre == "fake":
            name = article.id.rsplit("/", 1)[-1]
            if name not in form:
                continue
            article = GenreArticle(article.id, article.text, form[name], article.source, article.collection)
        articles.append(article)
    articles += read_semeval2023_genres(data / "semeval2023t3" / "train")
    folder = data / "semeval2025t10_en" / "train"
    articles += read_semeval2025_genres(folder)
    articles += read_semeval2025_genres(folder, labels / SEMEVAL2025_LABELS.name)
    return articles


def genre_part(article: GenreArticle) -> str:
    """``train``, ``dev`` (choices made while training) or ``heldout`` (scored, never trained or tuned on).

    Held out: the 58 hand-labelled SemEval-2025 articles; SemEval-2023's held-out split (the technique model's);
    one editorial outlet (Fox News); 30 % of the satire and fabricated-story sites, whole; one BBC article in seven.
    """
    name = article.id.split("/", 1)[1]
    if article.collection == "semeval2025":
        if article.source == "semeval2025:validation":
            return "heldout"
        return "dev" if _bucket(name) < DEV_PERCENT else "train"
    if article.collection == "semeval2023":
        return split_of(name)
    if name.startswith("webis_editorials/") and article.source in HELDOUT_OUTLETS:
        return "heldout"
    if name.startswith("golbeck/") and _bucket("site:" + article.source) < SITE_HELDOUT_PERCENT:
        return "heldout"
    if name.startswith("bbc/") and _bucket(name) < 14:
        return "heldout"
    return "dev" if _bucket("dev:" + name) < DEV_PERCENT else "train"


@lru_cache(maxsize=1)
def _tells() -> dict:
    """The masking tables of ``data/outlet_tells.json``, compiled."""
    table = json.loads((Path(__file__).resolve().parent / "data" / "outlet_tells.json").read_text(encoding="utf-8"))
    names = sorted(table["outlet_names"], key=len, reverse=True)
    table["names_re"] = re.compile(r"\b(?:[Tt]he )?(?:" + "|".join(re.escape(n) for n in names) + r")\b(?:'s|’s)?")
    table["dateline_re"] = re.compile(table["dateline"])
    table["to_us"] = {gb: us for gb, us in table["spelling_pairs"]}
    table["to_gb"] = {us: gb for gb, us in table["spelling_pairs"]}
    table["word_re"] = re.compile(r"\b[A-Za-z]+\b")
    return table


def _neutral(name: str, neutral: str) -> str:
    """The neutral phrase in place of ``name`` ("The BBC", "Fox News's"), keeping a capital The and a possessive."""
    phrase = neutral[0].upper() + neutral[1:] if name.startswith("The ") else neutral
    return phrase + ("’s" if name.endswith("’s") else "'s" if name.endswith("'s") else "")


def masked_for_training(article_id: str, text: str) -> str:
    """``text`` with its outlet tells masked (outlet names, datelines, one side's spelling): the genre heads and
    the encoder's genre task learn from these texts only; see ``data/outlet_tells.json``."""
    tells = _tells()
    paragraphs = []
    for paragraph in text.split("\n"):
        paragraph = tells["dateline_re"].sub("", paragraph, count=1) if len(paragraph) > 80 else paragraph
        paragraphs.append(tells["names_re"].sub(lambda m: _neutral(m.group(0), tells["neutral_name"]), paragraph))
    text = "\n".join(paragraphs)
    mapping = tells["to_us"] if _bucket("spelling:" + article_id) < 50 else tells["to_gb"]

    def swap(match: re.Match) -> str:
        word = match.group(0)
        other = mapping.get(word.lower())
        if other is None:
            return word
        return other.capitalize() if word[0].isupper() else other

    return tells["word_re"].sub(swap, text)
