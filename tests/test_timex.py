"""Time expressions: ISO values resolved against the article date, kinds, flags, and exact offsets."""
from __future__ import annotations

import datetime as dt
import itertools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from presslens.claims.timex import TimeExpression, find_times, is_year_at

BASE = dt.date(2025, 3, 14)  # a Friday


def times(text: str, base: dt.date | None = BASE, start: int = 0, end: int | None = None) -> list[TimeExpression]:
    """find_times, checked for the offset invariant and the shape of every result."""
    found = find_times(text, base, start, end)
    stop = len(text) if end is None else end
    for t in found:
        assert start <= t.start < t.end <= stop, t
        assert text[t.start : t.end] == t.text, t
        assert t.text == t.text.strip(), t
        assert t.kind in ("date", "range", "duration"), t
        if t.kind != "range":
            assert t.end_value is None, t
        if t.kind == "duration":
            assert t.value and t.value.startswith("P") and not t.relative and not t.future, t
    for before, after in itertools.pairwise(found):
        assert before.end <= after.start, (before, after)
    return found


def only(text: str, base: dt.date | None = BASE) -> TimeExpression:
    found = times(text, base)
    assert len(found) == 1, found
    return found[0]


def summary(t: TimeExpression) -> tuple:
    return (t.text, t.kind, t.value, t.end_value, t.granularity)


# ---------------------------------------------------------------- the cases


def test_from_april_2014_to_this_month():
    t = only("Prices have risen from April 2014 to this month.")
    assert summary(t) == ("from April 2014 to this month", "range", "2014-04", "2025-03", "month")
    assert t.relative and not t.future


def test_two_weeks_earlier():
    t = only("Two weeks earlier, the minister resigned.")
    assert summary(t) == ("Two weeks earlier", "date", "2025-02-28", None, "day")
    assert t.relative and not t.future


def test_in_15_years_is_future():
    t = only("The plant will close in 15 years.")
    assert summary(t) == ("in 15 years", "date", "2040", None, "year")
    assert t.relative and t.future


def test_madrid_year_is_a_date_and_the_counts_are_not():
    t = only("The 2004 bombings in Madrid killed 191 and injured 1,800.")
    assert summary(t) == ("2004", "date", "2004", None, "year")
    assert not t.relative and not t.future


# ---------------------------------------------------------------- absolute dates


@pytest.mark.parametrize(
    "sentence, text, value, granularity",
    [
        ("It happened on 11 March 2004.", "11 March 2004", "2004-03-11", "day"),
        ("It happened on March 11, 2004.", "March 11, 2004", "2004-03-11", "day"),
        ("It happened on March 11 2004.", "March 11 2004", "2004-03-11", "day"),
        ("It happened on 2004-03-11.", "2004-03-11", "2004-03-11", "day"),
        ("It happened on Thursday, 11 March 2004.", "Thursday, 11 March 2004", "2004-03-11", "day"),
        ("It happened on the 11th of March 2004.", "the 11th of March 2004", "2004-03-11", "day"),
        ("It happened on March 11th, 2004.", "March 11th, 2004", "2004-03-11", "day"),
        ("It happened on 11 Mar 2004.", "11 Mar 2004", "2004-03-11", "day"),
        ("It happened on Sept. 11, 2001.", "Sept. 11, 2001", "2001-09-11", "day"),
        ("Leap day: 29 February 2024.", "29 February 2024", "2024-02-29", "day"),
        ("It began in April 2014.", "April 2014", "2014-04", "month"),
        ("It began in April, 2014.", "April, 2014", "2014-04", "month"),
        ("It began in late April 2014.", "late April 2014", "2014-04", "month"),
        ("It began in 2019.", "2019", "2019", "year"),
        ("It began in mid-2004.", "mid-2004", "2004", "year"),
        ("It began in early 2004.", "early 2004", "2004", "year"),
        ("It began in the 1990s.", "1990s", "1990", "decade"),
        ("It began in the mid-1990s.", "mid-1990s", "1990", "decade"),
        ("It began in the '90s.", "'90s", "1990", "decade"),
        ("the 2004 bombings", "2004", "2004", "year"),
        ("Spain's 2004 election", "2004", "2004", "year"),
        ("(2004)", "2004", "2004", "year"),
    ],
)
def test_absolute_dates(sentence, text, value, granularity):
    t = only(sentence)
    assert summary(t) == (text, "date", value, None, granularity)
    assert not t.relative and not t.future


