"""`presslens eval voice`: whose words a span is in, scored against blind judgements, end to end on a tiny folder."""
import subprocess
import sys

from conftest import ROOT


def _tiny(tmp_path):
    articles = tmp_path / "data" / "ptc2020" / "train" / "articles"
    articles.mkdir(parents=True)
    text = ("Budget row\n\nCritics call the plan a job-killer. The mayor is a reckless fool.\n\n"
            "“These cowards will never listen to us,” said Ana Ruiz, a resident.\n")
    (articles / "article1.txt").write_text(text, encoding="utf-8")
    rows = [("job-killer", "other", "moved-by-naming"), ("reckless fool", "author", "random-author"),
            ("These cowards", "other", "random-author")]
    lines = ["article\tstart\tend\twhose\tround\tdrawn"]
    for fragment, whose, drawn in rows:
        start = text.index(fragment)
        lines.append(f"ptc2020/article1.txt\t{start}\t{start + len(fragment)}\t{whose}\t1\t{drawn}")
    labels = tmp_path / "voice.tsv"
    labels.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path / "data", labels


def test_voice_is_scored_against_judgements(tmp_path):
    from presslens.lab.evaluation.voice import evaluate_voice

    data, labels = _tiny(tmp_path)
    scores = evaluate_voice(data, labels).as_dict()
    assert scores["spans"] == 3 and scores["quoted_precision"] == 1.0 and scores["other_recall"] == 1.0
    assert scores["by_drawn"]["random-author"] == {"spans": 2, "judged_other": 1, "read_quoted": 1, "agree": 2}


def test_a_bad_voice_label_file_is_a_one_line_error(tmp_path):
    data, _ = _tiny(tmp_path)
    bad = tmp_path / "bad.tsv"
    bad.write_text("article\tstart\tend\twhose\tround\tdrawn\nptc2020/article1.txt\t0\t5\tmaybe\t1\tx\n")
    proc = subprocess.run([sys.executable, "-m", "presslens", "eval", "voice", "--data", str(data), "--labels", str(bad)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 8 and "author or other" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
