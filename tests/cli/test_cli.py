"""The ``kg`` command, through click's runner: exit codes, output and errors."""

import csv
import io
import json

import click
import pytest
from click.testing import CliRunner
from pyoxigraph import RdfFormat, parse

from kg.cli import main


@pytest.fixture
def run(seed_settings):
    runner = CliRunner()

    def invoke(*args, store=True):
        extra = ["--store", str(seed_settings.store)] if store else []
        return runner.invoke(main, [*args, *extra], catch_exceptions=False)

    return invoke


def test_build_reports_counts(tmp_path):
    result = CliRunner().invoke(main, ["build", "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert "asserted" in result.output and "inferred" in result.output


def test_query_named_as_table(run):
    result = run("query", "cq03")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split()[:2] == ["institution", "name"]
    assert "2025-02-18" in result.output and "(2 rows)" in result.output


def test_query_csv_and_json(run):
    out = run("query", "cq09", "--format", "csv").output
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["name"] for r in rows} >= {"中德(重庆)国际医疗创新中心"}
    doc = json.loads(run("query", "cq09", "--format", "json").output)
    assert doc["head"]["vars"][0] == "partner"
    assert doc["results"]["bindings"][0]["partner"]["type"] == "uri"


def test_query_inline_and_file(run, tmp_path):
    inline = run("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s a yz:Street }", "-f", "csv")
    assert inline.output.splitlines()[1] == "11"
    path = tmp_path / "q.rq"
    path.write_text('ASK { ?s skos:notation "FIN" }', encoding="utf-8")
    assert run("query", str(path)).output.strip() == "true"


def test_invalid_sparql_names_the_position(run):
    result = run("query", "SELECT ?x WHERE { ?x ?y }")
    assert result.exit_code == 1
    assert "invalid SPARQL: error at 1:" in result.output
    assert "Traceback" not in result.output


def test_unknown_named_query_lists_names(run):
    result = run("query", "cq99")
    assert result.exit_code == 1
    assert "no named query 'cq99'" in result.output and "cq01-sectors-by-group" in result.output


def test_bind_by_name_zh_and_en(run):
    zh = run("query", "cq05", "--bind", "enterprise=途作林杰", "-f", "csv").output
    en = run("query", "cq05", "--bind", "enterprise=Tuzuo Linjie", "-f", "csv").output
    assert zh == en and "完成项目" in zh


def test_unknown_name_suggests_candidates(run):
    result = run("resolve", "视联")
    assert result.exit_code == 1
    assert "no entity is called '视联'" in result.output and "视联动力" in result.output


def test_resolve_by_alias(run, seed_settings):
    result = run("resolve", "visionvera")
    assert result.output.strip() == seed_settings.iri("org", "visionvera")


def test_limit_truncates_visibly(run):
    result = run("query", "SELECT ?s WHERE { ?s ?p ?o }", "--limit", "3")
    assert "(3 rows, truncated)" in result.output


def test_stats_counts_classes_and_sectors(run):
    out = run("stats", "-f", "csv").output
    assert "yz:Street" not in out  # compact names only in tables
    assert "https://w3id.org/yuzhong-kg/def#Street,街道,11" in out
    assert "EMG-CMP,算力经济," in out


def test_queries_lists_every_question(run):
    out = CliRunner().invoke(main, ["queries"]).output
    assert out.count("cq") >= 15 and "Which sectors make up the 4311 system" in out


@pytest.mark.parametrize(
    ("fmt", "rdf"),
    [
        ("turtle", RdfFormat.TURTLE),
        ("ntriples", RdfFormat.N_TRIPLES),
        ("jsonld", RdfFormat.JSON_LD),
    ],
)
def test_export_triple_formats_parse_back(run, tmp_path, fmt, rdf):
    out = tmp_path / f"g.{fmt}"
    assert run("export", "--format", fmt, "-o", str(out)).exit_code == 0
    triples = list(parse(path=str(out), format=rdf))
    assert len(triples) > 5000


def test_export_trig_keeps_one_graph_per_source(run, tmp_path, seed_settings):
    out = tmp_path / "g.trig"
    run("export", "--format", "trig", "--asserted-only", "-o", str(out))
    graphs = {q.graph_name.value for q in parse(path=str(out), format=RdfFormat.TRIG)}
    assert seed_settings.graph("yz2504") in graphs and seed_settings.graph("nbs2023") in graphs
    assert seed_settings.graph("inferred") not in graphs


def test_validate_command(seed_settings):
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0 and "conform" in result.output


def test_store_missing_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["query", "cq01", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1 and "run `kg build` first" in result.output


def test_every_command_has_an_example():
    ctx = click.Context(main)
    names = main.list_commands(ctx)
    assert {"build", "query", "path", "viz", "serve"} <= set(names)
    for name in names:
        command = main.get_command(ctx, name)
        assert command is not None and command.name == name, name
        assert command.help and "Example:" in command.help, name


def test_build_refuses_bad_tables_and_keeps_the_store(tmp_path, data_copy):
    from tests.conftest import edit_cell

    store = tmp_path / "s"
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--store", str(store)]).exit_code == 0
    row = edit_cell(data_copy, "organizations.csv", "visionvera", "sectors", "QUANTUM")
    result = runner.invoke(main, ["build", "--store", str(store), "--data", str(data_copy)])
    assert result.exit_code == 1
    assert (
        f"organizations.csv, row {row}, field 'sectors': unknown sector 'QUANTUM'" in result.output
    )
    after = runner.invoke(main, ["query", "cq02", "--store", str(store), "-f", "csv"])
    assert "视联动力" in after.output


def test_validate_names_the_broken_cell(data_copy):
    from tests.conftest import edit_cell

    row = edit_cell(data_copy, "observations.csv", "gdp-growth-2024", "unit", "NUM")
    result = CliRunner().invoke(main, ["validate", "--data", str(data_copy)])
    assert result.exit_code == 1
    assert f"observations.csv, row {row}, field 'unit'" in result.output


def test_pathological_query_is_stopped(run):
    cross = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    result = run("query", cross, "--timeout", "1")
    assert result.exit_code == 1
    assert "stopped after the time limit of 1 s" in result.output


def test_ambiguous_name_lists_each_entity(run):
    result = run("resolve", "新型国产算力集群")
    assert result.exit_code == 1
    assert "names 2 entities" in result.output
    assert "/achievement/visionvera-hami-cluster>" in result.output
    assert "/project/hami-computing-cluster>" in result.output