def test_day_and_month_without_a_year_take_the_article_year():
    t = only("The vote is on 14 March.")
    assert summary(t) == ("14 March", "date", "2025-03-14", None, "day")
    assert t.relative
    assert only("The vote is on 14 March.", None).value is None


@pytest.mark.parametrize(
    "base, expected",
    [(dt.date(2025, 1, 3), "2024-12-28"), (dt.date(2025, 12, 1), "2025-12-28"), (dt.date(2025, 6, 1), "2024-12-28")],
)
def test_day_and_month_take_the_nearest_year(base, expected):
    assert only("It happened on 28 December.", base).value == expected


@pytest.mark.parametrize("sentence", ["on 31 February 2004", "on 2004-02-30", "on 2004-13-01"])
def test_impossible_dates_are_not_dates(sentence):
    assert all(t.granularity != "day" for t in times(sentence))


# ---------------------------------------------------------------- years versus counts


@pytest.mark.parametrize(
    "sentence",
    [
        "The storm killed 2000 people.",
        "The road is 1500 km long.",
        "It cost $2010.",
        "between 1500 and 2000 people",
        "1500-2000 people",
        "Some 1200 soldiers left.",
        "It is 2,004 miles away.",
        "version 2004.1",
        "The A1800 road.",
    ],
)
def test_counts_are_not_years(sentence):
    assert times(sentence) == []


@pytest.mark.parametrize(
    "text, year_at, expected",
    [
        ("In 2004 people voted.", "2004", True),
        ("the 2004 bombings", "2004", True),
        ("It rained in 2019.", "2019", True),
        ("killed 2000 people", "2000", False),
        ("2000 km", "2000", False),
        ("between 1500 and 2000 people", "1500", False),
        ("between 2010 and 2015", "2010", True),
        ("999 people", "999", False),
        ("in 2101", "2101", False),
    ],
)
def test_is_year_at(text, year_at, expected):
    start = text.index(year_at)
    assert is_year_at(text, start, start + len(year_at)) is expected


# ---------------------------------------------------------------- relative expressions


