"""Genre and frame heads: linear models over article features, in NumPy."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..heads.decoders import sigmoid, softmax, top_rows
from .features import article_features, style_features


@dataclass
class FramingHeads:
    mean: np.ndarray          # feature standardisation of the frame head, fitted on its training articles
    std: np.ndarray
    genre_w: np.ndarray       # [n_genres, n_features]
    genre_b: np.ndarray
    genres: list[str]
    frames_w: np.ndarray      # [n_frames, n_features]
    frames_b: np.ndarray
    frames: list[str]
    frame_threshold: float
    genre_mean: np.ndarray    # the genre head's own standardisation (other training articles)
    genre_std: np.ndarray
    frame_thresholds: np.ndarray   # per frame, chosen on news of other outlets (the common one where none was)

    @classmethod
    def from_arrays(cls, arrays: dict, config: dict) -> "FramingHeads":
        common = float(config["frame_threshold"])
        each = np.asarray(config.get("frame_thresholds") or [common] * len(config["frames"]), dtype=np.float32)
        return cls(arrays["mean"], arrays["std"], arrays["genre_w"], arrays["genre_b"], list(config["genres"]),
                   arrays["frames_w"], arrays["frames_b"], list(config["frames"]), common,
                   arrays.get("genre_mean", arrays["mean"]), arrays.get("genre_std", arrays["std"]), each)

    def frames_over_threshold(self, probabilities: np.ndarray) -> list[str]:
        """The frames whose probability reaches their threshold (an article may have none)."""
        return [f for f, p, t in zip(self.frames, probabilities, self.frame_thresholds) if p >= t]

    def _x(self, features: np.ndarray) -> np.ndarray:
        return (features - self.mean) / self.std

    def genre_probabilities(self, features: np.ndarray) -> np.ndarray:
        return softmax(((features - self.genre_mean) / self.genre_std) @ self.genre_w.T + self.genre_b)

    def frame_probabilities(self, features: np.ndarray) -> np.ndarray:
        return sigmoid(self._x(features) @ self.frames_w.T + self.frames_b)

    def paragraph_frame_probabilities(self, text: str, units: list[tuple[int, int]], paragraphs: np.ndarray,
                                      min_words: int = 8) -> tuple[list[tuple[int, int]], np.ndarray]:
        """Each paragraph of at least ``min_words`` read alone as if it were the article:
        its units and ``[n, n_frames]`` frame probabilities (one matrix product for all frames)."""
        kept = [(i, unit) for i, unit in enumerate(units) if len(text[unit[0]:unit[1]].split()) >= min_words]
        if not kept:
            return [], np.zeros((0, len(self.frames)), dtype=np.float32)
        features = np.stack([article_features(paragraphs[i][None, :], style_features(text, [unit])) for i, unit in kept])
        return [unit for _, unit in kept], self.frame_probabilities(features)

    def frame_evidence(self, kept: list[tuple[int, int]], probabilities: np.ndarray, frame: int,
                       top: int = 2) -> list[tuple[int, int, float]]:
        """The paragraphs that carry ``frame`` most strongly (from :meth:`paragraph_frame_probabilities`)."""
        return [(kept[i][0], kept[i][1], p) for i, p in top_rows(probabilities, frame, top)]
