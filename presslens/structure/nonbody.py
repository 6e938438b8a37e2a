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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..document import Span
from ..errors import ModelMissing

_I = re.I

# -- appeals: the outlet asking the reader for money, sign-ups or loyalty ---------
_APPEAL_STRONG = [
    r"\bby (subscribing|donating|becoming a (member|subscriber|supporter))\b",
    r"\b(subscribe|sign up|signup|register|join us|join \d[\d,.]* (other )?readers|donate|chip in|give)\b[^.!?]{0,60}\b(today|now|here|below|free|for (just|only|as little as)|monthly|per month|a month)\b",
    r"\bsubscribe (now|today|here|to (our|the|read|continue|keep)|for)\b",
    r"\b(support|fund|power|sustain|protect|keep)\w* (our|independent|local|nonprofit|non-profit|quality|public[- ]interest|this kind of|fearless|free) (\w+ )?(journalism|reporting|newsroom|press|work|mission|coverage)\b",
    r"\b(sign up|subscribe|register)\b[^.!?]{0,40}\b(newsletter|briefing|digest|bulletin|alerts|updates|emails?)\b",
    r"\b(newsletter|briefing|digest|bulletin)s?\b[^.!?]{0,60}\b(your inbox|inbox|delivered|every (morning|evening|day|week)|sign up|subscribe)\b",
    r"\b(in|to|straight to|delivered to) your inbox\b",
    r"\balready a (subscriber|member|supporter)\b",
    r"\bunlimited (digital )?access\b",
    r"\breaders like you\b",
    r"\breader[- ](funded|supported|powered)\b",
    r"\bmake a (one-time |monthly |tax-deductible )?(gift|donation|contribution)\b",
    r"\b(this|our) (story|article|reporting|journalism|work) (is|was|are|remains?) (free|made possible|funded|paid for|supported)\b",
    r"\bwe (rely|depend|count) on\b[^.!?]{0,60}\b(readers|you|support|donations|subscri|members)",
    r"\b(please )?(consider|think about) (subscribing|supporting|donating|becoming|a (donation|subscription|gift|contribution))\b",
    r"\bbecome a (member|subscriber|supporter|patron|friend of)\b",
    r"\b(your|a) (donation|gift|contribution|subscription|membership)s?\b[^.!?]{0,80}\b(us|our|we|journalism|reporting|newsroom)\b",
    r"\b(tax[- ]deductible|patreon|paypal|venmo)\b",
    r"\bif you (value|enjoy|appreciate|liked|like|found)\b[^.!?]{0,60}\b(journalism|reporting|article|story|work|this)\b",
    r"\b(get|try) (full |unlimited |digital )?access\b",
    r"\bjoin [\d,.]+ (other |fellow )?(readers|subscribers|members|supporters)\b",
    r"\b(for|at|from|starting at|only|just|as little as) (\$|£|€)\s?\d[\d.,]*[^.!?]{0,30}\b(a|per|each|every) (week|month|year)\b",
    r"\b(members|subscribers|supporters) (get|receive|enjoy)\b",
    r"\bsupport us\b",
    r"\bhelp (us|[A-Z][\w’' ]{0,30}) (stay|remain|keep)\b",
    r"\b(stay|remain) (independent|ad-free|online|alive)\b|\bkeep (it|us|this site|this newsletter) (independent|free|ad-free|online|alive|going)\b",
    r"\bforward(ed)? (it|this|this email|this newsletter) to\b",
    r"\bgift (this|the) (article|story)\b|\bgift (a|an) (subscription|membership)\b",
    r"\bbecause (a few|some|many|thousands of|hundreds of|a small number of)[\w ]{0,20} (of )?(you|readers|subscribers|members)\b",
    r"\b(donate|give|contribute|pledge|chip in) (\$|£|€|₦|₹|GH₵|R|KSh)\s?\d",
    r"\bby becoming (a|an) ([\w'’-]+ ){0,3}(member|subscriber|supporter|patron|donor)\b",
    r"\b(free|our) (trial|newsletter)\b",
    r"^e-?mail\s*\*?\s*$",                                      # the field of a sign-up form
    r"\b(take|complete|completing) (our|this) poll\b|\bpoll\b[^.!?]{0,40}\b(grants?|gives?) you access\b",
    r"\b(vip|premium|insider) (member|membership|access)\b",
    r"\bfree sign[- ]?up\b|\bnever miss (a|an|our|the)\b",
    r"\?\s*\*\s",                                             # a poll's question and its required-answer mark
    # the lead-in of an appeal box, which asks for nothing by itself ("Independent reporting has never mattered more.")
    r"\b(independent|quality|local|fearless|trusted|honest|public[- ]interest|nonprofit|non-profit|reader[- ]funded) "
    r"(journalism|reporting|news|media)\b[^.!?]{0,40}\b(never|more than ever|matters?|mattered|needs?|costs?|depends?|takes)\b",
]
_APPEAL_WEAK = r"\b(subscri\w*|donat\w*|newsletter|membership|members?hip|sign[- ]up|contribut\w*|support\w*|log ?in|paywall)\b"
_SECOND_PERSON = r"\b(you|your|we|our|us)\b"

