"""Typed results: one pydantic model for the report's base layers and for each analysis's result.

The report's JSON Schema (``presslens schema``, the server's OpenAPI) is generated from these models
(:func:`presslens.report.schema.report_schema`), and :meth:`presslens.report.Report.typed` reads a report into them.
An analysis declares its result's type as ``result_model`` (see :mod:`presslens.analyzers.registry`). Every span is
a ``(start, end)`` pair of Python string indices into the report's ``text``. A model that forbids other keys mirrors
a part of the contract that is closed; the claim cards' parts stay open, as they were.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from .actors.roles import ALL_FINE_ROLES, MAIN_ROLES
from .document import REGION_KINDS
from .techniques.taxonomy import TECHNIQUES

SCHEMA_VERSION = "1"

Offset = Annotated[int, Field(ge=0)]
Probability = Annotated[float, Field(ge=0, le=1)]


class Closed(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


# --- the base layers ---------------------------------------------------------------------------------------------

class Source(Closed):
    path: Optional[str]
    url: Optional[str]
    title: Optional[str]
    authors: list[str]
    date: Optional[str] = Field(description="publication date, ISO 8601 (YYYY-MM-DD) when known")
    site: Optional[str]


class Region(Closed):
    kind: Literal[REGION_KINDS]  # type: ignore[valid-type]
    start: Offset
    end: Offset


class TextSpan(Closed):
    start: Offset
    end: Offset


class Entity(Closed):
    start: Offset
    end: Offset
    text: str
    label: str


class ModelRef(Closed):
    """One entry of a report's ``models`` (presslens.models.provenance.model_ref)."""
    model: str = Field(description="the model folder in presslens/models, or the spaCy package")
    fingerprint: Optional[str] = Field(None, description="hash of the files that decide its output")
    version: Optional[str] = None


class ReportBase(Closed):
    """One analysed article. Every start/end pair is a Python string index range into `text` (end exclusive):
    text[start:end] is exactly the fragment."""
    schema_version: Literal[SCHEMA_VERSION]  # type: ignore[valid-type]
    id: str = Field(description="file stem, JSONL record id, or 'stdin'")
    source: Source
    language: Optional[str] = Field(description="ISO 639-1 code of the detected language")
    text: str
    regions: list[Region] = Field(description="non-body parts, kept in `text` but left out of every analysis")
    paragraphs: list[TextSpan]
    sentences: list[TextSpan] = Field(description="sentences of the body")
    entities: list[Entity]
    models: Optional[dict[str, ModelRef]] = Field(
        None, description="which model each analysis that ran used; a fingerprint changes when the model is "
                          "retrained, so findings from two runs compare only where it is the same (absent in reports "
                          "stored before it was added)")
    warnings: list[str]
    timings_ms: dict[str, float]


# --- techniques ----------------------------------------------------------------------------------------------------

class Speaker(Closed):
    name: str
    start: Offset
    end: Offset


class Voice(Closed):
    """Whose words the span is in: the author's, or quoted / reported from a speaker (who may be unnamed: null)."""
    kind: Literal["author", "quoted"]
    speaker: Optional[Speaker]


TechniqueId = Literal[tuple(dict.fromkeys([t.id for t in TECHNIQUES] + [t.ptc2020 for t in TECHNIQUES]))]  # type: ignore


class TechniqueSpan(Closed):
    start: Offset
    end: Offset
    text: str = Field(description="text[start:end], for convenience")
    technique: TechniqueId = Field(description="technique id (presslens taxonomy; with --taxonomy ptc2020, the PTC-2020 "
                                               "label string)")
    name: str = Field(description="readable technique name")
    score: Probability = Field(description="the probability, measured on held-out articles, that the span carries this "
                                           "technique (calibrated; with --fast, P(span) × P(technique | span))")
    voice: Voice
    shown: bool = Field(description="whether the text and HTML views show the span: its score reaches the display "
                                    "threshold chosen on held-out articles")
    span_score: Optional[Probability] = None
    technique_score: Optional[Probability] = None
    explanation: str


