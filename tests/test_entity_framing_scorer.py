"""SemEval-2025 Task 10 subtask 1 (entity framing): the scorer on cases computed by hand, and the file format.

Every line here is invented (no text of the task's data): made-up articles and entities.
"""
import pytest

from presslens.errors import InputNotFound, InvalidRecord
from presslens.lab.evaluation.entity_framing import (ALL_FINE_ROLES, FINE_ROLES, MAIN_ROLES, Mention, RoleLabel,
                                                 format_line, label_id, per_role, read_labels, read_mentions, score,
                                                 task_label, write_predictions)


def men(start=0, end=9, file="doc_a.txt", entity="Mayor Quil"):
    return Mention(file, entity, start, end)


GOLD = {
    men(0, 9): RoleLabel("protagonist", ("guardian", "virtuous")),
    men(20, 28, entity="Zorbania"): RoleLabel("antagonist", ("foreign_adversary",)),
    men(40, 47, entity="villagers"): RoleLabel("innocent", ("victim",)),
    men(5, 12, file="doc_b.txt", entity="Dr Pomm"): RoleLabel("antagonist", ("deceiver", "corrupt")),
}


# -- the role inventory -------------------------------------------------------------------------------------

def test_inventory_in_the_task_order():
    assert MAIN_ROLES == ("protagonist", "antagonist", "innocent")
    assert FINE_ROLES["protagonist"] == ("guardian", "martyr", "peacemaker", "rebel", "underdog", "virtuous")
    assert FINE_ROLES["antagonist"] == ("instigator", "conspirator", "tyrant", "foreign_adversary", "traitor", "spy",
                                        "saboteur", "corrupt", "incompetent", "terrorist", "deceiver", "bigot")
    assert FINE_ROLES["innocent"] == ("forgotten", "exploited", "victim", "scapegoat")
    assert len(ALL_FINE_ROLES) == 22 and ALL_FINE_ROLES == sum((FINE_ROLES[m] for m in MAIN_ROLES), ())


def test_mapping_round_trip_for_all_roles():
    assert [task_label(m) for m in MAIN_ROLES] == ["Protagonist", "Antagonist", "Innocent"]
    assert task_label("foreign_adversary") == "Foreign Adversary" and label_id("Foreign Adversary") == "foreign_adversary"
    for role in (*MAIN_ROLES, *ALL_FINE_ROLES):
        assert label_id(task_label(role)) == role
    assert len({task_label(r) for r in (*MAIN_ROLES, *ALL_FINE_ROLES)}) == 25


@pytest.mark.parametrize("bad", ["Villain", "foreign adversary", "Foreign_Adversary", ""])
def test_label_id_names_the_bad_label(bad):
    with pytest.raises(ValueError, match=f"'{bad}'"):
        label_id(bad)


def test_task_label_names_the_bad_id():
    with pytest.raises(ValueError, match="'hero'"):
        task_label("hero")


def test_role_label_refuses_what_the_taxonomy_cannot_say():
    with pytest.raises(ValueError, match="'villain'"):
        RoleLabel("villain", ("tyrant",))
    with pytest.raises(ValueError, match="'victim'"):
        RoleLabel("antagonist", ("victim",))     # a fine role of innocent


# -- the scorer ---------------------------------------------------------------------------------------------

def test_perfect_prediction_scores_one():
    assert score(GOLD, dict(GOLD)) == {"mentions": 4, "emr": 1.0, "main_accuracy": 1.0, "fine_precision": 1.0,
                                       "fine_recall": 1.0, "fine_f1": 1.0, "missing": 0}


def test_right_main_role_wrong_fine_set():
    gold = {men(): RoleLabel("antagonist", ("tyrant",))}
    predicted = {men(): RoleLabel("antagonist", ("spy",))}
    got = score(gold, predicted)
    assert (got["emr"], got["main_accuracy"]) == (0.0, 1.0)
    assert (got["fine_precision"], got["fine_recall"], got["fine_f1"]) == (0.0, 0.0, 0.0)


def test_partial_multi_label():
    gold = {men(): RoleLabel("protagonist", ("guardian", "virtuous"))}
    predicted = {men(): RoleLabel("protagonist", ("guardian",))}
    # sets differ -> EMR 0; main right; |pred ∩ gold| = 1, |pred| = 1 -> P 1; |gold| = 2 -> R 0.5;
    # F1 = 2 * 1 * 0.5 / 1.5 = 2/3
    got = score(gold, predicted)
    assert got == {"mentions": 1, "emr": 0.0, "main_accuracy": 1.0, "fine_precision": 1.0, "fine_recall": 0.5,
                   "fine_f1": round(2 / 3, 4), "missing": 0}


