"""From entity mentions to actors: the mentions that name the same person, organisation, country or group.

Rules, in order (the tables in ``tables/`` are data, this is the code that applies them):

1. each PERSON/ORG/GPE/NORP entity of the body is a candidate mention; a possessive ("Macron’s") is cut off
   the span; a nationality word is a mention only as a group ("Ukrainians", "Russian forces"), not as an
   adjective ("Russian gas"), whatever spaCy labels it; non-actors (city nicknames, products) are dropped and
   known places retyped (a region such as Donbas is a place, not an actor); a dateline's place ("ISLAMABAD - ")
   is where the story was filed, not an actor; a name in the headline counts only when the text below names it
   too (spaCy reads a title-case headline's words as names);
2. mentions with the same *name key* are one actor: the name without titles ("French President Emmanuel
   Macron" is "Emmanuel Macron"), "the", dots and case, and through the alias table ("Britain", "the U.K.",
   "the United Kingdom");
3. a one-word person name joins the full name it ends or starts ("Macron" -> "Emmanuel Macron") when only one
   full name fits; when several do ("Biden": Joe or Hunter), each mention joins the one named last before it,
   and none when none was; a one-word organisation joins the one longer name it ends ("the Army", "the U.S.
   Army"); an acronym joins the organisation whose initials it spells ("WHO"), or the name the article defined it
   as in brackets ("Médecins Sans Frontières (MSF)");
4. every further occurrence of an actor's name in the body that the entity recogniser missed is a mention too.

No pronoun is linked: a wrong link would put one actor's words on another.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..document import Span
from ..entities.abbreviations import defined_abbreviations
from .tables import is_demonym, name_key, tables

ACTOR_TYPES = ("PERSON", "ORG", "GPE", "NORP")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_QUOTES = "\"“”‘’«»"   # not "'": "the Beatles'" keeps its possessive for the rule below
_SMALL_WORDS = {"of", "the", "and", "for", "on", "in", "de", "des", "du", "la", "le", "&"}


@dataclass
class Actor:
    name: str
    type: str
    mentions: list[Span] = field(default_factory=list)   # sorted by start; label: the mention's spaCy type
    surfaces: set[str] = field(default_factory=set)      # the bare names its mentions use ("Macron", "Emmanuel Macron")


def mention_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The name itself: without quotation marks around it (spaCy takes "’ Congressional Baseball Game"), a
    possessive or a trailing hyphen ("US-led")."""
    while start < end and (text[start] in _QUOTES or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in _QUOTES or text[end - 1].isspace()):
        end -= 1
    fragment = text[start:end]
    match = _POSSESSIVE.search(fragment)
    if match and match.start() > 0:
        end = start + match.start()
    while end > start and text[end - 1] in "-–":
        end -= 1
    return start, end


def bare_name(fragment: str, label: str = "PERSON") -> str:
    """The name without leading titles ("Former US President Donald Trump" -> "Donald Trump"), "the", or
    letters after it ("Gordon Taylor OBE" -> "Gordon Taylor"). A capitalised title that also begins organisations'
    names ("General Motors") is cut only from what spaCy ``label``s a person ("the capital Kyiv" is Kyiv)."""
    words = fragment.split()
    while len(words) > 1 and name_key(words[-1].rstrip(",")) in tables().postnominals:
        words = words[:-1]
    if words and words[-1].endswith(","):
        words[-1] = words[-1].rstrip(",")
    titles = tables().titles
    while len(words) > 1:
        lowered = [w.lower() for w in words]
        if lowered[0] == "the":
            words = words[1:]
            continue
        cut = _title_length(lowered, titles)
        if not cut and len(words) > 2 and _is_nationality(words[0]):
            cut = _title_length(lowered[1:], titles)
            cut = cut + 1 if cut else 0
        if not cut or cut >= len(words):
            break
        if label != "PERSON" and words[0][:1].isupper() and " ".join(lowered[:cut]) in tables().titles_in_names:
            break
        words = words[cut:]
    return " ".join(words)


def _title_length(lowered: list[str], titles) -> int:
    for title in titles:
        if tuple(lowered[:len(title)]) == title:
            return len(title)
    return 0


def _is_nationality(word: str) -> bool:
    """"French", "Ukrainian", "US", "U.S.": a word that may stand before a title."""
    return word[:1].isupper() and (name_key(word) in tables().canonical
                                   or re.search(r"(?:an|ese|ish|ch|i)$", word) is not None)


