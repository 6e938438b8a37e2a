"""Fact-check records: ClaimReview JSON-LD as publishers print it, CheckThat! archive rows, the bundled archive."""
import json

from conftest import EXAMPLES
from presslens.errors import InvalidRecord
from presslens.factchecks.records import (
    FactCheck,
    fact_check_from_checkthat,
    fact_checks_from_json,
    fact_checks_from_record,
    fact_checks_in_html,
    is_fact_check_record,
    read_fact_check_json,
    read_fact_check_lines,
)

# A fact-check article page as a WordPress site prints it: a NewsArticle block, the ClaimReview (with an
# HTML entity and a line break in its strings), and a block broken by a template (trailing comma).
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Did Lehman Brothers go bankrupt in 2009? - Example Fact Desk</title>
  <script type="application/ld+json">
  {"@context": "https://schema.org", "@type": "NewsArticle",
   "headline": "Did Lehman Brothers go bankrupt in 2009?",
   "datePublished": "2018-09-14T08:30:00+02:00",
   "author": {"@type": "Person", "name": "Jo Reporter"}}
  </script>
  <script type="APPLICATION/LD+JSON; charset=utf-8">
  {"@context": "https://schema.org", "@type": "ClaimReview",
   "url": "https://factcheck.example/2018/09/lehman",
   "claimReviewed": "Lehman Brothers filed for bankruptcy in September 2009, say &quot;experts&quot;",
   "name": "Lehman Brothers went bankrupt in 2008,
 not 2009",
   "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": "1", "bestRating": "5", "worstRating": "1"},
   "author": {"@type": "Organization", "name": "Example Fact Desk"},
   "datePublished": "2018-09-14T08:30:00+02:00",
   "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Alex Example"}}}
  </script>
  <script type="application/ld+json">
  {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [],}
  </script>
  <script type="text/javascript">var claimReviewed = {"not": "json-ld"};</script>
