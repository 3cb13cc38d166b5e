"""Profiles: everything the graph knows of a sector, a zone or an enterprise, with sources.

A profile is a few tables (pandas DataFrames), each row citing where the source
states it: the document, its section and the character span. Build the graph with
``project(store, cited=True)`` for the sections and spans; without it the rows
cite the citation IRIs only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import pandas as pd

from kg.errors import KgError
from kg.network.paths import INVERSE_PHRASES
from kg.network.project import display, is_a, local_name

__all__ = ["KINDS", "NotOfKind", "Profile", "profile", "sector_closure"]

#: Profile kinds and the node group each applies to.
KINDS = {"sector": "Sector", "zone": "Place", "enterprise": "Organization"}


class NotOfKind(KgError):
    """The entity named is not of the kind of profile asked for."""


@dataclass
class Profile:
    """A profile: the entity, its headline facts and its tables, by section name."""

    kind: str
    iri: str
    label_zh: str
    label_en: str
    facts: pd.DataFrame
    sections: dict[str, pd.DataFrame] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: the entity, its facts and each section as records."""
        return {
            "kind": self.kind,
            "iri": self.iri,
            "label_zh": self.label_zh,
            "label_en": self.label_en,
            "facts": self.facts.to_dict("records"),
            "sections": {name: f.to_dict("records") for name, f in self.sections.items()},
        }


def profile(g: nx.MultiDiGraph, kind: str, iri: str) -> Profile:
    """The profile of kind ``kind`` (sector, zone or enterprise) of node ``iri``.

    Raises
    ------
    ValueError
        For an unknown kind of profile.
    KeyError
        If ``iri`` is not a node of ``g``.
    NotOfKind
        If the node is not of that kind (a company asked for as a zone).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("s", iri="s", group="Sector", kind="Sector", label_zh="现代金融",
    ...            label_en="modern finance", notation="FIN", sectors=["FIN"])
    >>> p = profile(g, "sector", "s")
    >>> p.facts.iloc[0].tolist()
    ['代码', 'code', 'FIN', '']
    """
    if kind not in KINDS:
        raise ValueError(f"unknown profile {kind!r}; choose one of {', '.join(KINDS)}")
    a = g.nodes[iri]
    if a.get("group") != KINDS[kind]:
        raise NotOfKind(
            f"{display(a)} is a {a.get('kind', 'resource')} ({a.get('group')}), not a {kind}"
        )
    cite = _Citations(g)
    build = {"sector": _sector, "zone": _zone, "enterprise": _enterprise}[kind]
    facts, sections = build(g, iri, cite)
    return Profile(kind, iri, a.get("label_zh", ""), a.get("label_en", ""), facts, sections)


class _Citations:
    """Citation IRI -> (出处, source) text, from the citation records of the graph."""

    def __init__(self, g: nx.MultiDiGraph):
        self.records: dict[str, dict[str, Any]] = dict(g.graph.get("citations", {}))

    def __call__(self, citation: str | None) -> tuple[str, str]:
        if not citation:
            return "", ""
        rec = self.records.get(citation)
        if rec is None:
            return "", citation
        # document, character span, section: the span first, so a cut cell keeps it
        doc = local_name(rec.get("document", ""))
        span = f" {rec['start']}–{rec['end']}" if "start" in rec and "end" in rec else ""
        zh = f"{doc}{span} §{rec.get('section_zh', '')}"
        en = f"{doc}{span} §{rec.get('section_en') or rec.get('section_zh', '')}"
        return zh, en


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns)


def _facts(rows: Iterable[tuple[str, str, Any, str | None]], cite: _Citations) -> pd.DataFrame:
    out = []
    for zh, en, value, citation in rows:
        if value in (None, "", []):
            continue
        if isinstance(value, list):
            value = "、".join(str(v) for v in value)
        out.append({"项目": zh, "field": en, "值": str(value), "出处": cite(citation)[0]})
    return _frame(out, ["项目", "field", "值", "出处"])


_LINK_COLUMNS = ["关系", "对象", "relation", "entity", "kind", "group", "出处", "source", "iri"]