def test_mixed_case_by_hand():
    predicted = {
        men(0, 9): RoleLabel("protagonist", ("guardian", "martyr")),              # main right, 1 of 2 right, 1 wrong
        men(20, 28, entity="Zorbania"): RoleLabel("antagonist", ("foreign_adversary",)),   # exact
        men(40, 47, entity="villagers"): RoleLabel("antagonist", ("instigator",)),  # main wrong, fine wrong
        # doc_b's Dr Pomm: missing
        men(60, 64, entity="Fenwick"): RoleLabel("antagonist", ("spy",)),          # not in gold: ignored
    }
    # EMR 1/4 (Zorbania); main 2/4; overlap 1 + 1 + 0 + 0 = 2; |pred| 2 + 1 + 1 + 0 = 4 -> P 0.5;
    # |gold| 2 + 1 + 1 + 2 = 6 -> R 1/3; F1 = 2 * 0.5 * (1/3) / (0.5 + 1/3) = 0.4
    got = score(GOLD, predicted)
    assert got == {"mentions": 4, "emr": 0.25, "main_accuracy": 0.5, "fine_precision": 0.5,
                   "fine_recall": round(1 / 3, 4), "fine_f1": 0.4, "missing": 1}


def test_missing_prediction_counts_as_wrong():
    predicted = {m: label for m, label in GOLD.items() if m.file == "doc_a.txt"}   # doc_b's one mention missing
    # EMR 3/4, main 3/4; P 4/4 = 1; R 4/6 (its two gold roles unmatched); F1 = 2 * 1 * (2/3) / (5/3) = 0.8
    got = score(GOLD, predicted)
    assert got == {"mentions": 4, "emr": 0.75, "main_accuracy": 0.75, "fine_precision": 1.0,
                   "fine_recall": round(2 / 3, 4), "fine_f1": 0.8, "missing": 1}


def test_nothing_predicted():
    assert score(GOLD, {}) == {"mentions": 4, "emr": 0.0, "main_accuracy": 0.0, "fine_precision": 0.0,
                               "fine_recall": 0.0, "fine_f1": 0.0, "missing": 4}


def test_empty_gold():
    assert score({}, dict(GOLD))["mentions"] == 0 and score({}, {})["emr"] == 0.0


def test_extra_predictions_are_ignored():
    predicted = {**GOLD, men(60, 64, entity="Fenwick"): RoleLabel("antagonist", ("spy",)),
                 men(0, 9, file="doc_c.txt"): RoleLabel("innocent", ("scapegoat",))}
    assert score(GOLD, predicted) == score(GOLD, GOLD)


def test_order_of_fine_roles_is_irrelevant():
    gold = {men(): RoleLabel("antagonist", ("deceiver", "corrupt", "bigot"))}
    predicted = {men(): RoleLabel("antagonist", ("bigot", "deceiver", "corrupt"))}
    assert score(gold, predicted)["emr"] == 1.0 and score(gold, predicted)["fine_f1"] == 1.0


def test_matches_by_span_not_entity_string():
    gold = {men(entity="Mayor Quil"): RoleLabel("protagonist", ("peacemaker",))}
    assert score(gold, {men(entity='"Mayor Quil"'): RoleLabel("protagonist", ("peacemaker",))})["emr"] == 1.0
    # same entity, another span or another file: not a match
    assert score(gold, {men(start=1): RoleLabel("protagonist", ("peacemaker",))})["missing"] == 1
    assert score(gold, {men(file="doc_z.txt"): RoleLabel("protagonist", ("peacemaker",))})["missing"] == 1


def test_one_span_under_two_entity_strings_is_refused():
    predicted = {men(entity="Quil"): RoleLabel("protagonist", ("rebel",)),
                 men(entity="Mayor"): RoleLabel("protagonist", ("underdog",))}
    with pytest.raises(ValueError, match="labelled twice"):
        score(GOLD, predicted)


def test_per_role():
    predicted = {
        men(0, 9): RoleLabel("protagonist", ("guardian",)),                 # protagonist right
        men(20, 28, entity="Zorbania"): RoleLabel("innocent", ("victim",)),  # antagonist wrong
        men(40, 47, entity="villagers"): RoleLabel("innocent", ("forgotten",)),  # innocent right
        men(5, 12, file="doc_b.txt"): RoleLabel("antagonist", ("corrupt",)),  # antagonist right (entity spelt otherwise)
    }
    assert per_role(GOLD, predicted) == {"protagonist": {"mentions": 1, "accuracy": 1.0},
                                         "antagonist": {"mentions": 2, "accuracy": 0.5},
                                         "innocent": {"mentions": 1, "accuracy": 1.0}}
    assert per_role(GOLD, {})["antagonist"] == {"mentions": 2, "accuracy": 0.0}
    assert per_role({}, {})["innocent"] == {"mentions": 0, "accuracy": 0.0}


# -- the file format --------------------------------------------------------------------------------------------

def test_format_line_uses_the_task_strings():
    line = format_line(men(20, 28, entity="Zorbania"), RoleLabel("antagonist", ("foreign_adversary", "saboteur")))
    assert line == "doc_a.txt\tZorbania\t20\t28\tAntagonist\tForeign Adversary\tSaboteur"
    with pytest.raises(ValueError, match="at least one fine role"):
        format_line(men(), RoleLabel("innocent", ()))


