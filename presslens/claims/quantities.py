"""Quantities in news text: numbers with their unit, bound, hedge and what they count.

``find_quantities(text)`` reports "191", "1,800", "nine", "1.8 million", "£3.5bn",
"more than 40 percent", "between 40 and 50", "40-50", "a third", "one in five",
"dozens" with (start, end) Python string indices (``text[start:end] ==
quantity.text``), a normalised value, the bound the wording puts on it, and what is
counted. ``counted`` is the head plural noun after the number ("191 people", "400
existing stations", "27 EU member states"), the noun after "of" for a share ("40 percent
of voters"), a participle right after it ("191 killed"), or else the event verb before
it or passive after it ("killed 191", "191 were killed"); money and measures count
nothing. ``event`` is that verb ("killed 191 people", "191 people were killed").

Choices (precision over recall: a number that may not be a quantity is left out):
- years, dates ("11 March", "March 14"), times ("10:30", "10 am"), durations ("15 years",
  left to timex), ordinals ("19th"), numbers glued to words ("A380", "COVID-19",
  "40-year-old", "5G"), ids after a name ("Boeing 737", "Formula One"), list markers,
  ages ("Smith, 45,"), and sports scores ("won 3-1") are not quantities;
- a 4-digit number 1000-2100 is a year unless ``timex.is_year_at`` says it is a count
  (one rule for both modules: a number is a year or a quantity, never both);
- "one" and "zero" are quantities only before a counted noun ("one person", "zero deaths")
  or a scale ("one million"); a bare number before a name ("9 News") is none;
- "three times" has the unit "times" (a multiplier);
- fractions of a whole are percentages: "a third of" -> 33.33, "half of" -> 50,
  "two-thirds of" -> 66.67, "one in five" -> 20 (unit "percent");
- fractions with a rarer denominator are read wherever they stand: "one eightieth" -> 1.25, "less than one seventh"
  -> 14.29 (upper bound);
- vague plurals are the order of magnitude they name: "dozens of" -> 24 to 100, "hundreds of" -> 200 to 1,000,
  "thousands of" -> 2,000 to a million, "hundreds of millions of" -> 200 million to a billion (bound "range", hedge
  the words);
- "from 26,500 to 41,000" is two quantities (a change), "40 to 50 people" one range;
  a scale or unit written once is shared: "between 2 and 3 million", "from 20 to 30 percent";
- "m", "k" and "b" are scales only after a currency sign or before a currency word ("$5m", "154m naira"; "5m"
  alone may be metres).

Rejected: quantulum3 0.10 (reports the year in "The 2004 bombings", no hedges or bounds, offsets (-1, 17) for
"Between 40 and 50", "3.5bn" in bit-newtons, "two dozen" = 2) took 3.5 s on first call, then 1-12 ms a sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from presslens.claims.timex import COUNTED_NOUN_AFTER_RE, is_year_at

__all__ = ["Quantity", "find_quantities", "parse_number"]


def _word_set(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string, for long vocabularies."""
    return frozenset(words.split())


@dataclass(frozen=True)
class Quantity:
    start: int  # the whole expression: hedge, currency, number, scale, unit
    end: int
    text: str  # text[start:end]
    value: float  # normalised number (low end of a range)
    high: float | None  # high end of a range, else None
    bound: str  # "exact" | "approximate" | "lower" | "upper" | "range"
    hedge: str | None  # the bound words as written: "about", "more than", "most likely did not exceed"
    unit: str | None  # "percent", "GBP", "USD", "EUR", "km", ...; None for counts
    counted: str | None  # what is counted, lower case: "people", "killed", "soldiers"
    event: str | None  # the verb the number is subject or object of: "killed", "injured"
    counted_span: tuple[int, int] | None  # offsets of the counted word in text


# ---------------------------------------------------------------- number words

ONES = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
SCALE_ABBREVIATIONS = {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12, "trn": 1e12}
FRACTIONS = {"half": 1 / 2, "third": 1 / 3, "quarter": 1 / 4, "fifth": 1 / 5, "sixth": 1 / 6, "tenth": 1 / 10}
# Denominators that are never an ordinal before a noun in news prose once a number stands before them: "one
# eightieth", "less than one seventh", "three hundredths" are fractions wherever they stand.
RARE_FRACTIONS = {
    "seventh": 7, "eighth": 8, "ninth": 9, "eleventh": 11, "twelfth": 12, "fifteenth": 15, "twentieth": 20,
    "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70, "eightieth": 80,
    "ninetieth": 90, "hundredth": 100, "thousandth": 1000, "millionth": 1e6,
}
# Vague plurals name an order of magnitude: at least two of the unit, below the next named order ("hundreds of
# millions": 200 million to a billion; "thousands": 2,000 to a million, below "millions"); bound "range".
VAGUE_PLURALS = {
    "dozens": (24, 100), "scores": (40, 100), "hundreds": (200, 1e3), "thousands": (2000, 1e6),
    "millions": (2e6, 1e9), "billions": (2e9, 1e12),
    "tens of thousands": (2e4, 1e5), "hundreds of thousands": (2e5, 1e6), "tens of millions": (2e7, 1e8),
    "hundreds of millions": (2e8, 1e9), "tens of billions": (2e10, 1e11), "hundreds of billions": (2e11, 1e12),
}


def _alternation(words: object) -> str:
    return "|".join(sorted(words, key=len, reverse=True))  # longest first: "seventeen" before "seven"


_ONES = _alternation(w for w in ONES if w != "zero")
_BELOW_100 = rf"(?:(?:{_alternation(TENS)})(?:[-\s](?:{_ONES}))?|{_alternation(TEENS)}|{_ONES}|zero)"
_GROUP = rf"(?:(?:a|{_ONES})\s+hundred(?:\s+(?:and\s+)?{_BELOW_100})?|{_BELOW_100})"
_SCALE_WORD = _alternation(SCALES)
WORD_NUMBER = rf"(?:half\s+a\s+(?:dozen|{_SCALE_WORD})|(?:a|{_GROUP})\s+dozen|(?:a|{_GROUP})\s+(?:{_SCALE_WORD})|{_GROUP})"
WORD_NUMBER_RE = re.compile(rf"(?i:{WORD_NUMBER})")
DIGITS_RE = re.compile(
    r"(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*"
    rf"(?P<scale>{_SCALE_WORD}|{_alternation(SCALE_ABBREVIATIONS)})?",
    re.IGNORECASE,
)