@lru_cache(maxsize=1)
def _title_keys() -> frozenset[str]:
    return frozenset(name_key(" ".join(title)) for title in tables().titles)


def _type_of(key: str, label: str) -> tuple[str | None, str]:
    """The mention's type after the tables' corrections, or ``None`` and the reason it is not an actor."""
    t = tables()
    if not key or key in _title_keys():
        return None, "a title, not a name"   # "Mr.", "Sen", "President" read as a name on their own
    if key in t.not_actors or key.rstrip("s") in t.not_actors:
        return None, "listed as no actor (a product, event, nickname or editorial aside)"
    if key in t.canonical:
        return t.canonical[key][1], ""
    if key in t.place_types:
        kind = t.place_types[key]
        return (kind, "") if kind in ACTOR_TYPES else (None, "a region or structure, not an actor")
    if key.endswith(" region") or key.endswith(" oblast"):
        return None, "a region or structure, not an actor"
    if " " in key and key.rsplit(" ", 1)[1] in t.place_words:
        return None, "a region or structure, not an actor"   # "the Green Line", "Ashford Vale"
    return (label, "") if label in ACTOR_TYPES else (None, "not a person, organisation, place or group")


_WORD = re.compile(r"[A-Za-z][\w'’-]*")


_OPENING_QUOTES, _CLOSING_QUOTES = "\"“‘'", "\"”’'"
_SMALL_TITLE_WORDS = {"The", "Of", "And", "In", "On", "A", "To", "With", "For", "At"}
_SHOUTED_COMMON_WORDS = {"the", "and", "for", "but", "not", "you", "this", "that", "here", "more", "read", "share"}


def context_reason(text: str, start: int, end: int, word_cases: Counter | None = None, label: str = "") -> str | None:
    """What the words around a name say that makes it no actor (``not_actor_cues.tsv``): "the police dog Rex"
    (an animal), "an AR-15 rifle" (a product or weapon), "his book The Other" (a work), "the Clean Air Act"; a
    name in quotation marks of its own ("CNN's "State of the Union"") or in title case ("Jewel Of The Nile") is a
    title; one word that the article writes in lower case at least as often as capitalised ("the People", "Court"
    beside "people", "court": ``word_cases``, :func:`word_cases`) is a common word, not a name."""
    fragment = text[start:end]
    if text[start - 1:start] in _OPENING_QUOTES and text[end:end + 2].lstrip(",.!?")[:1] in _CLOSING_QUOTES \
            and text[end:end + 1] not in ("'", "’") and fragment[:1].isupper():
        return "a title of a work (in quotation marks)"
    words = fragment.split()
    if len(words) > 2 and any(w in _SMALL_TITLE_WORDS for w in words[1:-1]):
        return "a title of a work (title case)"
    if word_cases is not None and len(words) == 1 and fragment[:1].isupper():
        lowered = fragment.lower()
        if fragment.isupper():
            # "CLICK HERE", "THE": a word in capitals that the article writes in lower case, long enough not to be
            # an acronym that is also a word ("US", "WHO", "IT")
            if len(fragment) >= 5 and word_cases[lowered] > 0 or lowered in _SHOUTED_COMMON_WORDS:
                return "a common word, not a name (the article writes it in lower case)"
        elif word_cases[lowered] > 0 and word_cases[lowered] >= word_cases[fragment]:
            return "a common word, not a name (the article writes it in lower case)"
    before = [w.lower() for w in _WORD.findall(text[max(0, start - 40):start])[-1:]]
    after = _WORD.match(text[end:end + 30].lstrip(" "))
    if after and after.group(0) in ("and", "or"):
        # "its Celebrex and Bextra products": the word after the names listed with this one
        listed = re.match(r"\s+(?:and|or)\s+(?:[A-Z][\w'’-]*\s+){1,3}", text[end:end + 60])
        after = _WORD.match(text[end + listed.end():end + listed.end() + 30]) if listed else after
    name_words = _WORD.findall(text[start:end])
    for reason, where, words in tables().not_actor_cues:
        if where == "before" and words & set(before):
            return reason
        if where == "after" and after and after.group(0).lower() in words:
            return reason
        if where == "last" and len(name_words) > 1 and name_words[-1].lower() in words and label != "PERSON":
            return reason
    return None


