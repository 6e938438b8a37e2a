"""The role head: how the article casts an actor (SemEval-2025 Task 10 subtask 1), read from the shared encoder pass.

Each mention is read in its context: the vectors of the mention's own tokens, of the words around it and of its
sentence, all taken from the one encoder pass of the article that techniques, claims, genre and frames read (a
head, not another pass). Linear heads give per mention

- P(stance): whether the article casts the actor at all (SemEval annotates the actors an article takes a stance
  on; the other named entities of the same articles are the examples of no stance);
- P(main role) over protagonist, antagonist, innocent;
- P(fine role) over the 22 fine roles, of which only those under the chosen main role are read.

An actor's role pools its mentions: the mean of their probabilities. A mention's own prediction (``eval
semeval2025``) mixes its own reading with its actor's, by the weight chosen out of fold in training.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..document import Document, Span
from ..heads.decoders import sigmoid, softmax
from ..heads.files import load_head
from ..heads.stage import encoding_of
from ..models.encoder import OnnxEncoder

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "actors"
CONTEXT_TOKENS = 12     # word pieces either side of a mention read as its context
MAIN_ROLES = ("protagonist", "antagonist", "innocent")
FINE_ROLES = {
    "protagonist": ("guardian", "martyr", "peacemaker", "rebel", "underdog", "virtuous"),
    "antagonist": ("instigator", "conspirator", "tyrant", "foreign_adversary", "traitor", "spy", "saboteur",
                   "corrupt", "incompetent", "terrorist", "deceiver", "bigot"),
    "innocent": ("forgotten", "exploited", "victim", "scapegoat"),
}
ALL_FINE_ROLES = tuple(fine for main in MAIN_ROLES for fine in FINE_ROLES[main])


def mention_features(doc: Document, encoder: OnnxEncoder, mentions: list[tuple[int, int]]) -> np.ndarray:
    """``[n, 4 * dim]`` per mention ``(start, end)``: mean of its own tokens, mean of the tokens around it,
    mean and max of its sentence's tokens; zeros where the encoder did not read it (outside the body)."""
    tokens, hidden = encoding_of(doc, encoder)   # the article's one pass, the same the other heads read
    dim = hidden.shape[1] if hidden.ndim == 2 and hidden.shape[0] else 384
    out = np.zeros((len(mentions), 4 * dim), dtype=np.float32)
    if not len(tokens):
        return out
    sentence_starts = [s.start for s in doc.sentences]
    for row, (start, end) in enumerate(mentions):
        first, stop = (int(i) for i in np.searchsorted(tokens.starts, [start, end]))
        if stop <= first:
            continue
        unit = tokens.units[first]
        low, high = first, stop
        while low > 0 and first - low < CONTEXT_TOKENS and tokens.units[low - 1] == unit:
            low -= 1
        while high < len(tokens) and high - stop < CONTEXT_TOKENS and tokens.units[high] == unit:
            high += 1
        out[row, :dim] = hidden[first:stop].mean(axis=0)
        around = np.concatenate([hidden[low:first], hidden[stop:high]])
        if len(around):
            out[row, dim:2 * dim] = around.mean(axis=0)
        sentence = _sentence_of(doc.sentences, sentence_starts, start) or Span(start, end)
        s_first, s_stop = (int(i) for i in np.searchsorted(tokens.starts, [sentence.start, sentence.end]))
        vectors = hidden[s_first:max(s_stop, s_first + 1)]
        out[row, 2 * dim:3 * dim] = vectors.mean(axis=0)
        out[row, 3 * dim:] = vectors.max(axis=0)
    return out


