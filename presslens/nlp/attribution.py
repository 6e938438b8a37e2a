"""Who says so: the source a claim is attributed to ("according to the French investigation", "the police said").

Rules over the sentence, helped by the entity layer: an "according to"
phrase, or a reporting verb with its subject before it ("Councillor Haines
insists") or after it in an inverted quote tag ("…, said the minister").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..document import Span, trim

REPORTING_VERBS = (
    "said|says|say|told|tells|claimed|claims|claim|stated|states|reported|reports|estimated|estimates|estimate|"
    "warned|warns|insisted|insists|announced|announces|argued|argues|wrote|writes|found|finds|concluded|concludes|"
    "confirmed|confirms|noted|notes|added|explained|admitted|alleged|alleges|testified|revealed|reveals|showed|shows|"
    "suggested|suggests|acknowledged|believes|believed|maintains|maintained|put it|puts it"
)
_ACCORDING = re.compile(r"\b(?:according to|as reported by|in the words of|citing)\s+(?P<source>[^,;:.!?\"“”]+)",
                        re.IGNORECASE)
# A subject noun phrase right before the verb: capitalised words (a name, an institution), or a
# determiner phrase ending in a noun of ``tables/source_nouns.txt`` ("the police", "the city's own audit", "the
# mayor", "officials", "experts").
_SOURCE_NOUNS = sorted((line.strip() for line in (Path(__file__).resolve().parent / "tables" / "source_nouns.txt")
                        .read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")),
                       key=len, reverse=True)
_NP = (r"(?:(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\s+)?"
       r"(?:[\w'’.-]+\s+){0,3}?"
       rf"(?:[A-Z][\w'’.-]*|(?:{'|'.join(map(re.escape, _SOURCE_NOUNS))})(?![\w'’-]))")
# An appositive may sit between subject and verb: "Gregory Haines, who chairs the committee, insists", "the final
# report — released two weeks early — admitted".
_SUBJECT_VERB = re.compile(rf"(?<![\w'’.-])(?P<source>{_NP})(?:,[^,]{{1,100}},|\s+[—–][^—–]{{1,100}}[—–])?\s+"
                           rf"(?:has\s+|have\s+|had\s+|also\s+|later\s+)?"
                           rf"(?P<cue>{REPORTING_VERBS})\b")
# Inverted quote tags only right after a closing quotation: "“We will rebuild,” said the mayor".
_INVERTED = re.compile(rf"[”\"’]\s*,?\s*(?P<cue>{REPORTING_VERBS})\s+(?P<source>[^,;:.!?\"“”]+)")
# Time and manner after a source ("said the mayor on Monday") are not part of it.
_SOURCE_TAIL = re.compile(r"\s+(?:on|last|yesterday|today|this|in a|in an|at a|during|when|after|before)\b.*$", re.DOTALL)
# A clause before the subject is not part of it: "soon after Putin announced" is Putin's.
_SOURCE_LEAD = re.compile(r"^.*\b(?:after|before|when|while|as|because|since|until|unless|if|though|although|that|"
                          r"but|so|then|once|where)\s+", re.IGNORECASE | re.DOTALL)
# Who speaks for an institution comes before it: "Professor Helen Strand of the Institute …", "A spokesman for
# the Ministry …". The subject pattern finds the institution; this widens the source to the person.
_SPEAKER_OF = re.compile(r"(?:(?:[Aa]n?|[Tt]he)\s+)?(?:(?:[A-Z][\w'’.-]*\s+){1,4}|(?:[\w-]+\s+)?"
                         r"(?:spokes(?:man|woman|person)|official|director|head|chief|secretary|member)s?\s+)"
                         r"(?:of|at|from|for)\s+$")
# Not a source by themselves: pronouns, and the article of a noun phrase that a reporting verb's noun follows
# ("An estimate of 190,000 troops": "estimate" is a noun there, not a verb with "An" for its subject).
_STOP_WORDS = {"it", "this", "that", "which", "who", "what", "there", "he", "she", "they", "we", "i", "you", "one",
               "a", "an", "the", "his", "her", "their", "its", "our", "my", "your", "some", "any", "no", "every"}


# Reporting verbs that are also plural nouns ("Arab states", "press reports", "the claims"): one reads as the verb
# only when a clause or a quotation follows it ("the report states that …", "the audit finds 40 faults").
_NOUN_TOO = {"states", "reports", "claims", "notes", "estimates", "shows", "finds", "suggests", "reveals"}
_CLAUSE_START = re.compile(r"""\s*(?:that|the|a|an|it|he|she|they|we|there|this|these|those|his|her|its|their|no|some|"""
                           r"""more|about|up to|nearly|almost|only|\d|["“‘:,—–-])""", re.IGNORECASE)


# A participle the agent follows is passive: "Andrew Wheeler, …, confirmed by Senate as EPA chief" is said of
# Wheeler, not by him (read on an unseen USA Today report).
_PASSIVE_AGENT = re.compile(r"\s+by\b", re.IGNORECASE)


# A possessive makes such a word a noun whatever follows: "dismissed Trump's claims that the fires …" names no
# source (read on an unseen HuffPost article, where the claim's source was "fire officials dismissed Trump's").
_POSSESSIVE_BEFORE = re.compile(r"(?:['’]s|s['’]|\b(?:his|her|its|their|our|my|your))\s+$", re.IGNORECASE)


def _verb_reading(sentence: str, match: re.Match) -> bool:
    cue = match.group("cue").lower()
    if _PASSIVE_AGENT.match(sentence, match.end("cue")):
        return False
    if cue in _NOUN_TOO and _POSSESSIVE_BEFORE.search(sentence, 0, match.start("cue")):
        return False
    return cue not in _NOUN_TOO or bool(_CLAUSE_START.match(sentence, match.end("cue")))


@dataclass(frozen=True)
class Attribution:
    start: int           # the source phrase, offsets into the document text
    end: int
    cue: str             # "according to", "said", ...

    def as_dict(self, text: str) -> dict:
        return {"start": self.start, "end": self.end, "text": text[self.start:self.end], "cue": self.cue}


def find_attribution(text: str, start: int, end: int, entities: list[Span] = ()) -> Attribution | None:
    """The source of the claim in ``text[start:end]``, or ``None`` when it is stated without one."""
    sentence = text[start:end]
    for pattern, cue_of in ((_ACCORDING, lambda m: " ".join(m.group(0).split()[:2]).lower()),
                            (_SUBJECT_VERB, lambda m: m.group("cue")), (_INVERTED, lambda m: m.group("cue"))):
        for source_start, source_end, match in _matches(pattern, sentence):
            s, e = trim(text, start + source_start, start + source_end)
            s, e = _source_span(text, start, s, e, entities, subject=pattern is _SUBJECT_VERB)
            if e > s and text[s:e].lower() not in _STOP_WORDS:
                return Attribution(s, e, cue_of(match))
    return None


def _source_span(text: str, floor: int, s: int, e: int, entities, subject: bool) -> tuple[int, int]:
    """A source phrase made whole: a subject before its verb loses the clause before it ("soon after Putin") and
    widens to who speaks for an institution ("A spokesman for the Ministry"); time and manner after it are cut
    ("the mayor on Monday"); an entity it cuts through is taken whole."""
    if subject:
        lead = _SOURCE_LEAD.match(text[s:e])
        if lead:
            s += lead.end()
        speaker = _SPEAKER_OF.search(text, max(floor, s - 80), s)
        if speaker and not _SOURCE_LEAD.match(speaker.group(0)):
            s = speaker.start()
    tail = _SOURCE_TAIL.search(text, s, e)
    if tail:
        e = tail.start()
    return _snap_to_entity(s, e, entities)


_NAMING_VERBS = [line.strip() for line in (Path(__file__).resolve().parent / "tables" / "naming_verbs.txt")
                 .read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
# The subject of a naming verb, then the verb, then what is named (a few words, no clause break) up to the label:
# "Critics call it" + "a job-killer", "what opponents have long described as" + "a power grab". Pronouns that are
# someone else's ("they call it") name no one; the author's own ("I call it", "we call it") are the author's.
# A naming verb, then what is named (a few words, no clause break) up to the label: "call it" + "a job-killer",
# "described the plan as" + "a power grab", "branded" + "thugs".
_NAMING_CUE = re.compile(rf"(?<![\w'’-])(?P<cue>(?i:{'|'.join(_NAMING_VERBS)}))(?![\w'’-])(?P<named>[^.,;:!?]{{0,50}})$")
# What a naming verb names starts as an object does (or the label comes at once); "called for", "called on",
# "called into question", "called off" are other verbs.
_OBJECT = re.compile(r"""\s*(?:$|["“‘'(]|(?:it|him|her|them|this|that|these|those|the|a|an|his|their|its|our|my|your|"""
                     r"""itself|himself|herself|themselves|us|me|you|such)\b)""", re.IGNORECASE)
_PARTICLE = re.compile(r"\s*(?:to|for|on|upon|into|off|out|up|back|in|at|by|over|after)\b", re.IGNORECASE)
# The subject right before the verb: a name or a source noun phrase (an appositive may sit between), or a pronoun.
_NAMER = re.compile(rf"(?:(?<![\w'’.-])(?P<source>{_NP})(?:,[^,]{{1,100}},|\s+[—–][^—–]{{1,100}}[—–])?|"
                    rf"(?<![\w'’-])(?P<pronoun>[Hh]e|[Ss]he|[Tt]hey|[Ss]ome|[Mm]any|[Oo]thers|I|[Ww]e|[Yy]ou))\s+"
                    rf"(?:(?:has|have|had|also|long|often|even|now|once|repeatedly|openly|publicly)\s+)*$")
_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+\s+)?$", re.IGNORECASE)
# The author's own idiom, not someone's label: "what can only be described as gross negligence".
_AUTHORS_IDIOM = re.compile(r"\b(?:can|could|might|may|must|would)\s+(?:only\s+|fairly\s+|best\s+|safely\s+)?be\s+$",
                            re.IGNORECASE)
_RELATIVE = re.compile(r".*?\b(?:which|who|whom|what|whose)\s+", re.IGNORECASE)
_AUTHORS_OWN = {"i", "we", "you", "let's", "let’s", "let us"}   # "Let's call it what it is": the author's


def find_naming_source(text: str, sentence_start: int, label_start: int,
                       entities: list[Span] = ()) -> tuple[Attribution | None, bool]:
    """Whether the words at ``label_start`` are a label a naming verb gives them in the same sentence ("Critics
    call it a job-killer"), and whose: ``(source, True)``; ``(None, True)`` when the namer is not named (a pronoun,
    a passive "was described as", a participle "…, calling it"); ``(None, False)`` when no naming verb leads to
    them or the author names them ("I call it a disgrace")."""
    before = text[sentence_start:label_start]
    match = _NAMING_CUE.search(before)
    if match is None:
        return None, False
    cue, named = match.group("cue"), match.group("named")
    if len(named.split()) > 6 or (not cue.lower().endswith(" as") and not cue.lower().endswith("as") and
                                  (_PARTICLE.match(named) or not _OBJECT.match(named))):
        return None, False
    head = before[:match.start()]
    if _AUTHORS_IDIOM.search(head):
        return None, False
    namer = _NAMER.search(head)
    if cue.lower().endswith("ing") or _PASSIVE.search(head) or namer is None:
        return None, True
    if namer.group("pronoun"):
        return None, namer.group("pronoun").lower() not in _AUTHORS_OWN
    s, e = trim(text, sentence_start + namer.start("source"), sentence_start + namer.end("source"))
    relative = _RELATIVE.match(text, s, e)    # "which critics called", "posting what the ADL calls": theirs
    if relative:
        s = relative.end()
    if text[s:e].lower() in _AUTHORS_OWN:   # "We call them heroes": the author's
        return None, False
    s, e = _source_span(text, sentence_start, s, e, entities, subject=True)
    if e <= s or text[s:e].lower() in _STOP_WORDS or (" " not in text[s:e] and text[s:e].lower().endswith("ly")):
        return None, True   # no one named: a pronoun, "Historically, called ..."
    return Attribution(s, e, cue.split()[0].lower()), True


def _matches(pattern: re.Pattern, sentence: str):
    """The pattern's matches (and where their source starts and ends), left to right. Where a cue reads as a
    noun ("Press reports said"), the noun may head the subject of a verb after it; else the search goes on from
    the next character."""
    position = 0
    while (match := pattern.search(sentence, position)) is not None:
        if pattern is _ACCORDING or _verb_reading(sentence, match):
            yield match.start("source"), match.end("source"), match
            position = match.end()
            continue
        # the noun heads the subject of a verb after it: "Press reports said" is the press reports'
        after = pattern.match(sentence, match.start("cue"))
        if after is not None and _verb_reading(sentence, after):
            yield match.start("source"), after.end("source"), after
            position = after.end()
        else:
            position = match.start() + 1


def _snap_to_entity(start: int, end: int, entities) -> tuple[int, int]:
    """Widen a source phrase to the whole of any PERSON/ORG/GPE/NORP entity it cuts through."""
    for entity in entities:
        if entity.label in ("PERSON", "ORG", "GPE", "NORP") and entity.start < end and start < entity.end:
            start, end = min(start, entity.start), max(end, entity.end)
    return start, end
