"""The shared measures (presslens.lab.evaluation.metrics), on cases worked by hand."""
import numpy as np
import pytest

from presslens.lab.evaluation.metrics import PRF, accuracy, best_f1, binary_prf, f1, label_prf, recall_at_precision


def test_precision_recall_and_f1_from_counts():
    prf = PRF.from_counts(hits=3, predicted=4, gold=6)
    assert (prf.precision, prf.recall) == (0.75, 0.5) and prf.f1 == pytest.approx(0.6)
    assert PRF.from_counts(0, 0, 5).as_dict() == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "gold": 5, "predicted": 0}
    assert f1(0.0, 0.0) == 0.0


def test_per_label_and_binary_scores():
    gold, predicted = ["a", "a", "b", "c"], ["a", "b", "b", "b"]
    per = label_prf(gold, predicted, ["a", "b", "c"])
    assert (per["a"].precision, per["a"].recall) == (1.0, 0.5)
    assert (per["b"].precision, per["b"].recall) == (pytest.approx(1 / 3), 1.0)
    assert per["c"].f1 == 0.0 and per["c"].support == 1 and per["c"].predicted == 0
    assert accuracy(gold, predicted) == 0.5
    prf = binary_prf([True, True, False, False], [True, False, True, False])
    assert (prf.precision, prf.recall, prf.support, prf.predicted) == (0.5, 0.5, 2, 2)


def test_the_threshold_that_reaches_a_precision_keeps_the_most_recall():
    gold = [True, True, True, False, True, False]
    scores = np.array([0.9, 0.8, 0.7, 0.6, 0.4, 0.3])
    # at 0.7 precision is 1.0 and recall 0.75; lower thresholds let the false ones in
    assert recall_at_precision(gold, scores, 1.0) == (0.75, 0.61)
    assert recall_at_precision(gold, scores, 0.8) == (1.0, 0.31)   # 4 of 5 right at 0.4
    eligible = np.array([True, True, False, True, True, True])      # an ineligible item is never positive
    assert recall_at_precision(gold, scores, 1.0, eligible=eligible)[0] == 0.5
    assert recall_at_precision([False, False], np.array([0.9, 0.8]), 0.5) == (0.0, 0.5)   # none reaches it
    assert best_f1(gold, scores)[0] == pytest.approx(f1(0.8, 1.0))