@pytest.mark.parametrize(
    "sentence, text, value, granularity, future",
    [
        ("He left yesterday.", "yesterday", "2025-03-13", "day", False),
        ("He leaves today.", "today", "2025-03-14", "day", False),
        ("He leaves tomorrow.", "tomorrow", "2025-03-15", "day", True),
        ("He left yesterday morning.", "yesterday morning", "2025-03-13", "day", False),
        ("It opened this week.", "this week", "2025-03-10", "week", False),
        ("It opened last week.", "last week", "2025-03-03", "week", False),
        ("It opens next week.", "next week", "2025-03-17", "week", True),
        ("It opened this month.", "this month", "2025-03", "month", False),
        ("It opened last month.", "last month", "2025-02", "month", False),
        ("It opens next month.", "next month", "2025-04", "month", True),
        ("It opened this year.", "this year", "2025", "year", False),
        ("It opened last year.", "last year", "2024", "year", False),
        ("It opens next year.", "next year", "2026", "year", True),
        ("It opens early next year.", "early next year", "2026", "year", True),
        ("It closes at the end of the year.", "the end of the year", "2025", "year", False),
        ("It opened last May.", "last May", "2024-05", "month", False),
        ("It opens next May.", "next May", "2025-05", "month", True),
        ("He spoke last Tuesday.", "last Tuesday", "2025-03-11", "day", False),
        ("He spoke on Tuesday.", "Tuesday", "2025-03-11", "day", False),
        ("He spoke on Friday.", "Friday", "2025-03-14", "day", False),
        ("He spoke last Friday.", "last Friday", "2025-03-07", "day", False),
        ("He speaks next Tuesday.", "next Tuesday", "2025-03-18", "day", True),
        ("Two weeks earlier, he quit.", "Two weeks earlier", "2025-02-28", "day", False),
        ("He quit three days ago.", "three days ago", "2025-03-11", "day", False),
        ("He quit three months ago.", "three months ago", "2024-12", "month", False),
        ("He quit five years ago.", "five years ago", "2020", "year", False),
        ("He quit a decade ago.", "a decade ago", "2015", "year", False),
        ("He quit 10 years before.", "10 years before", "2015", "year", False),
        ("It will close in 15 years.", "in 15 years", "2040", "year", True),
        ("It will close in 15 years' time.", "in 15 years' time", "2040", "year", True),
        ("What will people think 100 years from now?", "100 years from now", "2125", "year", True),
        ("It will close in six months.", "in six months", "2025-09", "month", True),
        ("It will close in two weeks.", "in two weeks", "2025-03-28", "day", True),
        ("It was done by the end of 2026.", "by the end of 2026", "2026", "year", True),
        ("It will be done by 2030.", "by 2030", "2030", "year", True),
        ("It was done by 2010.", "by 2010", "2010", "year", False),
        ("It will be done by the end of this year.", "by the end of this year", "2025", "year", True),
    ],
)
def test_relative_expressions(sentence, text, value, granularity, future):
    t = only(sentence)
    assert summary(t) == (text, "date", value, None, granularity)
    assert t.future is future
    if text not in ("by the end of 2026", "by 2030", "by 2010"):
        assert t.relative


def test_without_an_article_date_relative_expressions_are_found_without_value():
    found = times("Two weeks earlier, last year, next Tuesday and in 15 years; on 11 March 2004.", None)
    assert [(t.text, t.value, t.relative, t.future) for t in found] == [
        ("Two weeks earlier", None, True, False),
        ("last year", None, True, False),
        ("next Tuesday", None, True, True),
        ("in 15 years", None, True, True),
        ("11 March 2004", "2004-03-11", False, False),
    ]


@pytest.mark.parametrize("sentence, text", [("London learned it a year later.", "a year later"),
                                            ("Five years on, little changed.", "Five years on"),
                                            ("Three months after, it reopened.", "Three months after")])
def test_later_counts_from_a_narrated_event_and_stays_unresolved(sentence, text):
    t = only(sentence)
    assert (t.text, t.kind, t.value, t.relative, t.future) == (text, "date", None, True, False)


def test_a_datetime_base_is_taken_as_its_date():
    assert only("yesterday", dt.datetime(2025, 3, 14, 23, 59)).value == "2025-03-13"


def test_two_weeks_before_an_event_is_not_resolved_against_the_article_date():
    assert all(t.kind == "duration" for t in times("He resigned two weeks before the vote."))


@pytest.mark.parametrize(
    "sentence",
    ["Good Friday", "Super Tuesday", "The Sunday Times reported it.", "in the last year of his term", "He told CBS This Morning."],
)
def test_named_days_and_periods_of_something_else(sentence):
    assert all(t.kind not in ("date",) or t.granularity != "day" for t in times(sentence))
    assert not any(t.text in ("last year", "Friday", "Tuesday", "Sunday") for t in times(sentence))


# ---------------------------------------------------------------- ranges


