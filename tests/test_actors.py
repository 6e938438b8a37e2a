"""Actors: alias merging, offsets of every mention and attached span, the role head, the SemEval-2025 scorer and CLI."""
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import presslens
from presslens import analyzers
from presslens.actors.aliases import bare_name, find_actors
from presslens.document import Span
from presslens.lab.evaluation.entity_framing import (Mention, RoleLabel, format_line, label_id, per_role, read_labels,
                                                 read_mentions, score, task_label, write_predictions)
from presslens.lab.evaluation.entity_framing import ALL_FINE_ROLES, MAIN_ROLES
from presslens.errors import InvalidRecord
from presslens.report import report_schema

EXAMPLES = Path(presslens.__file__).parent / "examples"


def actors_of(text: str, entities: list[tuple[str, str]], headline: Span | None = None):
    """find_actors over hand-placed entities: each (fragment, label) at its next occurrence in the text."""
    spans, position = [], 0
    for fragment, label in entities:
        start = text.index(fragment, position)
        spans.append(Span(start, start + len(fragment), label))
        position = start + len(fragment)
    return find_actors(text, spans, [Span(0, len(text))], headline)


def names(actors):
    return {a.name: [m for m in a.mentions] for a in actors}


# -- alias merging (hand-placed entities: the rules alone) -------------------------------------------------------

def test_titles_and_possessives_do_not_make_a_new_actor():
    text = "French President Emmanuel Macron arrived. Macron’s aides smiled. Macron's plan, Mr Macron said, works."
    actors = actors_of(text, [("French President Emmanuel Macron", "PERSON"), ("Macron’s", "PERSON"),
                              ("Macron's", "PERSON"), ("Mr Macron", "PERSON")])
    assert [a.name for a in actors] == ["Emmanuel Macron"]
    assert [text[m.start:m.end] for m in actors[0].mentions] == [
        "French President Emmanuel Macron", "Macron", "Macron", "Mr Macron"]


def test_country_aliases_are_one_actor():
    text = "The U.K. said no. Britain and the United Kingdom's allies, and America, disagreed with the US."
    actors = actors_of(text, [("U.K.", "GPE"), ("Britain", "GPE"), ("the United Kingdom", "GPE"),
                              ("America", "GPE"), ("US", "GPE")])
    found = names(actors)
    assert set(found) == {"United Kingdom", "United States"}
    assert [text[m.start:m.end] for m in found["United Kingdom"]] == ["U.K.", "Britain", "the United Kingdom"]
    assert len(found["United States"]) == 2


def test_nicknames_products_and_regions_are_not_actors():
    text = "In the Big Apple, iPhones sold out while shelling hit Donbas and Crimea; Kyiv protested."
    actors = actors_of(text, [("the Big Apple", "ORG"), ("iPhones", "ORG"), ("Donbas", "PERSON"),
                              ("Crimea", "GPE"), ("Kyiv", "PERSON")])
    assert [(a.name, a.type) for a in actors] == [("Kyiv", "GPE")]


def test_places_and_structures_are_not_actors_and_peoples_are_groups():
    text = "The Green Line reaches Ashford Vale; Copenhagen and the Danes built theirs. Downing Street said no."
    actors = actors_of(text, [("The Green Line", "GPE"), ("Ashford Vale", "PERSON"), ("Copenhagen", "ORG"),
                              ("the Danes", "ORG"), ("Downing Street", "ORG")])
    assert {(a.name, a.type) for a in actors} == {("Copenhagen", "GPE"), ("Danes", "NORP"), ("Downing Street", "ORG")}


def test_a_list_of_names_is_not_a_name_and_its_short_form():
    text = "Deals with Hyundai, LG and Foxconn; the World Health Organization (WHO) agreed."
    actors = actors_of(text, [("Hyundai", "ORG"), ("LG", "GPE"), ("Foxconn", "GPE"),
                              ("the World Health Organization", "ORG"), ("WHO", "ORG")])
    found = names(actors)
    assert {"Hyundai", "LG", "Foxconn", "World Health Organization"} <= set(found)
    assert [text[m.start:m.end] for m in found["World Health Organization"]] == ["the World Health Organization", "WHO"]
    assert len(found["Hyundai"]) == 1 and len(found["LG"]) == 1