CURRENCY_SYMBOLS = {
    "US$": "USD", "$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "A$": "AUD", "AU$": "AUD",
    "C$": "CAD", "CA$": "CAD", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD", "R$": "BRL",
}
CURRENCY_WORDS = {
    "pound": "GBP", "pounds": "GBP", "pounds sterling": "GBP", "dollar": "USD", "dollars": "USD",
    "us dollars": "USD", "euro": "EUR", "euros": "EUR", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "rupee": "INR", "rupees": "INR", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB",
    "pence": "pence", "cents": "cents", "krone": "krone", "kroner": "krone", "kronor": "krona", "krona": "krona",
    "francs": "franc", "pesos": "peso", "rand": "ZAR", "shekels": "ILS", "zloty": "PLN", "naira": "NGN", "lira": "lira",
}
MEASURE_UNITS = {
    "km": "km", "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "metre": "m", "metres": "m", "meter": "m", "meters": "m", "mile": "mile", "miles": "mile",
    "kg": "kg", "kilo": "kg", "kilos": "kg", "kilogram": "kg", "kilograms": "kg", "gram": "g", "grams": "g",
    "tonne": "tonne", "tonnes": "tonne", "ton": "ton", "tons": "ton", "litre": "l", "litres": "l",
    "liter": "l", "liters": "l", "gallon": "gallon", "gallons": "gallon", "barrel": "barrel", "barrels": "barrel",
    "acre": "acre", "acres": "acre", "hectare": "ha", "hectares": "ha", "sq km": "km2", "square kilometres": "km2",
    "square kilometers": "km2", "square miles": "mi2", "square metres": "m2", "square meters": "m2",
    "square feet": "ft2", "feet": "ft", "foot": "ft", "ft": "ft", "inches": "in", "mm": "mm", "cm": "cm",
    "millimetres": "mm", "millimeters": "mm", "centimetres": "cm", "centimeters": "cm",
    "times": "times",  # a multiplier: "more than three times what the council says"
    "mph": "mph", "km/h": "km/h", "kph": "km/h", "mw": "MW", "gw": "GW", "kw": "kW", "kwh": "kWh", "mwh": "MWh",
    "gwh": "GWh", "twh": "TWh", "megawatts": "MW", "gigawatts": "GW", "kilowatts": "kW", "ppm": "ppm",
    "°c": "°C", "°f": "°F", "degrees": "degree", "degrees celsius": "°C", "degrees fahrenheit": "°F",
}
DURATION_WORDS = (
    r"years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries|century|nights?"
    r"|mins?|hrs?|secs?|yrs?|fortnights?"
)
MONTH_NAMES = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
)

# ---------------------------------------------------------------- the number at the core

_WORD_START = r"(?<![\w'’-])"
FRACTION = (
    rf"{_WORD_START}(?:(?:(?:a|one)[\s-](?:{_alternation(FRACTIONS)})|(?:two|three|four|five|seven|nine)[\s-]"
    r"(?:thirds|quarters|fifths|sixths|tenths)|half)(?=\s+(?:of|the|its|their|all|his|her|our|those|these)\b)"
    r"(?!\s+of\s+an?\s)"
    rf"|(?:a|{_alternation(ONES)})[\s-](?:{_alternation(RARE_FRACTIONS)})s?(?![\w-]))"
)
RATIO_NUMBER = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|\d{1,3})"
RATIO = rf"{_WORD_START}(?P<ratio_n>{RATIO_NUMBER})\s+(?:in|out\s+of)\s+(?P<ratio_d>{RATIO_NUMBER}|hundred|a\s+hundred)(?![\w])"
VAGUE = rf"{_WORD_START}(?:{_alternation(VAGUE_PLURALS)})(?=\s+of\s)"
CURRENCY_SYMBOL = _alternation(re.escape(symbol) for symbol in CURRENCY_SYMBOLS)
SCALE_AFTER_DIGITS = (
    rf"(?P<scale>\s+(?:{_SCALE_WORD})(?![\w])|\s?(?:bn|tn|trn)(?![\w])|(?:mn|m|k|b)(?![\w]))"
)
CORE_RE = re.compile(
    rf"(?i:(?P<fraction>{FRACTION})|(?P<ratio>{RATIO})|(?P<vague>{VAGUE})"
    rf"|(?:(?P<currency>{CURRENCY_SYMBOL})\s?)?(?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?){SCALE_AFTER_DIGITS}?"
    rf"|{_WORD_START}(?P<words>{WORD_NUMBER})(?![\w]))"
)
UNIT_RE = re.compile(
    r"(?P<percent>\s?%|\s*(?i:per\s?cent|percent)(?![\w])|\s+(?i:percentage\s+points?)(?![\w]))"
    rf"|\s+(?P<currency_word>(?i:{_alternation(re.escape(w) for w in CURRENCY_WORDS)}))(?![\w])"
    rf"|\s*(?P<measure>(?i:{_alternation(re.escape(w) for w in MEASURE_UNITS)}))(?![\w])"
)


@dataclass
class _Number:
    """A number as read, before the words around it are looked at."""

    start: int  # incl. currency sign
    end: int  # after scale and unit
    value: float
    coefficient: float  # the value before its scale ("3" of "3 million"), to share a scale in a range
    scale: float
    unit: str | None
    kind: str  # "digits" | "words" | "fraction" | "ratio" | "vague"
    digits_span: tuple[int, int] | None = None
    hedge: str | None = None  # for vague plurals: the words