# -- bios: a short description of the author ----------------------------------------
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
_BIO_START = [
    rf"^[-—–*_~\s]*{_NAME}(\s*\([@\w.,'’\s-]+\))?,?\s+(is|are|has been|serves as|covers|writes|teaches|reports|leads|directs|edits|hosts|runs|works|researches|studies|previously)\b",
    r"^[-—–*_~\s]*(the|this|our) (author|writer|columnist|contributor|reviewer|essayist)s?\b",
    r"^[-—–*_~\s]*(about the authors?|author bio|author's note|contributor)\s*[:—–-]",
    r"^[-—–*_~\s]*(he|she|they) (is|are) (the|a) (co-)?(author|editor) of\b",
    r"^[-—–*_~\s]*this (article|essay|piece|column|op-ed) (was|is) (written )?by\b",
    r"^[-—–*_~\s]*about the (authors?|writers?|columnists?|contributors?)\s*$",   # the heading of a bio box
    rf"^[-—–*_~\s]*the best of {_NAME}\s*$",                                     # a columnist's archive link
    # a bio without "is a writer": what the author has written, done or been
    rf"^[-—–*_~\s]*{_NAME},?\s+(has (written|reported|covered|worked|taught)|reported (from|on|for) [^.]{{0,60}}\b(before|since|until)\b|covered [^.]{{0,60}}\bfor\b|spent (a|two|three|four|five|\w+) "
    r"(decades?|years)|was (formerly|previously|once)|is the author|lectures|joined)\b",
]
_BIO_SUPPORT = [
    rf"\b(is|are|has been|serves as) (a |an |the )?([\w'’-]+,? ){{0,8}}{_ROLE}\b",
    rf"\band (a|an) ([\w'’-]+ ){{0,3}}{_ROLE}\b",
    r"\b(he|she|they) (lives|live|is based|are based|splits (his|her|their) time)\b",
    rf",\s*(a|an|the) ([\w'’.-]+ ){{0,4}}{_ROLE}\b",
    r"\b(joined|has worked (at|for)|has written for|has reported (for|from)|worked for|is based in)\b",
    r"\b(can be reached|reach (him|her|them) at|email (him|her|them)|contact (him|her|them))\b",
    r"\b(books?|novels?|titles?|works) (include|includes|including)\b",
    r"\b(his|her|their) (latest|new|most recent|forthcoming|first|debut) (book|novel|collection|memoir|study)\b",
    r"\b(is|are) the author of\b",
    r"\bfollow (him|her|them|me) (on|at)\b",
    r"(?<![\w@])@\w{2,}",
    r"\b(covers|writes about|reports on|teaches) [\w ,]+(for|at)\b",
    r"\b(previously|formerly) (worked|reported|served|wrote|was)\b",
    r"\b(a|an) former ([\w-]+ ){0,3}" + _ROLE,
    r"\bwrites (the|a) [\w’', ]{0,40}(newsletter|column|blog)\b",
    r"\bpen name\b",
    r"\bnew (book|novel|collection|memoir)\b[^.]{0,120}\b(is|was) (published|out) (by|from|now|in)\b",
    r"\b(his|her|their) (books?|novels?|essays|memoir|podcast|newsletter)( \w+)? (include|includes|is|are|was)\b",
]