def test_headline_names_count_only_when_the_text_below_names_them():
    text = "Climate Hypocrisy Exposed: NATO Ignored Its Security Demands, Says Putin\n\nVladimir Putin said NATO had failed."
    headline = Span(0, text.index("\n"))
    actors = actors_of(text, [("Climate Hypocrisy Exposed", "PERSON"), ("NATO Ignored Its Security Demands", "ORG"),
                              ("Putin", "PERSON"), ("Vladimir Putin", "PERSON"), ("NATO", "ORG")], headline)
    found = names(actors)
    assert set(found) == {"Vladimir Putin", "NATO"}
    assert [text[m.start:m.end] for m in found["Vladimir Putin"]] == ["Putin", "Vladimir Putin"]
    # without a headline every entity counts
    assert "Climate Hypocrisy Exposed" in names(actors_of(text, [("Climate Hypocrisy Exposed", "PERSON")]))


@pytest.mark.parametrize("line, entity, kept", [
    ("ISLAMABAD, May 25 (Xinhua) -- Pakistani Prime Minister Shehbaz Sharif said on Thursday.", "ISLAMABAD", None),
    ("LAHORE - Punjab Information Minister Azma Bukhari has said so.", "LAHORE - Punjab Information", "Punjab Information"),
    ("KYIV, Ukraine (AP) — Shelling resumed.", "Ukraine", None),
    ("CHRIS MATTHEWS: I think the senator is wrong.", "CHRIS MATTHEWS", "CHRIS MATTHEWS"),
    ("Officials in Islamabad - the capital - said no.", "Islamabad", "Islamabad"),
])
def test_a_datelines_place_is_not_an_actor(line, entity, kept):
    label = "PERSON" if "MATTHEWS" in entity else "GPE"
    actors = actors_of(line, [(entity, label)])
    assert [line[m.start:m.end] for a in actors for m in a.mentions][:1] == ([kept] if kept else [])


def test_nationality_words_labelled_as_countries_are_adjectives_or_groups():
    text = "The Ukrainian said Ukrainian grain and Ukrainian troops moved; Iran and Pakistan watched."
    actors = actors_of(text, [("Ukrainian", "GPE"), ("Ukrainian", "GPE"), ("Ukrainian", "ORG"), ("Iran", "GPE"),
                              ("Pakistan", "GPE")])
    assert {a.name for a in actors} == {"Ukrainian troops", "Iran", "Pakistan"}


def test_lower_case_entities_and_role_words_are_not_names():
    text = "The intel chiefs met Trump lawyer Tim Parlatore in the capital Kyiv; Kherson was shelled."
    actors = actors_of(text, [("intel", "ORG"), ("Trump", "PERSON"), ("lawyer Tim Parlatore", "PERSON"),
                              ("capital Kyiv", "ORG"), ("Kherson", "PERSON")])
    assert {(a.name, a.type) for a in actors} == {("Trump", "PERSON"), ("Tim Parlatore", "PERSON"), ("Kyiv", "GPE"),
                                                  ("Kherson", "GPE")}


def test_letters_after_a_name_do_not_make_another_actor():
    text = "Up pops Gordon Taylor OBE. GORDON TAYLOR OBE, as his emails say. Taylor opined. Keir Starmer MP agreed."
    actors = actors_of(text, [("Gordon Taylor OBE", "PERSON"), ("GORDON TAYLOR OBE", "PERSON"), ("Taylor", "PERSON"),
                              ("Keir Starmer MP", "PERSON")])
    found = names(actors)
    assert set(found) == {"Gordon Taylor", "Keir Starmer"} and len(found["Gordon Taylor"]) == 3


