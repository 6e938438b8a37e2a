"""CoNLL-2003 and WNUT-17 read as presslens reads an article, for the entity head: each CoNLL article rebuilt as a
text of one sentence per line (its tokens joined by spaces), each sentence a unit of the encoder pass (as a
paragraph is in an article), each word's vector taken from the shipped encoder's pass; exact-span scores.

``presslens train entities`` fits on these passes; ``presslens eval entities --conll`` scores the head on testa.
The passes are cached (``--cache``, outside the repository), so a rerun, or a run that was stopped, reads them.
"""
from __future__ import annotations

import gzip
import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ...entities.head import (SHAPE_FEATURES, TAGS, TYPES, EntityHead, Words, continuation_mask, decode_entities,
                             viterbi, word_features, words_of)
from ...models.encoder import windows_for
from .metrics import PRF

DEFAULT_CACHE = Path("/tmp/presslens-entities-cache")

WNUT_TYPES = {"person": "PER", "location": "LOC", "corporation": "ORG", "group": "ORG", "product": "MISC",
              "creative-work": "MISC"}


@dataclass
class EncodedCorpus:
    """Words of a corpus, as the head reads them: vectors, shapes, units, gold tags, and entity spans."""
    vectors: np.ndarray      # [n_words, dim] float16
    shapes: np.ndarray       # [n_words, n_shapes]
    units: np.ndarray        # [n_words] a unit id unique across the corpus
    tags: np.ndarray         # [n_words] gold tag index
    starts: np.ndarray       # [n_words] characters, in the corpus's concatenated text
    ends: np.ndarray
    gold: list               # (start, end, type) per entity, in the same coordinates