def _read_number(region: str, match: re.Match[str]) -> _Number | None:
    if match["fraction"]:
        return _fraction(match)
    if match["ratio"]:
        if match["ratio_d"][:1].isupper():
            return None  # "One in Four", a charity's name
        numerator, denominator = parse_number(match["ratio_n"]), parse_number(match["ratio_d"])
        if not numerator or not denominator or denominator <= numerator:
            return None
        percent = round(100 * numerator / denominator, 2)
        return _Number(match.start(), match.end(), percent, percent, 1, "percent", "ratio")
    if match["vague"]:
        words = " ".join(match["vague"].lower().split())
        value = float(VAGUE_PLURALS[words][0])
        return _Number(match.start(), match.end(), value, value, 1, None, "vague", hedge=match["vague"])
    if match["digits"]:
        return _digits(match)
    value = parse_number(match["words"])
    if value is None:
        return None
    # "five hundred", "thirty thousand": a scale that a range may share ("between four and five hundred")
    last_word = match["words"].lower().split()[-1]
    scale = SCALES.get(last_word) or (100.0 if last_word == "hundred" else 1.0)
    return _Number(match.start(), match.end(), value, value / scale, scale, None, "words")


def _fraction(match: re.Match[str]) -> _Number:
    words = re.split(r"[\s-]+", match["fraction"].lower())
    denominator = words[-1] if words[-1] in FRACTIONS or words[-1] in RARE_FRACTIONS else words[-1][:-1]
    if denominator == "half":
        share = 0.5
    else:
        share = FRACTIONS[denominator] if denominator in FRACTIONS else 1 / RARE_FRACTIONS[denominator]
    if len(words) == 2 and words[0] not in ("a", "one"):
        share *= ONES[words[0]]
    percent = round(100 * share, 2)
    return _Number(match.start(), match.end(), percent, percent, 1, "percent", "fraction")


def _digits(match: re.Match[str]) -> _Number | None:
    coefficient = float(match["digits"].replace(",", ""))
    scale_word = (match["scale"] or "").strip().lower()
    currency = match["currency"]
    if scale_word in ("m", "mn", "k", "b") and not currency:
        unit = UNIT_RE.match(match.string, match.end())
        if not (unit and unit["currency_word"]):
            return None  # "5m" may be metres, "10k" a race: only "$5m" and "154m naira" are money
    scale = SCALES.get(scale_word) or SCALE_ABBREVIATIONS.get(scale_word) or 1
    unit = CURRENCY_SYMBOLS[currency.upper()] if currency else None
    return _Number(
        match.start(), match.end(), coefficient * scale, coefficient, scale, unit, "digits",
        digits_span=(match.start("digits"), match.end("digits")),
    )


def _read_unit(region: str, number: _Number) -> None:
    """Extend ``number`` over a unit written after it: "%", "per cent", "pounds", "km"."""
    if number.kind in ("fraction", "ratio", "vague"):
        return
    match = UNIT_RE.match(region, number.end)
    if not match:
        return
    if match["percent"]:
        number.unit = "percentage point" if "point" in match["percent"].lower() else "percent"
    elif match["currency_word"]:
        number.unit = CURRENCY_WORDS[" ".join(match["currency_word"].lower().split())]
    else:
        measure = " ".join(match["measure"].lower().split())
        if number.unit:  # "$5 km" is not a thing; keep the currency
            return
        number.unit = MEASURE_UNITS[measure]
    number.end = match.end()


def parse_number(s: str) -> float | None:
    """The value of a number written in digits or words; None if ``s`` is not one.

    "1,800" -> 1800, "1.8" -> 1.8, "nine" -> 9, "twenty-one" -> 21, "a hundred" -> 100,
    "two dozen" -> 24, "1.8 million" -> 1800000, "3.5bn" -> 3.5e9, "two hundred thousand" -> 200000.
    """
    text = " ".join(s.strip().split())
    if not text:
        return None
    digits = DIGITS_RE.fullmatch(text)
    if digits:
        scale_word = (digits["scale"] or "").lower()
        scale = SCALES.get(scale_word) or SCALE_ABBREVIATIONS.get(scale_word) or 1
        return float(digits["digits"].replace(",", "")) * scale
    if not WORD_NUMBER_RE.fullmatch(text):
        return None
    return _word_value(text.lower())


def _word_value(words: str) -> float:
    """Value of number words already checked against the grammar (WORD_NUMBER)."""
    if words.startswith("half a "):  # "half a dozen", "half a billion"
        return 0.5 * (12 if words.endswith("dozen") else SCALES[words.split()[-1]])
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", words):
        if word in ("a", "and"):
            continue
        if word in ONES or word in TEENS or word in TENS:
            current += ONES.get(word, TEENS.get(word, TENS.get(word, 0)))
        elif word == "hundred":
            current = (current or 1) * 100
        elif word == "dozen":
            current = (current or 1) * 12
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
    return float(total + current)


# ---------------------------------------------------------------- hedges and bounds

EPISTEMIC = (
    r"(?:most\s+likely|more\s+likely|very\s+likely|likely|probably|possibly|perhaps|almost\s+certainly"
    r"|certainly|reportedly|allegedly|apparently|officially)"
)
APPROXIMATE_WORDS = (
    r"about|around|roughly|approximately|approx\.|some|nearly|almost|close\s+to|an\s+estimated|estimated"
    r"|an\s+approximate|approximate|more\s+or\s+less|circa|ca\.|c\.|just\s+about|somewhere\s+around"
    r"|in\s+the\s+region\s+of|(?:of|on)\s+the\s+order\s+of|an\s+average\s+of|on\s+average"
)
LOWER_WORDS = (
    r"(?:well|just|slightly|far|much)\s+(?:over|above|more\s+than)|more\s+than|over|at\s+least|upwards\s+of"
    r"|in\s+excess\s+of|exceeded|exceeding|exceeds|exceed|no\s+fewer\s+than|no\s+less\s+than|not\s+less\s+than"
    r"|not\s+fewer\s+than|above|a\s+minimum\s+of|greater\s+than|higher\s+than|topped|topping|tops|surpassed"
    r"|surpassing|beyond|north\s+of|as\s+few\s+as|as\s+little\s+as"
)
UPPER_WORDS = (
    r"(?:did|does|do|will|would|could|can|should|may|might|must)(?:\s+not|n['’]t)\s+exceed|won['’]t\s+exceed"
    r"|cannot\s+exceed|can['’]t\s+exceed|never\s+exceeded|not\s+exceeding|not\s+to\s+exceed|not\s+exceed"
    r"|(?:well|just|slightly|far|much)\s+(?:under|below|less\s+than|fewer\s+than)|fewer\s+than|less\s+than"
    r"|under|at\s+most|up\s+to|no\s+more\s+than|not\s+more\s+than|below|a\s+maximum\s+of|as\s+many\s+as"
    r"|as\s+much\s+as|as\s+high\s+as|lower\s+than|shy\s+of|short\s+of|no\s+higher\s+than|no\s+greater\s+than"
)
# Searched in the text just before a number: the leftmost match ending there is the longest hedge,
# so "did not exceed" wins over "exceed" and "most likely did not exceed" over both.
HEDGE_RE = re.compile(
    rf"(?<![\w'’-])(?P<hedge>(?i:(?:{EPISTEMIC}\s+)?(?:(?P<upper>{UPPER_WORDS})|(?P<lower>{LOWER_WORDS})"
    rf"|(?P<approximate>{APPROXIMATE_WORDS})|(?P<between>between))))\s+$"
)
POST_HEDGE_RE = re.compile(
    r"(?P<hedge>\s+(?i:or\s+(?:more|so|fewer|less|above|over|higher|greater|thereabouts)|(?:and|or)\s+(?:above|over|upwards))"
    r"|-(?i:odd|plus)|\+)(?![\w])"
)
POST_HEDGE_BOUNDS = {"so": "approximate", "thereabouts": "approximate", "odd": "approximate", "fewer": "upper", "less": "upper"}