# --- genre, frames, narratives -------------------------------------------------------------------------------------

class Genre(Closed):
    label: Literal["opinion", "reporting", "satire"]
    scores: dict[str, Probability]


class ScoredSpan(Closed):
    start: Offset
    end: Offset
    score: float


class Frame(Closed):
    frame: str = Field(description="label string of frames_subtask2.txt")
    score: Probability
    evidence: list[ScoredSpan] = Field(description="the paragraphs that carry the frame most strongly")


class ScoredLabel(Closed):
    label: str
    score: Probability


class NarrativeEvidence(Closed):
    start: Offset
    end: Offset
    score: Probability


class Narrative(Closed):
    narrative: str = Field(description="a line of subtask2_narratives.txt ('URW: …', 'CC: …') or 'Other'")
    score: Probability
    subnarratives: list[ScoredLabel] = Field(description="lines of subtask2_subnarratives.txt under the narrative, or "
                                                         "'<narrative>: Other' when none of its listed ones applies")
    evidence: list[NarrativeEvidence] = Field(description="the body paragraphs that carry the narrative most strongly")


# --- claims --------------------------------------------------------------------------------------------------------

class ClaimQuantity(Open):
    start: Offset
    end: Offset
    text: str
    value: float = Field(description="normalised: '1,800' → 1800, 'nine' → 9")
    high: Optional[float] = Field(None, description="upper end of a range")
    bound: Literal["exact", "approximate", "lower", "upper", "range"]
    hedge: Optional[str] = None
    unit: Optional[str] = None
    counted: Optional[str] = Field(None, description="what is counted: people, killed, ...")
    event: Optional[str] = None


class ClaimTime(Open):
    start: Offset
    end: Offset
    text: str
    kind: Literal["date", "range", "duration"]
    value: Optional[str] = Field(description="ISO date, month or year")
    end_value: Optional[str] = None
    granularity: Optional[str] = None
    relative: Optional[bool] = Field(None, description="resolved against the article date")
    future: Optional[bool] = None


class ClaimPart(Open):
    start: Offset
    end: Offset
    text: str = Field(description="text[start:end]")


class ClaimActor(ClaimPart):
    label: Optional[str] = None


class Attribution(Open):
    """Who the claim is attributed to."""
    start: Optional[Offset] = None
    end: Optional[Offset] = None
    text: Optional[str] = None
    cue: Optional[str] = None


class FactCheck(Open):
    claim: str = Field(description="the claim as the fact-checker worded it")
    rating: Optional[str]
    reviewer: Optional[str]
    date: Optional[str]
    url: Optional[str]
    title: Optional[str] = None
    speaker: Optional[str] = None
    id: Optional[str] = None
    score: Probability = Field(description="the matcher's probability that it checks this claim")


class Entailment(Open):
    """The entailment model's reading of (claim, sentence), when it read it."""
    supports: Probability
    refutes: Probability
    neither: Probability


class EvidenceSentence(Open):
    """An evidence sentence; its offsets point into the evidence document, not the article."""
    sentence: str
    document: str = Field(description="id in the evidence index")
    start: Offset
    end: Offset
    title: Optional[str] = None
    source: Optional[str] = None
    url: Optional[str] = None
    date: Optional[str] = None
    similarity: Optional[float] = Field(None, description="cosine between claim and sentence")
    relation: Literal["supports", "contradicts", "mixed", "related"]
    comparisons: list[str]
    entailment: Optional[Entailment] = None


class Why(Open):
    """What decided the verdict."""
    signal: Literal["rules", "model", "none"] = Field(
        description="rules: figures, dates, paraphrase; model: the entailment model; none: nothing decided")
    evidence: list[Offset] = Field(description="indices into evidence of the sentences the verdict rests on")


class ConfidenceBasis(Open):
    right: Optional[int] = None
    total: Optional[int] = None


