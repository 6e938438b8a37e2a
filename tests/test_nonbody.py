"""Non-body detection: appeals, bios, captions, boilerplate, on varied hand-written endings."""
import json
from collections import Counter

import numpy as np
import pytest

import presslens
from conftest import EXAMPLES, FIXTURES, ROOT
from presslens.lab.evaluation.nonbody import evaluate_nonbody

SHARED_DATA = ROOT.parent / "shared" / "data"

def _run(cases_path):
    scores = evaluate_nonbody(cases_path)
    return scores.gold, scores.predicted, scores.misses


@pytest.mark.parametrize("fixture", ["endings.json", "endings_dev2.json", "endings_dev3.json"])
def test_development_endings_are_fitted(fixture):
    """The sets the cue patterns were developed on and the classifier is fitted on (see README)."""
    assert len(json.loads((FIXTURES / fixture).read_text(encoding="utf-8"))) >= 20
    gold, predicted, misses = _run(FIXTURES / fixture)
    assert Counter(gold)["appeal"] >= 10 and Counter(gold)["bio"] >= 10
    assert len(misses) <= 0.02 * len(gold), misses
    assert not [m for m in misses if m[1] in ("appeal", "bio")], misses


def test_multi_line_appeals_and_bios_are_set_apart_whole():
    """Boxes over several lines in phrasings the cues were not written for (a lead-in that asks for nothing, a bio
    without "is a writer", a newsletter box split in two): every line takes the box's kind, the body stays."""
    gold, predicted, misses = _run(FIXTURES / "endings_multiline.json")
    assert not misses, misses
    assert Counter(gold)["appeal"] >= 7 and Counter(gold)["bio"] >= 4


@pytest.mark.parametrize("ending,kind", [
    (["Independent reporting has never mattered more.",
      "Your support keeps our reporters in the field. Give monthly and join 40,000 readers who fund our work."], "appeal"),
    pytest.param(["Priya Natarajan reported from Chennai for a decade before joining the paper's foreign desk.",
                  "Her first book, Salt and Steel, is out in March."], "bio",
                 marks=pytest.mark.xfail(strict=True, reason="known miss (README): a bio whose first line has no "
                                         "bio cue of its own; only its second line is set apart")),
    pytest.param(["Ines Duarte covered Brazilian politics for Reuters and the Financial Times.",
                  "Her book on the Amazon fires, Smoke Season, is out in May."], "bio",
                 marks=pytest.mark.xfail(strict=True, reason="known miss (README): the classifier gives a past-tense "
                                         "career line too little weight; only the book line is set apart")),
])
def test_a_box_over_two_lines_is_one_region_in_an_analysed_article(ending, kind):
    body = ["The port authority said on Thursday that container traffic had fallen for the third month running.",
            "Shipping companies blamed higher insurance costs and a slowdown in orders from Europe, officials said.",
            "A spokesman said the authority expected volumes to recover once the new berths open in the autumn."]
    text = "Port traffic falls again\n\n" + "\n\n".join(body + ending) + "\n"
    report = presslens.analyze(text, only="nlp").to_dict()
    regions = [r for r in report["regions"] if r["kind"] == kind]
    assert len(regions) == 1
    start = text.index(ending[0])
    assert (regions[0]["start"], regions[0]["end"]) == (start, text.index(ending[-1]) + len(ending[-1]))
    assert report["text"][regions[0]["start"]:regions[0]["end"]].endswith(ending[-1])
    # the body is intact: every body paragraph is still analysed
    sentences = " ".join(report["text"][s["start"]:s["end"]] for s in report["sentences"])
    assert all(paragraph in sentences for paragraph in body)
    assert ending[0] not in sentences


def test_held_out_endings_generalise():
    """Endings written independently of the detector (never tuned on): a bar, not perfection."""
    path = FIXTURES / "endings_heldout3.json"  # written by someone who never saw the detector
    gold, predicted, misses = _run(path)
    accuracy = sum(g == p for g, p in zip(gold, predicted)) / len(gold)
    false_non_body = sum(1 for g, p in zip(gold, predicted) if g == "body" and p != "body")
    print(f"held-out endings: {len(gold)} paragraphs, accuracy {accuracy:.3f}, body marked non-body: {false_non_body}")
    for miss in misses:
        print("  miss:", miss)
    assert accuracy >= 0.89   # the rules alone scored 0.893; the classifier must not fall below (README)
    assert false_non_body <= 0.05 * Counter(gold)["body"] + 1