def test_a_surname_makes_a_person_of_a_name_spacy_typed_as_an_organisation():
    text = "The Ched Evans case went on. Evans said little. The Morgan Stanley Bank report named Stanley."
    actors = actors_of(text, [("Ched Evans", "ORG"), ("Evans", "PERSON"), ("Morgan Stanley Bank", "ORG"),
                              ("Stanley", "PERSON")])
    found = {a.name: a for a in actors}
    assert found["Ched Evans"].type == "PERSON" and len(found["Ched Evans"].mentions) == 2
    assert found["Morgan Stanley Bank"].type == "ORG" and "Stanley" in found   # an organisation's word: apart


def test_a_given_name_makes_a_person_of_a_name_typed_as_an_organisation():
    text = "Bernard Puttock objected; George Washington University and Grace Church did not; Thomas Cook Ltd closed."
    actors = actors_of(text, [("Bernard Puttock", "ORG"), ("George Washington University", "ORG"),
                              ("Grace Church", "ORG"), ("Thomas Cook Ltd", "ORG")])
    assert {(a.name, a.type) for a in actors} == {("Bernard Puttock", "PERSON"), ("George Washington University", "ORG"),
                                                  ("Grace Church", "ORG"), ("Thomas Cook Ltd", "ORG")}


def test_surnames_join_the_full_name_named_last_before_them():
    text = ("Joe Biden spoke. Biden smiled. Later Hunter Biden arrived, and Biden left. "
            "Angela Merkel waved; Merkel stayed.")
    actors = actors_of(text, [("Joe Biden", "PERSON"), ("Biden", "PERSON"), ("Hunter Biden", "PERSON"),
                              ("Biden", "ORG"), ("Angela Merkel", "PERSON"), ("Merkel", "PERSON")])
    found = names(actors)
    assert [text[m.start:m.end] for m in found["Joe Biden"]] == ["Joe Biden", "Biden"]
    assert [text[m.start:m.end] for m in found["Hunter Biden"]] == ["Hunter Biden", "Biden"]
    assert len(found["Angela Merkel"]) == 2


def test_an_ambiguous_surname_before_any_full_name_stays_apart():
    text = "Biden was quoted. Joe Biden and Hunter Biden disagreed."
    actors = actors_of(text, [("Biden", "PERSON"), ("Joe Biden", "PERSON"), ("Hunter Biden", "PERSON")])
    assert set(names(actors)) == {"Biden", "Joe Biden", "Hunter Biden"}


def test_acronyms_and_bracketed_short_forms_join_their_organisation():
    text = "The World Health Organization (WHO) warned. WHO officials met the International Monetary Fund and the IMF."
    actors = actors_of(text, [("The World Health Organization (WHO", "ORG"), ("WHO", "ORG"),
                              ("the International Monetary Fund", "ORG"), ("IMF", "ORG")])
    found = names(actors)
    assert [text[m.start:m.end] for m in found["World Health Organization"]] == [
        "The World Health Organization", "WHO", "WHO"]
    assert len(found["International Monetary Fund"]) == 2


def test_nationality_words_are_actors_only_as_groups():
    text = "Ukrainians fled as Russian forces advanced; Russian gas still flowed to a Russian."
    actors = actors_of(text, [("Ukrainians", "NORP"), ("Russian", "NORP"), ("Russian", "NORP"), ("Russian", "NORP")])
    assert {a.name: [text[m.start:m.end] for m in a.mentions] for a in actors} == {
        "Ukrainians": ["Ukrainians"], "Russian forces": ["Russian forces"]}


def test_missed_occurrences_of_a_name_are_mentions_too():
    text = "Olena Kovalenko said the bridge fell. Kovalenko, 54, saw it. Kovalenko wept."
    actors = actors_of(text, [("Olena Kovalenko", "PERSON"), ("Kovalenko", "PERSON")])
    assert [text[m.start:m.end] for m in actors[0].mentions] == ["Olena Kovalenko", "Kovalenko", "Kovalenko"]


@pytest.mark.parametrize("given, bare", [("Former US President Donald Trump", "Donald Trump"),
                                         ("Secretary of State Antony Blinken", "Antony Blinken"),
                                         ("the Kremlin", "Kremlin"), ("President", "President")])