</head>
<body><article><h1>Did Lehman Brothers go bankrupt in 2009?</h1><p>No: it filed on 15 September 2008.</p></article></body>
</html>
"""


def review(**fields) -> dict:
    """A ClaimReview object with the fields a test cares about."""
    return {"@context": "https://schema.org", "@type": "ClaimReview", **fields}


def checks(items) -> list[FactCheck]:
    return [item for item in items if isinstance(item, FactCheck)]


def errors(items) -> list[InvalidRecord]:
    return [item for item in items if not isinstance(item, FactCheck)]


def test_claim_review_in_a_page_beside_other_blocks_and_a_broken_one():
    found = fact_checks_in_html(PAGE, "lehman.html")
    assert len(found) == 2
    check, error = found
    assert isinstance(check, FactCheck)
    assert check.claim == 'Lehman Brothers filed for bankruptcy in September 2009, say "experts"'
    assert check.rating == "False" and check.reviewer == "Example Fact Desk" and check.speaker == "Alex Example"
    assert check.date == "2018-09-14" and check.title == "Lehman Brothers went bankrupt in 2008, not 2009"
    assert check.id == check.url == "https://factcheck.example/2018/09/lehman"
    assert check.origin == "lehman.html" and check.problem is None
    assert isinstance(error, InvalidRecord) and error.source == "lehman.html"
    assert error.reason.startswith("ld+json block 3 is not JSON: ") and "\n" not in str(error)
    without_review = fact_checks_in_html(PAGE.replace("ClaimReview", "WebPage").replace("claimReviewed", "about"), "x.html")
    assert [str(e) for e in without_review] == ["x.html: " + error.reason]
    assert fact_checks_in_html("<html><body><p>No structured data.</p></body></html>", "plain.html") == []
    assert fact_checks_in_html("", "empty.html") == []


def test_an_array_of_two_reviews_textual_and_numeric_ratings():
    text = json.dumps([
        review(claimReviewed="The euro notes and coins were introduced in 2001.", url="https://factcheck.example/euro",
               reviewRating={"@type": "Rating", "alternateName": "False"}, author={"@type": "Organization", "name": "Demo Check"},
               datePublished="2021-03-04T10:00:00+00:00"),
        review(claimReviewed="  The Channel Tunnel\u00a0opened in\n1994. ", url="https://factcheck.example/channel",
               reviewRating={"@type": "Rating", "ratingValue": 1, "bestRating": 5, "worstRating": 1},
               author="Demo Check", datePublished="2019-05-06"),
    ])
    euro, channel = read_fact_check_json(text, "archive.json")
    assert euro.rating == "False" and euro.date == "2021-03-04" and euro.reviewer == "Demo Check"
    assert channel.claim == "The Channel Tunnel opened in 1994." and channel.rating == "1 on 1–5"
    assert channel.reviewer == "Demo Check" and channel.problem is None
    assert [c.origin for c in (euro, channel)] == ["archive.json", "archive.json"]


def test_json_ld_graph_nested_main_entity_and_type_lists():
    document = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "@id": "https://factcheck.example/moon#page", "name": "Moon landing"},
            {"@type": ["ClaimReview", "Review"], "@id": "https://factcheck.example/moon#review",
             "claimReviewed": "Humans landed on the Moon on 20 July 1969.",
             "reviewRating": {"@type": "Rating", "alternateName": "True"},
             "publisher": {"@type": "Organization", "name": "Sample Verify Team"}, "datePublished": "2019-07-20"},
            {"@type": "BreadcrumbList", "itemListElement": [{"@type": "ListItem", "position": 1}]},
        ],
    }
    assert is_fact_check_record(document)
    (moon,) = fact_checks_from_json(document, "moon.json")
    assert moon.id == moon.url == "https://factcheck.example/moon#review"
    assert moon.reviewer == "Sample Verify Team" and moon.rating == "True" and moon.date == "2019-07-20"
    page = {"@type": "WebPage", "mainEntity": review(claimReviewed="The Berlin Wall was opened on 9 November 1989.")}
    assert [c.claim for c in fact_checks_from_json([page], "wall.json")] == ["The Berlin Wall was opened on 9 November 1989."]
    assert fact_checks_from_json({"@type": "NewsArticle", "headline": "Not a review"}, "news.json") == []


def test_authors_as_list_and_string_publisher_fallback_and_dates():
    listed = review(claimReviewed="The Gotthard Base Tunnel is the world's longest railway tunnel.",
                    author=[{"@type": "Organization", "name": "Demo Check"}, {"@type": "Person", "name": "Sam Checker"}],
                    publisher={"@type": "Organization", "name": "Ignored Publisher"}, datePublished="June 2, 2016")
    plain = review(claimReviewed="The 2004 Madrid train bombings killed 191 people.", author="Example Fact Desk",
                   datePublished="2019-03-11T23:30:00-05:00")
    nobody = review(claimReviewed="Twelve countries adopted euro cash at once.", publisher={"name": "Demo Check"},
                    datePublished="11/03/2019")
    gotthard, madrid, euro = fact_checks_from_json([listed, plain, nobody], "authors.json")
    assert gotthard.reviewer == "Demo Check, Sam Checker" and gotthard.date == "2016-06-02"
    assert madrid.reviewer == "Example Fact Desk" and madrid.date == "2019-03-11"  # the publisher's own calendar day
    assert euro.reviewer == "Demo Check" and euro.date == "11/03/2019"  # day/month order unknown: kept as given
    assert euro.problem == "date '11/03/2019' could not be read: kept as given"
    assert madrid.id.startswith("claimreview:") and len(madrid.id) == len("claimreview:") + 12


def test_a_review_without_claim_is_an_error_and_the_others_are_kept():
    found = fact_checks_from_json([
        review(claimReviewed="Notre-Dame reopened in December 2024.", url="https://factcheck.example/notre-dame"),
        review(claimReviewed="   ", url="https://factcheck.example/empty", reviewRating={"alternateName": "False"}),
        review(claimReviewed="Nobody was killed in the Notre-Dame fire.", url="https://factcheck.example/fire"),
    ], "mixed.json")
    assert [c.url for c in checks(found)] == ["https://factcheck.example/notre-dame", "https://factcheck.example/fire"]
    (error,) = errors(found)
    assert error.reason == "a ClaimReview without claimReviewed (url https://factcheck.example/empty)"
    assert str(error) == "mixed.json: a ClaimReview without claimReviewed (url https://factcheck.example/empty)"


def test_a_rating_on_an_unknown_scale_is_kept_without_a_rating():
    scaleless = review(claimReviewed="The Elizabeth line opened in 2022.", reviewRating={"@type": "Rating", "ratingValue": 3})
    unrated = review(claimReviewed="The Elizabeth line is named after Queen Elizabeth II.")
    best_only = review(claimReviewed="The Berlin Wall fell in 1989.", reviewRating={"ratingValue": "4", "bestRating": "4"})
    scaleless, unrated, best_only = fact_checks_from_json([scaleless, unrated, best_only], "ratings.json")
    assert scaleless.rating is None
    assert scaleless.problem == ("rating 3 is on an unknown scale (no alternateName, bestRating or worstRating): "
                                 "kept without a rating")
    assert unrated.rating is None and unrated.problem is None
    assert best_only.rating == "4 on 1–4"  # schema.org: an omitted worstRating is 1


def test_json_lines_with_a_broken_line_in_the_middle():
    lines = [
        json.dumps(review(claimReviewed="The 2004 Madrid train bombings killed 191 people.", author="Demo Check")),
        "",
        '{"@type": "ClaimReview", "claimReviewed": "Lehman Brothers collapsed in 2009"',
        json.dumps({"@type": "NewsArticle", "headline": "Not a fact-check"}),
        json.dumps({"vclaim_id": "vclaim-sno-x", "vclaim": "A video shows a 10-meter-long anaconda in Brazil.",
                    "date": "6 March 2021"}).encode("utf-8"),
    ]
    found = list(read_fact_check_lines(lines, "archive.jsonl"))
    assert [type(item).__name__ for item in found] == ["FactCheck", "InvalidRecord", "InvalidRecord", "FactCheck"]
    madrid, broken, other, anaconda = found
    assert madrid.origin == "archive.jsonl:1" and anaconda.origin == "archive.jsonl:5"
    assert broken.source == "archive.jsonl" and broken.reason.startswith("line 3: not JSON (")
    assert other.reason == "line 4: not a fact-check record (no claimReviewed or vclaim)"
    assert anaconda.reviewer == "Snopes" and anaconda.date == "2021-03-06"
    assert list(read_fact_check_lines(["\ufeff" + lines[0] + "\n"], "bom.jsonl"))[0].claim == madrid.claim
    (not_json,) = read_fact_check_json("\n".join(lines[:1] * 2), "archive.json")
    assert isinstance(not_json, InvalidRecord) and not_json.reason.startswith("not JSON (Extra data")


# Rows as they are in the CheckThat! 2022 Task 2 archives (2B: PolitiFact, 2A: Snopes).
POLITIFACT_ROW = {
    "vclaim_id": "vclaim-pol-00000",
    "vclaim": "Schuyler VanValkenburg co-sponsored a bill that would have \"allowed abortion until the moment of birth.\"",
    "title": "Vandergriff inaccurately describes bill that would have eased late-term abortion laws",
    "truth_label": "false", "speaker": "GayDonna Vandergriff",
    "date": "stated on October 22, 2019 in a campaign mailer.:",
    "url": "/factchecks/2019/oct/30/gaydonna-vandergriff/vandergriff-inaccurately-describes-bill-would-have/",
}
SNOPES_ROW = {
    "vclaim_id": "vclaim-sno-1-mcdonald39s-any-size-fries",
    "vclaim": "McDonald’s restaurants are offering $1 Any Size Fries between May 18 and 31.",
    "title": "$1 McDonald's Any Size Fries",
    "subtitle": "Rumor: McDonald's restaurants are offering $1 Any Size Fries between May 18 and 31.",
    "date": "26 May 2015", "url": "",
}
SNOPES_WITH_URL = {
    "vclaim_id": "vclaim-sno-15-homeless-dead-in-chicago",
    "vclaim": "Fifteen homeless people in Chicago were found dead on the street because of record-low temperatures "
              "that hit the city in late January 2019.",
    "title": "Were 15 Homeless People Found Frozen to Death in Chicago?", "subtitle": "", "date": "21February 2009",
    "url": "https://www.snopes.com/fact-check/15-homeless-dead-in-chicago/",
}


def test_checkthat_rows_from_both_archives():
    pol = fact_check_from_checkthat(POLITIFACT_ROW, "vclaims.jsonl.gz:1")
    assert pol.id == "vclaim-pol-00000" and pol.reviewer == "PolitiFact" and pol.rating == "false"
    assert pol.url == ("https://www.politifact.com/factchecks/2019/oct/30/gaydonna-vandergriff/"
                       "vandergriff-inaccurately-describes-bill-would-have/")
    assert pol.date == "2019-10-22" and pol.speaker == "GayDonna Vandergriff" and pol.problem is None
    assert pol.title == POLITIFACT_ROW["title"] and pol.claim == POLITIFACT_ROW["vclaim"]
    sno = fact_check_from_checkthat(SNOPES_ROW, "vclaims.jsonl.gz:1")
    assert sno.reviewer == "Snopes" and sno.date == "2015-05-26" and sno.url is None and sno.rating is None
    assert sno.summary.startswith("Rumor: ") and sno.speaker is None
    chicago = fact_check_from_checkthat(SNOPES_WITH_URL, "t2a")
    assert chicago.url == SNOPES_WITH_URL["url"] and chicago.summary is None and chicago.date == "2009-02-21"
    # Cut-off claims of the Snopes archive are kept, with a note that they cannot be matched on their own.
    cut = fact_check_from_checkthat({**SNOPES_ROW, "vclaim": "The"}, "t2a")
    assert cut.problem == "claim 'The' has 1 word: too short to match on its own"
    missing = fact_check_from_checkthat({**SNOPES_ROW, "vclaim": ""}, "t2a:7")
    assert isinstance(missing, InvalidRecord)
    assert str(missing) == "t2a:7: a CheckThat row without vclaim (vclaim_id vclaim-sno-1-mcdonald39s-any-size-fries)"
    other = fact_check_from_checkthat({"vclaim_id": "vclaim-xyz-1", "vclaim": "Some claim with no archive.", "url": "/a"}, "x")
    assert other.reviewer is None and other.url == "/a"
    assert [c.id for c in fact_checks_from_record([POLITIFACT_ROW, SNOPES_ROW], "rows")] == [
        "vclaim-pol-00000", "vclaim-sno-1-mcdonald39s-any-size-fries"]


def test_is_fact_check_record():
    assert is_fact_check_record(review(claimReviewed="x y z"))
    assert is_fact_check_record({"claimReviewed": "no @type at all"})
    assert is_fact_check_record({"@type": "ClaimReview"})  # a review without a claim is still one (and an error)
    assert is_fact_check_record({"@context": "https://schema.org", "@graph": [{"@type": "schema:ClaimReview"}]})
    assert is_fact_check_record(POLITIFACT_ROW) and is_fact_check_record(SNOPES_ROW)
    assert not is_fact_check_record({"@type": "NewsArticle", "headline": "x"})
    assert not is_fact_check_record({"text": "an article record"})
    assert not is_fact_check_record([review(claimReviewed="a list is not a record")])
    assert not is_fact_check_record("ClaimReview")


def test_ids_are_stable_across_reads_and_unique_within_one_page():
    record = review(claimReviewed="Euro notes and coins went into circulation on 1 January 2001.",
                    author={"name": "Demo Check"}, datePublished="2021-03-04")
    first = fact_checks_from_json(record, "a.json")[0].id
    again = fact_checks_from_json(json.loads(json.dumps(record)), "b.json")[0].id
    assert first == again and first.startswith("claimreview:")
    assert fact_checks_from_json({**record, "datePublished": "2021-03-05"}, "c.json")[0].id != first
    # One article reviewing two claims under one URL: both kept, with distinct ids, the same on every read.
    url = "https://factcheck.example/2019/two-claims"
    page = [review(claimReviewed="The Channel Tunnel opened in 1994.", url=url),
            review(claimReviewed="The Channel Tunnel is 80 kilometres under the sea.", url=url),
            review(claimReviewed="The Channel Tunnel opened in 1994.", url=url)]  # printed twice by the page
    ids = [c.id for c in fact_checks_from_json(page, "p.json")]
    assert len(ids) == 2 and ids[0] == url and ids[1].startswith(url + "#")
    assert ids == [c.id for c in fact_checks_from_json(page, "p.json")]


def test_the_bundled_archive_reads_without_errors():
    path = EXAMPLES / "fact_checks.jsonl"
    with path.open("rb") as handle:
        found = list(read_fact_check_lines(handle, str(path)))
    assert len(found) == 10 and not errors(found)
    assert all(c.url.startswith("https://factcheck.example/") and c.id == c.url for c in found)
    assert all(c.rating and c.reviewer and c.date and c.speaker and c.title and c.problem is None for c in found)
    by_claim = {c.claim: c for c in found}
    assert by_claim["Lehman Brothers filed for bankruptcy in September 2009."].rating == "False"
    assert by_claim["The 2004 Madrid train bombings killed 191 people."].rating == "True"
    assert by_claim["Euro notes and coins went into circulation on 1 January 2001."].date == "2021-03-04"
    assert found[0].origin == f"{path}:1"
