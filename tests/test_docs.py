"""The README and docs/: a short README for users whose results table is made from the models' score files."""
import json
import re

import pytest

from conftest import ROOT
from presslens.lab.evaluation import results_table


def test_the_results_tables_hold_what_the_score_files_say():
    assert results_table.main(["--check"]) == 0, "run `python -m presslens.lab.evaluation.results_table`"


def test_every_row_reads_a_figure_of_a_shipped_score_file():
    rows = results_table.read_spec()
    assert len(rows) >= 20
    for row in rows:
        for figure in row["figures"]:
            assert (results_table.MODELS / figure["file"]).is_file(), figure
            value = results_table.Figure(**figure).value()
            assert 0.0 <= value <= 1.0, (row["analysis"], figure, value)
        assert row["command"].startswith(("presslens ", "make ")), row["command"]
        if row.get("refresh"):   # a refreshed score file is the JSON its evaluation prints
            assert row["refresh"].startswith("eval ") and "--json" not in row["refresh"]


def test_targets_are_judged_on_their_figure():
    figure = {"file": "entities/heldout_scores.json", "path": "conll_testa.all.f1"}          # 0.891
    share = {"file": "entities/eval_news_round3.json", "path": "news.not_actor_rate", "percent": True}
    rows = [{"analysis": "a", "data": "d", "metric": "m", "command": "presslens x", "figures": [figure, share],
             "targets": [{"figure": 0, "at_least": 0.88}, {"figure": 0, "at_least": 0.95},
                         {"figure": 1, "at_most": 0.03}]}]
    line = results_table.table(rows).splitlines()[-1]
    assert "≥ 0.88 met" in line and "≥ 0.95 missed by 0.059" in line
    assert re.search(r"≤ 3 % missed by \d+\.\d points", line)


def test_a_page_without_the_markers_is_refused():
    with pytest.raises(ValueError):
        results_table.page_with_table("# no table here\n", results_table.block())


def test_the_readme_is_short_and_its_links_lead_somewhere():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 300
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", readme):
        if not target.startswith("http"):
            assert (ROOT / target).exists(), target
    for page in (ROOT / "docs").glob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).exists(), (page.name, target)


def test_the_licence_and_the_changelog_ship():
    assert "Apache License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").startswith("# Changelog")
    spec = json.loads(results_table.SPEC.read_text(encoding="utf-8"))
    assert all("figures" in row for row in spec)


def test_every_model_card_says_where_its_licences_are():
    for card in sorted((ROOT / "presslens" / "models").glob("*/MODEL_CARD.md")):
        text = card.read_text(encoding="utf-8")
        assert "docs/licences.md" in text, card
        assert f"## {card.parent.name}" in (ROOT / "docs" / "licences.md").read_text(encoding="utf-8"), card


def test_a_written_card_ends_with_its_licences_once(tmp_path):
    from presslens.models.provenance import save_model_card

    folder = tmp_path / "verifier"
    folder.mkdir()
    save_model_card(folder, "# A card\n\nText.\n")
    save_model_card(folder, (folder / "MODEL_CARD.md").read_text(encoding="utf-8"))
    text = (folder / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert text.count("## Licences") == 1 and "docs/licences.md#verifier" in text


def test_score_files_of_the_results_table_are_no_part_of_a_models_fingerprint(tmp_path):
    from presslens.models.provenance import folder_fingerprint

    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    before = folder_fingerprint(str(folder))
    (folder / "eval_heldout.json").write_text('{"f1": 0.5}')
    folder_fingerprint.cache_clear()
    assert folder_fingerprint(str(folder)) == before