@dataclass(frozen=True)
class _Hedge:
    start: int
    end: int
    text: str
    bound: str  # "approximate" | "lower" | "upper" | "between"


def _hedge_before(region: str, start: int) -> _Hedge | None:
    match = HEDGE_RE.search(region, max(0, start - 60), start)
    if not match:
        return None
    bound = next(name for name in ("upper", "lower", "approximate", "between") if match[name])
    return _Hedge(match.start("hedge"), match.end("hedge"), match["hedge"], bound)


def _hedge_after(region: str, end: int) -> _Hedge | None:
    match = POST_HEDGE_RE.match(region, end)
    if not match:
        return None
    last_word = re.findall(r"\w+|\+", match["hedge"])[-1].lower()
    bound = POST_HEDGE_BOUNDS.get(last_word, "lower")
    text = match["hedge"].strip()
    return _Hedge(match.end() - len(text), match.end(), text, bound)


# ---------------------------------------------------------------- what is not a quantity

IDENTIFIER_WORDS = (
    r"page|p|pp|no|nos|number|vol|volume|chapter|ch|article|section|sec|clause|item|figure|fig|table|room|route"
    r"|flight|platform|gate|line|version|episode|season|series|part|step|phase|level|grade|round|stage|act|scene"
    r"|verse|rule|paragraph|para|exhibit|annex|appendix|photo|image|slide|question|box|block|apartment|apt|suite"
    r"|floor|channel|tel|phone|fax|ref|code|id|aged|category|cat|tier"
)
IDENTIFIER_BEFORE_RE = re.compile(rf"(?i:(?<![\w-])(?:(?:{IDENTIFIER_WORDS})\.?|no\.|nos\.)\s*#?\s*$|[#§¶]\s*$)")
SOFT_IDENTIFIER_BEFORE_RE = re.compile(r"(?i:(?<![\w-])(?:week|day|game|lap|match|year)\s+$)")
TIME_AFTER_RE = re.compile(
    r"\s?(?i:a\.m\.|p\.m\.|am|pm)(?![\w])|\s?(?:GMT|BST|UTC|CET|CEST|EST|EDT|PST|PDT|ET|PT|hrs)\b|\s+o['’]clock|:\d"
    r"|\s+(?i:in\s+the\s+(?:morning|afternoon|evening)|at\s+night)\b"
    r"|\s*(?:-|–|\s(?i:to|until|till|and)\s)\s*\d{1,2}[:.][0-5]\d(?!\d)"  # "from 8 to 8:30" (not "to 4.75%")
)
ORDINAL_BEFORE_RE = re.compile(r"(?i:\b(?:first|second|third|fourth|last|latter|final|former|early|late)\s+)$")
DURATION_AFTER_RE = re.compile(rf"(?:\s+|-)(?i:{DURATION_WORDS})(?![\w])")
DATE_AFTER_RE = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_NAMES}")
DATE_BEFORE_RE = re.compile(rf"{MONTH_NAMES}\s*$")
FURNITURE_NOUNS = _word_set("comments shares likes views photos images pictures slides replies retweets")
SENTENCE_END = ".!?:;…\n\r"
OPENING_MARKS = "\"'“‘«([—–-•*\t "
CAPITALISED_NOT_NAMES = _word_set(
    "i the a an in on at of for by with from and or but this that these those some about around nearly almost "
    "over under more less only just all monday tuesday wednesday thursday friday saturday sunday january "
    "february march april may june july august september october november december"
)


def _starts_sentence(region: str, index: int) -> bool:
    """Nothing but opening quotes and spaces between the start of a sentence (or line) and ``index``."""
    while index > 0 and region[index - 1] in OPENING_MARKS:
        index -= 1
    return index == 0 or region[index - 1] in SENTENCE_END


def _glued_before(region: str, start: int) -> bool:
    """Part of a word, id, version, date or time: "A380", "COVID-19", "9/11", "'90s"."""
    if start == 0:
        return False
    before = region[start - 1]
    before2 = region[start - 2] if start > 1 else " "
    if before == "." and (before2.isspace() or start == 1):
        return True  # ".22 caliber"
    return before.isalnum() or before in "_'’#+@" or (before in "-–/.:," and (before2.isalnum() or before2 in ")$£€"))


def _glued_after(region: str, end: int) -> bool:
    """Followed by more of a word or id: "3D", "19th", "1980s", "40-year-old", "1.2.3", "9/11", "1,2,3"."""
    after = region[end : end + 2]
    if after[:1].isalnum() or (after and after[0] in "_@"):
        return True
    return bool(re.match(r"[-–/.:,]\w|['’]s\b", after))


