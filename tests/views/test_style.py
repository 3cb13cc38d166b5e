"""Styles: one look per class and per sector, the same in every view."""

from __future__ import annotations

from kg.views import views
from kg.views.page import page_data
from kg.views.style import (
    CLASS_STYLES,
    FONT_STACK,
    legend,
    node_size,
    sector_colour,
    style_key,
    vis_groups,
)


def test_each_class_group_has_its_own_shape_or_colour():
    looks = {(s.shape, s.colour) for s in CLASS_STYLES.values()}
    assert len(looks) == len(CLASS_STYLES)


def test_sector_colours_are_fixed_and_distinct():
    codes = ["FIN", "LOG", "PRO", "STS", "CTT", "HEA", "COM", "CON", "EMG"]
    assert len({sector_colour(c) for c in codes}) == len(codes)
    assert sector_colour("NEW-CODE") == sector_colour("NEW-CODE")
    assert sector_colour("NEW-CODE").startswith("#") and len(sector_colour("NEW-CODE")) == 7


def test_fill_by_sector_border_by_class():
    groups = vis_groups([style_key("Organization", ["FIN"]), style_key("Project", ["FIN"])])
    org, proj = groups["Organization|FIN"], groups["Project|FIN"]
    assert org["color"]["background"] == proj["color"]["background"] == sector_colour("FIN")
    assert org["shape"] != proj["shape"]
    assert org["color"]["border"] == CLASS_STYLES["Organization"].colour


def test_a_node_looks_the_same_in_every_view(seed_graph, iri):
    node = iri("org", "visionvera")
    keys = set()
    for view in (
        views.whole(seed_graph),
        views.ego(seed_graph, node),
        views.sector(seed_graph),
    ):
        data = page_data(view)
        record = next(n for n in data["nodes"] if n["iri"] == node)
        keys.add((record["group"], record["size"], str(data["groups"][record["group"]])))
    assert len(keys) == 1


def test_size_grows_with_degree_and_is_capped():
    assert node_size(0) < node_size(4) < node_size(100) == node_size(10_000)
    assert node_size(0, count=1000) > node_size(0, count=10)


def test_legend_lists_what_the_view_shows_in_scheme_order():
    entries = legend(
        ["Project", "Organization"],
        {"LOG": ("现代物流", "logistics"), "FIN": ("现代金融", "finance")},
        with_none=True,
    )
    assert [c["key"] for c in entries["classes"]] == ["Organization", "Project"]
    assert [s["key"] for s in entries["sectors"]] == ["FIN", "LOG", "-"]


def test_font_stack_names_fonts_of_linux_macos_and_windows():
    for font in ("Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei"):
        assert f'"{font}"' in FONT_STACK
    assert FONT_STACK.endswith("sans-serif")