def test_bare_names(given, bare):
    assert bare_name(given) == bare


# -- the analysis, end to end ------------------------------------------------------------------------------------

ARTICLE = """Moscow blames the West as talks stall

French President Emmanuel Macron said on Monday that the talks with Russia had failed. Macron’s office accused the Kremlin of lying.

The United Kingdom and Britain's allies promised more aid, while Russian forces shelled Kharkiv and the brutal regime of Vladimir Putin shrugged. Putin said the West was to blame.

Ukrainians fleeing the city told reporters they had lost everything, according to the United Nations.
"""


@pytest.fixture(scope="module")
def report():
    return presslens.analyze(ARTICLE).to_dict()


def test_every_mention_and_attached_span_is_exact(report):
    text = report["text"]
    assert report["actors"], "the article names actors"
    for actor in report["actors"]:
        for mention in actor["mentions"]:
            assert text[mention["start"]:mention["end"]] == mention["text"]
        for span in actor["techniques"]:
            assert any(t["start"] == span["start"] and t["end"] == span["end"] and t["technique"] == span["technique"]
                       for t in report["techniques"])
        for quote in actor["quotes"]:
            assert any(s["start"] == quote["start"] and s["end"] == quote["end"] for s in report["sentences"])
            assert any(quote["start"] <= m["start"] < quote["end"] for m in actor["mentions"])
        for index in actor["claims"]:
            card = report["claims"][index]
            assert any(card["start"] <= m["start"] and m["end"] <= card["end"] for m in actor["mentions"])
    jsonschema.validate(report, report_schema())


def test_actors_are_merged_and_typed_in_a_real_article(report):
    by_name = {a["name"]: a for a in report["actors"]}
    assert [m["text"] for m in by_name["Emmanuel Macron"]["mentions"]] == ["Emmanuel Macron", "Macron"]
    assert by_name["Emmanuel Macron"]["type"] == "PERSON"
    assert [m["text"] for m in by_name["Vladimir Putin"]["mentions"]] == ["Vladimir Putin", "Putin"]
    assert {m["text"] for m in by_name["United Kingdom"]["mentions"]} == {"United Kingdom", "Britain"}, "a leading \"The\" is no part of a name"
    assert by_name["Emmanuel Macron"]["quotes"], "Macron said ...: the sentence quotes him"
    assert [a["id"] for a in report["actors"]] == [f"a{i}" for i in range(1, len(report["actors"]) + 1)]
    mentions = [len(a["mentions"]) for a in report["actors"]]
    assert mentions == sorted(mentions, reverse=True), "most mentioned first"


def test_roles_are_probabilities_and_null_without_stance(report):
    for actor in report["actors"]:
        role = actor["role"]
        assert abs(sum(role["scores"].values()) - 1) < 1e-3
        if role["main"] is None:
            assert role["fine"] == []
        else:
            from presslens.actors.roles import FINE_ROLES

            assert role["fine"] and set(role["fine"]) <= set(FINE_ROLES[role["main"]])


def test_actors_run_after_the_analyses_they_read():
    order = analyzers.resolve()
    assert order.index("actors") > order.index("techniques") and order.index("actors") > order.index("claims")
    assert analyzers.resolve("actors") == ["encoding", "nlp", "entities", "actors"]   # spaCy after the second look


def test_the_text_report_lists_actors():
    text = presslens.analyze(ARTICLE, only="actors").render("text")
    assert "actors (" in text and "Emmanuel Macron" in text


def test_ptc_taxonomy_relabels_attached_techniques():
    report = presslens.analyze(ARTICLE, taxonomy="ptc2020").to_dict()
    labels = {t["technique"] for t in report["techniques"]}
    assert all(t["technique"] in labels for a in report["actors"] for t in a["techniques"])


# -- the scorer (hand-computed) ----------------------------------------------------------------------------------

def m(file="a.txt", start=0, end=4, entity="Zorg"):
    return Mention(file, entity, start, end)