def _a_name_before(region: str, start: int) -> bool:
    """A capitalised word (not opening a sentence) right before: "Boeing 737", "Formula One", "Windows 10"."""
    match = re.search(r"(?P<word>[A-Z][\w&.’'-]*)\s+$", region[max(0, start - 40) : start])
    if not match:
        return False
    word = match["word"]
    if _hedge_before(region, start):
        return False  # "Between 40 and 50", "Nearly 200": the capital opens the sentence
    # Even at the start of a sentence: "Boeing 737 crashed" (hedges and verbs were looked at already).
    return not (word.endswith(("'s", "’s")) or word.lower().rstrip(".") in CAPITALISED_NOT_NAMES)


def _a_name_after(region: str, number: _Number) -> bool:
    """A capitalised word right after a bare number that counts nothing: "9 News", "7 Eleven"."""
    if number.unit or number.scale != 1 or number.kind != "digits":
        return False
    following = re.match(r" (?P<word>[A-Z][\w'’-]*)", region[number.end :])
    return bool(following and following["word"].lower() not in CAPITALISED_NOT_NAMES)


def _an_age(region: str, number: _Number) -> bool:
    """"John Smith, 45, said" / "Smith (45)"."""
    if number.value >= 120 or number.unit:
        return False
    before = region[max(0, number.start - 40) : number.start]
    comma_age = re.search(r"[A-Z][\w'’-]+,\s+$", before) and re.match(r"\s*,", region[number.end :])
    bracket_age = re.search(r"[A-Z][\w'’-]+\s+\($", before) and re.match(r"\)", region[number.end :])
    return bool(comma_age or bracket_age)


def _not_a_quantity(region: str, number: _Number, check_before: bool = True) -> bool:
    """Years, dates, times, durations, ids, list markers, ages: numbers that are no claim of amount."""
    start, end = number.start, number.end
    if check_before and _glued_before(region, start):
        return True
    # A dash and a digit may open a range ("40-50"), "-odd" is a hedge: both are judged after them.
    if _glued_after(region, end) and not re.match(r"\s?[-–—]\s?\d", region[end:]) and not POST_HEDGE_RE.match(region, end):
        return True
    if number.kind == "fraction" and re.search(r"(?i:\band\s+)$", region[max(0, start - 5) : start]):
        return True  # "a year and a half of investigation"
    if number.kind == "fraction" and ORDINAL_BEFORE_RE.search(region, max(0, start - 12), start):
        return True  # "the first half of the year", "in the third quarter": a part of a period, no share
    if number.kind in ("fraction", "ratio", "vague"):
        return False
    plain = number.unit is None and number.scale == 1
    if (plain and TIME_AFTER_RE.match(region, end)) or DURATION_AFTER_RE.match(region, end):
        return True   # a figure with a unit is no time of day: "0.25 percentage points to 4.75%"
    if IDENTIFIER_BEFORE_RE.search(region, max(0, start - 20), start) and plain:
        return True
    if plain and SOFT_IDENTIFIER_BEFORE_RE.search(region, max(0, start - 10), start) and not COUNTED_NOUN_AFTER_RE.match(region, end):
        return True  # "week 2", "day 3", but "last week 50 people died"
    date_before = DATE_BEFORE_RE.search(region, max(0, start - 12), start)
    if plain and number.value <= 31 and (DATE_AFTER_RE.match(region, end) or date_before):
        return True
    if plain and number.digits_span and is_year_at(region, *number.digits_span):
        return True
    if plain and _a_name_before(region, start):
        return True
    if number.kind == "words" and region[start].isupper() and not _starts_sentence(region, start):
        return True  # "Group of Seven", "Channel Four"
    if number.kind == "digits" and re.match(r"[.)]\s", region[end : end + 2]) and re.search(r"(?:^|\n)[ \t]*$", region[:start]):
        return True  # a numbered list item
    if plain and re.search(r"\d[:.]\d\d\s*(?:-|–|\s(?i:to|until|till|and)\s)\s*$", region[max(0, start - 12) : start]):
        return True  # "from 8:30 to 9"
    if plain and (re.search(r"\d[ \u00a0]$", region[max(0, start - 2) : start]) or re.match(r"[ \u00a0]\d", region[end : end + 2])):
        return True  # "0800 123 456", "10 000": digits in a phone number or with space separators
    if plain and re.search(r"[(\[]\s*$", region[max(0, start - 2) : start]) and re.match(r"\s*[)\]]", region[end:]):
        return True  # "(12)", "[3]": a count of comments or a footnote
    if plain and re.match(r"\s+U\.\s?S\.\s?(?:C\.|Code)|\s+C\.?F\.?R\.", region[end : end + 12]):
        return True  # "18 U.S. Code": a title of a law
    return _an_age(region, number)


# ---------------------------------------------------------------- what is counted, and the event