def _links(
    g: nx.MultiDiGraph, iri: str, cite: _Citations, *, skip: set[str] = frozenset()
) -> pd.DataFrame:
    """Every link of the node, told from its side, with the citation of the fact."""
    rows = []
    for u, v, key, data in [
        *g.out_edges(iri, keys=True, data=True),
        *g.in_edges(iri, keys=True, data=True),
    ]:
        if key in skip:
            continue
        forward = u == iri
        other = v if forward else u
        if forward:
            zh, en = data.get("label_zh") or key, data.get("label_en") or key
        else:
            zh, en = INVERSE_PHRASES.get(
                key, (f"←{data.get('label_zh') or key}", f"is {data.get('label_en') or key} of")
            )
        b = g.nodes[other]
        where_zh, where_en = cite(data.get("source"))
        rows.append(
            {
                "关系": zh,
                "对象": display(b, "zh"),
                "relation": en,
                "entity": display(b, "en"),
                "kind": b.get("kind", ""),
                "group": b.get("group", ""),
                "出处": where_zh,
                "source": where_en,
                "iri": other,
            }
        )
    frame = _frame(rows, _LINK_COLUMNS)
    return frame.sort_values(["group", "关系", "对象"], kind="stable").reset_index(drop=True)


_ENTITY_COLUMNS = ["名称", "name", "kind", "sectors", "出处", "source", "iri"]


def _entities(
    g: nx.MultiDiGraph, nodes: Iterable[str], cite: _Citations, **extra: dict[str, str]
) -> pd.DataFrame:
    rows = []
    for n in sorted(set(nodes), key=lambda n: display(g.nodes[n])):
        a = g.nodes[n]
        where_zh, where_en = cite(a.get("source"))
        row = {
            "名称": display(a, "zh"),
            "name": display(a, "en"),
            "kind": a.get("kind", ""),
            "sectors": "|".join(a.get("sectors", ())),
            "出处": where_zh,
            "source": where_en,
            "iri": n,
        }
        for column, values in extra.items():
            row[column] = values.get(n, "")
        rows.append(row)
    return _frame(rows, _ENTITY_COLUMNS[:4] + list(extra) + _ENTITY_COLUMNS[4:])


_ACH_COLUMNS = ["成果", "achievement", "kind", "值", "主体", "项目", "出处", "source", "iri"]


def _achievements(
    g: nx.MultiDiGraph, records: Iterable[dict[str, Any]], cite: _Citations
) -> pd.DataFrame:
    rows, seen = [], set()
    classes = g.graph.get("classes", {})
    for r in records:
        if r["iri"] in seen:
            continue
        seen.add(r["iri"])
        where_zh, where_en = cite(r.get("source"))
        kind = r.get("kind", "")
        rows.append(
            {
                "成果": r.get("label_zh", ""),
                "achievement": r.get("label_en", ""),
                "kind": classes.get(kind, {}).get("label_zh") or kind,
                "值": _quantity(r),
                "主体": "、".join(
                    display(g.nodes[o], short=True) for o in r.get("achieved_by", ()) if o in g
                ),
                "项目": "、".join(display(g.nodes[p]) for p in r.get("aboutProject", ()) if p in g),
                "出处": where_zh,
                "source": where_en,
                "iri": r["iri"],
            }
        )
    return _frame(rows, _ACH_COLUMNS)


_COMPARATORS = {
    "GreaterThan": "超过 ",
    "AtLeast": "不低于 ",
    "LessThan": "低于 ",
    "AtMost": "不高于 ",
    "Approximately": "约 ",
}


def _quantity(r: dict[str, Any]) -> str:
    if "value" not in r:
        return ""
    value = r["value"]
    text = f"{value:g}" if isinstance(value, float) else str(value)
    text = f"{_COMPARATORS.get(r.get('comparator', ''), '')}{text} {r.get('unit', '')}".strip()
    if r.get("per_value") is not None:
        text += f" / {r['per_value']:g} {r.get('per_unit', '')}".rstrip()
    return text


_OBS_COLUMNS = ["指标", "indicator", "时期", "类型", "值", "地区", "出处", "source", "iri"]


