"""Which paragraphs are not article body: appeals, bios, captions, boilerplate (and header bylines).

The decision is a learned classifier (:class:`NonBodyModel`, fitted by ``presslens train nonbody`` on real
endings labelled by hand) over the features of :mod:`.nonbody_features`; the cue patterns below are its
features, its fallback when no model is shipped, and a decision of their own that the model's adds to. It works
on plain text as well as on text extracted from HTML, because it looks only at the words.

The cues are written to generalise: an appeal is recognised by *who is asked
to do what for whom* (you → subscribe/donate/sign up → us/our journalism), not
by one stock phrase; a mention of "subscribers" in a news story about a
streaming service carries no second-person ask and is left as body.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..document import Span
from ..errors import ModelMissing
from .embeds import furniture_kinds
from .rule_tables import read_groups

_I = re.I

# The cue patterns, one feature each, are data: tables/nonbody_cues.txt. What they are built from:
# a person's name of two to five words (<NAME> in the table) and a role word (<ROLE>).
_NAME = r"(?:[A-Z][\w'’.-]+|de|da|van|von|der|bin|al|la|le|di|del)(?:\s+(?:[A-Z][\w'’.-]+|de|da|van|von|der|bin|al|la|le|di|del)){1,4}"
_ROLE = (
    r"(writer|author|journalist|columnist|correspondent|editor|reporter|professor|lecturer|fellow|researcher|"
    r"analyst|director|contributor|novelist|historian|economist|commentator|founder|co-founder|host|producer|"
    r"scholar|student|candidate|lawyer|attorney|consultant|teacher|diplomat|ambassador|judge|doctor|physician|"
    r"scientist|activist|strategist|adviser|advisor|officer|veteran|member|partner|chair|president|ceo|"
    r"executive|organizer|organiser|critic|poet|photographer|filmmaker|blogger|podcaster|academic|pastor|"
    r"priest|rabbi|imam|senator|representative|minister|mp|mayor|councillor|councilor|lead|head|expert|"
    r"commissioner|secretary|campaigner|\w{3,}ist)s?"
)
# weak signs of an appeal, which count only with a second-person word beside them
_APPEAL_WEAK = r"\b(subscri\w*|donat\w*|newsletter|membership|members?hip|sign[- ]up|contribut\w*|support\w*|log ?in|paywall)\b"
_SECOND_PERSON = r"\b(you|your|we|our|us)\b"

_BYLINE_LEAD = r"(by|words by|written by|story by|authored by)"
# "By Jane Doe", "by Mac Slavo, SHTF Plan:", "Authored by Andrew Korybko via Substack,"
_BYLINE = re.compile(rf"^{_BYLINE_LEAD}\s+{_NAME}((\s*,\s*|\s+and\s+|\s*&\s*){_NAME})*"
                     rf"((\s*[,|–—-]\s*|\s+via\s+)[\w ]{{0,40}})?\s*[:,.]?$", _I)
_DATELINE = re.compile(
    r"^(published|updated|posted|last updated)?[:\s]*((mon|tue|wed|thu|fri|sat|sun)\w*,?\s+)?"
    r"(\d{1,2}\s+\w{3,9}\.?\s+\d{4}|\w{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})"
    r"([\s,]+(at\s+)?\d{1,2}[:.]\d{2}\s*(am|pm|a\.m\.|p\.m\.)?(\s*[A-Z]{2,4})?)?\s*$",
    _I,
)

CUES_FILE = Path(__file__).resolve().parent / "tables" / "nonbody_cues.txt"
CUE_GROUPS = ("appeal", "bio_start", "bio_support", "caption", "boilerplate")


def read_cues(path: Path = CUES_FILE) -> dict[str, list[str]]:
    """The cue patterns of each group, in file order, with <NAME> and <ROLE> filled in."""
    groups = {group: [line.replace("<NAME>", _NAME).replace("<ROLE>", _ROLE) for line in lines]
              for group, lines in read_groups(path).items()}
    if tuple(groups) != CUE_GROUPS:
        raise ValueError(f"{path.name}: groups {tuple(groups)}, expected {CUE_GROUPS}")
    return groups


_compiled = {group: [re.compile(p, _I) for p in patterns] for group, patterns in read_cues().items()}
_bio_covers = re.compile(rf"^[-—–*_~\s]*{_NAME}\s+(covers|writes about|reports on)\b")
_appeal_weak = re.compile(_APPEAL_WEAK, _I)
_photo_marker = re.compile(r"\b(photo|photograph|image|picture)s?\s*[:/]", _I)
_reported_speech = re.compile(r"\b(said|says|told|added|according to)\b", _I)
_bio_negative = re.compile(
    rf"^[-—–*_~\s]*{_NAME}\s+(is|are) (not|still|expected|likely|set|due|among|one of|now|also|yet|unlikely|\w+ing|"
    r"(the|a) (first|second|third|fourth|fifth|latest|only|last|\d+\w*))\b"
)
_second_person = re.compile(_SECOND_PERSON, _I)

# How far from the end bios and appeals are looked for.
_TAIL = 8
_MAX_WORDS = {"appeal": 120, "bio": 110, "caption": 45, "boilerplate": 45}


@dataclass
class ParagraphScores:
    appeal: float = 0.0
    bio: float = 0.0
    caption: float = 0.0
    boilerplate: float = 0.0


# Bullets, arrows and emoji a site puts before a line ("🔵 Read our live blog", "► Related:") are not words:
# the cues read the line without them, so that a pattern anchored at its start still sees its first word.
_LEADING_SYMBOLS = re.compile("^[\\s\u2022\u2023\u2043\u25a0-\u25ff\u2190-\u21ff\u2600-\u27bf\u2b00-\u2bff"
                              "\ufe0f\U0001f000-\U0001faff]+")


def cue_text(text: str) -> str:
    """``text`` as the cue patterns read it: without leading bullets, arrows and emoji."""
    return _LEADING_SYMBOLS.sub("", text, count=1)


def _count(patterns: list[re.Pattern], text: str) -> int:
    text = cue_text(text)
    return sum(1 for p in patterns if p.search(text))


def score_paragraph(text: str, from_end: int, words: int, counts: dict[str, int] | None = None) -> ParagraphScores:
    """Cue scores of one paragraph; ``from_end`` is 0 for the last paragraph. ``counts``: the number of
    patterns of each cue group the text matches, when the caller has already searched them."""
    s = ParagraphScores()
    near_end = from_end < _TAIL
    counts = counts or {group: _count(patterns, text) for group, patterns in _compiled.items()}

    strong = counts["appeal"]
    if strong:
        s.appeal = 0.7 + 0.3 * strong
    elif _appeal_weak.search(text) and _second_person.search(text):
        s.appeal = 0.5
    if not near_end:
        s.appeal *= 0.8  # mid-article appeals exist ("Sign up for our newsletter") but need clearer cues

    starts = counts["bio_start"]
    support = counts["bio_support"]
    if _bio_covers.match(text):
        starts += 1  # "Oliver Strand covers philanthropy" is a bio by itself
    if starts and support:
        s.bio = 0.6 + 0.3 * starts + 0.2 * support
    elif support >= 2:
        s.bio = 0.4 + 0.25 * support
    elif starts or support:
        s.bio = 0.5
    if re.match(r"^[-—–*_~\s]*(about the authors?|author bio)", text, _I):
        s.bio = max(s.bio, 1.2)
    if _bio_negative.search(text):
        s.bio *= 0.4  # "Tim Garside is the third MP to...", "Ruth Kimani is not alone"
    if not near_end:
        s.bio *= 0.5
    if text.lstrip().startswith(("“", '"', "‘", "'")):
        s.bio *= 0.5  # quotes are reported speech, not bios

    cap = counts["caption"]
    if cap:
        s.caption = 0.8 + 0.3 * cap

    boiler = counts["boilerplate"]
    if boiler:
        s.boilerplate = 0.8 + 0.3 * boiler

    if _reported_speech.search(text):
        s.bio *= 0.5  # bios describe; news reports what people said
        s.appeal *= 0.6
        if not _photo_marker.search(text):
            s.caption *= 0.5  # "..., according to Reuters." ends like a photo credit

    for kind, limit in _MAX_WORDS.items():
        # Furniture is short. Past three times the limit a paragraph is body whatever it contains: cues add
        # up with length, and a transcript pasted as one paragraph matched enough of them to vanish whole.
        if words > 3 * limit:
            setattr(s, kind, 0.0)
        elif words > limit:
            setattr(s, kind, getattr(s, kind) * 0.4)
    return s


THRESHOLD = 1.0
KINDS = ("appeal", "bio", "caption", "boilerplate")   # what the classifier decides; bylines are the header's
CLASSES = ("body", *KINDS)                              # the classifier's outputs, in order
MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "nonbody"
# the second look: the same decision over the cue features and each paragraph's vector from the shared encoder's pass
# (``presslens train nonbody --vectors``); read by the encoding stage, which has the vectors
VECTOR_MODEL_DIR = MODEL_DIR.parent / "nonbody-vectors"


def rule_kinds(texts: list[str]) -> list[str | None]:
    """The hand-written decision: each paragraph's best cue score against :data:`THRESHOLD`, spread along
    a trailing run. Kept as the fallback when no fitted model is found and as a baseline to compare with."""
    n = len(texts)
    return kinds_from_scores([score_paragraph(t, n - 1 - i, len(t.split())) for i, t in enumerate(texts)])


def kinds_from_scores(scores: list[ParagraphScores]) -> list[str | None]:
    """:func:`rule_kinds` from the cue scores of each paragraph, when they are already computed."""
    n = len(scores)
    scores = [ParagraphScores(s.appeal, s.bio, s.caption, s.boilerplate) for s in scores]  # adjusted below
    kinds: list[str | None] = []
    for sc in scores:
        if sc.appeal >= THRESHOLD:
            sc.bio = min(sc.bio, sc.appeal - 0.01)  # "The Quad is run by students. A gift to our fund..." is an appeal
        best_kind, best = max(
            (("appeal", sc.appeal), ("bio", sc.bio), ("caption", sc.caption), ("boilerplate", sc.boilerplate)),
            key=lambda kv: kv[1],
        )
        kinds.append(best_kind if best >= THRESHOLD else None)

    # A run of furniture at the end spreads: a weak appeal cue next to an appeal
    # ("Already a member? Log in.") or a weak bio cue right after a bio belongs
    # to it. Iterate until nothing changes.
    changed = True
    while changed:
        changed = False
        for i in range(n):
            if kinds[i] is not None:
                continue
            before = kinds[i - 1] if i > 0 else None
            after = kinds[i + 1] if i + 1 < n else None
            # appeals spread both ways; a bio only to what follows it ("She lives in Leeds.")
            for kind, value, near in (("appeal", scores[i].appeal, {before, after}), ("bio", scores[i].bio, {before})):
                if kind in near and value >= 0.5 and n - 1 - i < _TAIL:
                    kinds[i] = kind
                    changed = True
                    break
    return kinds


@dataclass
class NonBodyModel:
    """A multinomial logistic regression over :mod:`.nonbody_features` (fitted by ``presslens train
    nonbody``), with the decision rule that keeps it erring towards body: a paragraph is set apart only when
    its best non-body kind reaches ``threshold``; next to a region of that kind at the end of the article,
    ``spread_threshold`` is enough (the other lines of a box)."""

    feature_names: list[str]  # what it was fitted on (must be nonbody_features.FEATURE_NAMES)
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray       # [len(CLASSES), n_features]
    bias: np.ndarray
    threshold: float
    spread_threshold: float
    with_rules: bool = False   # also set apart what the cue rules alone would (chosen, or not, out of fold)
    # a model of the second look reads paragraph vectors too, as columns after the cue features: centred on the
    # training paragraphs' mean, and projected onto their principal directions when fitted so (None: whole)
    vector_mean: np.ndarray | None = None
    projection: np.ndarray | None = None   # [dim, n_components]
    config: dict = field(default_factory=dict, repr=False)

    @property
    def reads_vectors(self) -> bool:
        return self.vector_mean is not None

    def features(self, texts: list[str], vectors: np.ndarray | None = None):
        """The feature rows of ``texts`` (with the projected ``vectors``, one per paragraph, for a model of the
        second look) and each paragraph's cue scores."""
        from .nonbody_features import paragraph_features

        features, cue_scores = paragraph_features(texts, with_scores=True)
        if self.reads_vectors:
            if vectors is None or len(vectors) != len(texts):
                raise ValueError("this non-body model reads a vector per paragraph")
            centred = vectors - self.vector_mean
            features = np.concatenate([features, centred if self.projection is None else centred @ self.projection],
                                      axis=1)
        return features.astype(np.float32), cue_scores

    @classmethod
    def load(cls, folder: Path = MODEL_DIR) -> "NonBodyModel | None":
        config_path, arrays_path = folder / "config.json", folder / "model.npz"
        if not (config_path.is_file() and arrays_path.is_file()):
            return None
        from .nonbody_features import FEATURE_NAMES

        config = json.loads(config_path.read_text(encoding="utf-8"))
        if config["feature_names"] != FEATURE_NAMES or tuple(config["classes"]) != CLASSES:
            raise ModelMissing(f"{folder}: the non-body model was fitted on other features or classes; refit it "
                               "(presslens train nonbody)")
        arrays = np.load(arrays_path)
        return cls(config["feature_names"], arrays["mean"], arrays["scale"], arrays["weights"],
                   arrays["bias"], float(config["threshold"]), float(config["spread_threshold"]),
                   bool(config.get("with_rules", False)), arrays["vector_mean"] if "vector_mean" in arrays else None,
                   arrays["projection"] if "projection" in arrays else None, config)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        z = (features - self.mean) / self.scale
        logits = z @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def classify(self, texts: list[str], vectors: np.ndarray | None = None) -> list[str | None]:
        features, cue_scores = self.features(texts, vectors)
        return decide(self.probabilities(features), texts, cue_scores, self.threshold, self.spread_threshold,
                      self.with_rules)


