"""Article text and metadata from an HTML page, with trafilatura."""
from __future__ import annotations

import copy
import re
import warnings as _warnings
from dataclasses import dataclass, field

from ..document import Metadata
from ..errors import NoArticleBody

_HTML_SNIFF = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<(p|div|article)[\s>]", re.I)


def looks_like_html(text: str) -> bool:
    """True when ``text`` is markup rather than prose (for stdin and JSONL input)."""
    head = text[:4096]
    return bool(_HTML_SNIFF.search(head)) and head.count("<") >= 3


_SHORT_WORDS = 80


@dataclass
class ExtractedArticle:
    text: str
    meta: Metadata
    # Non-body parts that trafilatura dropped but a reader saw with the
    # article (captions, appeal boxes, author bios): (kind, text) pairs.
    set_apart: list[tuple[str, str]] = field(default_factory=list)


# Class/id names that page templates give to furniture inside the article.
_SET_APART_CLASSES = [
    ("appeal", re.compile(r"subscri|newsletter|donat|support-?us|membership|paywall|sign-?up|contribut", re.I)),
    ("bio", re.compile(r"author-?bio|about-?(the-)?author|author-?info|contributor-?bio|\bbio\b", re.I)),
]
_MAX_SET_APART = 8


def _visible_text(element) -> str:
    """Text of an element without its form controls ("Email address", "Sign up" buttons)."""
    clone = copy.deepcopy(element)
    for control in clone.xpath(".//form|.//button|.//label|.//input|.//select|.//script|.//style"):
        control.drop_tree()
    return " ".join(clone.text_content().split())


def _set_apart_parts(html: str, body_text: str) -> list[tuple[str, str]]:
    """Captions, appeal boxes and bios of the article element, in page order."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    root = (tree.xpath("//article") or tree.xpath("//main") or [tree])[0]
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "figcaption":
            kind = "caption"
        else:
            names = f"{element.get('class', '')} {element.get('id', '')}"
            kind = next((k for k, rx in _SET_APART_CLASSES if rx.search(names)), None)
        if kind is None:
            continue
        text = _visible_text(element)
        # skip fragments, whole-article wrappers, and parts already shown (nested boxes)
        if not 4 <= len(text.split()) <= 120 or text in body_text:
            continue
        if any(text in other or other in text for other in seen):
            continue
        seen.add(text)
        found.append((kind, text))
        if len(found) >= _MAX_SET_APART:
            return found
    return found


# libxml2 stops parsing at 256 levels of nesting, so an article inside thousands of nested wrappers (generated
# pages, hostile input) was lost: then the page is read again without its <div> and <span> wrappers.
_WRAPPER_TAG = re.compile(r"</?(?:div|span)\b[^>]*>", re.I)
_MANY_WRAPPERS = 256


def extract_html(html: str, source: str, url: str | None = None) -> ExtractedArticle:
    """Extract the article body and its metadata (see :func:`_extract`); a page nested deeper than the
    parser reads, without its wrapper elements, when the article was not found otherwise."""
    try:
        return _extract(html, source, url)
    except NoArticleBody:
        if len(_WRAPPER_TAG.findall(html[:2_000_000], 0)) < _MANY_WRAPPERS:
            raise
        return _extract(_WRAPPER_TAG.sub("", html), source, url)


def _extract(html: str, source: str, url: str | None = None) -> ExtractedArticle:
    """Extract the article body and its metadata.

    Paragraphs of the extracted text are separated by a blank line, so the
    text reads well and paragraph offsets are unambiguous. Page furniture
    (navigation, ads, related links, comments) is dropped by trafilatura;
    appeals and bios that sit inside the article survive extraction and are
    marked later by :mod:`presslens.structure.nonbody`, like in plain text.
    """
    import trafilatura  # slow import; only HTML input pays for it

    def extract(**options):
        with _warnings.catch_warnings():
            _warnings.simplefilter("ignore")  # lxml FutureWarnings inside trafilatura
            try:
                return trafilatura.bare_extraction(
                    html, url=url, with_metadata=True, include_comments=False, include_tables=True, **options
                )
            except Exception as exc:  # trafilatura raises assorted lxml errors on garbage
                raise NoArticleBody(f"HTML could not be parsed ({type(exc).__name__})", source) from None

    result = extract()
    raw = getattr(result, "text", None) if result is not None else None
    if raw and len(raw.split()) < _SHORT_WORDS:
        # On pages without an article trafilatura falls back to dumping menus
        # and forms; its precision mode tells a short article from no article.
        precise = extract(favor_precision=True)
        if precise is None or not precise.text:
            raise NoArticleBody("no article text found in the HTML page", source)
    lines = [line.strip() for line in (raw or "").split("\n")]
    lines = [line for line in lines if line]
    if not lines or sum(len(line.split()) for line in lines) < 10:
        raise NoArticleBody("no article text found in the HTML page", source)
    authors = [a.strip() for a in re.split(r";|\band\b", result.author or "") if a.strip()]
    meta = Metadata(
        title=result.title or None,
        authors=authors,
        date=result.date or None,
        site=result.sitename or None,
        url=url or result.url or None,
    )
    text = "\n\n".join(lines)
    return ExtractedArticle(text, meta, _set_apart_parts(html, text))