# A dateline at the start of a line: "ISLAMABAD - ", "KYIV, Ukraine (AP) — ", "ISLAMABAD, May 25 (Xinhua) -- ".
# Its place is where the story was filed, not an actor of the story. Not a colon: "CHRIS MATTHEWS: " is a
# transcript's speaker, who is one.
_DATELINE = re.compile(r"^[ \t]*[A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+)*(?:,[ \t]*[A-Z][\w. ]{1,30}?)?[ \t]*"
                       r"(?:\([^)\n]{1,30}\)[ \t]*)?[-–—]+[ \t]", re.MULTILINE)


def dateline_end(text: str, position: int) -> int | None:
    """Where the dateline that ``position`` lies in ends, if it lies in one (only its line is read)."""
    window = max(0, position - 81)   # a dateline is short: never scan back further (a book is one line)
    line_start = text.rfind("\n", window, position) + 1
    if line_start == 0 and window > 0 or position - line_start > 80:
        return None
    match = _DATELINE.match(text, line_start)
    return match.end() if match and position < match.end() else None


def actor_mentions(text: str, entities: list[Span]) -> list[Span]:
    """The entities that may name an actor, as actor mentions: the name itself (no possessive, quotes), typed
    after the tables' corrections (a claim card's actors are these)."""
    return [span for span, _, _ in _candidates(text, entities)]


def _candidates(text: str, entities: list[Span], rejected: list | None = None) -> list[tuple[Span, str, str]]:
    """(mention span labelled with its type, bare name, name key) of every entity that may be an actor;
    ``rejected``, when given, gets ``(span, reason)`` for each person, organisation, place or group entity that
    is not one."""
    out = []
    cases = word_cases(text)

    def reject(start: int, end: int, label: str, reason: str) -> None:
        if rejected is not None:
            rejected.append((Span(start, end, label), reason))

    for entity in entities:
        if entity.label not in ACTOR_TYPES:
            continue
        entity_start = entity.start
        end_of_dateline = dateline_end(text, entity.start) if entity.label != "PERSON" else None
        if end_of_dateline is not None:
            entity_start = end_of_dateline   # "LAHORE - Punjab Information": what follows the dateline stays
        if entity_start >= entity.end:
            reject(entity.start, entity.end, entity.label, "a dateline's place (where the story was filed)")
            continue
        for start, end in _name_parts(text, entity_start, entity.end):
            start, end = mention_span(text, start, end)
            label = entity.label
            if label != "NORP" and is_demonym(text[start:end]):
                label = "NORP"   # "Ukrainian" labelled GPE is the adjective, or a group with its noun; "Danes" a group
            if label == "NORP":
                group_end = _group_end(text, start, end)
                if group_end is None:
                    reject(start, end, label, "a nationality adjective, not a group")
                    continue
                end = group_end
            bare = bare_name(text[start:end], label)
            if bare[:1].islower():
                reject(start, end, label, "not a name (lower case)")
                continue   # "intel chiefs": a name is capitalised (a nationality group starts with its word)
            key = name_key(bare)
            kind, reason = _type_of(key, label)
            if kind is None or (reason := context_reason(text, start, end, cases, label) or reason):
                reject(start, end, label, reason)
                continue
            if key in tables().canonical:
                key = name_key(tables().canonical[key][0])
            elif kind == "ORG" and _looks_like_a_person(bare, key):
                kind = "PERSON"   # "Bernard Puttock", typed from the words around it
            out.append((Span(start, end, kind), bare, key))
    _join_parentheses(text, out)
    return out


@lru_cache(maxsize=2)
def word_cases(text: str) -> Counter:
    """How often each word is written in lower case, and capitalised inside a sentence (after a lower-case word or
    a comma: a sentence's or a headline's first word says nothing): "people": 12, "People": 0. Counted once per
    text: claim cards ask for the actors of each sentence with the whole text (don't mutate the result)."""
    return Counter(re.findall(r"\b[a-z]{2,}\b", text)) + Counter(re.findall(r"(?<=[a-z,;] )[A-Z][a-z]+\b", text))


def rejected_mentions(text: str, entities: list[Span]) -> list[tuple[Span, str]]:
    """The person, organisation, place and group entities that are no actors, each with the reason why."""
    rejected: list[tuple[Span, str]] = []
    _candidates(text, entities, rejected)
    return rejected


def _name_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """An entity read across a parenthesis ("World Health Organization (WHO") is a name and its short form."""
    fragment = text[start:end]
    opening = fragment.find("(")
    if opening <= 0:
        return [(start, end)]
    first = (start, start + len(fragment[:opening].rstrip()))
    inner = fragment[opening + 1:].split(")")[0].strip()
    if not inner:
        return [first]
    inner_start = start + fragment.index(inner, opening)
    return [first, (inner_start, inner_start + len(inner))]