def decide(probabilities: np.ndarray, texts: list[str], cue_scores: list[ParagraphScores], threshold: float,
           spread_threshold: float, with_rules: bool) -> list[str | None]:
    """The classifier's whole decision (what training scores out of fold and what ``analyze`` does):
    :func:`decide_kinds`, with what the cue rules alone set apart added when ``with_rules``; an article it
    would leave without body (a one-line text, a page of bare links) is left to the rules, since the
    classifier's features were fitted on endings of real articles."""
    kinds = decide_kinds(probabilities, texts, cue_scores, threshold, spread_threshold)
    rules = kinds_from_scores(cue_scores)
    if with_rules:
        # the rules' additions keep the classifier's first prior: the headline is never set apart ("Letters to the
        # Editor: No, Korean BBQ isn't going away …" is a title, not a related-links line)
        kinds = [kind or (rule if i > 0 else None) for i, (kind, rule) in enumerate(zip(kinds, rules))]
    return rules if all(kind is not None for kind in kinds) else kinds


_LEAD_IN_WORDS = 15
_heading_end = re.compile(r"""[.!?:;,…"'”’)]\s*$""")


def is_heading(text: str) -> bool:
    """A line of at most six words without final punctuation: a heading (of a box, of a section)."""
    return len(text.split()) <= 6 and not _heading_end.search(text)