# -- captions ------------------------------------------------------------------------
_CAPTION = [
    r"^[\[(]?(photo|photograph|image|picture|pictured|illustration|video|graphic|credit|image credit|photo credit|main image|top image|file photo)s?\s*[:：—–-]",
    r"\((photo|image|pictured|file)?[:\s]*[^()]{0,60}/\s*[^()]{2,40}\)\s*[.]?$",
    r"(getty images|associated press|ap photo|reuters|afp|epa|shutterstock|alamy|file photo|handout)\)?\s*[.]?$",
    r"^\(?(photo|image)s? (by|courtesy of|via)\b",
    r"\b(photograph|photo|image|picture|credit)s?\s*:\s*[^.:]{2,60}$",
    r"\b(photograph|photo|image|picture)s?\s*:\s*[A-Z][\w'’.-]+(\s+[A-Z][\w'’.-]+){0,3}",
    r"\bphoto\s*/\s*[A-Z]",
    r"\[[^\]]{0,40}\b(file )?(photo|image|picture)[^\]]{0,40}\]\s*[.]?$",
    r"^(watch|video|listen)\b[^.!?]{0,80}\b(below|here|this link|video)\b",
]

# -- boilerplate: furniture of the page ----------------------------------------------
_BOILERPLATE = [
    r"^(copyright|©|\(c\))",
    r"\ball rights reserved\b",
    r"^(read more|related( stories| articles| coverage| content)?|also read|see also|more from|more on this|recommended|most read|most popular|trending|tags?|topics?|filed under|share (this|on|via)|share$|follow us|comments?|advertisement|sponsored( content)?|listen to this article|click here|watch:|read next|next article|previous article|print this|skip (to|past))\b",
    r"\bcomments (are|have been) (closed|disabled)\b",
    r"^(this (article|story|piece) (has been|was) (updated|corrected|amended|edited)|correction:|clarification:|editor'?s note:|updated:?\s)",
    r"^(additional )?reporting (by|from)\b",
    r"^(contributing|contributors?|our standards)\s*:",
    r"\bthis (article|story|piece|post) (has been|was) (updated|corrected|amended|edited)\b",
    r"^(editor['’]?s note|read the (whole|full|rest of the) (article|story))\b|^follow( us)?\W*$",
    r"^\W*update\W*$",
    r"\b(editing|edited|writing|compiled) by [A-Z]",
    r"^(the )?(views|opinions) expressed\b",
    r"\b(are|is) (solely )?(those|the views?|the opinions?) of the (author|writer)s?\b",
    r"^(this (story|article) (was|is) )?(originally|first) (published|appeared)\b",
    r"\b(terms of (use|service)|privacy policy|cookie policy|cookie settings)\b",
    r"^(leave|post|add|write) a (comment|reply)\b",
    r"\bviews (are|were|expressed are) (personal|my own|the author'?s own|those of the author)\b",
    r"^disclaimer\b",
    r"\b(views|opinions) expressed (in|here)\b[^.]{0,60}\b(are|do not)\b",
    r"^\(?(with )?(inputs|additional reporting|reporting|wire reports?) (from|by)\b",
    r"\bcontributed (reporting )?(to this (report|article|story)|from)\b",
    r"\bmay not be (copied|reproduced|republished|redistributed)\b|\bmay be (republished|reproduced)\b",
    r"\bjoin (our|[A-Z][\w’' ]{0,30}) (whatsapp|telegram|signal) (channel|group|community)\b",
    r"^got a (story|tip|news tip)\b|\btips?@\w|\bsend (us )?(your )?(news )?tips\b",
    r"^have a view\b|\bwrite to us\b",
    r"^(more|also|see|watch|listen|latest)\s*:",
    r"\bfollow @\w+",
    r"\bis part of (the|our|a) [\w’' -]{0,40}series\b",
    r"\b(appears|appeared) in print\b|\b(print|online) edition\b",
    r"\b(submit|send) (a|your) (response|letter)\b|\bletters? (to the editor|for publication)\b",
    r"\b(republished|reproduced|reprinted|syndicated) (from|with permission|under)\b|\bcreative commons\b",
    r"\b(adapted|excerpted) from\b",
    r"^explore more\b|^more on (these|this) topics?\b",
    r"\bdownload (the|our) [\w ]{0,30}app\b",
    r"^follow (us|(?!(him|her|them|me)\b)[A-Z][\w ]{0,30}) on (twitter|x|facebook|instagram|telegram|linkedin|tiktok|youtube|whatsapp|threads|bluesky|mastodon)\b",
    r"\bearn (a )?(small )?(commission|affiliate)|\baffiliate (links?|commission)\b",
    r"\baccurate at the time of (publication|writing|going to press)\b",
    r"\b(posted|republished|reprinted|reposted|published|shared) with (kind )?permission\b",
    r"\b(originally|first) (published|posted|appeared) (by|at|on|in)\b",
    r"^(sources?|references)( for this (article|story|report))?( include)?\s*:?\s*$",
    r"^(via|source|h/t|hat tip)\s*[:–—-]?\s",
    r"\b(story )?continues? (reading )?below\b",
    r"^(must read|read also|also read|read all the latest|more related news|related)\s*[:(]?",
    # a site's promo line: "TRUTH LIVES on at https://…", "Read rest at ZeroHedge", "Learn more at Climate.news."
    r"^(\w+ ){0,3}(lives on|read (more|rest|the rest)|learn more|more (news|stories)|find (out )?more)\b[^.!?]{0,30}"
    r"\b(at|on)\s+\S+\s*$",
]

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

