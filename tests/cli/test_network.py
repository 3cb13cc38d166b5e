"""The network commands through click: output, formats, exit codes, errors."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.network.project import project


@pytest.fixture(scope="module")
def run(seed_settings):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, [*args, "--store", str(seed_settings.store)])

    return invoke


def test_path_tells_the_cq13_chain(run):
    result = run("path", "视联动力", "重庆算力枢纽", "-k", "3")
    assert result.exit_code == 0, result.output
    assert (
        "视联动力 —牵头建设→ 新型国产算力集群 —支撑→ 重庆—新疆算力传输通道 —支撑→ 重庆算力枢纽"
        in result.output
    )
    assert result.output.startswith("1. 视联动力 —牵头建设→ 重庆—新疆算力传输通道")
    assert "Visionvera —leads→" in result.output


def test_path_by_english_alias_and_iri_as_json(run):
    result = run(
        "path",
        "Visionvera",
        "https://w3id.org/yuzhong-kg/project/chongqing-computing-hub",
        "-f",
        "json",
        "-k",
        "2",
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["rank"] for r in rows] == [1, 2]
    assert rows[1]["路径"].startswith("视联动力 —牵头建设→ 新型国产算力集群")


def test_path_steps_cite_facts_in_csv(run):
    result = run("path", "视联动力", "重庆算力枢纽", "--steps", "-f", "csv", "-k", "1")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("从,关系,到,from,relation,to")
    assert "citation/project-chongqing-xinjiang-computing-channel" in result.output


def test_unknown_name_lists_candidates(run):
    result = run("path", "视联", "重庆算力枢纽")
    assert result.exit_code == 1
    assert "no entity is called '视联'" in result.output
    assert "视联动力" in result.output
    assert "Traceback" not in result.output


def test_ambiguous_name_lists_entities(run):
    # 陆海新通道 is an alias of the corridor and of Minsheng's container service.
    result = run("neighbours", "陆海新通道")
    assert result.exit_code == 1
    assert "names 2 entities" in result.output
    assert "place/western-land-sea-corridor" in result.output
    assert "Traceback" not in result.output


def test_a_name_shared_with_a_folded_node_means_the_network_node(run):
    # 新型国产算力集群 names the cluster project and the achievement folded into 视联动力.
    result = run("neighbours", "新型国产算力集群")
    assert result.exit_code == 0, result.output
    assert "视联动力" in result.output


def test_folded_entity_is_explained(run):
    result = run("neighbours", "专利申请总量")
    assert result.exit_code == 1
    assert "folded into the entities" in result.output


def test_neighbours_table_and_graph(run, tmp_path):
    out = tmp_path / "ego.graphml"
    result = run("neighbours", "视联动力", "--radius", "1", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "新型国产算力集群" in result.output and "(8 rows)" in result.output
    assert nx.read_graphml(out).number_of_nodes() == 9
    bad = run("neighbours", "视联动力", "-o", str(tmp_path / "ego.txt"))
    assert bad.exit_code == 2


def test_rank_csv(run):
    result = run("rank", "--top", "3", "-f", "csv")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("名称,name,degree,betweenness,pagerank")
    assert lines[1].startswith("渝中区,Yuzhong District,")
    assert len(lines) == 4


def test_rank_engines_and_groups(run):
    result = run("rank", "--group", "Organization", "--engine", "rustworkx", "--top", "2")
    assert result.exit_code == 0
    assert "pagerank: rustworkx" in result.output
    assert "渝中区" not in result.output


def test_communities(run):
    result = run("communities")
    assert result.exit_code == 0
    assert "modularity: 0." in result.output
    assert "算力经济" in result.output


def test_profile_enterprise_and_errors(run):
    result = run("profile", "enterprise", "视联动力")
    assert result.exit_code == 0, result.output
    assert "## 成果 achievements" in result.output
    assert "yz2504 750–800 §新兴产业渐成规模" in result.output
    as_json = json.loads(run("profile", "sector", "现代金融", "-f", "json").output)
    assert as_json["label_en"] == "modern finance"
    assert len(as_json["sections"]["统计 statistics"]) == 22
    wrong = run("profile", "zone", "视联动力")
    assert wrong.exit_code == 1 and "not a zone" in wrong.output
    assert run("profile", "building", "视联动力").exit_code == 2


def test_gaps_flagged_json(run):
    result = run("gaps", "--flagged", "-f", "json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    no_firm = {r["code"] for r in rows if r["no_enterprise"]}
    assert no_firm == {"COM", "CON", "CTT", "EMG-LAE"}


def test_similar(run):
    result = run("similar", "视联动力", "--top", "3", "-f", "csv")
    assert result.exit_code == 0
    assert result.output.splitlines()[1].startswith("途作林杰科技有限公司,")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_export(run, store, tmp_path, fmt):
    expected = project(store)
    n, m = expected.number_of_nodes(), expected.number_of_edges()
    out = tmp_path / f"yz.{fmt}"
    result = run("network-export", "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"({n} nodes, {m} edges)" in result.output
    read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    g = read(out)
    assert (g.number_of_nodes(), g.number_of_edges()) == (n, m)


def test_network_export_csv_full(run, tmp_path):
    result = run("network-export", "--format", "csv", "--full", "-o", str(tmp_path / "yz"))
    assert result.exit_code == 0
    assert (tmp_path / "yz-nodes.csv").exists() and (tmp_path / "yz-edges.csv").exists()


def test_help_has_examples():
    for name in (
        "path",
        "neighbours",
        "rank",
        "communities",
        "profile",
        "gaps",
        "similar",
        "network-export",
    ):
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0 and "Example: kg " in result.output


def test_rank_selected_measures(run):
    result = run("rank", "--measure", "pagerank", "--top", "2", "-f", "csv")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "名称,name,pagerank,kind,group,iri"
    assert run("rank", "--by", "betweenness", "--measure", "pagerank").exit_code == 2