@pytest.mark.parametrize(
    "sentence, text, value, end_value, granularity",
    [
        ("between 2010 and 2015", "between 2010 and 2015", "2010", "2015", "year"),
        ("from 2010 to 2015", "from 2010 to 2015", "2010", "2015", "year"),
        ("from 2010 until 2015", "from 2010 until 2015", "2010", "2015", "year"),
        ("2010 to 2015", "2010 to 2015", "2010", "2015", "year"),
        ("in 2010-2015", "2010-2015", "2010", "2015", "year"),
        ("in 2010–15", "2010–15", "2010", "2015", "year"),
        ("the 2019/20 season", "2019/20", "2019", "2020", "year"),
        ("in 1999-2000", "1999-2000", "1999", "2000", "year"),
        ("from March 2004 to June 2005", "from March 2004 to June 2005", "2004-03", "2005-06", "month"),
        ("from 11 March 2004 to 14 March 2004", "from 11 March 2004 to 14 March 2004", "2004-03-11", "2004-03-14", "day"),
        ("since 2010", "since 2010", "2010", "2025-03-14", "year"),
        ("since last year", "since last year", "2024", "2025-03-14", "year"),
        ("until 2030", "until 2030", None, "2030", "year"),
        ("through 2030", "through 2030", None, "2030", "year"),
        ("over the past five years", "over the past five years", "2020", "2025", "year"),
        ("in the last two months", "in the last two months", "2025-01", "2025-03", "month"),
        ("the past year", "the past year", "2024", "2025", "year"),
        ("over the last decade", "over the last decade", "2015", "2025", "year"),
        ("in the next five years", "in the next five years", "2025", "2030", "year"),
        ("within a decade", "within a decade", "2025", "2035", "year"),
        ("within two weeks", "within two weeks", "2025-03-14", "2025-03-28", "day"),
        ("between late 2017 through April 2018", "between late 2017 through April 2018", "2017", "2018-04", "year"),
        ("since the 1930s", "since the 1930s", "1930", "2025-03-14", "decade"),
        ("from the 1990s to the 2010s", "from the 1990s to the 2010s", "1990", "2010", "decade"),
        ("the worst drought in 50 years", "in 50 years", "1975", "2025", "year"),
        ("the first time it has fallen in 27 years", "in 27 years", "1998", "2025", "year"),
    ],
)
def test_ranges(sentence, text, value, end_value, granularity):
    t = only(sentence)
    assert summary(t) == (text, "range", value, end_value, granularity)


@pytest.mark.parametrize(
    "sentence, future",
    [("since 2010", False), ("until 2030", True), ("within a decade", True), ("in the next five years", True),
     ("over the past five years", False), ("from 2010 to 2015", False), ("from this month to 2030", True)],
)
def test_range_future(sentence, future):
    assert only(sentence).future is future


def test_since_without_article_date_has_no_end():
    t = only("since 2010", None)
    assert (t.value, t.end_value, t.relative) == ("2010", None, True)


def test_from_without_to_is_just_a_date():
    assert summary(only("from 2010 onwards")) == ("2010", "date", "2010", None, "year")


# ---------------------------------------------------------------- durations


@pytest.mark.parametrize(
    "sentence, text, value, granularity",
    [
        ("He ruled for five years.", "for five years", "P5Y", "year"),
        ("Prices rose over five years.", "over five years", "P5Y", "year"),
        ("He was sentenced to 15 years.", "15 years", "P15Y", "year"),
        ("It lasted two weeks.", "two weeks", "P2W", "week"),
        ("It lasted three months.", "three months", "P3M", "month"),
        ("It lasted 1.5 years.", "1.5 years", "P1.5Y", "year"),
        ("for two decades", "for two decades", "P20Y", "year"),
        ("for a year", "for a year", "P1Y", "year"),
        ("talks lasted two hours", "two hours", "PT2H", "hour"),
        ("The empire stood for 3,000 years.", "for 3,000 years", "P3000Y", "year"),  # not "000 years"
    ],
)
def test_durations(sentence, text, value, granularity):
    assert summary(only(sentence)) == (text, "duration", value, None, granularity)


def test_in_n_years_that_is_a_duration():
    assert [t.kind for t in times("more oil than was taken out in 121 years that they have been drilled")] == ["duration"]


@pytest.mark.parametrize("sentence", ["He is 15 years old.", "a 15-year-old boy", "One day he left.", "a five-year plan"])
def test_ages_and_idioms_are_no_durations(sentence):
    assert times(sentence) == []