def _join_parentheses(text: str, candidates: list[tuple[Span, str, str]]) -> None:
    """"the World Health Organization (WHO)": the short form in brackets right after a name is that name (not
    the next name of a list: "Hyundai, LG and Foxconn")."""
    for i in range(1, len(candidates)):
        (previous, _, key), (span, bare, _) = candidates[i - 1], candidates[i]
        if 0 < span.start - previous.end <= 3 and "(" in text[previous.end:span.start] \
                and bare.replace(".", "").isupper():
            candidates[i] = (Span(span.start, span.end, previous.label), bare, key)


def _group_end(text: str, start: int, end: int) -> int | None:
    """Where a nationality mention ends as an actor: "Ukrainians" and "Russian forces" are groups; "Russian"
    before another word is an adjective ("Russian gas"), not an actor (``None``)."""
    if text[start:end].endswith("s"):
        return end
    following = re.match(r"\s+([a-z]+)\b", text[end:end + 40])
    if following and following.group(1) in tables().group_nouns:
        return end + following.end()
    return None


def find_actors(text: str, entities: list[Span], body: list[Span], headline: Span | None = None) -> list[Actor]:
    """The actors named in the body, most mentioned first (then first named first); ``headline``: the
    document's headline, whose names count only when the rest of the text names them too."""
    groups: dict[str, list[tuple[Span, str]]] = {}
    candidates = _candidates(text, entities)
    for span, bare, key in candidates:
        groups.setdefault(key, []).append((span, bare))
    _join_short_names(groups)
    _join_short_organisations(groups)
    key_of = {(span.start, span.end): key for span, _, key in candidates}
    defined = {name_key(short): key_of.get((name.start, name.end))
               for short, name in defined_abbreviations(text, [span for span, _, _ in candidates]).items()}
    _join_acronyms(groups, defined)
    if headline is not None and headline.end > headline.start:
        # spaCy reads a title-case headline's words as names ("Hypocrisy Exposed", "NATO Ignored Its Security
        # Demands"): an actor named in the headline only is not one
        groups = {key: members for key, members in groups.items()
                  if not all(headline.contains(span) for span, _ in members)}
    actors = [_actor(key, members) for key, members in groups.items()]
    _add_missed_mentions(text, actors, body, entities)
    actors.sort(key=lambda a: (-len(a.mentions), a.mentions[0].start))
    return actors


def _kind(members: list[tuple[Span, str]]) -> str:
    return Counter(span.label for span, _ in members).most_common(1)[0][0]


def _person_shaped(bare: str, key: str) -> bool:
    """Two or three words written as a person's name ("Ched Evans"), none of them an organisation's word: what an
    organisation name that spaCy typed from the words around it ("the Ched Evans case") looks like."""
    words = bare.split()
    return (2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words)
            and not tables().org_words & set(key.split()))


def _looks_like_a_person(bare: str, key: str) -> bool:
    """Person-shaped and starting with a common given name ("Bernard Puttock")."""
    return bare.split()[0].lower() in tables().given_names and _person_shaped(bare, key)


def _may_be_person(key: str, members: list[tuple[Span, str]]) -> bool:
    """An organisation's group of mentions that a person's surname may join (see :func:`_person_shaped`)."""
    return _kind(members) == "ORG" and _person_shaped(members[0][1], key)


def _join_short_names(groups: dict[str, list[tuple[Span, str]]]) -> None:
    full = {key: members for key, members in groups.items() if " " in key and _kind(members) == "PERSON"}
    maybe = {key: members for key, members in groups.items() if " " in key and _may_be_person(key, members)}
    for key in [k for k in groups if " " not in k]:
        members = groups[key]
        if _kind(members) not in ("PERSON", "ORG") or not members[0][1][:1].isupper():
            continue
        fits = [k for k in full if k.split()[-1] == key or k.split()[0] == key]
        if not fits and _kind(members) == "PERSON":
            # "Evans" (a person) and only "Ched Evans" (an organisation to spaCy) to join: the person it is
            fits = [k for k in maybe if k.split()[-1] == key]
            if len(fits) == 1:
                groups[fits[0]][:] = [(Span(s.start, s.end, "PERSON"), bare) for s, bare in groups[fits[0]]]
                full[fits[0]] = groups[fits[0]]
            else:
                fits = []
        if not fits:
            continue
        kept = []
        starts = {k: sorted(s.start for s, _ in full[k]) for k in fits}
        for span, bare in members:
            # the full names mentioned before this mention, with where each was mentioned last
            before = [(starts[k][i - 1], k) for k in fits if (i := bisect_left(starts[k], span.start)) > 0]
            if len(fits) == 1 and not before:
                before = [(0, fits[0])]  # the only full name, named later ("Macron ... Emmanuel Macron")
            if before:
                target = max(before)[1]
                groups[target].append((Span(span.start, span.end, "PERSON"), bare))
            else:
                kept.append((span, bare))
        if kept:
            groups[key] = kept
        else:
            del groups[key]