def test_scorer_perfect_and_partial():
    gold = {m(start=0): RoleLabel("protagonist", ("guardian", "virtuous")),
            m(start=10): RoleLabel("antagonist", ("tyrant",)),
            m(start=20): RoleLabel("innocent", ("victim",)),
            m(start=30): RoleLabel("antagonist", ("spy",))}
    assert score(gold, gold)["emr"] == 1.0 and score(gold, gold)["fine_f1"] == 1.0
    predicted = {m(start=0): RoleLabel("protagonist", ("guardian",)),        # main right, set not exact
                 m(start=10): RoleLabel("antagonist", ("tyrant",)),          # exact
                 m(start=20): RoleLabel("antagonist", ("corrupt",)),         # wrong
                 m(start=99): RoleLabel("antagonist", ("spy",))}             # not in gold: ignored; start=30 missing
    got = score(gold, predicted)
    # EMR 1/4; main 2/4; fine: predicted 3 roles, 2 right -> P 2/3; gold 5 roles -> R 2/5; F1 = 2PR/(P+R) = 0.5
    assert got["emr"] == 0.25 and got["main_accuracy"] == 0.5 and got["missing"] == 1
    assert got["fine_precision"] == round(2 / 3, 4) and got["fine_recall"] == 0.4 and got["fine_f1"] == 0.5
    assert per_role(gold, predicted)["antagonist"] == {"mentions": 2, "accuracy": 0.5}


def test_scorer_matches_by_offsets_and_ignores_fine_order():
    gold = {m(entity="Zorg"): RoleLabel("antagonist", ("tyrant", "corrupt"))}
    predicted = {m(entity="Zorg's"): RoleLabel("antagonist", ("corrupt", "tyrant"))}
    assert score(gold, predicted)["emr"] == 1.0


def test_labels_round_trip_in_the_task_format(tmp_path):
    items = [(m(), RoleLabel("antagonist", ("foreign_adversary", "saboteur"))), (m(start=8, end=11), RoleLabel("innocent", ("victim",)))]
    path = tmp_path / "out.txt"
    write_predictions(path, items)
    assert path.read_text().splitlines()[0] == "a.txt\tZorg\t0\t4\tAntagonist\tForeign Adversary\tSaboteur"
    assert read_labels(path) == dict(items)
    assert read_mentions(path) == [m(), m(start=8, end=11)]
    assert format_line(*items[1]).endswith("Innocent\tVictim")
    assert all(label_id(task_label(r)) == r for r in (*MAIN_ROLES, *ALL_FINE_ROLES))


@pytest.mark.parametrize("line, problem", [("a.txt\tZorg\tx\t4\tAntagonist\tSpy", "line 2: expected file"),
                                           ("a.txt\tZorg\t0\t4\tAntagonist", "line 2: expected a main role"),
                                           ("a.txt\tZorg\t0\t4\tVillain\tSpy", "line 2: unknown role label")])
def test_malformed_label_lines_name_their_line(tmp_path, line, problem):
    path = tmp_path / "labels.txt"
    path.write_text("a.txt\tZorg\t0\t4\tInnocent\tVictim\n" + line + "\n")
    with pytest.raises(InvalidRecord, match=problem):
        read_labels(path)


def test_eval_semeval2025_writes_the_task_format_and_scores(tmp_path):
    articles = tmp_path / "raw-documents"
    articles.mkdir()
    text = ("Tyrant bombs city\n\nThe dictator Vladimir Putin ordered the shelling of Kharkiv, and frightened "
            "Ukrainians fled their homes as Russia denied everything.\n")
    (articles / "EN_UA_1.txt").write_text(text)
    lines = []
    for entity, role in (("Vladimir Putin", "Antagonist\tTyrant"), ("Ukrainians", "Innocent\tVictim")):
        start = text.index(entity)
        lines.append(f"EN_UA_1.txt\t{entity}\t{start}\t{start + len(entity) - 1}\t{role}")
    labels = tmp_path / "labels.txt"
    labels.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "presslens", "eval", "semeval2025", "--subtask", "entity-framing",
                          "--articles", str(articles), "--mentions", str(labels), "--labels", str(labels),
                          "--out", str(out), "--json"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    scores = json.loads(run.stdout)
    assert scores["mentions"] == 2 and 0 <= scores["emr"] <= 1 and scores["missing"] == 0
    written = (out / "entity-framing.txt").read_text().splitlines()
    assert [line.split("\t")[:4] for line in written] == [line.split("\t")[:4] for line in lines]
    assert all(line.split("\t")[4] in ("Protagonist", "Antagonist", "Innocent") for line in written)