@pytest.mark.parametrize(
    "name,appeal_start,bio_start",
    [
        ("opinion.txt", "Journalism like this takes time", "Miriam Okafor is a columnist"),
        ("report.txt", "Sign up for our morning briefing", "Tomasz Wren covers climate"),
        ("unseen_opinion.txt", "Support independent journalism", "Ravi Menon (@ravimenon)"),
        ("opinion.html", "Journalism like this takes time", "Miriam Okafor is a columnist"),
        ("report.html", "Sign up for our morning briefing", "Tomasz Wren covers climate"),
    ],
)
def test_examples_mark_appeal_and_bio_and_keep_them_out_of_the_body(name, appeal_start, bio_start):
    report = presslens.analyze(EXAMPLES / name).to_dict()
    text = report["text"]
    regions = {r["kind"]: text[r["start"] : r["end"]] for r in report["regions"]}
    assert regions["appeal"].startswith(appeal_start)
    assert regions["bio"].startswith(bio_start)
    sentences = [text[s["start"] : s["end"]] for s in report["sentences"]]
    assert not any(appeal_start in s or bio_start in s for s in sentences)
    # nothing is deleted: the appeal is still in the text, at its offsets
    assert appeal_start in text


def test_unseen_article_finds_people_places_organisations():
    report = presslens.analyze(EXAMPLES / "unseen_opinion.txt").to_dict()
    labels = {e["label"] for e in report["entities"]}
    assert {"PERSON", "GPE", "ORG"} <= labels
    people = {e["text"] for e in report["entities"] if e["label"] == "PERSON"}
    assert any("Ortega" in p or "Bell" in p for p in people)


def test_plain_text_header_gives_title_author_date():
    report = presslens.analyze(EXAMPLES / "opinion.txt").to_dict()
    assert report["source"]["authors"] == ["Miriam Okafor"]
    assert report["source"]["date"] == "2025-03-14"
    assert report["source"]["title"].startswith("They Want to Kill the Green Line")
    assert "byline" in {r["kind"] for r in report["regions"]}


def test_caption_is_marked():
    report = presslens.analyze(EXAMPLES / "report.txt").to_dict()
    captions = [report["text"][r["start"] : r["end"]] for r in report["regions"] if r["kind"] == "caption"]
    assert captions and captions[0].startswith("Photo:")


def test_the_shipped_classifier_reads_the_features_it_was_fitted_on():
    from presslens.structure.nonbody import NonBodyModel, classify_paragraphs, rule_kinds
    from presslens.structure.nonbody_features import FEATURE_NAMES, paragraph_features

    model = NonBodyModel.load()
    assert model is not None and model.feature_names == FEATURE_NAMES
    texts = ["A headline", "The mayor said the bridge would reopen in May.", "Subscribe to our newsletter today."]
    assert paragraph_features(texts).shape == (3, len(FEATURE_NAMES))
    probabilities = model.probabilities(paragraph_features(texts))
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert classify_paragraphs(texts)[2] == "appeal" and classify_paragraphs(texts)[1] is None
    assert rule_kinds(texts) == classify_paragraphs(texts, model=False)


@pytest.mark.skipif(not (SHARED_DATA / "semeval2025t10_en").is_dir(), reason="needs ../shared/data")
def test_real_endings_labels_point_at_paragraphs_and_parts_split_by_outlet():
    from presslens.lab.evaluation.real_endings import read_real_endings

    articles = read_real_endings(SHARED_DATA)
    labelled = sum(len(a.kinds) for a in articles)
    assert labelled >= 600
    outlets = {}
    for article in articles:
        outlets.setdefault(article.outlet, set()).add(article.part)
        for index in article.kinds:
            p = article.paragraphs[index]
            assert article.text[p.start:p.end].strip() == article.text[p.start:p.end] != ""
    assert all(len(parts) == 1 for parts in outlets.values())   # no outlet on both sides
    assert {part for parts in outlets.values() for part in parts} == {"train", "heldout"}


