"""SemEval-2023 Task 3 metrics on cases computed by hand, and the label-file readers."""
import pytest

from presslens.errors import InvalidRecord
from presslens.lab.evaluation.semeval2023 import (macro_f1, micro_f1, read_frames, read_genres, read_paragraph_techniques,
                                              write_frames, write_genres, write_paragraph_techniques)


def test_genre_macro_f1():
    gold = {"1": "opinion", "2": "opinion", "3": "reporting", "4": "satire"}
    pred = {"1": "opinion", "2": "reporting", "3": "reporting", "4": "opinion"}
    # opinion P 1/2 R 1/2 F 0.5; reporting P 1/2 R 1 F 2/3; satire P 0 R 0 F 0
    r = macro_f1(pred, gold)
    assert r.f1 == pytest.approx((0.5 + 2 / 3 + 0) / 3)
    assert r.per_label["reporting"].recall == 1.0


def test_genre_macro_f1_ignores_labels_absent_from_both_sides():
    r = macro_f1({"1": "opinion", "2": "reporting"}, {"1": "opinion", "2": "reporting"})
    assert r.f1 == 1.0 and set(r.per_label) == {"opinion", "reporting"}


def test_frames_micro_f1():
    gold = {"1": ["Political", "Morality"], "2": ["Economic"]}
    pred = {"1": ["Political"], "2": ["Economic", "Morality"], "3": ["Political"]}  # article 3 has no gold: ignored
    # tp = 2, predicted pairs = 3, gold pairs = 3
    r = micro_f1(pred, gold)
    assert (r.precision, r.recall, r.f1) == pytest.approx((2 / 3, 2 / 3, 2 / 3))
    assert r.per_label["Morality"].precision == 0.0


def test_paragraph_techniques_micro_f1():
    gold = {("1", 1): [], ("1", 3): ["Doubt", "Loaded_Language"]}
    pred = {("1", 1): ["Doubt"], ("1", 3): ["Loaded_Language"]}
    r = micro_f1(pred, gold)
    assert (r.precision, r.recall) == pytest.approx((0.5, 0.5))


def test_files_round_trip(tmp_path):
    write_genres(tmp_path / "genre.txt", {"7": "opinion", "3": "satire"})
    assert read_genres(tmp_path / "genre.txt") == {"3": "satire", "7": "opinion"}
    write_frames(tmp_path / "frames.txt", {"7": ["Political", "Economic"], "8": []})
    assert read_frames(tmp_path / "frames.txt") == {"7": ["Political", "Economic"], "8": []}
    write_paragraph_techniques(tmp_path / "t.txt", {("7", 3): ["Doubt"], ("7", 1): []})
    assert (tmp_path / "t.txt").read_text() == "7\t1\t\n7\t3\tDoubt\n"
    assert read_paragraph_techniques(tmp_path / "t.txt") == {("7", 1): [], ("7", 3): ["Doubt"]}


def test_malformed_label_line(tmp_path):
    bad = tmp_path / "genre.txt"
    bad.write_text("123 opinion\n")
    with pytest.raises(InvalidRecord, match="genre.txt:1"):
        read_genres(bad)