def test_eval_semeval2025_refuses_a_missing_article_in_one_line(tmp_path):
    (tmp_path / "docs").mkdir()
    mentions = tmp_path / "mentions.tsv"
    mentions.write_text("EN_UA_404.txt\tRussia\t0\t5\n")
    run = subprocess.run([sys.executable, "-m", "presslens", "eval", "semeval2025", "--subtask", "entity-framing",
                          "--articles", str(tmp_path / "docs"), "--mentions", str(mentions), "--out", str(tmp_path / "o")],
                         capture_output=True, text=True)
    assert run.returncode != 0 and "Traceback" not in run.stderr and "EN_UA_404.txt" in run.stderr


def test_quotation_marks_around_a_name_are_not_part_of_the_mention():
    text = "Protesters hoping to shut down ‘Climate Defiance’ met Climate Defiance again."
    actors = actors_of(text, [("‘Climate Defiance’", "ORG"), ("Climate Defiance", "ORG")])
    assert [(a.name, [text[m.start:m.end] for m in a.mentions]) for a in actors] == [
        ("Climate Defiance", ["Climate Defiance", "Climate Defiance"])]


def test_role_probabilities_do_not_depend_on_the_chunk_they_are_read_in():
    import numpy as np

    from presslens.actors.roles import load_model, role_probabilities

    doc = presslens.analyze(ARTICLE, only="nlp").document
    actors = find_actors(doc.text, doc.entities, doc.body_paragraphs())
    spans = [(m.start, m.end) for a in actors for m in a.mentions]
    assert len(spans) > 3
    model = load_model()
    whole = role_probabilities(doc, model, spans)
    for chunk in (1, 2):
        for a, b in zip(whole, role_probabilities(doc, model, spans, chunk=chunk)):
            assert np.allclose(a, b, atol=1e-6)
    assert np.allclose(whole[1].sum(axis=1), 1.0, atol=1e-5) and np.allclose(whole[2].sum(axis=1), 1.0, atol=1e-5)


def test_actor_features_read_prominence_and_the_head_casts_from_them():
    import numpy as np

    from presslens.actors.roles import ACTOR_FEATURES, actor_features, load_model

    text = "Putin threatens Europe\n\nVladimir Putin said Russia would act. Putin repeated it. Macron disagreed."
    doc = presslens.analyze(text, only="nlp").document
    actors = find_actors(doc.text, doc.entities, doc.body_paragraphs(), doc.headline())
    rows = actor_features(doc, actors, [0.5] * len(actors))
    assert rows.shape == (len(actors), len(ACTOR_FEATURES))
    column = {name: i for i, name in enumerate(ACTOR_FEATURES)}
    putin = [a.name for a in actors].index("Vladimir Putin")
    assert rows[putin, column["in_headline"]] == 1.0 and rows[putin, column["log_rank"]] == 0.0
    assert np.isclose(rows[:, column["mention_share"]].sum(), 1.0) and np.allclose(rows[:, column["stance_logit"]], 0.0)
    assert rows[putin, column["PERSON"]] == 1.0
    head = load_model().head
    cast = head.cast(rows)
    assert cast.shape == (len(actors),) and ((0 <= cast) & (cast <= 1)).all()
    assert cast[putin] == cast.max()   # the most named actor, in the headline too