def _observations(records: Iterable[dict[str, Any]], cite: _Citations) -> pd.DataFrame:
    rows, seen = [], set()
    for r in records:
        if r["iri"] in seen:
            continue
        seen.add(r["iri"])
        where_zh, where_en = cite(r.get("source"))
        rows.append(
            {
                "指标": r.get("indicator_zh", ""),
                "indicator": r.get("indicator_en", ""),
                "时期": r.get("period_zh", ""),
                "类型": r.get("measure", ""),
                "值": _quantity(r),
                "地区": r.get("area_zh", ""),
                "出处": where_zh,
                "source": where_en,
                "iri": r["iri"],
            }
        )
    frame = _frame(rows, _OBS_COLUMNS)
    return frame.sort_values(["指标", "时期"], kind="stable").reset_index(drop=True)


def sector_closure(g: nx.MultiDiGraph, sector: str) -> set[str]:
    """The sector and every concept below it (``skos:broader`` links pointing up to it).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph([("sub", "s", "skos:broader")])
    >>> sorted(sector_closure(g, "s"))
    ['s', 'sub']
    """
    found, todo = {sector}, [sector]
    while todo:
        for child, _, key in g.in_edges(todo.pop(), keys=True):
            if key == "skos:broader" and child not in found:
                found.add(child)
                todo.append(child)
    return found


_SECTOR_KEYS = ("yz:sector", "yz:industrySector")


def _members(g: nx.MultiDiGraph, sectors: set[str]) -> dict[str, str]:
    """Nodes classified under any of ``sectors`` -> the notations they are classified by."""
    found: dict[str, set[str]] = {}
    for s in sectors:
        code = g.nodes[s].get("notation", "")
        for n, _, key in g.in_edges(s, keys=True):
            if key in _SECTOR_KEYS:
                found.setdefault(n, set()).add(code)
    return {n: "|".join(sorted(codes)) for n, codes in found.items()}


def _records(g: nx.MultiDiGraph, name: str) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for _, a in g.nodes(data=True):
        for r in a.get(name, ()):
            seen.setdefault(r["iri"], r)
    return list(seen.values())


def _sector(g: nx.MultiDiGraph, iri: str, cite: _Citations):
    a = g.nodes[iri]
    closure = sector_closure(g, iri)
    codes = {g.nodes[s].get("notation") for s in closure}
    members = _members(g, closure)
    by_group: dict[str, list[str]] = {}
    for n in members:
        by_group.setdefault(g.nodes[n].get("group", "Other"), []).append(n)
    broader = [
        display(g.nodes[v]) for _, v, k in g.out_edges(iri, keys=True) if k == "skos:broader"
    ]
    narrower = [display(g.nodes[s]) for s in closure - {iri}]
    enterprises = [n for n in by_group.get("Organization", []) if is_a(g, n, "Enterprise")]
    others = [n for n in by_group.get("Organization", []) if n not in enterprises]
    facts = _facts(
        [
            ("代码", "code", a.get("notation", ""), None),
            ("名称", "name", f"{a.get('label_zh', '')} / {a.get('label_en', '')}", None),
            ("类型", "kind", a.get("kind", ""), None),
            ("上位", "broader", broader, None),
            ("下位", "narrower", sorted(narrower), None),
            ("企业数", "enterprises", len(enterprises), None),
            (
                "统计指标",
                "indicators",
                sorted({i for s in closure for i in g.nodes[s].get("indicators", ())}),
                None,
            ),
        ],
        cite,
    )
    where = {n: _where(g, n) for n in members}
    sections = {
        "企业 enterprises": _entities(g, enterprises, cite, 产业=members, 位于=where),
        "其他组织 other organisations": _entities(g, others, cite, 产业=members, 位于=where),
        "区域 places": _entities(g, by_group.get("Place", []), cite, 产业=members),
        "项目 projects": _entities(g, by_group.get("Project", []), cite, 产业=members, 位于=where),
        "事件 events": _entities(g, by_group.get("Event", []), cite, 产业=members),
        "成果 achievements": _achievements(
            g, [r for r in _records(g, "achievements") if codes & set(r.get("sectors", ()))], cite
        ),
        "统计 statistics": _observations(
            [r for r in _records(g, "observations") if codes & set(r.get("sectors", ()))], cite
        ),
    }
    return facts, sections


