"""Sentence embeddings for semantic search (claims against evidence), on ONNX Runtime.

The pretrained all-MiniLM-L6-v2 (not the technique model's fine-tuned
encoder: fine-tuning for persuasion spans spoils it for similarity), exported
to int8 by ``presslens train embedder``. Each sentence is encoded on its own,
mean-pooled and L2-normalised, so a dot product is the cosine similarity.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import ModelMissing
from .encoder import onnx_session

MODEL_DIR = Path(__file__).resolve().parent / "sentence"
MAX_TOKENS = 128     # the upstream model was trained on 128 word pieces; longer sentences are cut
DIM = 384


class SentenceEmbedder:
    def __init__(self, folder: str | Path = MODEL_DIR, threads: int | None = None):
        from tokenizers import Tokenizer

        folder = Path(folder)
        if not (folder / "config.json").is_file():
            raise ModelMissing(f"no sentence embedder in {folder}: rebuild it with `presslens train embedder`")
        self.config = json.loads((folder / "config.json").read_text())
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        self.session = onnx_session(folder / self.config["encoder_file"], threads)
        self.fingerprint = self.config.get("fingerprint", "")

    def embed(self, sentences: list[str], batch_size: int = 1) -> np.ndarray:
        """``[n, 384]`` float32, unit length. ``batch_size`` 1 (the default) makes every
        vector independent of its neighbours (int8 activations are scaled per run);
        indexing large collections may batch sentences of similar length for speed."""
        out = np.zeros((len(sentences), DIM), dtype=np.float32)
        if not sentences:
            return out
        encodings = self.tokenizer.encode_batch([s or " " for s in sentences])
        order = sorted(range(len(sentences)), key=lambda i: len(encodings[i].ids))
        for first in range(0, len(order), batch_size):
            rows = order[first:first + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                ids[r, :len(encodings[i].ids)] = encodings[i].ids
                mask[r, :len(encodings[i].ids)] = 1
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                             "token_type_ids": np.zeros_like(ids)})[0]
            pooled = (hidden * mask[:, :, None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
            out[rows] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-9)
        return out


@lru_cache(maxsize=2)
def load_embedder(folder: str | None = None) -> SentenceEmbedder:
    return SentenceEmbedder(folder or MODEL_DIR)