IRREGULAR_PLURALS = _word_set(
    "people men women children police staff personnel cattle sheep deer fish crew aircraft livestock teeth "
    "mice geese media data criteria clergy offspring folk"
)
FUNCTION_WORDS = _word_set(
    """the a an and or but nor of in on at to for from by with as is was were are be been being has have had
    this that these those its his her their our my your it they them he she we you i who whom which what when
    where why how than then so such not no per each every all both more most less least few fewer many much
    some any other another said says say according including while after before since until during into onto
    over under about around between across through out up down off again also only just even still yet ago
    always perhaps thus towards whereas besides unless plus yes does did do goes will would could should can
    sometimes nevertheless afterwards news
    may might must shall there here now today"""
)
NOT_COUNTED_EVENTS = _word_set(
    "reach reached reaches reaching total totalled totaled totals totalling number numbers numbering count counts "
    "cost costs spend spent spends raise raised raises hit hits top topped tops stand stood stands rise rose "
    "rises fall fell falls grow grew grows"
)
NOT_COUNTED_AFTER_ONE = _word_set(
    "last thing things way time day hand side kind sort example reason point question more other such"
)
DETERMINERS = _word_set("the its their those these all his her our")
NOMINAL_ADJECTIVES = _word_set("dead injured wounded missing homeless displaced unemployed hurt sick")
ADJECTIVES = _word_set(
    """new old young more other extra additional further local foreign armed civilian innocent former current
    total full small large big major minor senior junior top key separate different elderly unarmed registered
    confirmed suspected alleged eligible potential estimated likely possible unidentified identified reported
    british american french german spanish russian ukrainian israeli palestinian chinese indian"""
)
ADJECTIVE_SUFFIXES = ("ing", "ed", "al", "ous", "ive", "ic", "ful", "less", "able", "ible", "ary", "ian", "ese", "ish", "ern")
# Words that look like event verbs ("-ed", before a number) but report, name or are no verbs at all.
NOT_EVENT_WORDS = _word_set(
    """said says say told added stated noted explained warned argued insisted wrote asked replied believed thought
    suggested showed shows show indicated revealed announced reported estimated confirmed denied according
    hundred red bed need speed seed feed shed bred sacred naked wicked aged based numbered ranked rated dated
    called named titled entitled compared used supposed included exceeded"""
)
IRREGULAR_PAST = _word_set(
    """hurt shot held taken took left lost won sold bought spent cost fled sent built struck hit cut put paid led
    fell rose grew caught beat beaten stolen stole brought found kept drove driven flew flown saw seen gave given
    made met slain slew born borne shut fought chose chosen thrown threw drawn drew bitten froze frozen broken
    fallen written spoken hidden forgotten shaken risen eaten proven"""
)
# simple past forms that are never a participle: "nine took part" (nine did something), not "191 killed"
PAST_TENSE_ONLY = _word_set("took stole drove flew saw gave slew threw drew froze fell rose grew chose")
EVENT_STEMS = (
    "kill injure wound hurt arrest evacuate die carry vote detain displace rescue deport fire employ hire sell "
    "buy raise spend cost receive win lose leave affect infect test vaccinate treat hospitalise hospitalize admit "
    "charge convict sentence jail imprison execute shoot kidnap abduct release free cut create build close open "
    "deploy send attend visit sign flee strike register record recruit train house serve host attract welcome "
    "accept reject approve fund pay owe earn borrow lend save destroy damage seize capture hold claim count "
    "reach total number lay"
)
DOUBLED_ING = {"kidnap": "kidnapping", "cut": "cutting", "win": "winning", "hit": "hitting", "shut": "shutting", "die": "dying"}


def _verb_forms(stem: str) -> set[str]:
    """Base, third person and -ing forms; regular pasts are recognised by their "-ed"."""
    if stem.endswith("y") and stem[-2] not in "aeiou":
        third = stem[:-1] + "ies"
    elif stem.endswith(("s", "sh", "ch", "x", "o")):
        third = stem + "es"
    else:
        third = stem + "s"
    ing = DOUBLED_ING.get(stem) or (stem[:-1] + "ing" if stem.endswith("e") and not stem.endswith("ee") else stem + "ing")
    return {stem, third, ing}


EVENT_FORMS = frozenset(form for stem in EVENT_STEMS.split() for form in _verb_forms(stem))
WORD_AFTER_RE = re.compile(r"\s+(?P<word>(?:[A-Za-z]\.){2,}|[A-Za-z][A-Za-z'’-]*)")  # "U.S." is one word
PASSIVE_RE = re.compile(
    r"\s+(?i:were|was|are|is|have\s+been|has\s+been|had\s+been|will\s+be|would\s+be|could\s+be|may\s+have\s+been"
    r"|might\s+have\s+been|have|has|had|got|get|being|been)"
    r"(?:\s+(?:[a-z]+ly|also|all|later|still|now|since|reportedly))?\s+(?P<verb>[a-z]+)(?![\w-])"
)
ACTIVE_RE = re.compile(r"(?:\s+(?:[a-z]+ly|also|later|reportedly))?\s+(?P<verb>[a-z]+)(?![\w-])")
VERB_BEFORE_RE = re.compile(
    r"(?P<verb>[A-Za-z]+)\s+(?i:(?:a\s+total\s+of|a\s+further|another|an\s+additional|an?\s+extra|only|just"
    r"|exactly|precisely)\s+)?$"
)


def _is_plural_noun(word: str) -> bool:
    lower = word.lower()
    if lower in IRREGULAR_PLURALS:
        return True
    return (
        len(lower) >= 3
        and lower.isalpha()
        and lower.endswith("s")
        and not lower.endswith(("ss", "us", "is", "ous"))
        and lower not in FUNCTION_WORDS
    )


def _is_modifier(word: str) -> bool:
    lower = word.lower()
    return (
        lower in ADJECTIVES
        or "-" in lower
        or word[:1].isupper()
        or (lower.endswith(ADJECTIVE_SUFFIXES) and lower not in FUNCTION_WORDS)
    )


def _is_past_participle(word: str) -> bool:
    lower = word.lower()
    if lower in NOT_EVENT_WORDS or lower in PAST_TENSE_ONLY:
        return False
    return lower in IRREGULAR_PAST or (len(lower) >= 4 and lower.endswith("ed"))


def _is_event_verb(word: str) -> bool:
    lower = word.lower()
    if lower in NOT_EVENT_WORDS or lower in FUNCTION_WORDS:
        return False
    return lower in EVENT_FORMS or lower in IRREGULAR_PAST or (len(lower) >= 4 and lower.endswith("ed"))


def _words_after(region: str, position: int, limit: int = 4) -> list[tuple[str, int, int]]:
    words: list[tuple[str, int, int]] = []
    while len(words) < limit:
        match = WORD_AFTER_RE.match(region, position)
        if not match:
            break
        words.append((match["word"], match.start("word"), match.end("word")))
        position = match.end()
    return words


@dataclass(frozen=True)
class _Counted:
    """A word with its offsets: what is counted, or the event verb."""

    word: str
    start: int
    end: int
    is_participle: bool = False  # "191 killed": the word is the event too