def read_sentences(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def documents(data: Path, corpus: str, split: str) -> list[list[dict]]:
    """Sentences grouped into articles (CoNLL) or one document per post (WNUT)."""
    if corpus == "conll":
        sentences = read_sentences(data / "conll2003_en" / f"eng.{split}.jsonl.gz")
        with gzip.open(data / "conll2003_en" / f"eng.{split}.docs.json.gz", "rt") as f:
            docs = json.load(f)
        return [sentences[d["first_sentence"]:d["first_sentence"] + d["n_sentences"]] for d in docs]
    sentences = read_sentences(data / "wnut17" / f"{split}.jsonl.gz")
    for s in sentences:
        s["tags"] = [t if t == "O" else f"{t[:2]}{WNUT_TYPES[t[2:]]}" for t in s["tags"]]
    return [[s] for s in sentences]


def text_of(sentences: list[dict]) -> tuple[str, list[tuple[int, int]], list[tuple[int, int, str]]]:
    """The text (one sentence a line, tokens joined by spaces), its units and its gold entities."""
    parts, units, gold, offset = [], [], [], 0
    for sentence in sentences:
        start = offset
        entity = None
        for token, tag in zip(sentence["tokens"], sentence["tags"]):
            if offset > start:
                offset += 1
            end = offset + len(token)
            if tag.startswith("B-") or tag == "O" or (entity and entity[2] != tag[2:]):
                if entity:
                    gold.append(tuple(entity))
                entity = [offset, end, tag[2:]] if tag != "O" else None
            else:
                entity[1] = end
            parts.append(token)
            offset = end
        if entity:
            gold.append(tuple(entity))
        units.append((start, offset))
        offset += 1
    text = "\n".join(" ".join(s["tokens"]) for s in sentences)
    return text, units, gold


def word_tags(words, gold: list[tuple[int, int, str]]) -> np.ndarray:
    tags = np.zeros(len(words), dtype=np.int64)
    index = {t: i for i, t in enumerate(TAGS)}
    for start, end, kind in gold:
        inside = np.flatnonzero((words.starts >= start) & (words.ends <= end))
        for n, w in enumerate(inside):
            tags[w] = index[("B-" if n == 0 else "I-") + kind]
    return tags


def encode_corpus(docs: list[list[dict]], encoder, log=print) -> EncodedCorpus:
    continues = continuation_mask(encoder.tokenizer)
    parts = {k: [] for k in ("vectors", "shapes", "units", "tags", "starts", "ends")}
    gold_all, offset, unit_offset, t0 = [], 0, 0, time.time()
    for number, sentences in enumerate(docs):
        text, units, gold = text_of(sentences)
        tokens = encoder.tokenize(text, units)
        if len(tokens) == 0:
            offset += len(text) + 1
            continue
        hidden = encoder.encode(tokens, windows_for(tokens))
        words = words_of(tokens, continues)
        word_units = tokens.units[words.first]
        parts["vectors"].append(hidden[words.first].astype(np.float16))
        parts["shapes"].append(word_features(text, words, word_units))
        parts["units"].append(word_units + unit_offset)
        parts["tags"].append(word_tags(words, gold))
        parts["starts"].append(words.starts + offset)
        parts["ends"].append(words.ends + offset)
        gold_all += [(s + offset, e + offset, k) for s, e, k in gold]
        offset += len(text) + 1
        unit_offset += len(units)
        if number % 200 == 0:
            log(f"  {number}/{len(docs)} documents encoded ({time.time() - t0:.0f} s)")
    return EncodedCorpus(*(np.concatenate(parts[k]) for k in parts), gold_all)


def cached_corpus(cache: Path, data: Path, corpus: str, split: str, encoder, log=print) -> EncodedCorpus:
    path = cache / f"{corpus}-{split}-{len(SHAPE_FEATURES)}.npz"
    if path.is_file():
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        gold = [(int(s), int(e), TYPES[int(k)]) for s, e, k in arrays.pop("gold")]
        return EncodedCorpus(**arrays, gold=gold)
    log(f"encoding {corpus} {split}")
    encoded = encode_corpus(documents(data, corpus, split), encoder, log)
    cache.mkdir(parents=True, exist_ok=True)
    gold = np.array([(s, e, TYPES.index(k)) for s, e, k in encoded.gold], dtype=np.int64).reshape(-1, 3)
    np.savez(path.with_suffix(".tmp.npz"), vectors=encoded.vectors, shapes=encoded.shapes, units=encoded.units,
             tags=encoded.tags, starts=encoded.starts, ends=encoded.ends, gold=gold)
    path.with_suffix(".tmp.npz").rename(path)
    return encoded


def predict(head: EntityHead, corpus: EncodedCorpus) -> list[tuple[int, int, str, float]]:
    log_probs = head.log_probabilities(corpus.vectors.astype(np.float32), corpus.shapes, corpus.units)
    path = viterbi(log_probs, head.transitions, corpus.units)
    return decode_entities(path, Words(np.arange(len(corpus.starts)), corpus.starts, corpus.ends), log_probs)


def span_scores(predicted: list[tuple], gold: list[tuple]) -> dict:
    """Exact-span precision, recall and F1, overall and per type (CoNLL's measure)."""
    pred, truth = {tuple(p[:3]) for p in predicted}, {tuple(g[:3]) for g in gold}
    out = {"all": PRF.from_counts(len(pred & truth), len(pred), len(truth)).as_dict()}
    for kind in TYPES:
        p, g = {e for e in pred if e[2] == kind}, {e for e in truth if e[2] == kind}
        out[kind] = PRF.from_counts(len(p & g), len(p), len(g)).as_dict()
    return out


def spacy_spans(corpus_docs: list[list[dict]]) -> list[tuple[int, int, str]]:
    """spaCy's names on the same texts (what the report listed before the head), mapped to CoNLL's four types,
    in the concatenated coordinates of :func:`encode_corpus`."""
    from ...entities.layer import type_table
    from ...nlp import get_nlp

    to_type = {label: kind for kind, labels in type_table().admitted.items() for label in labels}
    out, offset = [], 0
    nlp = get_nlp()
    for sentences in corpus_docs:
        text, units, _ = text_of(sentences)
        for (start, end), parsed in zip(units, nlp.pipe([text[s:e] for s, e in units])):
            out += [(start + offset + e.start_char, start + offset + e.end_char, to_type[e.label_])
                    for e in parsed.ents if e.label_ in to_type]
        offset += len(text) + 1
    return out


