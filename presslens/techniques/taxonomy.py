"""The persuasion-technique inventory of presslens.

The base inventory is the 14 techniques of SemEval-2020 Task 11 (the
Propaganda Techniques Corpus, PTC). Each has a readable id, a definition and
an example written for this project, the exact PTC-2020 label string, and the
SemEval-2023 Task 3 technique(s) it corresponds to.

``semeval2023`` is set only where the correspondence is exact (one technique
to one technique, same definition under a new name). Two PTC labels merge
several SemEval-2023 techniques; for those, ``semeval2023_parts`` lists the
parts and a prediction cannot be mapped forward, while a SemEval-2023 label
maps back without loss (see :func:`from_semeval2023`). The SemEval-2023
techniques with no PTC counterpart are listed in ``SEMEVAL2023_ONLY``.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError


@dataclass(frozen=True)
class Technique:
    id: str
    name: str
    ptc2020: str
    semeval2023: str | None
    definition: str
    example: str
    explanation: str  # one line shown next to a detected span; {fragment} is filled in
    semeval2023_parts: tuple[str, ...] = ()


TECHNIQUES: tuple[Technique, ...] = (
    Technique(
        "loaded_language", "Loaded language", "Loaded_Language", "Loaded_Language",
        "Words and phrases with strong emotional overtones, chosen to make the reader feel rather than to inform.",
        "The council's reckless, shameful budget guts the libraries.",
        "Emotionally charged wording (“{fragment}”) pushes a feeling instead of stating a fact.",
    ),
    Technique(
        "name_calling", "Name calling or labelling", "Name_Calling,Labeling", "Name_Calling-Labeling",
        "Attaching a label to a person or group that the audience already fears, hates, loves or admires, in place of an argument.",
        "The minister and his cabal of bean-counters want you to pay more.",
        "A label (“{fragment}”) stands in for an argument about the person or group.",
    ),
    Technique(
        "repetition", "Repetition", "Repetition", "Repetition",
        "Saying the same message again and again so that it sticks and comes to feel true.",
        "We need the bridge. The town needs the bridge. Our children need the bridge.",
        "The phrase “{fragment}” is repeated so the message sticks, not because it adds information.",
    ),
    Technique(
        "exaggeration", "Exaggeration or minimisation", "Exaggeration,Minimisation", "Exaggeration-Minimisation",
        "Making something look far bigger, better or worse than it is, or playing it down as trivial.",
        "This is the worst decision any government has ever taken.",
        "“{fragment}” overstates or plays down the matter beyond what the facts support.",
    ),
    Technique(
        "doubt", "Doubt", "Doubt", "Doubt",
        "Questioning the credibility of someone or something without evidence, to make the reader distrust it.",
        "Can we really believe a report paid for by the same people it praises?",
        "“{fragment}” casts doubt on credibility without giving evidence.",
    ),
    Technique(
        "appeal_to_fear", "Appeal to fear or prejudice", "Appeal_to_fear-prejudice", "Appeal_to_Fear-Prejudice",
        "Building support for an idea by making the reader afraid of the alternative, or by playing on prejudice.",
        "If this law passes, no family in this country will be safe in its own home.",
        "“{fragment}” tries to win agreement through fear or prejudice.",
    ),
    Technique(
        "flag_waving", "Flag-waving", "Flag-Waving", "Flag_Waving",
        "Appealing to patriotism or the pride of a group (a nation, a religion, a class) to justify an idea.",
        "Any true patriot will stand behind our soldiers on this.",
        "“{fragment}” appeals to national or group pride to justify a position.",
    ),
    Technique(
        "causal_oversimplification", "Causal oversimplification", "Causal_Oversimplification", "Causal_Oversimplification",
        "Blaming a single cause for an outcome that has many causes.",
        "Crime went up because the mayor cut the parking budget.",
        "“{fragment}” reduces an outcome with many causes to a single one.",
    ),
    Technique(
        "slogans", "Slogan", "Slogans", "Slogans",
        "A short, striking phrase that packs a judgement or a call to action, often with labels or stereotypes.",
        "Take back our streets!",
        "“{fragment}” is a catchy slogan rather than an argument.",
    ),
    Technique(
        "appeal_to_authority", "Appeal to authority", "Appeal_to_Authority", "Appeal_to_Authority",
        "Saying a claim is true because an authority or expert backs it, without other evidence.",
        "A Nobel laureate has said it, so the matter is settled.",
        "“{fragment}” leans on an authority's word in place of evidence.",
    ),
    Technique(
        "black_and_white", "Black-and-white fallacy", "Black-and-White_Fallacy", "False_Dilemma-No_Choice",
        "Presenting two options as the only ones possible when more exist; in its extreme form, dictating the only choice.",
        "Either we close the border tomorrow or we lose the country.",
        "“{fragment}” offers two options as if no others existed.",
    ),
    Technique(
        "thought_terminating_cliche", "Thought-terminating cliché", "Thought-terminating_Cliches", "Conversation_Killer",
        "A stock phrase that discourages critical thought and ends the discussion.",
        "It is what it is. Rules are rules.",
        "“{fragment}” is a stock phrase that closes the discussion instead of answering it.",
    ),
    Technique(
        "whataboutism_strawman_red_herring", "Whataboutism, straw man or red herring",
        "Whataboutism,Straw_Men,Red_Herring", None,
        "Discrediting a position by pointing at the opponent's hypocrisy, arguing against a distorted version of it, "
        "or drawing attention to an irrelevant topic.",
        "They complain about our emissions, but what about their coal plants?",
        "“{fragment}” deflects from the point: hypocrisy charge, distorted position or irrelevant topic.",
        ("Whataboutism", "Straw_Man", "Red_Herring"),
    ),
    Technique(
        "bandwagon_reductio", "Bandwagon or reductio ad Hitlerum", "Bandwagon,Reductio_ad_hitlerum", None,
        "Urging the reader to agree because everyone else does, or rejecting an idea because a hated group supports it.",
        "Millions of readers have already signed; don't be the last one.",
        "“{fragment}” argues from popularity, or from who else holds the view.",
        ("Appeal_to_Popularity", "Guilt_by_Association"),
    ),
)

# SemEval-2023 Task 3 techniques with no PTC-2020 counterpart.
SEMEVAL2023_ONLY = ("Appeal_to_Values", "Consequential_Oversimplification", "Appeal_to_Time",
                    "Obfuscation-Vagueness-Confusion", "Appeal_to_Hypocrisy", "Questioning_the_Reputation")

BY_ID = {t.id: t for t in TECHNIQUES}
BY_PTC = {t.ptc2020: t for t in TECHNIQUES}
PTC_LABELS = [t.ptc2020 for t in TECHNIQUES]
TAXONOMIES = ("presslens", "ptc2020", "semeval2023")


def from_ptc(label: str) -> Technique:
    try:
        return BY_PTC[label]
    except KeyError:
        raise UsageError(f"not a PTC-2020 technique label: {label!r}") from None


def from_semeval2023(label: str) -> Technique | None:
    """The PTC technique a SemEval-2023 label falls under, or None when it has none."""
    for technique in TECHNIQUES:
        if label == technique.semeval2023 or label in technique.semeval2023_parts:
            return technique
    return None


def label_in(technique: Technique, taxonomy: str) -> str | None:
    """The label of ``technique`` in ``taxonomy``; None where SemEval-2023 has no exact counterpart."""
    if taxonomy == "presslens":
        return technique.id
    if taxonomy == "ptc2020":
        return technique.ptc2020
    if taxonomy == "semeval2023":
        return technique.semeval2023
    raise UsageError(f"unknown taxonomy '{taxonomy}' (choose from {', '.join(TAXONOMIES)})")
