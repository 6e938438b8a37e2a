"""The SemEval-2020 Task 11 scorers on cases computed by hand."""
import pytest

from presslens.lab.evaluation.ptc import flc_score, merge_spans, si_score, tc_score


def test_si_half_overlap():
    # |s∩t| = 5, |s| = |t| = 10: P = R = 0.5
    r = si_score({"a": [(5, 15)]}, {"a": [(0, 10)]})
    assert (r.precision, r.recall, r.f1) == pytest.approx((0.5, 0.5, 0.5))


def test_si_one_prediction_covering_two_gold_spans():
    # P = (10/30 + 10/30) / 1, R = (10/10 + 10/10) / 2
    r = si_score({"a": [(0, 30)]}, {"a": [(0, 10), (20, 30)]})
    assert r.precision == pytest.approx(2 / 3)
    assert r.recall == pytest.approx(1.0)
    assert r.f1 == pytest.approx(0.8)


def test_si_overlapping_predictions_are_merged_first():
    r = si_score({"a": [(0, 5), (3, 8)]}, {"a": [(0, 8)]})
    assert (r.precision, r.recall, r.predicted) == (1.0, 1.0, 1)


def test_si_across_articles_and_missing_predictions():
    # article b has a gold span and no prediction: P = 1/1, R = (1 + 0) / 2
    r = si_score({"a": [(0, 10)]}, {"a": [(0, 10)], "b": [(0, 10)]})
    assert (r.precision, r.recall) == pytest.approx((1.0, 0.5))
    assert r.f1 == pytest.approx(2 / 3)


def test_si_nothing_predicted_scores_zero():
    r = si_score({}, {"a": [(0, 10)]})
    assert (r.precision, r.recall, r.f1) == (0.0, 0.0, 0.0)


def test_si_partial_credit_is_asymmetric():
    # s = [0, 4) inside t = [0, 20): P = 4/4, R = 4/20
    r = si_score({"a": [(0, 4)]}, {"a": [(0, 20)]})
    assert (r.precision, r.recall) == pytest.approx((1.0, 0.2))


def test_flc_needs_matching_labels():
    gold = {"a": [(0, 10, "Doubt"), (0, 10, "Loaded_Language")]}
    r = flc_score({"a": [(0, 10, "Doubt")]}, gold)
    assert (r.precision, r.recall) == pytest.approx((1.0, 0.5))
    assert r.per_label["Doubt"].f1 == 1.0 and r.per_label["Loaded_Language"].recall == 0.0
    wrong = flc_score({"a": [(0, 10, "Slogans")]}, {"a": [(0, 10, "Doubt")]})
    assert (wrong.precision, wrong.recall, wrong.f1) == (0.0, 0.0, 0.0)


def test_flc_partial_overlap_with_label():
    # Doubt: |s∩t| = 5 over |s| = 5 and |t| = 10
    r = flc_score({"a": [(5, 10, "Doubt")]}, {"a": [(0, 10, "Doubt")]})
    assert (r.precision, r.recall) == pytest.approx((1.0, 0.5))


def test_tc_micro_f1_with_a_doubly_labelled_span():
    gold = [("a", 0, 10, "A"), ("a", 0, 10, "B"), ("a", 20, 30, "C")]
    pred = [("a", 0, 10, "B"), ("a", 0, 10, "A"), ("a", 20, 30, "A")]
    r = tc_score(pred, gold)
    assert (r.precision, r.recall, r.f1) == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    assert r.per_label["C"].recall == 0.0 and r.per_label["A"].precision == 0.5


def test_merge_spans():
    assert merge_spans([(5, 9), (0, 3), (2, 6), (12, 14), (9, 11)]) == [(0, 9), (9, 11), (12, 14)]
    assert merge_spans([(3, 3)]) == []


def test_score_bins_count_how_often_found_spans_are_right_by_score():
    from presslens.lab.evaluation.ptc import score_bins

    gold = {"1": [(0, 10, "Loaded_Language"), (20, 30, "Doubt")]}
    found = [("1", 2, 8, "Loaded_Language", 0.05),   # right span, right technique
             ("1", 22, 25, "Repetition", 0.08),       # right span, wrong technique
             ("1", 40, 50, "Doubt", 0.09),            # no gold span there
             ("1", 21, 29, "Doubt", 0.95)]
    bins = {b["from"]: b for b in score_bins(found, gold)}
    assert bins[0.0] == {"from": 0.0, "to": 0.1, "spans": 3, "overlap_gold": 0.667, "same_technique": 0.333}
    assert bins[0.8]["spans"] == 1 and bins[0.8]["to"] == 1.0 and bins[0.8]["same_technique"] == 1.0
    assert sum(b["spans"] for b in bins.values()) == len(found)