_compiled = {
    "appeal": [re.compile(p, _I) for p in _APPEAL_STRONG],
    # The name-led pattern (first) keeps its capitalisation test: compiled case-sensitively.
    "bio_start": [re.compile(_BIO_START[0])] + [re.compile(p, _I) for p in _BIO_START[1:]],
    "bio_support": [re.compile(p, _I) for p in _BIO_SUPPORT],
    "caption": [re.compile(p, _I) for p in _CAPTION],
    "boilerplate": [re.compile(p, _I) for p in _BOILERPLATE],
}
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


def _count(patterns: list[re.Pattern], text: str) -> int:
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
                   bool(config.get("with_rules", False)))

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        z = (features - self.mean) / self.scale
        logits = z @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def classify(self, texts: list[str]) -> list[str | None]:
        from .nonbody_features import paragraph_features

        features, cue_scores = paragraph_features(texts, with_scores=True)
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
        kinds = [kind or rule for kind, rule in zip(kinds, rules)]
    return rules if all(kind is not None for kind in kinds) else kinds


_LEAD_IN_WORDS = 15
_heading_end = re.compile(r"""[.!?:;,…"'”’)]\s*$""")


def is_heading(text: str) -> bool:
    """A line of at most six words without final punctuation: a heading (of a box, of a section)."""
    return len(text.split()) <= 6 and not _heading_end.search(text)


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


def paragraph_kinds(texts: list[str], header: "HeaderInfo | None" = None,
                    model: NonBodyModel | None | bool = None) -> list[str | None]:
    """Each paragraph's kind as ``presslens analyze`` decides it: :func:`classify_paragraphs`, then the header's
    bylines (``header``: :func:`detect_header` of the first paragraphs, when already known)."""
    kinds = classify_paragraphs(texts, model)
    for i in (header or detect_header(texts[:5])).byline_indexes:
        kinds[i] = "byline"
    return kinds


def classify_paragraphs(texts: list[str], model: NonBodyModel | None | bool = None) -> list[str | None]:
    """The non-body kind of each paragraph (``None`` for body): the fitted model's decision (``model``, by
    default the shipped one), or the cue rules where no model is shipped or ``model`` is ``False``."""
    model = shipped_model() if model is None else model
    if not model or not texts:
        return rule_kinds(texts)
    return model.classify(texts)


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


def detect_regions(text: str, paragraphs: list[Span], header: HeaderInfo | None = None) -> list[Span]:
    """Non-body regions of ``text``: spans labelled appeal/bio/caption/boilerplate/byline.

    Consecutive paragraphs of the same kind are merged into one region.
    ``header`` is :func:`detect_header` of the paragraphs, when already known.
    """
    kinds = paragraph_kinds([text[p.start : p.end] for p in paragraphs], header)
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