def test_a_role_model_without_the_actor_stage_is_refused_in_one_line(tmp_path):
    import shutil

    import numpy as np

    from presslens.actors.roles import MODEL_DIR, load_model
    from presslens.errors import ModelMissing

    folder = tmp_path / "actors"
    shutil.copytree(MODEL_DIR, folder)
    arrays = dict(np.load(folder / "head.npz"))
    del arrays["actor_w"], arrays["actor_b"]
    np.savez(folder / "head.npz", **arrays)
    with pytest.raises(ModelMissing, match="predates the actor-level stance"):
        load_model(str(folder))


def test_a_one_word_organisation_joins_the_one_longer_name_it_ends():
    text = "The U.S. Army said no. The Army later agreed; the Court and the U.S. District Court and the Supreme Court met."
    actors = actors_of(text, [("U.S. Army", "ORG"), ("Army", "ORG"), ("Court", "ORG"), ("U.S. District Court", "ORG"),
                              ("Supreme Court", "ORG")])
    found = names(actors)
    assert [text[m.start:m.end] for m in found["U.S. Army"]] == ["U.S. Army", "Army"]
    assert "Court" in found   # two courts fit: it stays apart


def test_a_title_is_cut_from_a_person_and_kept_in_an_organisation():
    import presslens

    text = ("Army letter\n\nChaplain Joseph Lawhorn was issued a letter on Monday. Chaplain Lawhorn said he was "
            "shocked. Col David Fivecoat wrote the letter. General Motors said sales rose, and General Electric "
            "fell. Major League Baseball said nothing.\n")
    report = presslens.analyze(text, only="actors").to_dict()
    names = {a["name"]: a for a in report["actors"]}
    assert {"Joseph Lawhorn", "David Fivecoat"} <= set(names)
    # the entity head leaves titles out of a name (CoNLL-2003's convention): the mention is the name
    assert [m["text"] for m in names["Joseph Lawhorn"]["mentions"]] in (["Joseph Lawhorn", "Chaplain Lawhorn"],
                                                                        ["Joseph Lawhorn", "Lawhorn"])
    assert names["Joseph Lawhorn"]["type"] == "PERSON"
    assert "Motors" not in names and "Electric" not in names and "League Baseball" not in names
    for actor in report["actors"]:
        for m in actor["mentions"]:
            assert report["text"][m["start"]:m["end"]] == m["text"]


def test_editorial_asides_and_emoji_are_no_actors_or_entities():
    text = ("Support grows\n\nThe war in 🇺🇦Ukraine goes on, and (Emphasis mine) the Russian army advances. "
            "🇺🇦Ukraine will win, said Olena Kyrylenko.\n\nP.S. Thanks to readers.")
    report = presslens.analyze(text, only="actors").to_dict()
    names = {a["name"] for a in report["actors"]}
    assert {"Ukraine", "Olena Kyrylenko"} <= names and not names & {"Emphasis", "P.S."}
    assert all(any(c.isalnum() for c in e["text"]) for e in report["entities"])


@pytest.mark.parametrize("text, entity, label, reason", [
    ("The police dog Rex found the bag.", "Rex", "PERSON", "an animal"),
    ("He bought an Armalite rifle online.", "Armalite", "ORG", "a product or weapon"),
    ("In his book The Other, Kapuscinski wrote.", "The Other", "PERSON", "a title of a work"),
    ("The cartoon character Homer Simpson is lazy.", "Homer Simpson", "PERSON", "a fictional character"),
    ("Congress passed the Clean Air Act in 1970.", "Clean Air Act", "ORG", "a law, plan or document"),
    ("They ate British lamb.", "British", "NORP", "a nationality adjective, not a group"),
    ("They love the Big Apple.", "Big Apple", "GPE", "listed as no actor (a product, event, nickname or editorial aside)"),
])
def test_entities_that_are_no_actors_are_rejected_with_a_reason(text, entity, label, reason):
    from presslens.actors.aliases import rejected_mentions

    start = text.index(entity)
    spans = [Span(start, start + len(entity), label)]
    assert not find_actors(text, spans, [Span(0, len(text))])
    assert [why for _, why in rejected_mentions(text, spans)] == [reason]


