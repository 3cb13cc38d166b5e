"""``kg viz`` through click: files written, names resolved, clear errors."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from kg.cli import main


@pytest.fixture(scope="module")
def viz(seed_settings):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, ["viz", *args, "--store", str(seed_settings.store)])

    return invoke


def _data(path) -> dict:
    text = path.read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="kg-view-data">(.*?)</script>', text)
    return json.loads(block.group(1))


@pytest.mark.parametrize(
    ("args", "kind"),
    [
        (["whole"], "whole"),
        (["ego", "视联动力", "--radius", "2"], "ego"),
        (["sector"], "sector"),
        (["sector", "fin"], "sector"),
        (["sector", "新兴产业集群"], "sector"),
        (["zone"], "zone"),
        (["zone", "解放碑朝天门金融核心区"], "zone"),
        (["path", "Visionvera", "重庆算力枢纽", "-k", "2"], "path"),
        (["query", "cq13"], "query"),
    ],
)
def test_each_view_writes_a_page(viz, tmp_path, args, kind):
    out = tmp_path / f"{kind}.html"
    result = viz(*args, "-o", str(out))
    assert result.exit_code == 0, result.output
    data = _data(out)
    assert data["meta"]["kind"] == kind
    assert f"wrote {out}: {data['meta']['nodes']} nodes, {data['meta']['edges']} links" in (
        result.output
    )


def test_english_page_and_query_file(viz, tmp_path):
    rq = tmp_path / "led.rq"
    rq.write_text("CONSTRUCT { ?p yz:ledBy ?o } WHERE { ?p yz:ledBy ?o }", encoding="utf-8")
    out = tmp_path / "q.html"
    result = viz("query", str(rq), "-o", str(out), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert _data(out)["meta"]["lang"] == "en"
    assert '<html lang="en">' in out.read_text(encoding="utf-8")


def test_budget_folds_and_prints_the_note(viz, tmp_path):
    out = tmp_path / "w.html"
    result = viz("whole", "--budget", "60", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "上限" in result.output
    assert _data(out)["meta"]["nodes"] <= 60


def test_unknown_name_lists_the_closest(viz, tmp_path):
    result = viz("ego", "视联", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 1
    assert "no entity is called '视联'" in result.output and "视联动力" in result.output
    assert not (tmp_path / "x.html").exists()


def test_a_folded_record_is_not_a_node(viz, tmp_path):
    result = viz("ego", "https://w3id.org/yuzhong-kg/achievement/visionvera-patents-granted")
    assert result.exit_code == 1
    assert "not an entity of the graph" in result.output


def test_over_budget_asks_for_an_ego_view(viz, tmp_path):
    result = viz("whole", "--budget", "3", "-o", str(tmp_path / "w.html"))
    assert result.exit_code == 1 and "kg viz ego" in result.output


def test_help_has_an_example_per_command():
    runner = CliRunner()
    for command in ("whole", "ego", "sector", "zone", "path", "query"):
        result = runner.invoke(main, ["viz", command, "--help"])
        assert result.exit_code == 0 and "Example: kg viz" in result.output