def _where(g: nx.MultiDiGraph, n: str) -> str:
    return "、".join(
        display(g.nodes[v])
        for _, v, k in g.out_edges(n, keys=True)
        if k in ("yz:locatedIn", "schema:location")
    )


def _within(g: nx.MultiDiGraph, place: str) -> set[str]:
    """The place and every place inside it (``schema:containedInPlace``, transitively)."""
    found, todo = {place}, [place]
    while todo:
        for child, _, key in g.in_edges(todo.pop(), keys=True):
            if key == "schema:containedInPlace" and child not in found:
                found.add(child)
                todo.append(child)
    return found


def _zone(g: nx.MultiDiGraph, iri: str, cite: _Citations):
    a = g.nodes[iri]
    places = _within(g, iri)
    at: dict[str, str] = {}
    for p in places:
        for n, _, key in g.in_edges(p, keys=True):
            if key in ("yz:locatedIn", "schema:location", "yz:connects") and n not in places:
                at.setdefault(n, display(g.nodes[p]))
    groups: dict[str, list[str]] = {}
    for n in at:
        groups.setdefault(g.nodes[n].get("group", "Other"), []).append(n)
    up = []
    node = iri
    while True:
        parents = [v for _, v, k in g.out_edges(node, keys=True) if k == "schema:containedInPlace"]
        if not parents or parents[0] in up:
            break
        up.append(parents[0])
        node = parents[0]
    sectors = sorted(
        {c for n in at for c in g.nodes[n].get("sectors", ())} | set(a.get("sectors", ()))
    )
    facts = _facts(
        [
            ("名称", "name", f"{a.get('label_zh', '')} / {a.get('label_en', '')}", a.get("source")),
            ("类型", "kind", a.get("kind", ""), None),
            ("别名", "aliases", a.get("aliases", []), None),
            ("代码", "code", a.get("code", ""), None),
            ("所在", "within", " ⊂ ".join(display(g.nodes[p]) for p in up), None),
            ("产业", "sectors", sectors, None),
            ("说明", "note", a.get("note", ""), None),
        ],
        cite,
    )
    orgs = groups.get("Organization", [])
    sections = {
        "入驻组织 organisations": _entities(g, orgs, cite, 位于=at),
        "下辖区域 places within": _entities(g, places - {iri}, cite),
        "项目 projects": _entities(g, groups.get("Project", []), cite, 位于=at),
        "事件 events": _entities(g, groups.get("Event", []), cite, 位于=at),
        "统计 statistics": _observations(
            [r for r in a.get("observations", ()) if r.get("area") == iri], cite
        ),
        "关系 links": _links(g, iri, cite, skip={"schema:containedInPlace"}),
    }
    return facts, sections


def _enterprise(g: nx.MultiDiGraph, iri: str, cite: _Citations):
    a = g.nodes[iri]
    parent = [
        display(g.nodes[v])
        for _, v, k in g.out_edges(iri, keys=True)
        if k == "org:subOrganizationOf"
    ]
    facts = _facts(
        [
            ("名称", "name", a.get("label_zh", ""), a.get("source")),
            ("英文名称", "English name", a.get("label_en", ""), None),
            ("别名", "aliases", a.get("aliases", []), None),
            ("类型", "kind", a.get("kinds") or a.get("kind", ""), None),
            ("产业", "sectors", a.get("sectors", []), None),
            ("位于", "located in", _where(g, iri), None),
            ("上级组织", "parent", parent, None),
            ("落户", "settled", a.get("settled", ""), a.get("source")),
            ("说明", "note", a.get("note", ""), None),
        ],
        cite,
    )
    sections = {
        "关系 links": _links(g, iri, cite),
        "成果 achievements": _achievements(g, a.get("achievements", ()), cite),
        "统计 statistics": _observations(a.get("observations", ()), cite),
    }
    return facts, sections