def role_probabilities(doc: Document, model: "RoleModel", mentions: list[tuple[int, int]], chunk: int = 1024
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The head's stance ``[n]``, main-role ``[n, 3]`` and fine-role ``[n, 22]`` probabilities of each mention,
    its features made a chunk at a time: 1,536 floats per mention (and the head's normalised copy) for the
    18,000 mentions of a book would hold 220 MB at once, for the 26 numbers kept of each."""
    stance = np.zeros(len(mentions), dtype=np.float32)
    main = np.zeros((len(mentions), len(MAIN_ROLES)), dtype=np.float32)
    fine = np.zeros((len(mentions), len(ALL_FINE_ROLES)), dtype=np.float32)
    for first in range(0, len(mentions), chunk):
        rows = slice(first, first + chunk)
        features = mention_features(doc, model.encoder, mentions[rows])
        stance[rows], main[rows] = model.head.stance(features), model.head.main(features)
        fine[rows] = model.head.fine(features)
    return stance, main, fine


def _sentence_of(sentences: list[Span], starts: list[int], position: int) -> Span | None:
    index = bisect_right(starts, position) - 1
    if index >= 0 and sentences[index].start <= position < sentences[index].end:
        return sentences[index]
    return None


@dataclass
class RoleHead:
    mean: np.ndarray
    std: np.ndarray
    stance_w: np.ndarray      # [n_features]
    stance_b: float
    main_w: np.ndarray        # [3, n_features]
    main_b: np.ndarray
    fine_w: np.ndarray        # [22, n_features]
    fine_b: np.ndarray
    stance_threshold: float   # an actor whose P(cast) (``cast``) is below this has no role (main: null)
    own_weight: float         # a mention's reading against its actor's, in eval's per-mention predictions
    second_fine: float        # a second fine role is given when its share of the main role's mass reaches this
    actor_w: np.ndarray       # [len(ACTOR_FEATURES)]: P(cast) from the actor's pooled stance and prominence
    actor_b: float
    role_threshold: float = 0.0   # a cast actor's role is shown only when its pooled P(main role) reaches this

    def _x(self, features: np.ndarray) -> np.ndarray:
        return (features - self.mean) / self.std

    def stance(self, features: np.ndarray) -> np.ndarray:
        return sigmoid(self._x(features) @ self.stance_w + self.stance_b)

    def main(self, features: np.ndarray) -> np.ndarray:
        return softmax(self._x(features) @ self.main_w.T + self.main_b)

    def cast(self, actor_rows: np.ndarray) -> np.ndarray:
        """P(the article casts the actor in a role) from :func:`actor_features` rows."""
        return sigmoid(actor_rows @ self.actor_w + self.actor_b)

    def fine(self, features: np.ndarray) -> np.ndarray:
        return softmax(self._x(features) @ self.fine_w.T + self.fine_b)

    def mixed(self, own: np.ndarray, actor: np.ndarray | None) -> np.ndarray:
        """A mention's probabilities mixed with its actor's pooled ones (when it belongs to an actor)."""
        return own if actor is None else self.own_weight * own + (1 - self.own_weight) * actor

    def decide(self, main: np.ndarray, fine: np.ndarray) -> tuple[str, list[str]]:
        """The main role and the fine roles under it, from (pooled) probabilities."""
        chosen = MAIN_ROLES[int(np.argmax(main))]
        under = [ALL_FINE_ROLES.index(f) for f in FINE_ROLES[chosen]]
        mass = fine[under] / max(float(fine[under].sum()), 1e-9)
        order = np.argsort(-mass, kind="stable")
        picked = [FINE_ROLES[chosen][order[0]]]
        if len(order) > 1 and mass[order[1]] >= self.second_fine:
            picked.append(FINE_ROLES[chosen][order[1]])
        return chosen, picked

    def arrays(self) -> dict:
        return {"mean": self.mean, "std": self.std, "stance_w": self.stance_w, "stance_b": np.float32(self.stance_b),
                "main_w": self.main_w, "main_b": self.main_b, "fine_w": self.fine_w, "fine_b": self.fine_b,
                "actor_w": self.actor_w, "actor_b": np.float32(self.actor_b)}

    @classmethod
    def from_arrays(cls, arrays: dict, config: dict) -> "RoleHead":
        if "actor_w" not in arrays or list(config.get("actor_features", [])) != list(ACTOR_FEATURES):
            from ..errors import ModelMissing

            raise ModelMissing("the actor-role model predates the actor-level stance: refit it with "
                               "`presslens train actors`")
        return cls(arrays["mean"], arrays["std"], arrays["stance_w"], float(arrays["stance_b"]), arrays["main_w"],
                   arrays["main_b"], arrays["fine_w"], arrays["fine_b"], float(config["stance_threshold"]),
                   float(config["own_weight"]), float(config["second_fine"]), arrays["actor_w"],
                   float(arrays["actor_b"]), float(config.get("role_threshold", 0.0)))

    def shows(self, p_cast: float, pooled_main: np.ndarray) -> bool:
        """Whether a reader is shown the actor's role: the article casts it, and the head is sure enough of which."""
        return p_cast >= self.stance_threshold and float(np.max(pooled_main)) >= self.role_threshold


# What decides whether the article casts an actor at all, beside what its mentions read like: SemEval's annotators
# gave roles to the actors an article is about, so how much and how early it is named weighs as much.
ACTOR_FEATURES = ("stance_logit", "log_mentions", "first_position", "in_headline", "mention_share", "log_rank",
                  "PERSON", "ORG", "GPE", "NORP")


def actor_features(doc: Document, actors: list, pooled_stance: list[float]) -> np.ndarray:
    """``[len(actors), len(ACTOR_FEATURES)]``: each actor's pooled mention stance (as a logit) and prominence,
    ``actors`` most mentioned first (:func:`~presslens.actors.aliases.find_actors`)."""
    length, headline = max(1, len(doc.text)), doc.headline()
    total = max(1, sum(len(actor.mentions) for actor in actors))
    rows = []
    for rank, (actor, stance) in enumerate(zip(actors, pooled_stance)):
        p = min(max(float(stance), 1e-4), 1 - 1e-4)
        in_headline = headline.end > headline.start and any(headline.contains(m) for m in actor.mentions)
        rows.append([np.log(p / (1 - p)), np.log1p(len(actor.mentions)), actor.mentions[0].start / length,
                     float(in_headline), len(actor.mentions) / total, np.log1p(rank)]
                    + [float(actor.type == kind) for kind in ACTOR_FEATURES[6:]])
    return np.asarray(rows, dtype=np.float32).reshape(len(actors), len(ACTOR_FEATURES))


@dataclass
class RoleModel:
    encoder: OnnxEncoder
    head: RoleHead
    folder: Path


@lru_cache(maxsize=4)
def load_model(folder: str | None = None, encoder_folder: str | None = None) -> RoleModel:
    path = Path(folder) if folder else MODEL_DIR
    config, arrays, encoder = load_head(path, "head.npz", "actor-role model", "presslens train actors", encoder_folder,
                                        expect={"main_roles": MAIN_ROLES, "fine_roles": ALL_FINE_ROLES})
    return RoleModel(encoder, RoleHead.from_arrays(arrays, config), path)


def write_model(folder: Path, head: RoleHead, config: dict) -> None:
    from ..heads.files import write_head

    write_head(folder, "head.npz", head.arrays(), {**config, "main_roles": list(MAIN_ROLES),
                                                   "fine_roles": list(ALL_FINE_ROLES), "actor_features": list(ACTOR_FEATURES)})


def classify_mentions(doc: Document, spans: list[tuple[int, int]], model: RoleModel | None = None
                      ) -> list[tuple[str, list[str], dict[str, float]]]:
    """The role of each given mention ``(start, end)`` of ``doc`` (the task gives mentions; none is "no stance"):
    its own reading mixed with that of the actor it belongs to (:func:`~presslens.actors.aliases.find_actors`)."""
    from .aliases import find_actors

    model = model or load_model()
    head = model.head
    actors = find_actors(doc.text, doc.entities, doc.body_paragraphs(), doc.headline())
    own = mention_features(doc, model.encoder, spans)
    pooled: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    out = []
    for (start, end), features in zip(spans, own):
        main, fine = head.main(features[None])[0], head.fine(features[None])[0]
        index = next((i for i, a in enumerate(actors) if any(m.start < end and start < m.end for m in a.mentions)), -1)
        if index >= 0:
            if index not in pooled:
                _, actor_main, actor_fine = role_probabilities(doc, model, [(m.start, m.end) for m in actors[index].mentions])
                pooled[index] = (actor_main.mean(axis=0), actor_fine.mean(axis=0))
            main, fine = head.mixed(main, pooled[index][0]), head.mixed(fine, pooled[index][1])
        chosen, fines = head.decide(main, fine)
        out.append((chosen, fines, {r: round(float(p), 4) for r, p in zip(MAIN_ROLES, main)}))
    return out
