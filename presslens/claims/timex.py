"""Time expressions in news text, with ISO values resolved against the article date.

``find_times(text, base)`` finds calendar dates ("11 March 2004", "March 11, 2004",
"2004-03-11"), months ("April 2014"), years in a time context ("in 2004", "the 2004
bombings"), decades ("the 1990s"), weekdays ("last Tuesday"), deictic days
("yesterday"), calendar-relative periods ("this month", "next year"), offsets
("two weeks earlier", "a decade ago", "in 15 years"), ranges ("from April 2014 to
this month", "between 2010 and 2015", "2010-15", "since 2010", "until 2030",
"the past five years", "within a decade") and durations ("for five years", "15 years").
Every expression is a (start, end) pair of Python string indices with
``text[start:end] == expression.text``.

Values are ISO 8601 at the granularity of the expression: "YYYY" (year; a decade is
its first year, "1990"), "YYYY-MM" (month), "YYYY-MM-DD" (day; a week is its Monday).
Durations carry an ISO 8601 duration ("P5Y", "P2W", "PT3H") and no anchor.
Choices made where news usage is ambiguous:
- a day and month without a year ("14 March") take the year that puts them nearest the
  article date ("28 December" in a January article is last December);
- a bare or "on" weekday is the most recent such day on or before the article date
  (an article dated Friday that says "on Friday" means that day); "last Tuesday" is
  strictly before it, "next Tuesday" strictly after, "this Tuesday" in the same week;
- "N weeks earlier/ago/before" is resolved against the article date; "N weeks later/after/on"
  counts from a narrated event ("a year later"), so it is found (relative) but has no value;
- "the last/past year" (with "the") is the twelve months up to the article date,
  "last year" the previous calendar year; "last decade" is the past ten years;
- "in N years" after a superlative or a perfect ("the worst drought in 50 years") is the
  past N years, a range; otherwise "in N years" is a future date;
- "until X" is a range with an unknown start (value None, end_value X);
- ``future`` means the expression lies after the article date; without a date only
  forward wording ("next", "in N years", "tomorrow", "within") says so;
- ``relative`` is True whenever the article date was (or would have been) used;
  with ``base=None`` relative expressions are still found, with value None.

Rejected: dateparser 1.5 search_dates (no offsets; "The 2004" -> 2004-03-14, day and month from the base; nothing
found in "11 March 2004 and March 11, 2004"; "2010 the 1990s" one date) took 2-14 ms a sentence, 0.25 s first call.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["TimeExpression", "find_times", "is_year_at"]


def _word_set(words: str) -> frozenset[str]:
    """A set of words written as one space-separated string, for long vocabularies."""
    return frozenset(words.split())


@dataclass(frozen=True)
class TimeExpression:
    start: int
    end: int
    text: str
    kind: str  # "date" | "range" | "duration"
    value: str | None  # ISO point (first point of a range), ISO duration for durations
    end_value: str | None  # last point of a range, else None
    granularity: str | None  # "day" | "week" | "month" | "year" | "decade" (durations: also "hour", "minute")
    relative: bool  # resolved (or to be resolved) against the article date
    future: bool  # lies after the article date


# ---------------------------------------------------------------- vocabulary

MONTH_NUMBERS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAY_NUMBERS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}
SMALL_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100,
}

# Month names must be capitalised: lower-case "may", "march" are a verb and a noun.
MONTH = (
    r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DAY = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
YEAR4 = r"(?P<year>1\d{3}|20\d{2}|2100)(?!\d)"
NUMBER = (
    r"(?P<n>\d{1,3}(?:,\d{3})+|\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|(?:a|one)\s+hundred)"
)
CALENDAR_UNIT = r"(?P<unit>days?|weeks?|months?|years?|decades?)"
# "early 2004", "mid-2004", "the end of 2026": kept in the span, the value stays the year.
PERIOD_QUALIFIER = (
    r"(?P<qual>(?i:early|mid|late|the\s+(?:end|start|beginning|middle|turn|spring|summer|autumn|fall|winter)\s+of"
    r"|spring|summer|autumn|fall|winter))"
)

ISO_DATE_RE = re.compile(r"(?<![\w./-])(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?![\w]|[-/.]\d)")
DAY_MONTH_YEAR_RE = re.compile(
    rf"(?<![\w.,/:-])(?:{WEEKDAY},?\s+)?(?:(?i:the)\s+)?{DAY}\s+(?:of\s+)?{MONTH}(?:,?\s+{YEAR4})?"
)
MONTH_DAY_YEAR_RE = re.compile(rf"(?:{WEEKDAY},?\s+)?{MONTH}\s+{DAY}(?![\w:])(?:,?\s+{YEAR4})?")
MONTH_YEAR_RE = re.compile(rf"(?:{PERIOD_QUALIFIER}[\s-]+)?{MONTH},?\s+(?:of\s+)?{YEAR4}")
# A qualifier glues on with a hyphen ("mid-2004"); otherwise the year must not be glued to a word or number.
YEAR_RE = re.compile(
    rf"(?:{PERIOD_QUALIFIER}(?:\s+|-)|(?<![\w$£€¥₹.,/:'’#+-]))(?P<year>1\d{{3}}|20\d{{2}}|2100)"
    r"(?![\w]|[.,:/]\d|\s?[-–—]\s?\d)"
)
YEAR_SPAN_RE = re.compile(
    r"(?<![\w$£€¥₹.,/:-])(?P<a>1\d{3}|20\d{2})\s?[-–—/]\s?(?P<b>1\d{3}|20\d{2}|2100|\d{2})(?![\w]|[-–/.,:]\d)"
)
DECADE_RE = re.compile(
    r"(?:(?P<qual>(?i:early|mid|late))(?:\s+|-)|(?<![\w$£€¥.,'’-]))(?P<decade>1\d\d|20\d)0s(?![\w'’])"
    r"|(?<![\w])['’](?P<short>\d)0s(?![\w'’])"
)
WEEKDAY_RE = re.compile(
    rf"(?:(?P<mod>(?i:last|next|this\s+past|this\s+coming|this|coming|past))\s+)?(?P<weekday>{WEEKDAY})(?![\w])"
)
DEICTIC_DAY_RE = re.compile(
    r"(?<![\w-])(?i:(?P<word>yesterday|today|tomorrow|tonight|this)(?:\s+(?:morning|afternoon|evening|night))?)(?![\w-])"
)
CALENDAR_RELATIVE_RE = re.compile(
    rf"(?<![\w-])(?:{PERIOD_QUALIFIER}[\s-]+)?(?P<mod>(?i:this|last|next|coming|current))\s+(?P<unit>(?i:week|month|year|decade))(?![\w-])"
)
END_OF_THE_PERIOD_RE = re.compile(
    r"(?<![\w-])(?P<qual>(?i:the\s+(?:end|start|beginning|middle)\s+of))\s+(?i:the)\s+(?P<unit>(?i:week|month|year|decade))(?![\w-])"
)
MONTH_RELATIVE_RE = re.compile(rf"(?<![\w-])(?P<mod>(?i:last|next|this))\s+{MONTH}(?!\s*\d)")
OFFSET_RE = re.compile(
    rf"(?<![\w-])(?i:{NUMBER}\s+{CALENDAR_UNIT}\s+(?P<dir>ago|earlier|later|before|after|previously|prior|on|from\s+now|hence|back))(?![\w-])"
)
IN_OFFSET_RE = re.compile(
    rf"(?<![\w-])(?i:(?P<prep>in|within)\s+{NUMBER}\s+{CALENDAR_UNIT}(?P<time>['’]?\s+time)?)(?![\w-])"
)
THE_PAST_N_RE = re.compile(
    rf"(?<![\w-])(?i:(?:(?:over|in|during|for|within|throughout)\s+)?the\s+(?P<mod>past|last|next|coming)\s+(?:{NUMBER}\s+)?{CALENDAR_UNIT})(?![\w-])"
)
DURATION_RE = re.compile(
    r"(?<![\w-])(?i:(?:(?P<prep>for|over|during)\s+)?"
    + NUMBER.replace(r"|\d+|", r"|\d+(?:\.\d+)?|", 1)
    + r"\s+(?P<unit>days?|weeks?|months?|years?|decades?|centuries|century|hours?|minutes?|nights?))(?![\w-])"
)
NAMED_DAY_PREFIX_RE = re.compile(r"\b(?:Good|Black|Super|Bloody|Easter|Ash|Palm|Holy|Maundy|Cyber|Boxing)\s+$")
RANGE_OPENER_RE = re.compile(
    r"(?<![\w-])(?P<word>(?i:from|between|since|until|till|through|throughout|up\s+to|up\s+until|by))\s+(?i:the\s+)?$"
)
RANGE_JOINER_RE = re.compile(r"^(?:\s+(?P<word>(?i:to|until|till|through|and))\s+(?i:the\s+)?|\s?[-–—]\s?)$")

# A year followed by one of these is a measurement ("1500 km", "2000 %"), not a date.
UNIT_AFTER_RE = re.compile(
    r"\s?%|\s*(?i:per\s?cent|percent|pounds|dollars|euros|pence|cents|km|kg|kilo\w*|miles?|metres|meters"
    r"|tonnes|tons|litres|liters|acres|hectares|mph|feet|ft|mw|gw|kwh|twh)\b"
)
NOT_NOUNS = (
    "was|has|as|is|this|its|his|hers|always|perhaps|does|goes|says|thus|towards|whereas|besides|across"
    "|unless|less|yes|plus|afterwards|sometimes|nevertheless|whilst|hers|ours|theirs|yours"
)
# A plural noun right after a number makes it a count ("2000 people", "1500 armed men"); a time word does not.
COUNTED_NOUN_AFTER_RE = re.compile(
    r"\s+(?:[a-z][a-z-]*(?:ing|ed|al|ian|ish|ese|ive|ous)\s+){0,2}"
    rf"(?:people|men|women|children|police|staff|troops|personnel|(?!(?:{NOT_NOUNS}|years|months|weeks|days|decades)\b)[a-z]+[^\W\dsui]s)\b"
)
YEAR_CONTEXT_WORDS = _word_set(
    "the in since of by until till from during before after through throughout this that its his her their "
    "our my your early late mid circa c spring summer autumn fall winter"
)
PREVIOUS_WORD_RE = re.compile(r"(?P<word>[A-Za-z]+(?:['’]s)?)\.?\s*$")


# ---------------------------------------------------------------- points and candidates


@dataclass(frozen=True)
class _Point:
    """A calendar point or period: its first and last day and how precisely it was named."""

    first: dt.date
    last: dt.date
    granularity: str  # "day" | "week" | "month" | "year" | "decade"

    def iso(self) -> str:
        return _iso(self.first, self.granularity)


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    kind: str
    first: _Point | None = None  # start point (None: unknown or unresolved)
    last: _Point | None = None  # end point of a range
    granularity: str | None = None
    relative: bool = False
    forward: bool = False  # forward-looking wording ("next", "in N years"), for future without a base date
    duration: str | None = None  # ISO 8601 duration of a duration
    combinable: bool = True  # a point that range words ("from X to Y") may join
    deadline: bool = False  # "by X": still ahead while X has not ended


def _resolved(compute: Callable[..., _Point], *args: object) -> _Point | None:
    """``compute(*args)``, or None where the arithmetic leaves the calendar (an article dated 0001-01-01)."""
    try:
        return compute(*args)
    except (ValueError, OverflowError):
        return None


def _iso(day: dt.date, granularity: str) -> str:
    if granularity in ("day", "week"):
        return day.isoformat()
    if granularity == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def _day_point(day: dt.date) -> _Point:
    return _Point(day, day, "day")


def _month_point(year: int, month: int) -> _Point:
    return _Point(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]), "month")


def _year_point(year: int) -> _Point:
    return _Point(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _decade_point(first_year: int) -> _Point:
    return _Point(dt.date(first_year, 1, 1), dt.date(first_year + 9, 12, 31), "decade")


def _week_point(day: dt.date) -> _Point:
    monday = day - dt.timedelta(days=day.weekday())
    return _Point(monday, monday + dt.timedelta(days=6), "week")


def _point_at_granularity(day: dt.date, granularity: str) -> _Point:
    if granularity == "year":
        return _year_point(day.year)
    if granularity == "month":
        return _month_point(day.year, day.month)
    if granularity == "decade":
        return _decade_point(day.year - day.year % 10)
    if granularity == "week":
        return _week_point(day)
    return _day_point(day)


def _shifted_point(base: dt.date, amount: int, unit: str, granularity: str) -> _Point:
    return _point_at_granularity(_shift(base, amount, unit), granularity)


def _days_from(base: dt.date, days: int) -> _Point:
    return _day_point(base + dt.timedelta(days=days))


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise ValueError("year out of range")
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _shift(day: dt.date, amount: int, unit: str) -> dt.date:
    """``day`` moved by ``amount`` calendar units (negative: back in time)."""
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return day + dt.timedelta(days=amount)
    if unit == "week":
        return day + dt.timedelta(weeks=amount)
    if unit == "month":
        return _add_months(day, amount)
    if unit == "year":
        return _add_months(day, 12 * amount)
    return _add_months(day, 120 * amount)  # decade


def _unit_granularity(unit: str) -> str:
    """The precision an offset in ``unit`` resolves to: "two weeks ago" is a day, "five years ago" a year."""
    unit = unit.lower().rstrip("s")
    return {"day": "day", "week": "day", "month": "month"}.get(unit, "year")


def _number_value(word: str) -> int | None:
    """An integer written in digits or small number words ("15", "two", "twenty-one", "a hundred")."""
    word = " ".join(word.lower().split())
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", word):  # "3,000 years"
        word = word.replace(",", "")
    if word.isdigit():
        return int(word)
    if word in ("a hundred", "one hundred"):
        return 100
    total = 0
    for part in re.split(r"[- ]", word):
        if part not in SMALL_NUMBER_WORDS:
            return None
        total += SMALL_NUMBER_WORDS[part]
    return total


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_number(name: str) -> int:
    return MONTH_NUMBERS[name.rstrip(".").lower()]


# ---------------------------------------------------------------- years vs counts


def _previous_word(text: str, index: int) -> str:
    match = PREVIOUS_WORD_RE.search(text, max(0, index - 40), index)
    return match.group("word").lower() if match else ""


def _count_follows(text: str, end: int) -> bool:
    """A unit or a counted plural noun follows: the number before ``end`` is a count."""
    rest = text[end : end + 60]
    return bool(UNIT_AFTER_RE.match(rest) or COUNTED_NOUN_AFTER_RE.match(rest))


def is_year_at(text: str, start: int, end: int) -> bool:
    """Whether the 4-digit number ``text[start:end]`` is a year rather than a count.

    Shared with quantities so that a number is one or the other, never both. A number in
    1000-2100 is a year unless a unit follows ("1500 km"), a counted plural noun follows
    and no time word precedes ("killed 2000 people" but "in 2004 people voted", "the 2004
    bombings"), or it opens a count range ("between 1500 and 2000 people").
    """
    token = text[start:end]
    if len(token) != 4 or not token.isdigit() or not 1000 <= int(token) <= 2100:
        return False
    if start and text[start - 1] in "$£€¥₹#":
        return False
    if UNIT_AFTER_RE.match(text, end):
        return False
    previous = _previous_word(text, start)
    if previous in YEAR_CONTEXT_WORDS or previous.endswith(("'s", "’s")):
        return True
    if COUNTED_NOUN_AFTER_RE.match(text, end):
        return False
    partner = re.match(r"\s?[-–—]\s?|\s+to\s+|\s+and\s+", text[end : end + 8])
    if partner and (partner.group().strip() != "and" or previous == "between"):
        after = re.match(r"[\d,.]+\d|\d", text[end + partner.end() : end + partner.end() + 20])
        if after and _count_follows(text, end + partner.end() + after.end()):
            return False
    return True


# ---------------------------------------------------------------- finders (one per pattern)


def _absolute_dates(region: str, base: dt.date | None) -> list[_Candidate]:
    found: list[_Candidate] = []
    for match in ISO_DATE_RE.finditer(region):
        day = _date_or_none(int(match["year"]), int(match["month"]), int(match["day"]))
        if day and 1000 <= day.year <= 2100:
            found.append(_Candidate(match.start(), match.end(), "date", _day_point(day), granularity="day"))
    for pattern in (DAY_MONTH_YEAR_RE, MONTH_DAY_YEAR_RE):
        for match in pattern.finditer(region):
            found.extend(_calendar_day(match, base))
    for match in MONTH_YEAR_RE.finditer(region):
        point = _month_point(int(match["year"]), _month_number(match["month"]))
        found.append(_Candidate(match.start(), match.end(), "date", point, granularity="month"))
    return found


def _calendar_day(match: re.Match[str], base: dt.date | None) -> list[_Candidate]:
    """"11 March 2004" / "March 11, 2004"; without a year, the article's year."""
    month, day_of_month = _month_number(match["month"]), int(match["day"])
    if match["year"]:
        day = _date_or_none(int(match["year"]), month, day_of_month)
        if day is None:
            return []
        return [_Candidate(match.start(), match.end(), "date", _day_point(day), granularity="day")]
    if _date_or_none(2000, month, day_of_month) is None:  # 2000 is a leap year: 29 February is valid
        return []
    point = _resolved(_nearest_day, base, month, day_of_month) if base else None
    return [_Candidate(match.start(), match.end(), "date", point, granularity="day", relative=True)]


def _nearest_date(base: dt.date, month: int, day_of_month: int) -> dt.date:
    """The day and month in the year that puts it nearest the article date ("28 December" in January: last year)."""
    options = [_date_or_none(base.year + step, month, day_of_month) for step in (-1, 0, 1) if 1 <= base.year + step <= 9999]
    dates = [day for day in options if day is not None]
    if not dates:
        raise ValueError("no such day near the article date")
    return min(dates, key=lambda day: abs((day - base).days))


def _nearest_day(base: dt.date, month: int, day_of_month: int) -> _Point:
    return _day_point(_nearest_date(base, month, day_of_month))


def _years_and_decades(region: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for match in YEAR_RE.finditer(region):
        if is_year_at(region, match.start("year"), match.end("year")):
            point = _year_point(int(match["year"]))
            found.append(_Candidate(match.start(), match.end(), "date", point, granularity="year"))
    for match in YEAR_SPAN_RE.finditer(region):
        found.extend(_year_span(match, region))
    for match in DECADE_RE.finditer(region):
        if match["decade"]:
            first_year = int(match["decade"]) * 10
        else:  # "the '90s": the last century for 30-90, this one for 00-20
            digit = int(match["short"])
            first_year = (1900 if digit >= 3 else 2000) + digit * 10
        found.append(_Candidate(match.start(), match.end(), "date", _decade_point(first_year), granularity="decade"))
    return found


def _year_span(match: re.Match[str], region: str) -> list[_Candidate]:
    """"2010-2015", "2010–15", "2019/20"; not "1500-2000 people" (a count range)."""
    first_year, second = int(match["a"]), match["b"]
    if len(second) == 2:
        last_year = first_year // 100 * 100 + int(second)
        if last_year <= first_year:
            if first_year % 100 < 90:  # "2004-03" is year-month, not a span
                return []
            last_year += 100
    else:
        last_year = int(second)
    if last_year <= first_year or _count_follows(region, match.end()):
        return []
    return [
        _Candidate(match.start(), match.end(), "range", _year_point(first_year), _year_point(last_year), "year")
    ]


def _weekdays(region: str, base: dt.date | None) -> list[_Candidate]:
    found: list[_Candidate] = []
    for match in WEEKDAY_RE.finditer(region):
        if _named_day(region, match):
            continue
        modifier = " ".join((match["mod"] or "").lower().split())
        weekday = WEEKDAY_NUMBERS[match["weekday"].lower()]
        point = _resolved(_weekday_point, base, weekday, modifier) if base else None
        forward = modifier in ("next", "this coming", "coming")
        found.append(
            _Candidate(match.start(), match.end(), "date", point, granularity="day", relative=True, forward=forward)
        )
    return found


def _named_day(region: str, match: re.Match[str]) -> bool:
    """"Good Friday", "Super Tuesday", "the Sunday Times": a name, not the nearest such weekday."""
    if NAMED_DAY_PREFIX_RE.search(region, max(0, match.start() - 12), match.start()):
        return True
    following = re.match(r"\s+([A-Z][a-z]+)", region[match.end() :])
    return bool(following and following.group(1).lower() not in MONTH_NUMBERS)


def _weekday_point(base: dt.date, weekday: int, modifier: str) -> _Point:
    return _day_point(_resolve_weekday(base, weekday, modifier))


def _resolve_weekday(base: dt.date, weekday: int, modifier: str) -> dt.date:
    days_back = (base.weekday() - weekday) % 7
    if modifier in ("next", "this coming", "coming"):
        return base + dt.timedelta(days=(weekday - base.weekday() - 1) % 7 + 1)
    if modifier == "this":
        return base + dt.timedelta(days=weekday - base.weekday())
    if modifier in ("last", "this past", "past"):
        return base - dt.timedelta(days=days_back or 7)
    return base - dt.timedelta(days=days_back)  # bare or "on": on or before the article date


def _deictic_days(region: str, base: dt.date | None) -> list[_Candidate]:
    found: list[_Candidate] = []
    for match in DEICTIC_DAY_RE.finditer(region):
        word = match["word"].lower()
        if match["word"].isupper():
            continue  # "USA TODAY"
        part_of_day = region[match.end("word") : match.end()].strip()
        if word == "this" and (not part_of_day or part_of_day[0].isupper()):
            continue  # "this" alone is no time; "this morning" is, "CBS This Morning" a programme
        offset = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
        point = _resolved(_days_from, base, offset) if base else None
        found.append(
            _Candidate(match.start(), match.end(), "date", point, granularity="day", relative=True, forward=offset > 0)
        )
    return found


def _calendar_relative(region: str, base: dt.date | None) -> list[_Candidate]:
    """"this month", "last year", "early next year", "the end of the year", "last May"."""
    found: list[_Candidate] = []
    for match in CALENDAR_RELATIVE_RE.finditer(region):
        modifier, unit = match["mod"].lower(), match["unit"].lower()
        if re.search(r"(?i:\bthe)\s+$", region[max(0, match.start() - 5) : match.start()]):
            continue  # "the last year" is the past twelve months (THE_PAST_N_RE), "in the last year of" no date
        if modifier in ("last", "next") and unit == "decade":
            found.append(_past_or_next(match.start(), match.end(), modifier, 10, "year", base))
            continue
        step = {"last": -1, "next": 1, "coming": 1}.get(modifier, 0)
        point = _resolved(_calendar_period, base, unit, step) if base else None
        found.append(
            _Candidate(match.start(), match.end(), "date", point, granularity=unit, relative=True, forward=step > 0)
        )
    for match in END_OF_THE_PERIOD_RE.finditer(region):
        unit = match["unit"].lower()
        point = _resolved(_calendar_period, base, unit, 0) if base else None
        found.append(_Candidate(match.start(), match.end(), "date", point, granularity=unit, relative=True))
    for match in MONTH_RELATIVE_RE.finditer(region):
        found.append(_relative_month(match, base))
    return found


def _calendar_period(base: dt.date, unit: str, step: int) -> _Point:
    if unit == "week":
        return _week_point(base + dt.timedelta(weeks=step))
    if unit == "month":
        return _point_at_granularity(_add_months(base, step), "month")
    if unit == "year":
        return _year_point(base.year + step)
    return _decade_point(base.year - base.year % 10 + 10 * step)


def _relative_month(match: re.Match[str], base: dt.date | None) -> _Candidate:
    modifier, month = match["mod"].lower(), _month_number(match["month"])
    point = None
    if base:
        year = base.year
        if modifier == "last" and month >= base.month:
            year -= 1
        elif modifier == "next" and month <= base.month:
            year += 1
        point = _resolved(_month_point, year, month)
    return _Candidate(
        match.start(), match.end(), "date", point, granularity="month", relative=True, forward=modifier == "next"
    )


def _offsets(region: str, base: dt.date | None) -> list[_Candidate]:
    """"two weeks earlier", "a decade ago", "in 15 years", "within a decade", "the past five years"."""
    found: list[_Candidate] = []
    for match in OFFSET_RE.finditer(region):
        direction = " ".join(match["dir"].lower().split())
        if direction in ("before", "after", "prior", "on") and _anchored_elsewhere(region, match.end()):
            continue  # "two weeks before the vote" counts from the vote, not from the article date
        amount = _number_value(match["n"])
        if amount is None:
            continue
        sign = -1 if direction in ("ago", "earlier", "before", "previously", "prior", "back") else 1
        # "a year later" / "five years on" count from a narrated event ("London learned the same lesson
        # a year later"), almost never from the article date: found, but left unresolved.
        anchor = None if direction in ("later", "after", "on") else base
        found.append(_offset_point(match.start(), match.end(), sign * amount, match["unit"], anchor, sign > 0))
    for match in IN_OFFSET_RE.finditer(region):
        amount = _number_value(match["n"])
        if amount is None or re.match(r"(?i:\s+(?:of|since|ago|old|before|after|that|when|which))\b", region[match.end() :]):
            continue  # "in 15 years of war" is a duration, not a future date
        if _looks_back(region, match.start()):  # "the highest rate in 50 years": the past 50 years
            found.append(_past_or_next(match.start(), match.end(), "past", amount, match["unit"], base))
        elif match["prep"].lower() == "within":
            found.append(_past_or_next(match.start(), match.end(), "next", amount, match["unit"], base))
        else:
            found.append(_offset_point(match.start(), match.end(), amount, match["unit"], base, True))
    for match in THE_PAST_N_RE.finditer(region):
        if re.match(r"\s+of\b", region[match.end() :]):
            continue  # "the last year of his term"
        if not match["n"] and match["unit"].lower().endswith("s"):
            continue  # "the last years", "the coming weeks": how many is not said
        amount = _number_value(match["n"]) if match["n"] else 1
        if amount is not None:
            found.append(_past_or_next(match.start(), match.end(), match["mod"].lower(), amount, match["unit"], base))
    return found


LOOKING_BACK_RE = re.compile(
    r"(?i:\b(?:first|most|least|best|worst|ever|been|highest|lowest|biggest|largest|smallest|greatest|fastest"
    r"|slowest|deepest|longest|shortest|strongest|weakest|hottest|coldest|wettest|driest|record)\b)"
)


def _looks_back(region: str, start: int) -> bool:
    """A superlative or a perfect earlier in the clause: "the worst drought in 50 years"."""
    clause_start = max(region.rfind(mark, 0, start) for mark in ".;:!?\n")
    return bool(LOOKING_BACK_RE.search(region, max(clause_start + 1, start - 80), start))


def _anchored_elsewhere(region: str, end: int) -> bool:
    return bool(re.match(r"\s*(?:[\w\"“‘'(]|to\b)", region[end:]))


def _offset_point(start: int, end: int, amount: int, unit: str, base: dt.date | None, forward: bool) -> _Candidate:
    granularity = _unit_granularity(unit)
    point = _resolved(_shifted_point, base, amount, unit, granularity) if base else None
    return _Candidate(start, end, "date", point, granularity=granularity, relative=True, forward=forward)


def _past_or_next(start: int, end: int, modifier: str, amount: int, unit: str, base: dt.date | None) -> _Candidate:
    """A range from the article date back or forward ``amount`` units: "the past five years", "within a decade"."""
    granularity = _unit_granularity(unit)
    forward = modifier in ("next", "coming")
    first = last = None
    if base:
        moved = _resolved(_shifted_point, base, amount if forward else -amount, unit, "day")
        if moved:
            first_day, last_day = (base, moved.first) if forward else (moved.first, base)
            first = _resolved(_point_at_granularity, first_day, granularity)
            last = _resolved(_point_at_granularity, last_day, granularity)
    return _Candidate(
        start, end, "range", first, last, granularity, relative=True, forward=forward, combinable=False
    )


def _durations(region: str) -> list[_Candidate]:
    found: list[_Candidate] = []
    for match in DURATION_RE.finditer(region):
        candidate = _duration(match, region)
        if candidate:
            found.append(candidate)
    return found


def _duration(match: re.Match[str], region: str) -> _Candidate | None:
    word, unit = match["n"].lower(), match["unit"].lower()
    if re.match(r"\s*(?:-?old\b|of\s+age\b)", region[match.end() :]):
        return None  # an age
    if _number_value(word) == 1 and not match["prep"] and not word.isdigit():
        return None  # "one day she left": an idiom, not a duration
    amount = float(word) if re.fullmatch(r"\d+\.\d+", word) else _number_value(word)
    if amount is None:
        return None
    unit = unit.rstrip("s") if unit != "centuries" else "century"
    designator = {"century": ("Y", 100), "decade": ("Y", 10), "year": ("Y", 1), "month": ("M", 1),
                  "week": ("W", 1), "day": ("D", 1), "night": ("D", 1), "hour": ("TH", 1), "minute": ("TM", 1)}
    letter, factor = designator[unit]
    quantity = f"{amount * factor:g}"
    iso = f"PT{quantity}{letter[1]}" if letter.startswith("T") else f"P{quantity}{letter}"
    granularity = {"night": "day", "decade": "year", "century": "year"}.get(unit, unit)
    return _Candidate(match.start(), match.end(), "duration", granularity=granularity, duration=iso, combinable=False)


# ---------------------------------------------------------------- assembling


def _without_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep the longest of overlapping candidates (a full date over its year), earliest first on ties."""
    kept: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (-(c.end - c.start), c.start)):
        if all(candidate.end <= other.start or candidate.start >= other.end for other in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda c: c.start)


def _with_ranges(candidates: list[_Candidate], region: str, base: dt.date | None) -> list[_Candidate]:
    """Join points with range words: "from X to Y", "between X and Y", "X to Y", "since X", "until X", "by X"."""
    result: list[_Candidate] = []
    index = 0
    while index < len(candidates):
        current = candidates[index]
        following = candidates[index + 1] if index + 1 < len(candidates) else None
        joined, consumed = _join(current, following, region, base)
        result.append(joined)
        index += consumed
    return result


def _join(
    current: _Candidate, following: _Candidate | None, region: str, base: dt.date | None
) -> tuple[_Candidate, int]:
    if current.kind != "date" or not current.combinable:
        return current, 1
    opener = RANGE_OPENER_RE.search(region, max(0, current.start - 20), current.start)
    word = " ".join(opener["word"].lower().split()) if opener else ""
    joiner = None
    if following and following.kind == "date" and following.combinable:
        joiner = RANGE_JOINER_RE.match(region[current.end : following.start])
    joiner_word = (joiner["word"] or "-").lower() if joiner else None
    if following and joiner_word and (
        (word == "from" and joiner_word != "and")
        or (word == "between" and joiner_word in ("and", "-", "through", "to"))
        or (not word and joiner_word in ("to", "until", "through", "-") and not current.relative and not following.relative)
    ):
        start = opener.start() if opener and word in ("from", "between") else current.start
        return _range(start, following.end, current.first, following.last or following.first, current, following), 2
    if word == "since" and opener:
        end_point = _day_point(base) if base else None
        return _range(opener.start(), current.end, current.first, end_point, current, None, uses_base=True), 1
    if word in ("until", "till", "through", "up to", "up until") and opener:
        return _range(opener.start(), current.end, None, current.first, current, None), 1
    if word == "by" and opener:
        deadline = _Candidate(
            opener.start(), current.end, "date", current.first, granularity=current.granularity,
            relative=current.relative, forward=True, deadline=True,
        )
        return deadline, 1
    return current, 1


def _range(
    start: int,
    end: int,
    first: _Point | None,
    last: _Point | None,
    opening: _Candidate,
    closing: _Candidate | None,
    uses_base: bool = False,
) -> _Candidate:
    relative = opening.relative or (closing.relative if closing else False) or uses_base
    forward = (closing.forward if closing else False) or opening.forward
    granularity = opening.granularity or (closing.granularity if closing else None)
    return _Candidate(start, end, "range", first, last, granularity, relative, forward, combinable=False)


def _is_future(candidate: _Candidate, base: dt.date | None) -> bool:
    if candidate.kind == "duration":
        return False
    if base is None:
        return candidate.forward
    first = candidate.first.first if candidate.first else None
    if candidate.kind == "range":
        # A range is ahead when its opening period has not passed: "within a decade", "until 2030".
        opens_ahead = candidate.first is None or candidate.first.last >= base
        return bool(candidate.last and candidate.last.last > base and opens_ahead)
    if candidate.deadline and candidate.first:
        return candidate.first.last > base
    return bool(first and first > base)


def _expression(candidate: _Candidate, region: str, offset: int, base: dt.date | None) -> TimeExpression:
    if candidate.kind == "duration":
        value, end_value = candidate.duration, None
    else:
        value = candidate.first.iso() if candidate.first else None
        end_value = candidate.last.iso() if candidate.kind == "range" and candidate.last else None
    return TimeExpression(
        start=candidate.start + offset,
        end=candidate.end + offset,
        text=region[candidate.start : candidate.end],
        kind=candidate.kind,
        value=value,
        end_value=end_value,
        granularity=candidate.granularity,
        relative=candidate.relative,
        future=_is_future(candidate, base),
    )


def find_times(text: str, base: dt.date | None, start: int = 0, end: int | None = None) -> list[TimeExpression]:
    """Time expressions in ``text[start:end]``, offsets into ``text``, resolved against ``base``.

    ``base`` is the article date; a ``datetime.datetime`` is taken as its date.
    """
    if isinstance(base, dt.datetime):
        base = base.date()
    end = len(text) if end is None else end
    region = text[start:end]
    candidates = (
        _absolute_dates(region, base)
        + _years_and_decades(region)
        + _weekdays(region, base)
        + _deictic_days(region, base)
        + _calendar_relative(region, base)
        + _offsets(region, base)
        + _durations(region)
    )
    joined = _with_ranges(_without_overlaps(candidates), region, base)
    return [_expression(candidate, region, start, base) for candidate in joined]