CROSSHEAD_NEXT_WORDS = 15   # a crosshead introduces a paragraph of the story at least this long


def crosshead_indexes(texts: list[str], kinds: list[str | None]) -> list[int]:
    """Body paragraphs that are crossheads: a line of at most six words without final punctuation (never the
    headline, the first paragraph) followed by a body paragraph of the story. Marked ``heading``: their text stays
    in the article's body as a heading, but a heading carries no claim and no technique."""
    return [i for i in range(1, len(texts) - 1)
            if kinds[i] is None and kinds[i + 1] is None and is_heading(texts[i]) and texts[i].strip()
            and len(texts[i + 1].split()) >= CROSSHEAD_NEXT_WORDS]


def decide_kinds(probabilities: np.ndarray, texts: list[str], cue_scores: list[ParagraphScores], threshold: float,
                 spread_threshold: float) -> list[str | None]:
    """Kinds from the class probabilities (columns in :data:`CLASSES` order) of the paragraphs ``texts``.

    A paragraph takes its best non-body kind when that reaches ``threshold``, with two position priors the
    labelled data cannot teach (it holds few such paragraphs): the first paragraph (the headline) is never set
    apart, and outside the last ``_TAIL`` paragraphs a kind needs a cue of its own (``cue_scores``), so a
    subheading inside the story is not taken for furniture by its form alone. Then, iterated, a paragraph among
    the last ``_TAIL`` joins the region of the paragraph before it, or the appeal after it when it is a box's
    lead-in (at most 15 words, with an appeal cue or a heading's form; never the writer's call to act), when its
    probability of that kind (for a lead-in: of any non-body kind) reaches ``spread_threshold`` and it is short
    (at most 15 words) or carries a cue of that kind: the body paragraph after a sign-up box is not one of its lines. Past 3x the longest furniture a paragraph is body
    whatever it scores.
    """
    n = len(texts)
    words = [len(t.split()) for t in texts]
    kinds: list[str | None] = []
    for i in range(n):
        best = 1 + int(np.argmax(probabilities[i][1:]))
        kind = CLASSES[best] if probabilities[i][best] >= threshold else None
        if i == 0 or (kind is not None and n - 1 - i >= _TAIL and getattr(cue_scores[i], kind) <= 0):
            kind = None
        kinds.append(kind)
    changed = True
    while changed:
        changed = False
        for i in range(max(1, n - _TAIL), n):
            if kinds[i] is not None:
                continue
            before = kinds[i - 1]
            after = kinds[i + 1] if i + 1 < n else None
            lead_in = after == "appeal" and words[i] <= _LEAD_IN_WORDS and (
                cue_scores[i].appeal > 0 or is_heading(texts[i]))
            for kind in (before, after if lead_in else None):   # in this order: a line after a bio is the bio's
                if kind is None or (words[i] > _LEAD_IN_WORDS and getattr(cue_scores[i], kind) <= 0):
                    continue  # a box's other lines are short or carry its cues; a story's paragraph does neither
                # a box's heading ("The Morning Ledger") reads as boilerplate or a caption by its form: what makes
                # it the appeal's is where it stands, so its bar is on all it is not body
                p = 1 - probabilities[i][0] if lead_in and kind == after and kind != before else \
                    probabilities[i][CLASSES.index(kind)]
                if p >= spread_threshold:
                    kinds[i] = kind
                    changed = True
                    break
    for i, kind in enumerate(kinds):
        if kind is not None and words[i] > 3 * _MAX_WORDS[kind]:
            kinds[i] = None  # a transcript pasted as one paragraph is body, whatever its cues add up to
    return kinds