def _initials(key: str) -> str:
    return "".join(word[0] for word in key.split() if word not in _SMALL_WORDS)


def _join_short_organisations(groups: dict[str, list[tuple[Span, str]]]) -> None:
    """"the Army" after "the U.S. Army": a one-word organisation name that ends exactly one longer organisation's
    name is that organisation (when two fit, "the Court" beside a district and a supreme court, it stays apart)."""
    longer = [key for key, members in groups.items() if " " in key and _kind(members) == "ORG"]
    for key in [k for k, members in groups.items() if " " not in k and _kind(members) == "ORG"]:
        fits = [k for k in longer if k.split()[-1] == key]
        if len(fits) == 1:
            groups[fits[0]] += groups.pop(key)


def _join_acronyms(groups: dict[str, list[tuple[Span, str]]], defined: dict[str, str | None]) -> None:
    """An acronym joins the organisation or country whose initials it spells, or the name the article defined it
    as ("Médecins Sans Frontières (MSF)": ``defined`` maps the short form's key to the name's)."""
    for key in [k for k in groups if " " not in k and 2 <= len(k) <= 10]:
        if not all(bare.replace(".", "").isupper() for _, bare in groups[key]):
            continue
        if defined.get(key) in groups and defined[key] != key:
            groups[defined[key]] += groups.pop(key)
            continue
        fits = [k for k in groups if " " in k and _initials(k) == key and _kind(groups[k]) in ("ORG", "GPE")]
        if len(fits) == 1:
            groups[fits[0]] += groups.pop(key)


def _actor(key: str, members: list[tuple[Span, str]]) -> Actor:
    members.sort(key=lambda m: m[0].start)
    canonical = tables().canonical.get(key)
    if canonical:
        name, kind = canonical
    else:
        counts = Counter(bare for _, bare in members)
        name = max(counts, key=lambda b: (len(b.split()), counts[b], -members[[m[1] for m in members].index(b)][0].start))
        kind = _kind(members)
    return Actor(name, kind, [span for span, _ in members], {bare for _, bare in members})


def _add_missed_mentions(text: str, actors: list[Actor], body: list[Span], entities: list[Span]) -> None:
    """Occurrences of an actor's own names that the recogniser did not label (or labelled as another type).
    One pattern of every actor's names, one pass over the body (a book names thousands of actors)."""
    taken = sorted([m for a in actors for m in a.mentions] + [e for e in entities if e.label not in ACTOR_TYPES],
                   key=lambda s: s.start)
    owners = Counter(surface for a in actors for surface in a.surfaces)
    owner_of = {surface: actor for actor in actors for surface in actor.surfaces
                if owners[surface] == 1 and len(surface) > 2 and surface[:1].isupper()}
    if not owner_of:
        return
    pattern = re.compile(r"(?<![\w-])(?:%s)(?![\w-])" % "|".join(map(re.escape, sorted(owner_of, key=len, reverse=True))))
    added: dict[int, list[Span]] = {}
    for paragraph in body:
        for match in pattern.finditer(text, paragraph.start, paragraph.end):
            actor = owner_of[match.group(0)]
            span = Span(match.start(), match.end(), actor.type)
            if not _overlaps_any(taken, span):
                added.setdefault(id(actor), []).append(span)
    for actor in actors:
        if id(actor) in added:
            actor.mentions = sorted(actor.mentions + added[id(actor)], key=lambda s: s.start)


def _overlaps_any(spans: list[Span], span: Span) -> bool:
    """Whether ``span`` overlaps one of ``spans`` (sorted by start; entities are short, so the few that start
    before its end are enough to look at)."""
    stop = bisect_left(spans, span.end, key=lambda s: s.start)
    return any(other.overlaps(span) for other in spans[max(0, stop - 8):stop])
