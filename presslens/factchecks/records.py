"""Fact-check records to :class:`FactCheck` objects.

Two kinds of record are read:

- schema.org ``ClaimReview`` (https://schema.org/ClaimReview): the JSON-LD that fact-checkers put in their
  pages (``<script type="application/ld+json">``) and that archives hand out as files. A ClaimReview may
  come alone, in an array, in a JSON-LD document's ``@graph``, or inside a page's ``mainEntity``.
- rows of the CLEF CheckThat! 2022 Task 2 verified-claim archives (``vclaims.jsonl.gz``; Snopes for 2A,
  PolitiFact for 2B): ``vclaim_id``, ``vclaim``, ``title``, ``subtitle``, ``truth_label``, ``speaker``,
  ``date``, ``url``.

Ratings are kept as published ("False", "Pants on Fire!", "1 on 1–5"); putting them on a common scale is
the matcher's business. Every reader returns the records it could read and, in place of each one it could
not, the :class:`~presslens.errors.PresslensError` that says why, so one bad record never stops the
others. Nothing here touches files: callers hand in parsed JSON, a page's HTML or lines of text.
"""
from __future__ import annotations

import datetime
import hashlib
import html as html_entities
import json
import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator
from urllib.parse import urljoin, urlsplit

from ..errors import InvalidRecord, PresslensError


@dataclass
class FactCheck:
    """One earlier fact-check: a claim as a fact-checker worded it, with the verdict it was given."""

    id: str               # the record's URL, else "claimreview:<sha1(claim|reviewer|date), 12 hex>"; vclaim_id
    claim: str            # the claim as the fact-checker worded it (ClaimReview claimReviewed; CheckThat vclaim)
    rating: str | None    # as published: reviewRating.alternateName, else e.g. "1 on 1–5"; CheckThat truth_label
    reviewer: str | None  # who checked it: author.name, else publisher.name; "PolitiFact"/"Snopes" for CheckThat rows
    date: str | None      # datePublished (CheckThat: the statement date), YYYY-MM-DD where it parses, else as given
    url: str | None
    title: str | None = None    # the fact-check article's headline (ClaimReview "name" or "headline"; CheckThat title)
    speaker: str | None = None  # who made the claim: itemReviewed.author.name; CheckThat speaker
    summary: str | None = None  # ClaimReview "description"; CheckThat subtitle
    origin: str | None = None   # the file (and line) it came from
    problem: str | None = None  # a one-line note on a kept record (e.g. its rating could not be read); None when fine
    size: int = 0               # input bytes it came from (for progress bars)

    @property
    def digest(self) -> str:
        """A fingerprint of what is stored of the record: the same record added again is left alone."""
        fields = (self.claim, self.rating, self.reviewer, self.date, self.url, self.title, self.speaker, self.summary)
        return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()


# How deep ClaimReviews are looked for: a list of JSON-LD documents whose @graph holds a WebPage whose
# mainEntity is the review is four levels down. Deeper nesting is not looked into, which also bounds the
# walk over a hostile document.
_MAX_DEPTH = 4
_NESTING_KEYS = ("@graph", "mainEntity")
# CheckThat! ids name the archive; PolitiFact's rows carry site-relative URLs.
_CHECKTHAT_SITES = {
    "vclaim-pol-": ("PolitiFact", "https://www.politifact.com/"),
    "vclaim-sno-": ("Snopes", "https://www.snopes.com/"),
}
# Fewer words than this cannot be matched against an article's sentence: some Snopes vclaims were cut off in
# the archive ("The", "U.S.", even the verdict "false"); PolitiFact's Flip-O-Meter claims are topics ("On abortion").
_MIN_CLAIM_WORDS = 3