def _noun_after(words: list[tuple[str, int, int]], value: float, any_noun: bool) -> _Counted | None:
    """The counted noun: the last plural of the words up to the next function word.

    "191 people were", "400 existing stations closed", "27 EU member states and", "27 police officers";
    a singular noun only for one ("one British soldier") or a share ("40 percent of the budget").
    """
    run: list[tuple[str, int, int]] = []
    head: tuple[str, int, int] | None = None
    for word, start, end in words:
        lower = word.lower()
        if lower in FUNCTION_WORDS or not lower.replace("-", "").replace(".", "").isalpha():
            break
        if _is_plural_noun(word):
            head = (word, start, end)  # "police officers": the last of adjacent plurals is the head
        elif head:
            break  # "stations closed": the verb after the noun
        run.append((word, start, end))
    if head:
        return _Counted(head[0].lower(), head[1], head[2])
    if any_noun or value == 1:
        for word, start, end in run[:3]:
            if not _is_modifier(word):
                return _Counted(word.lower(), start, end)
    return None


def _counted_after(region: str, number: _Number) -> _Counted | None:
    words = _words_after(region, number.end)
    if not words:
        return None
    percent_like = number.unit in ("percent", "percentage point")
    # "40 percent of voters", "191 of the passengers", "dozens of people", "half the country"
    if words[0][0].lower() == "of" or (number.kind == "fraction" and words[0][0].lower() in DETERMINERS):
        rest = [w for w in words if w[0].lower() not in DETERMINERS and w[0].lower() != "of"]
        return _noun_after(rest, number.value, any_noun=percent_like and number.kind != "ratio")
    if number.kind == "ratio":  # "one in five adults"
        return _noun_after(words, 2, any_noun=False)
    if number.unit is not None:
        return None  # "£212 million", "40 km": the unit says what it is
    counted = _noun_after(words, number.value, any_noun=False)
    if counted:
        return counted
    first, start, end = words[0]
    if first.lower() in NOMINAL_ADJECTIVES or (_is_past_participle(first) and first.islower()):
        return _Counted(first.lower(), start, end, is_participle=_is_past_participle(first))
    return None


def _one_is_a_count(region: str, number: _Number, counted: _Counted | None) -> bool:
    """"one" counts only as "one person", "one million", "more than one soldier"; not "one of", "no one".

    "zero" alike: "zero deaths" but not "zero tolerance".
    """
    if number.kind != "words" or number.value not in (0, 1) or number.scale != 1 or number.unit:
        return True
    if re.search(r"(?i:\b(?:no|the|any|every|each|which|another|this|that|such)\s+)$", region[max(0, number.start - 12) : number.start]):
        return False
    if re.match(r"\s+(?i:of|another)\b", region[number.end :]):
        return False  # "one of the men", "one another"
    if counted is not None and counted.word in NOT_COUNTED_AFTER_ONE:
        return False  # "one last point", "one way or another"
    return counted is not None and not counted.is_participle


def _passive_after(region: str, position: int) -> _Counted | None:
    """"191 were killed", "191 people have died"."""
    passive = PASSIVE_RE.match(region, position)
    if passive and _is_past_participle(passive["verb"]):
        return _Counted(passive["verb"].lower(), passive.start("verb"), passive.end("verb"))
    return None


def _active_after(region: str, position: int) -> _Counted | None:
    """"41,000 passengers travelled", "191 of the passengers survived"."""
    active = ACTIVE_RE.match(region, position)
    if active and _is_event_verb(active["verb"]):
        return _Counted(active["verb"].lower(), active.start("verb"), active.end("verb"))
    return None


def _verb_before(region: str, start: int) -> _Counted | None:
    """"killed 191", "injured more than 1,800", "spent £212 million", "killed a total of 191"."""
    match = VERB_BEFORE_RE.search(region, max(0, start - 50), start)
    if match and _is_event_verb(match["verb"]):
        return _Counted(match["verb"].lower(), match.start("verb"), match.end("verb"))
    return None


def _event(region: str, start: int, end: int, counted: _Counted | None) -> _Counted | None:
    """The verb the number belongs to, most telling first: a participle right after it
    ("191 killed"), a passive ("191 people were killed"), a verb before ("killed 191"),
    an active verb after ("191 people died")."""
    if counted and counted.is_participle:
        return counted
    after = counted.end if counted else end
    return _passive_after(region, after) or _verb_before(region, start) or _active_after(region, after)


# ---------------------------------------------------------------- ranges

RANGE_JOINER_RE = re.compile(r"\s?[-–—]\s?|\s+(?i:to|or)\s+")
SCORE_VERBS_RE = re.compile(r"(?i:\b(?:won|win|wins|lost|lose|loses|drew|draw|beat|beats|defeated|trailed|led|leads)\s+)$")


def _partner(region: str, first: _Number, joiner_re: re.Pattern[str]) -> tuple[_Number, str] | None:
    """The number after "and"/"to"/"-" from ``first``, read with its own unit."""
    joiner = joiner_re.match(region, first.end)
    if not joiner:
        return None
    match = CORE_RE.match(region, joiner.end())
    if not match or (match["digits"] is None and match["words"] is None):
        return None
    second = _read_number(region, match)
    if second is None:
        return None
    _read_unit(region, second)
    joiner_word = joiner.group().strip().lower()
    return second, "-" if joiner_word in ("", "-", "–", "—") else joiner_word


def _share_scale_and_unit(first: _Number, second: _Number) -> None:
    """"between 2 and 3 million", "from 20 to 30 percent", "£2m-3m": written once, meant for both."""
    if first.scale == 1 and second.scale != 1 and first.coefficient < second.coefficient:
        first.value = first.coefficient * second.scale
        first.scale = second.scale
    if first.unit is None:
        first.unit = second.unit


def _read_range(region: str, first: _Number, hedge: _Hedge | None) -> _Number | None:
    """The high end when ``first`` opens a range: "between 40 and 50", "40-50", "40 to 50 people"."""
    if hedge and hedge.bound == "between":
        found = _partner(region, first, re.compile(r"\s+(?i:and)\s+"))
    else:
        if re.search(r"(?i:\bfrom\s+)$", region[max(0, first.start - 6) : first.start]):
            return None  # "from 26,500 to 41,000": a change, two quantities
        found = _partner(region, first, RANGE_JOINER_RE)
        if found and found[1] == "-" and first.kind != "digits":
            return None
    if not found:
        return None
    second, _joiner = found
    if second.unit and first.unit and second.unit != first.unit:
        return None
    if first.unit == "percent" and second.scale != 1:
        return None  # "dipped 1.4% to 86.7bn Swiss francs": a change, then the amount; a share has no scale
    candidate = _replace_number(first)
    _share_scale_and_unit(candidate, second)
    if candidate.value >= second.value:
        return None
    first.value, first.scale, first.unit = candidate.value, candidate.scale, candidate.unit
    return second