def test_a_headline_and_a_subheading_are_never_set_apart_by_their_form():
    from presslens.structure.nonbody import classify_paragraphs

    story = ["Council approves new bike lanes",
             "The council voted 7-2 on Tuesday to build 12 km of new bike lanes across the city centre.",
             "What happens next",
             "Work starts in March and should take two years, the council's transport officer said.",
             "Opponents said the lanes would slow buses on the ring road and promised to appeal."]
    assert classify_paragraphs(story) == [None] * len(story)
    assert classify_paragraphs(["Quarterly results", "Revenue rose to $4.1bn.", "Shares fell 2% in early trading."]) \
        == [None, None, None]


def test_the_story_paragraph_after_a_sign_up_box_is_not_one_of_its_lines():
    from presslens.structure.nonbody import classify_paragraphs

    texts = ["Port traffic falls again",
             "The port authority said on Thursday that container traffic had fallen for the third month running.",
             "Get our morning briefing in your inbox. Sign up free today.",
             "Email *",
             "Shipping companies blamed higher insurance costs and a slowdown in orders from Europe, and the "
             "authority said it expected volumes to recover once the new berths open in the autumn.",
             "The authority will publish its next figures on 4 March."]
    kinds = classify_paragraphs(texts)
    assert kinds[2:4] == ["appeal", "appeal"]
    assert kinds[4] is None and kinds[5] is None


@pytest.mark.parametrize("line,authors", [
    ("By Jane Doe, Political Editor", ["Jane Doe"]),
    ("by Mac Slavo, SHTF Plan:", ["Mac Slavo"]),
    ("Authored by Andrew Korybko via Substack,", ["Andrew Korybko"]),
    ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
])
def test_bylines_as_real_sites_write_them(line, authors):
    text = f"Ukraine talks resume\n\n{line}\n\nTalks between the two delegations resumed in Geneva on Monday, " \
           "officials said, after a week-long pause.\n"
    report = presslens.analyze(text, only="nlp").to_dict()
    assert report["source"]["authors"] == authors
    bylines = [r for r in report["regions"] if r["kind"] == "byline"]
    assert [report["text"][r["start"]:r["end"]] for r in bylines] == [line]


def test_a_headline_ending_with_a_full_stop_is_the_title():
    text = ("Max Factor can't claim credit for Marilyn Monroe.\n\nMax Factor has appointed Marilyn Monroe as its new "
            "global ambassador, leaving some people bemused at the idea of an ambassador who died in 1962.\n")
    assert presslens.analyze(text, only="nlp").document.meta.title == "Max Factor can't claim credit for Marilyn Monroe."


def test_paragraph_features_read_their_neighbours_columns():
    from presslens.structure.nonbody_features import _KINDS, _NEIGHBOUR, FEATURE_NAMES, paragraph_features

    texts = ["A headline", "The mayor said the bridge would reopen in May.", "Photo: Reuters",
             "Subscribe to our newsletter today.", "Sign up now for our daily briefing: it's free.", "Share this"]
    x = paragraph_features(texts)
    column = {name: i for i, name in enumerate(FEATURE_NAMES)}
    for i in range(len(texts)):
        for name in _NEIGHBOUR:
            assert x[i, column[f"prev:{name}"]] == (x[i - 1, column[name]] if i else 0.0)
            assert x[i, column[f"next:{name}"]] == (x[i + 1, column[name]] if i + 1 < len(texts) else 0.0)
        for kind in _KINDS:
            nearby = [x[j, column[f"rule:{kind}"]] for j in range(max(0, i - 2), min(len(texts), i + 3)) if j != i]
            assert x[i, column[f"run2:{kind}"]] == max(nearby)
    assert x[0, column["prev:missing"]] == 1.0 and x[-1, column["next:missing"]] == 1.0
    assert x[:, column["prev:missing"]].sum() == 1.0 and x[:, column["next:missing"]].sum() == 1.0
    assert paragraph_features([]).shape == (0, len(FEATURE_NAMES))
    one = paragraph_features(["Only one line"])
    assert one[0, column[f"run2:{_KINDS[0]}"]] == 0.0