_MONTHS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")),
        start=1,
    )
    for name in names
}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])")
# PolitiFact: "stated on October 22, 2019 in a campaign mailer.:" (the rest says where; the date is when it was said).
_MONTH_DAY_YEAR = re.compile(r"^(?:stated\s+on\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b", re.IGNORECASE)
# Snopes: "26 May 2015", also "21February 2009" and doubled spaces in the archive.
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_LD_JSON_WRAPPER_START = re.compile(r"^\s*(?://\s*)?(?:<!\[CDATA\[|<!--)")
_LD_JSON_WRAPPER_END = re.compile(r"(?://\s*)?(?:\]\]>|-->)\s*$")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


# ---------------------------------------------------------------------------------------------------------
# Public readers


def is_fact_check_record(obj: Any) -> bool:
    """True for a dict that holds a fact-check: a ClaimReview (by ``@type`` or a ``claimReviewed`` field),
    a JSON-LD document whose ``@graph`` (or ``mainEntity``) holds one, or a CheckThat! row (``vclaim``)."""
    if not isinstance(obj, dict):
        return False
    return "vclaim" in obj or next(_claim_review_objects(obj), None) is not None


def fact_checks_from_json(value: Any, label: str) -> list[FactCheck | PresslensError]:
    """The ClaimReviews in parsed JSON: one object, a list, a JSON-LD ``@graph`` or a page's ``mainEntity``.

    Objects of other types (NewsArticle, WebPage, BreadcrumbList ...) are skipped without a word; a
    ClaimReview without a claim is an :class:`InvalidRecord` in its place. A review repeated in one document
    is returned once.
    """
    return list(_claim_reviews_in(value, label, seen={}, keep_duplicates=False))


def fact_check_from_checkthat(row: dict, label: str) -> FactCheck | PresslensError:
    """One row of a CLEF CheckThat! 2022 Task 2 ``vclaims`` archive, or the error that says why it is none."""
    if not isinstance(row, dict):
        return InvalidRecord("a CheckThat row must be a JSON object", label)
    vclaim_id = _text(row.get("vclaim_id"))
    claim = _text(row.get("vclaim"))
    if not claim:
        return InvalidRecord(f"a CheckThat row without vclaim ({_or_none('vclaim_id', vclaim_id)})", label)
    reviewer, site = next(
        (names for prefix, names in _CHECKTHAT_SITES.items() if vclaim_id and vclaim_id.startswith(prefix)),
        (None, None),
    )
    url = _text(row.get("url"))
    if url and site and not urlsplit(url).scheme:
        url = urljoin(site, url)
    given_date = _text(row.get("date"))
    date = _read_date(given_date)
    return FactCheck(
        id=vclaim_id or f"checkthat:{_digest(claim)}",
        claim=claim,
        rating=_text(row.get("truth_label")),
        reviewer=reviewer,
        date=date or given_date,
        url=url,
        title=_text(row.get("title")),
        speaker=_text(row.get("speaker")),
        summary=_text(row.get("subtitle")),
        origin=label,
        problem=_join_notes(_short_claim_note(claim), _date_note(given_date, date)),
    )


def fact_checks_from_record(obj: Any, label: str) -> list[FactCheck | PresslensError]:
    """The fact-checks in one parsed record, whichever kind it is: ClaimReview JSON(-LD) or CheckThat! rows
    (a list may mix them). Anything else gives ``[]``."""
    return list(_records_in(obj, label, seen={}, keep_duplicates=False))


def fact_checks_in_html(html: str, label: str) -> list[FactCheck | PresslensError]:
    """The ClaimReviews in a page's ``<script type="application/ld+json">`` blocks.

    A block that is not JSON is one :class:`InvalidRecord` ("ld+json block 2 is not JSON: ..."); the
    other blocks are still read. A page without ClaimReview (or without HTML) gives ``[]``.
    """
    import lxml.etree
    import lxml.html

    # lxml refuses a str that still declares its byte encoding; the text is decoded already.
    source = _XML_DECLARATION.sub("", html, count=1)
    if not source.strip():
        return []
    try:
        tree = lxml.html.fromstring(source)
    except (ValueError, lxml.etree.ParserError):
        return []
    found: list[FactCheck | PresslensError] = []
    seen: dict[str, str] = {}
    blocks = [script for script in tree.iter("script") if _is_ld_json_type(script.get("type"))]
    for number, script in enumerate(blocks, start=1):
        text = _unwrap_ld_json(script.text or "")
        if not text:
            continue
        value, problem = _parse_json(text)
        if problem:
            found.append(InvalidRecord(f"ld+json block {number} is not JSON: {problem}", label))
            continue
        for item in _claim_reviews_in(value, label, seen, keep_duplicates=False):
            if isinstance(item, PresslensError):
                item.reason = f"ld+json block {number}: {item.reason}"
            found.append(item)
    return found