def test_a_name_in_the_clear_is_not_rejected():
    from presslens.actors.aliases import rejected_mentions

    text = "The dog owner Jane Smith said the Armalite company is to blame."
    spans = [Span(text.index("Jane Smith"), text.index("Jane Smith") + 10, "PERSON")]
    assert rejected_mentions(text, spans) == [] and find_actors(text, spans, [Span(0, len(text))])


@pytest.mark.parametrize("text, entity, reason", [
    ('On CNN\'s "State of the Union," host Jake Tapper asked.', "State of the Union", "a title of a work (in quotation marks)"),
    ("She starred in Jewel Of The Nile that year.", "Jewel Of The Nile", "a title of a work (title case)"),
    ("People Rally\n\nThe people spoke, and people voted.", "People", "a common word, not a name (the article writes it in lower case)"),
])
def test_titles_and_common_words_read_as_names_are_no_actors(text, entity, reason):
    from presslens.actors.aliases import rejected_mentions

    start = text.index(entity)
    spans = [Span(start, start + len(entity), "ORG")]
    assert [why for _, why in rejected_mentions(text, spans)] == [reason]


def test_a_name_the_article_capitalises_is_no_common_word():
    from presslens.actors.aliases import rejected_mentions

    text = "Labour won. Voters backed Labour, and the vote for Labour rose; labour law changed."
    spans = [Span(0, 6, "ORG")]
    assert rejected_mentions(text, spans) == []


def test_group_actors_are_common_noun_groups_named_twice():
    from presslens.actors.groups import group_actors
    from presslens.nlp import parse_paragraphs

    text = ("Thousands of protesters marched. Army chiefs warned the protesters. The army chiefs left. Many "
            "climate scientists said so; scientists agree. Russian forces advanced. A farmer spoke.")
    parsed = parse_paragraphs(text, [Span(0, len(text))])
    groups = {a.name: [text[m.start:m.end] for m in a.mentions] for a in group_actors(text, parsed.tokens, [], [])}
    assert groups == {"protesters": ["protesters", "protesters"], "army chiefs": ["Army chiefs", "army chiefs"],
                      "climate scientists": ["climate scientists", "scientists"]}
    russian = text.index("Russian")
    named = [Span(russian, russian + len("Russian forces"), "NORP")]
    assert "forces" not in {a.name for a in group_actors(text, parsed.tokens, [], named)}


def test_group_actors_reach_the_report_with_exact_mentions():
    text = ("Strike grows\n\nThe protesters blocked the road on Monday. Police said the protesters had no permit, "
            "and aid agencies warned of shortages.\n\nAid agencies later said food ran out.\n")
    report = presslens.analyze(text, only="actors").to_dict()
    groups = [a for a in report["actors"] if a["type"] == "GROUP"]
    assert {a["name"] for a in groups} >= {"protesters", "aid agencies"}
    for actor in groups:
        for mention in actor["mentions"]:
            assert report["text"][mention["start"]:mention["end"]] == mention["text"]
    jsonschema.validate(report, report_schema())


def test_a_role_is_shown_only_when_cast_and_sure():
    import numpy as np

    from presslens.actors.roles import load_model

    head = load_model().head
    sure = np.array([0.05, 0.9, 0.05])
    unsure = np.array([0.34, 0.33, 0.33])
    assert head.shows(head.stance_threshold + 0.01, sure)
    assert not head.shows(head.stance_threshold - 0.01, sure), "no stance: no role"
    if head.role_threshold > 0.34:
        assert not head.shows(1.0, unsure), "cast, but unsure which role: none shown"


def test_a_cue_after_a_list_of_names_reaches_each_name():
    from presslens.actors.aliases import rejected_mentions

    text = "Pfizer is still selling its Celebrex and Bextra products."
    spans = [Span(text.index(n), text.index(n) + len(n), "ORG") for n in ("Pfizer", "Celebrex", "Bextra")]
    assert [(text[s.start:s.end], why) for s, why in rejected_mentions(text, spans)] == [
        ("Celebrex", "a product or weapon"), ("Bextra", "a product or weapon")]