def test_write_read_round_trip(tmp_path):
    items = [(men(20, 28, entity="Zorbania"), RoleLabel("antagonist", ("foreign_adversary", "saboteur"))),
             (men(0, 9), RoleLabel("protagonist", ("virtuous",))),
             (men(5, 12, file="doc_b.txt", entity="Dr Pomm"), RoleLabel("innocent", ("exploited", "scapegoat")))]
    path = tmp_path / "predictions.txt"
    write_predictions(path, items)
    assert path.read_bytes().decode("utf-8") == (
        "doc_a.txt\tZorbania\t20\t28\tAntagonist\tForeign Adversary\tSaboteur\n"
        "doc_a.txt\tMayor Quil\t0\t9\tProtagonist\tVirtuous\n"
        "doc_b.txt\tDr Pomm\t5\t12\tInnocent\tExploited\tScapegoat\n")
    labels = read_labels(path)
    assert labels == dict(items) and list(labels) == [m for m, _ in items]
    assert read_mentions(path) == [m for m, _ in items]


def test_reading_skips_blank_lines_and_keeps_the_inclusive_end(tmp_path):
    text = "The Mayor Quil of Brindle"
    path = tmp_path / "labels.txt"
    path.write_text("\ndoc_a.txt\tMayor Quil\t4\t13\tProtagonist\tGuardian\tGuardian\n\n   \n"
                    "doc_a.txt\tBrindle\t18\t24\tInnocent\tVictim\r\n", encoding="utf-8")
    labels = read_labels(path)
    first, second = list(labels)
    assert text[first.start:first.end + 1] == "Mayor Quil" and text[second.start:second.end + 1] == "Brindle"
    assert labels[first] == RoleLabel("protagonist", ("guardian",))   # a repeated fine role counts once
    assert labels[second] == RoleLabel("innocent", ("victim",))       # CRLF line end tolerated


def test_read_mentions_ignores_further_columns(tmp_path):
    path = tmp_path / "mentions.txt"
    path.write_text("doc_a.txt\tMayor Quil\t0\t9\n\ndoc_b.txt\tDr Pomm\t5\t12\tanything\telse\n", encoding="utf-8")
    assert read_mentions(path) == [men(0, 9), men(5, 12, file="doc_b.txt", entity="Dr Pomm")]


@pytest.mark.parametrize("line, problem", [
    ("doc_a.txt\tZorbania\t20", "line 3: expected file, entity, start, end"),
    ("doc_a.txt\tZorbania\ttwenty\t28\tAntagonist\tSpy", "line 3: expected file, entity, start, end"),
    ("doc_a.txt\tZorbania\t-1\t28\tAntagonist\tSpy", "line 3: expected file, entity, start, end"),
    ("doc_a.txt\tZorbania\t28\t20\tAntagonist\tSpy", "line 3: end 20 before start 28"),
    ("doc_a.txt\tZorbania\t20\t28\tAntagonist", "line 3: expected a main role and at least one fine role"),
    ("doc_a.txt\tZorbania\t20\t28\tAntagonist\t", "line 3: expected a main role and at least one fine role"),
    ("doc_a.txt\tZorbania\t20\t28\tVillain\tSpy", "line 3: unknown role label 'Villain'"),
    ("doc_a.txt\tZorbania\t20\t28\tAntagonist\tSpy\tMastermind", "line 3: unknown role label 'Mastermind'"),
    ("doc_a.txt\tZorbania\t20\t28\tTyrant\tSpy", "line 3: 'Tyrant' is a fine role, not a main role"),
    ("doc_a.txt\tZorbania\t20\t28\tAntagonist\tVictim", "line 3: fine role 'victim' is one of innocent"),
    ("doc_a.txt\tMayor Q.\t0\t9\tAntagonist\tSpy", r"line 3: the span \('doc_a.txt', 0, 9\) is already labelled on line 1"),
])
def test_malformed_label_lines_name_their_line(tmp_path, line, problem):
    path = tmp_path / "labels.txt"
    path.write_text("doc_a.txt\tMayor Quil\t0\t9\tProtagonist\tGuardian\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InvalidRecord, match=problem) as caught:
        read_labels(path)
    assert caught.value.source == str(path) and "\n" not in str(caught.value)


@pytest.mark.parametrize("line", ["doc_a.txt\tZorbania", "doc_a.txt\tZorbania\t20\tx", "\tZorbania\t20\t28"])
def test_malformed_mention_lines_name_their_line(tmp_path, line):
    path = tmp_path / "mentions.txt"
    path.write_text("doc_a.txt\tMayor Quil\t0\t9\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InvalidRecord, match="line 2: expected file, entity, start, end"):
        read_mentions(path)


def test_missing_file(tmp_path):
    with pytest.raises(InputNotFound):
        read_labels(tmp_path / "nowhere.txt")