def read_fact_check_lines(lines: Iterable[str | bytes], label: str) -> Iterator[FactCheck | PresslensError]:
    """Fact-checks from JSON lines, one record a line (ClaimReview objects and CheckThat! rows may be mixed).

    Blank lines are skipped. A line that is not JSON, or is JSON but no fact-check, is an
    :class:`InvalidRecord` naming the line; the other lines are still read. Each fact-check's ``origin``
    is ``label:N``.
    """
    seen: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield InvalidRecord(f"line {number}: not JSON (not UTF-8 text: byte {exc.start})", label)
                continue
        # A byte-order mark may open the file; json.loads refuses it in a str.
        text = line.lstrip("\ufeff")
        if not text.strip():
            continue
        value, problem = _parse_json(text, with_line=False)
        if problem:
            yield InvalidRecord(f"line {number}: not JSON ({problem})", label)
            continue
        if not is_fact_check_record(value):
            yield InvalidRecord(f"line {number}: not a fact-check record (no claimReviewed or vclaim)", label)
            continue
        # Each line is a record of the archive: a line repeated is kept, so counts match the file.
        for item in _records_in(value, label, seen, keep_duplicates=True):
            if isinstance(item, FactCheck):
                item.origin = f"{label}:{number}"
            else:
                item.reason, item.source = f"line {number}: {item.reason}", label
            yield item


def read_fact_check_json(text: str, label: str) -> list[FactCheck | PresslensError]:
    """The fact-checks of a whole JSON file: a ClaimReview, an array of records, a JSON-LD ``@graph``."""
    value, problem = _parse_json(text.lstrip("\ufeff"))
    if problem:
        hint = ": JSON lines? they are read one record a line" if problem.startswith("Extra data") else ""
        return [InvalidRecord(f"not JSON ({problem}){hint}", label)]
    return fact_checks_from_record(value, label)


# ---------------------------------------------------------------------------------------------------------
# ClaimReview