def _a_score(region: str, first: _Number, second: _Number, counted: _Counted | None) -> bool:
    """"won 3-1", "a 5-4 vote", "a 6-3 ruling": a dash between numbers that is no range."""
    if SCORE_VERBS_RE.search(region[max(0, first.start - 12) : first.start]):
        return True
    if counted is not None or first.unit:
        return False
    following = _words_after(region, second.end, limit=1)
    return bool(following and following[0][0].islower() and following[0][0].lower() not in FUNCTION_WORDS)


# ---------------------------------------------------------------- assembling


def _quantity(region: str, number: _Number, offset: int) -> tuple[Quantity | None, int]:
    """The quantity built around ``number``, and where scanning goes on."""
    _read_unit(region, number)
    if _not_a_quantity(region, number):
        return None, number.end
    hedge = _hedge_before(region, number.start)
    second = _read_range(region, number, hedge) if number.kind in ("digits", "words") else None
    if second is None:
        hedge = None if hedge and hedge.bound == "between" else hedge
        _share_with_from_to_partner(region, number)
    elif _not_a_quantity(region, second, check_before=False):
        return None, second.end  # "40 to 50 years" is a duration, "between 5 and 11 March" dates
    end = second.end if second else number.end
    post = None if second else _hedge_after(region, end)
    end = post.end if post else end
    if _glued_after(region, end):
        return None, end
    counted = _counted_after(region, _replace_number(second or number, end=end, unit=number.unit))
    if number.kind == "vague" and counted and counted.word in CURRENCY_WORDS:
        number.unit, counted = CURRENCY_WORDS[counted.word], None  # "billions of dollars"
    if _rejected_in_context(region, number, second, counted):
        return None, end
    return _assemble(region, number, second, hedge, post, counted, end, offset), end


def _replace_number(number: _Number, **changes: object) -> _Number:
    """A copy of ``number`` with some fields changed (``_Number`` is mutable while it is read)."""
    return _Number(**{**vars(number), **changes})


def _share_with_from_to_partner(region: str, number: _Number) -> None:
    """"from 20 to 30 percent": the first of a change takes the unit and scale of the second."""
    if re.search(r"(?i:\bfrom\s+)$", region[max(0, number.start - 6) : number.start]):
        partner = _partner(region, number, re.compile(r"\s+(?i:to)\s+"))
        if partner:
            _share_scale_and_unit(number, partner[0])


def _rejected_in_context(region: str, number: _Number, second: _Number | None, counted: _Counted | None) -> bool:
    """Judged with what is counted: scores, "one of", names after a number, page furniture."""
    if second:
        dash = region[number.end : second.start].strip() in ("-", "–", "—")
        return dash and _a_score(region, number, second, counted)
    if not _one_is_a_count(region, number, counted):
        return True
    if counted is None and _a_name_after(region, number):
        return True
    return counted is not None and counted.word in FURNITURE_NOUNS


def _bound(number: _Number, second: _Number | None, hedge: _Hedge | None, post: _Hedge | None) -> str:
    if second:
        return "range"
    if hedge:
        return hedge.bound
    if post:
        return post.bound
    if number.kind == "vague":
        return "range"
    return "exact"


def _assemble(
    region: str,
    number: _Number,
    second: _Number | None,
    hedge: _Hedge | None,
    post: _Hedge | None,
    counted: _Counted | None,
    end: int,
    offset: int,
) -> Quantity:
    start = hedge.start if hedge else number.start
    event = _event(region, start, end, counted)
    # "killed 191" counts the killed, "191 were killed" too; "spent £212 million" counts money, "the toll reached
    # 26" nothing named, and "nine took part" nothing either: an active verb after a number is what the counted do
    active_after = event is not None and event.start >= end and _passive_after(region, end) is None
    if counted is None and event is not None and number.unit is None and event.word not in NOT_COUNTED_EVENTS \
            and not active_after:
        counted = event
    hedge_text = hedge.text if hedge else (post.text if post else number.hedge)
    bound = _bound(number, second, hedge, post)
    # a vague plural is a range of its own ("hundreds of millions"), unless a hedge bounds it ("more than dozens")
    high = second.value if second else (_vague_high(number) if bound == "range" else None)
    return Quantity(
        start=start + offset,
        end=end + offset,
        text=region[start:end],
        value=number.value,
        high=high,
        bound=bound,
        hedge=hedge_text,
        unit=number.unit,
        counted=counted.word if counted else None,
        event=event.word if event else None,
        counted_span=(counted.start + offset, counted.end + offset) if counted else None,
    )


def _vague_high(number: _Number) -> float | None:
    """The top of a vague plural's order of magnitude ("hundreds of millions": a billion), else None."""
    if number.kind != "vague" or not number.hedge:
        return None
    return float(VAGUE_PLURALS[" ".join(number.hedge.lower().split())][1])


def _share_counted(quantities: list[Quantity], text: str) -> list[Quantity]:
    """"from 26,500 to 41,000 passengers": the first number counts passengers too."""
    shared = list(quantities)
    for index in range(len(shared) - 1, 0, -1):
        earlier, later = shared[index - 1], shared[index]
        shares_the_noun = earlier.counted is None and later.counted_span and later.counted_span[0] > later.end
        if shares_the_noun and re.fullmatch(r"\s+(?i:to|and|or)\s+", text[earlier.end : later.start]):
            shared[index - 1] = replace(earlier, counted=later.counted, counted_span=later.counted_span)
    return shared


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Quantities in ``text[start:end]``, with offsets into ``text``."""
    end = len(text) if end is None else end
    region = text[start:end]
    found: list[Quantity] = []
    position = 0
    while True:
        match = CORE_RE.search(region, position)
        if not match:
            break
        number = _read_number(region, match)
        if number is None:
            position = match.end()
            continue
        quantity, position = _quantity(region, number, start)
        if quantity:
            found.append(quantity)
    return _share_counted(found, text)