def test_the_cue_table_is_data_and_a_malformed_one_is_refused(tmp_path):
    from presslens.structure import nonbody
    from presslens.structure.nonbody_features import FEATURE_NAMES

    cues = nonbody.read_cues()
    assert tuple(cues) == nonbody.CUE_GROUPS
    assert all("<NAME>" not in p and "<ROLE>" not in p for ps in cues.values() for p in ps)
    assert sum(name.startswith("cue:") for name in FEATURE_NAMES) == sum(len(ps) for ps in cues.values())
    stray = tmp_path / "stray.txt"
    stray.write_text("# a comment\n\\bsubscribe\\b\n[appeal]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="stray.txt:2: a pattern before"):
        nonbody.read_cues(stray)
    missing = tmp_path / "missing.txt"
    missing.write_text("[appeal]\n\\bsubscribe\\b\n", encoding="utf-8")
    with pytest.raises(ValueError, match="groups"):
        nonbody.read_cues(missing)


def test_channel_feedback_and_related_lines_are_furniture_and_the_story_is_not():
    """Phrasings written for this test, of furniture real outlets print: a channel plug, a share prompt, a
    tips box, a "(Related: …)" line, an editing note, a wire photo's caption; the story keeps every paragraph."""
    from presslens.structure.nonbody import classify_paragraphs

    story = ["Ferry strike halts island crossings",
             "Crew members walked out on Monday morning, leaving about 4,000 passengers without a crossing.",
             "Passengers queue at the harbour in Oban, Scotland, March 3, 2025.",
             "The union said the strike would last 48 hours unless managers reopened talks on rotas.",
             "(Related: Island hauliers warn of empty shelves as ferry breakdowns pile up)",
             "The operator said it had offered a 4 % rise and called the walkout premature.",
             "A ministers' spokesman said both sides should return to the table, according to a Reuters/Ipsos poll "
             "published on Sunday most islanders back the crews.",
             "This interview has been edited for length and clarity.",
             "Follow us on Telegram and WhatsApp for the latest updates from the islands",
             "Have a story for our news desk? We pay for your pictures and videos!",
             "Latest videos"]
    kinds = classify_paragraphs(story)
    body = [0, 1, 3, 5, 6]
    assert [kinds[i] for i in body] == [None] * len(body)
    assert kinds[2] == "caption"
    assert all(kinds[i] for i in (4, 7, 8, 9, 10)), kinds


def test_a_headline_is_never_set_apart_even_when_a_cue_rule_matches_it():
    from presslens.structure.nonbody import classify_paragraphs

    letters = ["Letters to the Editor: The new bus lanes are working",
               "To the editor: My commute from Millbrook has fallen from 40 minutes to 25 since the lanes opened.",
               "The council should extend them to the ring road before the winter.",
               "Jane Roe, Millbrook"]
    assert classify_paragraphs(letters)[0] is None


EMBED_ARTICLE = """Strikes spread as pension vote nears

Unions said on Tuesday that more than a million people had marched in Paris against raising the pension age to 64, the largest turnout since 2010.

Protesters blocked three refineries and the Gare de Lyon for most of the morning, the interior ministry said in a statement.

We will not accept a retirement age of 64. Not now, not ever. The government has lied about the deficit! #greve pic.twitter.com/AbC123xyz

— Jean Martin (@jmartin) January 19, 2023

https://www.example.com/live/pensions-strike

The bill goes to the Senate next week, where the government needs 20 more votes to pass it.

Unions said on Tuesday that more than a million people had marched in Paris against raising the pension age to 64, the largest turnout since 2010.
"""


@pytest.mark.parametrize("signature", [
    "— Jean Martin (@jmartin) January 19, 2023",
    "— Jean Martin (@jmartin) Jan 19, 2023",
    "A post shared by Jean Martin (@jmartin) on Jan 19, 2023 at 10:12am PST",
])
def test_an_embedded_post_is_set_apart_whole_with_its_signature(signature):
    from presslens.structure.embeds import furniture_kinds

    texts = ["Headline of the story", "The union said turnout was the highest since 2010, police said.",
             "We will not accept a retirement age of 64. Not now, not ever.", signature,
             "The bill goes to the Senate next week."]
    assert furniture_kinds(texts) == [None, None, "embed", "embed", None]


def test_link_lines_teasers_and_repeated_headlines_by_the_rules():
    from presslens.structure.embeds import furniture_kinds

    story = "The council approved the new tram line on Monday after a vote of 31 to 12, the mayor said."
    # the later copy is the repeat (the text is read once, where it first stands), as annotators call it
    assert furniture_kinds(["Title", story, "More text about the tram.", story]) == [None, None, None, "teaser"]
    assert furniture_kinds(["Tram line approved", "Tram line approved", story]) == [None, None, None]   # short
    headline = "Council approves the new tram line after a long night of debate in the chamber"
    assert furniture_kinds([headline, story, headline]) == [None, None, "teaser"]   # the headline again, further down
    assert furniture_kinds([story, "https://t.co/xYz123", "www.example.org/page"]) == [None, "embed", "boilerplate"]
    # a body paragraph that cites a post's address in a long sentence stays body
    long = ("In a post that has since been deleted, twitter.com/someone/status/123456 , the minister said the figures "
            "were wrong and that the ministry would publish the real ones on Friday after the cabinet meeting.")
    assert furniture_kinds([story, long]) == [None, None]
    # a post's signature without its date, alone on its line, and the post's text just before it
    post = "Melania and I send our thoughts and prayers to the senator and his entire family."
    assert furniture_kinds([story, post, "President Trump (@POTUS)", story + " More."]) == [None, "embed", "embed", None]


def test_a_post_that_ends_in_its_signature_is_one_embed_not_a_story_with_a_glued_signature():
    text = ("Minister quits\n\nThe minister resigned on Tuesday after a memo about the rail tender was leaked, the "
            "government said in a statement.\n\nLatest: the sheriff still does not know why he stopped. A theory "
            "looks plausible https://t.co/CQF3MZLHaN — Mr Alex (@New_England_) October 10, 2017\n\nHer deputy will "
            "take over the ministry until a successor is named, officials said on Wednesday evening.\n")
    report = presslens.analyze(text, only="nlp").to_dict()
    embeds = [(r["start"], r["end"]) for r in report["regions"] if r["kind"] == "embed"]
    start = text.index("Latest:")
    assert embeds == [(start, text.index("2017") + 4)]


def test_no_claim_or_technique_comes_from_an_embed_or_a_teaser():
    report = presslens.analyze(EMBED_ARTICLE, only="claims,techniques").to_dict()
    kinds = {r["kind"] for r in report["regions"]}
    assert {"embed", "teaser"} <= kinds
    regions = [(r["start"], r["end"]) for r in report["regions"]]
    inside = lambda s: any(a <= s["start"] and s["end"] <= b for a, b in regions)  # noqa: E731
    assert not any(inside(c) for c in report["claims"])
    assert not any(inside(t) for t in report["techniques"])
    claims = [c["text"] for c in report["claims"]]
    assert sum("more than a million people" in c for c in claims) <= 1    # the duplicated paragraph is listed once
    embed = next(r for r in report["regions"] if r["kind"] == "embed")
    assert "We will not accept" in report["text"][embed["start"]:embed["end"]]
    assert "@jmartin" in report["text"][embed["start"]:embed["end"]]   # one region: the post and its signature


def test_a_crosshead_is_marked_heading_and_carries_no_finding():
    from presslens.structure.nonbody import paragraph_kinds

    story = ("The bill goes to the Senate next week, where the government needs 20 more votes to pass it and the unions "
             "have promised more strikes.")
    texts = ["Strikes spread as pension vote nears", story, "What happens next", story + " More to come.", "Read more"]
    kinds = paragraph_kinds(texts)
    assert kinds[2] == "heading" and kinds[0] is None and kinds[1] is None
    # a short line followed by another short line, or ending the text, is no crosshead
    assert paragraph_kinds(["Title", story, "A short line", "Another"])[2] != "heading"
    article = ("Council votes on tram line\n\n" + story + "\n\nA Disastrous Corrupt Scheme\n\n" + story.replace(
        "Senate", "council") + "\n")
    report = presslens.analyze(article, only="claims,techniques").to_dict()
    heading = [r for r in report["regions"] if r["kind"] == "heading"]
    assert heading and report["text"][heading[0]["start"]:heading[0]["end"]] == "A Disastrous Corrupt Scheme"
    inside = lambda s: heading[0]["start"] <= s["start"] < heading[0]["end"]  # noqa: E731
    assert not any(inside(t) for t in report["techniques"]) and not any(inside(c) for c in report["claims"])
    html = presslens.analyze(article, only="techniques").render("html")
    assert 'class="region heading"' in html and "A Disastrous Corrupt Scheme" in html