def _records_in(
    value: Any, label: str, seen: dict[str, str], keep_duplicates: bool
) -> Iterator[FactCheck | PresslensError]:
    """Dispatch: CheckThat! rows (alone or as items of a list) and ClaimReviews anywhere else."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if _is_checkthat_row(item):
            check = fact_check_from_checkthat(item, label)
            if isinstance(check, PresslensError) or _settle_id(check, seen, keep_duplicates):
                yield check
        else:
            yield from _claim_reviews_in(item, label, seen, keep_duplicates)


def _claim_reviews_in(
    value: Any, label: str, seen: dict[str, str], keep_duplicates: bool
) -> Iterator[FactCheck | PresslensError]:
    for obj in _claim_review_objects(value):
        check = _from_claim_review(obj, label)
        if isinstance(check, PresslensError) or _settle_id(check, seen, keep_duplicates):
            yield check


def _claim_review_objects(value: Any, depth: int = 0) -> Iterator[dict]:
    """The ClaimReview objects in parsed JSON, in document order (not looked into: a review's own fields)."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, list):
        for item in value:
            yield from _claim_review_objects(item, depth + 1)
    elif isinstance(value, dict):
        if _is_claim_review(value):
            yield value
            return
        for key in _NESTING_KEYS:
            if key in value:
                yield from _claim_review_objects(value[key], depth + 1)


def _is_claim_review(obj: dict) -> bool:
    return "ClaimReview" in _types(obj) or "claimReviewed" in obj


def _is_checkthat_row(obj: Any) -> bool:
    return isinstance(obj, dict) and "vclaim" in obj and not _is_claim_review(obj)


def _types(obj: dict) -> set[str]:
    """``@type`` values without their vocabulary prefix ("schema:ClaimReview", "http://schema.org/ClaimReview")."""
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {re.split(r"[/:#]", value)[-1] for value in values if isinstance(value, str)}


def _from_claim_review(obj: dict, label: str) -> FactCheck | PresslensError:
    url = _text(obj.get("url"))
    if url is None:
        # A node's @id is its URL when the page gives no "url" field.
        node_id = _text(obj.get("@id"))
        url = node_id if node_id and node_id.startswith(("http://", "https://")) else None
    claim = _unescaped(obj.get("claimReviewed"))
    if not claim:
        return InvalidRecord(f"a ClaimReview without claimReviewed ({_or_none('url', url)})", label)
    rating, rating_note = _rating(obj.get("reviewRating"))
    reviewer = _names(obj.get("author")) or _names(obj.get("publisher"))
    given_date = _text(obj.get("datePublished"))
    date = _read_date(given_date)
    item = _first_dict(obj.get("itemReviewed"))
    return FactCheck(
        id=url or f"claimreview:{_digest(claim, reviewer, date or given_date)}",
        claim=claim,
        rating=rating,
        reviewer=reviewer,
        date=date or given_date,
        url=url,
        title=_unescaped(obj.get("name")) or _unescaped(obj.get("headline")),
        speaker=_names(item.get("author")) if item else None,
        summary=_unescaped(obj.get("description")),
        origin=label,
        problem=_join_notes(rating_note, _short_claim_note(claim), _date_note(given_date, date)),
    )


def _rating(value: Any) -> tuple[str | None, str | None]:
    """The rating as published, and a note when there is one that cannot be read."""
    if value is None or value == [] or value == {}:
        return None, None
    if isinstance(value, str):  # a bare verdict where a Rating object belongs
        return _unescaped(value), None
    rating = _first_dict(value)
    if rating is None:
        return None, "reviewRating is not a Rating object: kept without a rating"
    name = _unescaped(rating.get("alternateName"))
    if name:
        return name, None
    score = _number(rating.get("ratingValue"))
    if score is None:
        return None, "reviewRating has neither alternateName nor ratingValue: kept without a rating"
    best, worst = _number(rating.get("bestRating")), _number(rating.get("worstRating"))
    if best is None and worst is None:
        # "3" means nothing without its scale (3 of 5 is middling, 3 of 3 is true): better no rating than a guess.
        return None, (f"rating {score} is on an unknown scale (no alternateName, bestRating or worstRating): "
                      "kept without a rating")
    # schema.org: an omitted worstRating is 1 and an omitted bestRating is 5.
    return f"{score} on {worst if worst is not None else '1'}–{best if best is not None else '5'}", None


# ---------------------------------------------------------------------------------------------------------
# Field helpers


def _text(value: Any) -> str | None:
    """A field as one line of text: whitespace runs collapsed (non-breaking spaces and newlines included),
    ends stripped; empty, missing and non-text values are None. A list gives its first text."""
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, list):
        return next((text for text in map(_text, value) if text), None)
    return None


def _unescaped(value: Any) -> str | None:
    """Text with HTML entities decoded: CMSs write "&quot;" and "&#8217;" into JSON-LD strings."""
    text = _text(value)
    return _text(html_entities.unescape(text)) if text else None


