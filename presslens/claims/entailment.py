"""The learned claim–evidence model: P(supports), P(refutes), P(neither) for a (claim, evidence) pair.

A cross-encoder: all-MiniLM-L6-v2 fine-tuned on sentence pairs (``presslens train verifier``) reads
``[CLS] claim [SEP] evidence [SEP]``; a linear head over the mean of its token vectors gives three logits,
shifted by per-label biases chosen on a dev split. Served on ONNX Runtime (int8) and NumPy.

Each pair runs alone: the int8 graph scales activations per run, so batching pairs would make a pair's
probabilities depend on its neighbours.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import ModelMissing
from ..heads.decoders import softmax
from ..models.encoder import onnx_session

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "verifier"
LABELS = ("SUPPORTS", "REFUTES", "NOT_ENOUGH_INFO")     # the pair labels (Climate-FEVER's)
LABEL_OF_VERDICT = {"supported": "SUPPORTS", "contradicted": "REFUTES", "not_enough_evidence": "NOT_ENOUGH_INFO"}
# The labels of fact-verification and NLI corpora as the pair labels (NLI's hypothesis is the claim, its premise the
# evidence): FEVER / VitaminC / Climate-FEVER, SNLI / ANLI / SICK, COVID-Fact.
LABEL_ALIASES = {"SUPPORTS": "SUPPORTS", "REFUTES": "REFUTES", "NOT_ENOUGH_INFO": "NOT_ENOUGH_INFO",
                 "NOT ENOUGH INFO": "NOT_ENOUGH_INFO", "NEI": "NOT_ENOUGH_INFO", "SUPPORTED": "SUPPORTS",
                 "REFUTED": "REFUTES", "ENTAILMENT": "SUPPORTS", "CONTRADICTION": "REFUTES", "NEUTRAL": "NOT_ENOUGH_INFO"}
MAX_TOKENS = 128   # both sentences together; the longer is cut first

# FEVER's and VitaminC's Penn-Treebank tokens ("-LRB-", " ,", " n't"): a mark of such text, and their undoing
_PTB_MARK = re.compile(r"-[LR][RS]B-|\s[,.;:!?](?:\s|$)|\sn't\b")


def untokenised(text: str) -> str:
    """``text`` with PTB tokenisation undone (news is read untokenised); text without its marks is returned as is."""
    if not _PTB_MARK.search(text):
        return text
    text = text.replace("-LRB-", "(").replace("-RRB-", ")").replace("-LSB-", "[").replace("-RSB-", "]")
    return re.sub(r"\s+([.,;:!?)\]'])", r"\1", re.sub(r"([(\[])\s+", r"\1", text)).replace(" n't", "n't")


class EntailmentModel:
    def __init__(self, folder: str | Path = MODEL_DIR, threads: int | None = None):
        from tokenizers import Tokenizer

        folder = Path(folder)
        if not (folder / "config.json").is_file():
            raise ModelMissing(f"no entailment model in {folder}: rebuild it with `presslens train verifier`")
        self.folder = folder
        self.config = json.loads((folder / "config.json").read_text())
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.config.get("max_tokens", MAX_TOKENS), strategy="longest_first")
        self.session = onnx_session(folder / self.config["encoder_file"], threads)
        head = np.load(folder / "head.npz")
        self.weight, self.bias = head["weight"].astype(np.float32), head["bias"].astype(np.float32)
        self.calibration = np.asarray(self.config.get("label_biases", [0.0, 0.0, 0.0]), dtype=np.float32)
        from .verify import Combination

        self.combination = Combination(**self.config.get("combination", {}))
        confidence = folder / "verdict_confidence.json"   # presslens train verdict-confidence
        self.verdict_confidence = json.loads(confidence.read_text()) if confidence.is_file() else None

    def logits(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """``[n, 3]`` raw logits (before the calibration biases), in the order of ``LABELS``."""
        out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
        for row, (claim, evidence) in enumerate(pairs):
            encoding = self.tokenizer.encode(claim or " ", evidence or " ")
            ids = np.asarray([encoding.ids], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids),
                     "token_type_ids": np.asarray([encoding.type_ids], dtype=np.int64)}
            hidden = self.session.run(None, feeds)[0][0]
            out[row] = hidden.mean(axis=0) @ self.weight.T + self.bias
        return out

    def predict(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        """``[n, 3]`` calibrated probabilities of SUPPORTS, REFUTES, NOT_ENOUGH_INFO."""
        return softmax(self.logits(pairs) + self.calibration)


@lru_cache(maxsize=2)
def load_entailment(folder: str | None = None) -> EntailmentModel:
    return EntailmentModel(folder or MODEL_DIR)