@lru_cache(maxsize=1)
def shipped_model() -> NonBodyModel | None:
    return NonBodyModel.load()


def united(first: list[str | None], second: list[str | None]) -> list[str | None]:
    """The second look's ``union`` policy, paragraph by paragraph: its kind where it sets a paragraph apart, else
    the first decision's (chosen against ``replace`` out of fold, ``presslens train nonbody --vectors``). A
    ``heading`` mark sets nothing apart: it never overrides a kind the first decision gave."""
    return [s if s and (s != "heading" or f is None) else f for f, s in zip(first, second)]


@lru_cache(maxsize=1)
def second_look_model() -> NonBodyModel | None:
    """The shipped model of the second look (cue features and paragraph vectors), or None."""
    return NonBodyModel.load(VECTOR_MODEL_DIR)


def paragraph_kinds(texts: list[str], header: "HeaderInfo | None" = None,
                    model: NonBodyModel | None | bool = None, vectors: np.ndarray | None = None) -> list[str | None]:
    """Each paragraph's kind as ``presslens analyze`` decides it: :func:`classify_paragraphs`, then the header's
    bylines (``header``: :func:`detect_header` of the first paragraphs, when already known). ``vectors`` (one per
    paragraph) go to a model of the second look."""
    kinds = classify_paragraphs(texts, model, vectors)
    furniture = furniture_kinds(texts)   # embeds, duplicated teasers, bare links: by rules
    with_furniture = [f or k for f, k in zip(furniture, kinds)]
    if any(k is None for k in with_furniture[1:]) or len(texts) < 2:
        kinds = with_furniture   # never a text the rules would empty (a paste of links is read, not set apart)
    for i in crosshead_indexes(texts, kinds):
        kinds[i] = "heading"
    for i in (header or detect_header(texts[:5])).byline_indexes:
        kinds[i] = "byline"
    return kinds


