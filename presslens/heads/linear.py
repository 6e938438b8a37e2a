"""The linear head: standardised features, one matrix product, an activation."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .decoders import sigmoid, softmax


@dataclass
class LinearHead:
    mean: np.ndarray    # [n_features] standardisation fitted on the head's training examples
    std: np.ndarray
    w: np.ndarray       # [n_labels, n_features] (or [n_features] for one binary label)
    b: np.ndarray       # [n_labels] (or a scalar)

    @classmethod
    def from_arrays(cls, arrays: dict, prefix: str = "") -> "LinearHead":
        """The head stored under ``prefix`` (``{prefix}mean``, ``{prefix}std``, ``{prefix}w``, ``{prefix}b``)."""
        return cls(*(np.asarray(arrays[prefix + k], dtype=np.float32) for k in ("mean", "std", "w", "b")))

    def arrays(self, prefix: str = "") -> dict[str, np.ndarray]:
        return {prefix + k: np.asarray(v, dtype=np.float32)
                for k, v in (("mean", self.mean), ("std", self.std), ("w", self.w), ("b", self.b))}

    def logits(self, features: np.ndarray) -> np.ndarray:
        return ((features - self.mean) / self.std) @ self.w.T + self.b

    def sigmoid(self, features: np.ndarray) -> np.ndarray:
        """Independent probabilities (multi-label, or one binary label)."""
        return sigmoid(self.logits(features))

    def softmax(self, features: np.ndarray) -> np.ndarray:
        """One distribution over the labels."""
        return softmax(self.logits(features))