class Verification(Open):
    """Present when the analysis ran with an evidence index."""
    verdict: Literal["supported", "contradicted", "mixed", "uncertain", "not_enough_evidence"]
    explanation: Optional[str] = Field(None, description="the comparisons the verdict rests on")
    confidence: Optional[Probability] = Field(
        None, description="how often verdicts of this kind (what decided, which verdict) were right on the "
                          "verification triples' dev half, smoothed: (right+1)/(total+2)")
    confidence_basis: Optional[ConfidenceBasis] = None
    why: Optional[Why] = None
    evidence: list[EvidenceSentence]


class ClaimCard(Open):
    start: Offset
    end: Offset
    text: str = Field(description="text[start:end]")
    score: Probability = Field(description="check-worthiness probability")
    quantities: list[ClaimQuantity]
    times: list[ClaimTime]
    places: list[ClaimPart]
    actors: list[ClaimActor]
    attribution: Optional[Attribution]
    satire: Optional[bool] = Field(None, description="present and true when the genre analysis reads the article as "
                                                     "satire (P >= 0.9): the statement is not shown as a check-worthy "
                                                     "claim")
    fact_checks: Optional[list[FactCheck]] = Field(
        None, description="earlier fact-checks of this claim in the evidence collection (present when it holds "
                          "fact-checks): the matches the matcher scores from its threshold on, best first; the rating "
                          "is the fact-checker's, as published")
    verification: Optional[Verification] = None


# --- actors --------------------------------------------------------------------------------------------------------

class Mention(Closed):
    start: Offset
    end: Offset
    text: str = Field(description="text[start:end]")


class Role(Closed):
    main: Optional[Literal[MAIN_ROLES]] = Field(  # type: ignore[valid-type]
        description="null when the article takes no stance on the actor (stance below its threshold) or the head is "
                    "unsure which role (its pooled P(main role) below the threshold chosen for precision)")
    fine: list[Literal[ALL_FINE_ROLES]] = Field(  # type: ignore[valid-type]
        description="fine-grained roles under the main role (empty when main is null)")
    scores: dict[Literal[MAIN_ROLES], Probability] = Field(  # type: ignore[valid-type]
        description="P(main role), pooled over the actor's mentions")
    stance: Probability = Field(description="P(the article casts this actor in a role at all)")


class ActorTechnique(Closed):
    technique: str
    start: Offset
    end: Offset


class Actor(Closed):
    id: str = Field(description="a1, a2, ... in this report")
    name: str = Field(description="the canonical name: the fullest form the article uses, or the alias table's "
                                  "('Britain' and 'the U.K.' are 'United Kingdom')")
    type: Literal["PERSON", "ORG", "GPE", "NORP", "GROUP"] = Field(
        description="PERSON, ORG, GPE (a country, city or state), NORP (a nationality, religious or political group: "
                    "'Ukrainians', 'Russian forces'), GROUP (a common-noun group of people named at least twice: 'the "
                    "protesters', 'aid agencies')")
    mentions: list[Mention] = Field(min_length=1)
    role: Role
    techniques: list[ActorTechnique] = Field(description="technique spans that label the actor or surround it in a "
                                                         "clause")
    claims: list[Offset] = Field(description="indices into the report's claims of the cards that name the actor")
    quotes: list[TextSpan] = Field(description="sentences that quote the actor (it is their attributed source)")


# the error object of a JSONL run or of the API (one per input that could not be analysed)
class ErrorRecord(BaseModel):
    schema_version: Literal[SCHEMA_VERSION]  # type: ignore[valid-type]
    id: Optional[str] = None
    error: str
    input: Optional[str]
    reason: str


def json_schema(model: Any) -> dict:
    """The JSON Schema of a model or type, with every ``$ref`` written out in place (the schema is read by people
    and embedded in the OpenAPI document, where a ``#/$defs`` reference would not resolve)."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(model).json_schema()
    return inline_refs(schema)


def inline_refs(schema: dict) -> dict:
    defs = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            if "$ref" in node:
                target = resolve(dict(defs[node["$ref"].rsplit("/", 1)[1]]))
                rest = {k: resolve(v) for k, v in node.items() if k != "$ref"}
                return {**target, **rest}
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    return resolve(schema)