def _number(value: Any) -> str | None:
    """A rating number as written: 1.0 and "1" both read "1"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    return _text(value) if isinstance(value, str) else None


def _names(value: Any) -> str | None:
    """``name`` of a Person/Organization, a list of them (joined, each once) or a plain string."""
    if isinstance(value, dict):
        return _unescaped(value.get("name"))
    if isinstance(value, list):
        names = [name for name in map(_names, value) if name]
        return ", ".join(dict.fromkeys(names)) or None
    return _unescaped(value) if isinstance(value, str) else None


def _first_dict(value: Any) -> dict | None:
    if isinstance(value, list):
        return next((item for item in value if isinstance(item, dict)), None)
    return value if isinstance(value, dict) else None


def _read_date(given: str | None) -> str | None:
    """YYYY-MM-DD for an ISO date or datetime (its own calendar day, not converted to UTC), "October 22,
    2019", "stated on October 22, 2019 in ..." or "26 May 2015"; None for anything else."""
    if not given:
        return None
    if match := _ISO_DATE.match(given):
        year, month, day = (int(part) for part in match.groups())
    elif match := _MONTH_DAY_YEAR.match(given):
        month_name, day_text, year_text = match.groups()
        month, day, year = _MONTHS.get(month_name.lower(), 0), int(day_text), int(year_text)
    elif match := _DAY_MONTH_YEAR.match(given):
        day_text, month_name, year_text = match.groups()
        month, day, year = _MONTHS.get(month_name.lower(), 0), int(day_text), int(year_text)
    else:
        return None
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:  # month 0 (not a month name), 31 April ...
        return None


def _date_note(given: str | None, date: str | None) -> str | None:
    """A note for a date that is kept as given because it could not be read."""
    if not given or date:
        return None
    shown = given if len(given) <= 40 else given[:40] + "…"
    return f"date {shown!r} could not be read: kept as given"


def _short_claim_note(claim: str) -> str | None:
    words = len(claim.split())
    if words >= _MIN_CLAIM_WORDS:
        return None
    return f"claim {claim!r} has {words} word{'' if words == 1 else 's'}: too short to match on its own"


def _join_notes(*notes: str | None) -> str | None:
    return "; ".join(note for note in notes if note) or None


def _or_none(name: str, value: str | None) -> str:
    return f"{name} {value}" if value else f"no {name}"


def _digest(*parts: str | None) -> str:
    """12 hex digits of SHA-1 over the parts: the id of a record that has no URL, the same on every read."""
    joined = "|".join(part or "" for part in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:12]


def _settle_id(check: FactCheck, seen: dict[str, str], keep_duplicates: bool) -> bool:
    """Makes ``check.id`` unique among the records of one read; False for a repeat of a record already read.

    A fact-check article that reviews several claims often gives each ClaimReview the article's URL: the
    first keeps it, the others get ``URL#<digest of claim|reviewer|date>``, which is the same on every read.
    """
    previous = seen.get(check.id)
    if previous is None:
        seen[check.id] = check.claim
        return True
    if previous == check.claim:
        return keep_duplicates
    check.id = f"{check.id}#{_digest(check.claim, check.reviewer, check.date)}"
    if check.id in seen:
        return keep_duplicates
    seen[check.id] = check.claim
    return True


def _is_ld_json_type(value: str | None) -> bool:
    """``type="application/ld+json"``, in any case and with parameters (``; charset=utf-8``)."""
    return bool(value) and value.split(";", 1)[0].strip().lower() == "application/ld+json"


def _unwrap_ld_json(text: str) -> str:
    """A script's JSON without the ``<!-- -->`` or ``//<![CDATA[ ... //]]>`` wrapper old CMS templates add."""
    text = _LD_JSON_WRAPPER_START.sub("", text, count=1)
    return _LD_JSON_WRAPPER_END.sub("", text, count=1).strip()


def _parse_json(text: str, with_line: bool = True) -> tuple[Any, str | None]:
    """The parsed value, or None and a one-line reason it is not JSON."""
    try:
        # strict=False: publishers' JSON-LD often has raw newlines and tabs inside strings.
        return json.loads(text, strict=False), None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}" if with_line else f"column {exc.colno}"
        return None, f"{exc.msg} at {where}"
    except RecursionError:  # thousands of nested brackets: the json module gives up before any ClaimReview
        return None, "nested too deeply"