# ---------------------------------------------------------------- not times


@pytest.mark.parametrize(
    "sentence",
    [
        "The council voted 191 to 40.",
        "He may go.",
        "a march on parliament",
        "There were nine events and 8,000 soldiers.",
        "this is it",
        "the Boeing 737",
        "COVID-19 spread",
        "2004-03",
        "He has spent the last years on it.",
        "in the coming weeks",
        "the USA TODAY network",
    ],
)
def test_not_times(sentence):
    assert times(sentence) == []


# ---------------------------------------------------------------- offsets


def test_offsets_with_a_sentence_inside_a_longer_text():
    prefix = "In 1999 nothing happened.\n\nLast year too. "
    sentence = "Prices have risen from April 2014 to this month."
    text = prefix + sentence + " Next year, they fall."
    start = len(prefix)
    found = times(text, BASE, start, start + len(sentence))
    assert [(t.text, t.start - start, t.end - start) for t in found] == [
        (t.text, t.start, t.end) for t in times(sentence)
    ]
    assert found[0].value == "2014-04"


def test_offsets_with_bom_curly_quotes_and_non_ascii():
    text = "\ufeff“Depuis 2010,” said Ána — “since 2010 in Köln, and on 11 March 2004 🙂, two weeks earlier.”"
    found = times(text)
    assert [t.text for t in found] == ["2010", "since 2010", "11 March 2004", "two weeks earlier"]


_WORDS = ["in", "2004", "since", "2010", "from", "April", "to", "this", "month", "last", "Tuesday", "two", "weeks",
          "earlier", "between", "and", "the", "1990s", "11", "March", "—", "“", "”", "\ufeff", "Köln", ",", ".",
          "years", "ago", "15", "for", "by", "end", "of", "2026", "-", "people", "killed"]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=30).map(" ".join),
    st.integers(0, 20),
    st.sampled_from([None, BASE, dt.date.min, dt.date.max]),
)
def test_offsets_on_generated_text(text, cut, base):
    times(text, base, min(cut, len(text)))


@pytest.mark.parametrize("base", [dt.date.min, dt.date.max])
def test_article_dates_at_the_ends_of_the_calendar_do_not_break_resolution(base):
    text = ("yesterday, tomorrow, last Tuesday, next week, last year, next decade, two weeks earlier, in 15 years, "
            "within a decade, the past five years, since 2010, on 28 December, last May")
    found = times(text, base)
    assert len(found) == 13


# ---------------------------------------------------------------- rejected library's failures (dateparser)


def test_dateparser_failures_are_handled():
    both = times("The attacks of 11 March 2004 and March 11, 2004.")  # dateparser: nothing found
    assert [t.value for t in both] == ["2004-03-11", "2004-03-11"]
    year = only("The 2004 bombings")  # dateparser: "The 2004" -> 2004-03-14 (day and month from the base)
    assert (year.text, year.value, year.granularity) == ("2004", "2004", "year")
    separate = times("He has spoken since 2010 the 1990s.")  # dateparser: one date "2010 the 1990s"
    assert [t.text for t in separate] == ["since 2010", "1990s"]
    assert times("There were nine events in May.") == []  # dateparser: "in May" -> 2025-05-14


def test_fast_enough_per_sentence():
    sentences = [
        "The 2004 bombings in Madrid killed 191 and injured 1,800.",
        "Prices have risen from April 2014 to this month, two weeks earlier than in 2019.",
        "The plant will close in 15 years, by the end of 2026 or within a decade since last Tuesday.",
        "There is nothing about time in this rather long sentence about politics and the weather in Spain.",
    ] * 50
    started = time.perf_counter()
    for sentence in sentences:
        find_times(sentence, BASE)
    per_sentence = (time.perf_counter() - started) / len(sentences)
    assert per_sentence < 0.003, f"{per_sentence * 1000:.2f} ms per sentence"
