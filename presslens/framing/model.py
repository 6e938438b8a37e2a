"""Genre and frame heads: linear models over article features, in NumPy."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..techniques.model import softmax
from .features import article_features, style_features


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


@dataclass
class FramingHeads:
    mean: np.ndarray          # feature standardisation, fitted on the training articles
    std: np.ndarray
    genre_w: np.ndarray       # [n_genres, n_features]
    genre_b: np.ndarray
    genres: list[str]
    frames_w: np.ndarray      # [n_frames, n_features]
    frames_b: np.ndarray
    frames: list[str]
    frame_threshold: float

    @classmethod
    def from_arrays(cls, arrays: dict, config: dict) -> "FramingHeads":
        return cls(arrays["mean"], arrays["std"], arrays["genre_w"], arrays["genre_b"], list(config["genres"]),
                   arrays["frames_w"], arrays["frames_b"], list(config["frames"]), float(config["frame_threshold"]))

    def _x(self, features: np.ndarray) -> np.ndarray:
        return (features - self.mean) / self.std

    def genre_probabilities(self, features: np.ndarray) -> np.ndarray:
        return softmax(self._x(features) @ self.genre_w.T + self.genre_b)

    def frame_probabilities(self, features: np.ndarray) -> np.ndarray:
        return sigmoid(self._x(features) @ self.frames_w.T + self.frames_b)

    def frame_evidence(self, text: str, units: list[tuple[int, int]], paragraphs: np.ndarray,
                       frame: int, top: int = 2, min_words: int = 8) -> list[tuple[int, int, float]]:
        """The paragraphs that carry ``frame`` most strongly: each read alone as if it were the article."""
        scored = []
        for (start, end), vector in zip(units, paragraphs):
            if len(text[start:end].split()) < min_words:
                continue
            features = article_features(vector[None, :], style_features(text, [(start, end)]))
            scored.append((start, end, float(self.frame_probabilities(features)[frame])))
        scored.sort(key=lambda item: -item[2])
        return scored[:top]