def classify_paragraphs(texts: list[str], model: NonBodyModel | None | bool = None,
                        vectors: np.ndarray | None = None) -> list[str | None]:
    """The non-body kind of each paragraph (``None`` for body): the fitted model's decision (``model``, by
    default the shipped one), or the cue rules where no model is shipped or ``model`` is ``False``."""
    model = shipped_model() if model is None else model
    if not model or not texts:
        return rule_kinds(texts)
    return model.classify(texts, vectors)


@dataclass
class HeaderInfo:
    authors: list[str]
    date_text: str | None
    byline_indexes: list[int]


def detect_header(texts: list[str]) -> HeaderInfo:
    """Byline ("By Jane Doe") and dateline paragraphs among the first few."""
    authors: list[str] = []
    date_text = None
    indexes: list[int] = []
    for i, text in enumerate(texts[:5]):
        t = text.strip()
        if len(t) > 120:
            continue
        m = _BYLINE.match(t)
        if m:
            names = re.sub(rf"^{_BYLINE_LEAD}\s+", "", t, flags=_I)
            if t.endswith(":") and "," in names:
                names = names.rsplit(",", 1)[0]   # "by Mac Slavo, SHTF Plan:": the source the byline introduces
            names = re.sub(r"\s+via\s+.*$|\s*[:,.]$", "", names, flags=_I)
            names = re.split(r"\s*[|–—]\s*|,\s*(?=[a-z\s]*(staff|reporter|correspondent|editor|writer))", names,
                             flags=_I)[0]
            authors = [a.strip() for a in re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", names) if a and a.strip()]
            indexes.append(i)
        elif _DATELINE.match(t):
            date_text = t
            indexes.append(i)
    return HeaderInfo(authors, date_text, indexes)


def detect_regions(text: str, paragraphs: list[Span], header: HeaderInfo | None = None,
                   model: NonBodyModel | None | bool = None, vectors: np.ndarray | None = None) -> list[Span]:
    """Non-body regions of ``text``: spans labelled appeal/bio/caption/boilerplate/byline.

    Consecutive paragraphs of the same kind are merged into one region.
    ``header`` is :func:`detect_header` of the paragraphs, when already known; ``model`` and ``vectors`` as
    :func:`paragraph_kinds` takes them.
    """
    return regions_of(text, paragraphs, paragraph_kinds([text[p.start : p.end] for p in paragraphs], header, model,
                                                        vectors))


def regions_of(text: str, paragraphs: list[Span], kinds: list[str | None]) -> list[Span]:
    """Regions of the paragraphs' ``kinds`` (None: body), consecutive paragraphs of one kind as one region."""
    regions: list[Span] = []
    for paragraph, kind in zip(paragraphs, kinds):
        if kind is None:
            continue
        if regions and regions[-1].label == kind and _adjacent(text, regions[-1], paragraph):
            regions[-1] = Span(regions[-1].start, paragraph.end, kind)
        else:
            regions.append(Span(paragraph.start, paragraph.end, kind))
    return regions


def _adjacent(text: str, region: Span, paragraph: Span) -> bool:
    return not text[region.end : paragraph.start].strip()
