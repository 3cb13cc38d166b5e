"""Write a view as one self-contained, escaped UTF-8 HTML page.

The page holds everything it needs and fetches nothing:

* vis-network's script, inlined from the installed pyvis package
  (:mod:`kg.views.assets`), and the page's own script and style sheet;
* the view's data in a ``<script type="application/json">`` block, where every
  ``<``, ``>`` and ``&`` is written ``\\u003c``, ``\\u003e``, ``\\u0026``: no text
  taken from the data can close the block or open a tag;
* a Content-Security-Policy that lets only those two inline scripts run (by their
  SHA-256) and forbids every network request.

The page's script builds labels, tooltips, the legend, search results and the
details panel from that data as DOM text nodes (``textContent``), never as HTML,
so a label such as ``<img src=x onerror=alert(1)>`` is shown as it is written.

Examples
--------
>>> json_for_html({"label": "</script><b>&"})
'{"label":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
"""

from __future__ import annotations

import html
import json
import textwrap
from collections import defaultdict
from pathlib import Path
from typing import Any

from kg.network.project import display, local_name
from kg.views.assets import VIS_VERSION, app_css, app_js, csp_hash, vis_network_js
from kg.views.style import (
    AGGREGATE_DASHES,
    EDGE_COLOUR,
    FONT_STACK,
    HIGHLIGHT_COLOUR,
    NO_SECTOR,
    legend,
    node_size,
    style_key,
    vis_groups,
)
from kg.views.views import View

__all__ = ["LANGS", "json_for_html", "page_data", "render", "write"]

LANGS = ("zh", "en")
_ZH_WRAP, _EN_WRAP = 10, 22  # characters per label line


def json_for_html(data: Any) -> str:
    """``data`` as compact JSON that is safe inside an HTML ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def render(view: View, *, lang: str = "zh") -> str:
    """The page of ``view`` as a string.

    Parameters
    ----------
    view : View
    lang : {"zh", "en"}, default "zh"
        The language the page opens in (a button switches).

    Returns
    -------
    str
        A complete HTML document.

    Raises
    ------
    ValueError
        If ``lang`` is not ``"zh"`` or ``"en"``.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    data = json_for_html(page_data(view, lang=lang))
    vis, app = vis_network_js(), app_js()
    policy = "; ".join(
        [
            "default-src 'none'",
            f"script-src {csp_hash(vis)} {csp_hash(app)}",
            "style-src 'unsafe-inline'",
            "img-src data:",
            "font-src data:",
            "connect-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    title = view.title_zh if lang == "zh" else view.title_en
    css = f":root{{--kg-font:{FONT_STACK}}}\n" + app_css()
    return "".join(
        [
            "<!DOCTYPE html>\n",
            f'<html lang="{"zh-Hans" if lang == "zh" else "en"}">\n<head>\n',
            '<meta charset="utf-8">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            '<meta name="referrer" content="no-referrer">\n',
            f'<meta name="generator" content="yuzhong-kg views, vis-network {VIS_VERSION}">\n',
            f"<title>{html.escape(title)}</title>\n",
            f"<style>\n{css}\n</style>\n</head>\n<body>\n",
            _BODY.replace("{title}", html.escape(title)),
            f'<script type="application/json" id="kg-view-data">{data}</script>\n',
            f"<script>{vis}</script>\n",
            f"<script>{app}</script>\n",
            "</body>\n</html>\n",
        ]
    )


def write(view: View, path: str | Path, *, lang: str = "zh") -> Path:
    """Write the page of ``view`` to ``path`` in UTF-8; return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(view, lang=lang), encoding="utf-8", newline="\n")
    return path


_BODY = """<header>
<h1 id="title">{title}</h1>
<div class="search"><input id="search" type="search" autocomplete="off" spellcheck="false">
<ul id="results" role="listbox" hidden></ul></div>
<button id="fit" type="button"></button>
<button id="reset" type="button"></button>
<button id="lang" type="button"></button>
</header>
<div id="note" hidden></div>
<main>
<div id="graph"></div>
<aside id="side">
<section id="legend"></section>
<section id="details"></section>
</aside>
</main>
<div id="tip" hidden></div>
<noscript>This page draws the graph with JavaScript.</noscript>
"""


def page_data(view: View, *, lang: str = "zh") -> dict[str, Any]:
    """Everything the page's script needs, as plain JSON-ready data.

    Returns
    -------
    dict
        ``meta`` (kind, title, note, language, counts, font), ``groups`` (the
        vis-network styles), ``legend``, ``strings`` (texts that many rows share,
        as ``[zh, en]``), ``nodes`` and ``edges``.

        Nodes carry ``id`` (their index), ``iri``, ``x``, ``y``, ``group`` (style
        key), ``size``, ``l`` (label per language), ``s`` (search texts), ``c``
        (class group), ``k`` (sectors), ``t`` (tooltip rows ``[key_zh, key_en,
        value_zh, value_en?]``, a value given as a number is an index into
        ``strings``) and the flags ``fo`` (focus), ``fa`` (faded), ``ag``
        (super-node). Edges carry ``id``, ``from``, ``to`` (node indexes), ``k``
        (predicate CURIE), ``l``, ``t`` and the flags ``q`` (no label), ``h``
        (highlighted), ``d`` (dashed), ``r`` (curvature of parallel links).
    """
    g = view.graph
    names = view.sector_names
    strings = _Strings()
    classes = g.graph.get("classes", {})
    citations = g.graph.get("citations", {})
    index = {n: i for i, n in enumerate(g)}
    nodes = []
    keys = []
    for n, d in g.nodes(data=True):
        x, y = view.positions.get(n, (0.0, 0.0))
        key = style_key(d.get("group", "Other"), d.get("sectors") or ())
        keys.append(key)
        degree = view.degrees.get(n, g.degree(n))
        record: dict[str, Any] = {
            "id": index[n],
            "iri": str(n),
            "x": x,
            "y": y,
            "group": key,
            "size": node_size(degree, count=d.get("count") if d.get("aggregate") else None),
            "l": [_wrap(_short(d, "zh"), _ZH_WRAP), _wrap(_short(d, "en"), _EN_WRAP)],
            "s": _search_texts(d),
            "c": d.get("group", "Other"),
            "k": list(d.get("sectors") or [NO_SECTOR]),
            "t": _node_rows(n, d, degree, classes, citations, names, strings),
        }
        if n in view.focus:
            record["fo"] = 1
        if n in view.faded:
            record["fa"] = 1
        if d.get("aggregate"):
            record["ag"] = 1
        nodes.append(record)
    edges = []
    curvature = _curvature(g)
    for i, (u, v, k, d) in enumerate(g.edges(keys=True, data=True)):
        record = {
            "id": i,
            "from": index[u],
            "to": index[v],
            "k": str(k),
            "l": _edge_labels(k, d),
            "t": _edge_rows(d, citations, strings),
        }
        if k in view.quiet:
            record["q"] = 1
        if (u, v, k) in view.highlighted:
            record["h"] = 1
        if d.get("inferred") or str(k).startswith("yz:hasAchievement/"):
            record["d"] = 1
        if curvature.get((u, v, k)):
            record["r"] = curvature[(u, v, k)]
        edges.append(record)
    present = {s for n in nodes for s in n["k"]}
    sector_entries = {code: names.get(code, (code, code)) for code in present if code != NO_SECTOR}
    return {
        "meta": {
            "kind": view.kind,
            "title": [view.title_zh, view.title_en],
            "note": [view.note_zh, view.note_en],
            "lang": lang,
            "nodes": len(nodes),
            "edges": len(edges),
            "total": view.total or len(nodes),
            "font": FONT_STACK,
            "edgeColour": EDGE_COLOUR,
            "highlight": HIGHLIGHT_COLOUR,
            "dashes": AGGREGATE_DASHES,
        },
        "groups": vis_groups(keys),
        "legend": legend((n["c"] for n in nodes), sector_entries, with_none=NO_SECTOR in present),
        "strings": strings.items,
        "nodes": nodes,
        "edges": edges,
    }


class _Strings:
    """Texts shared by many tooltip rows (sources, class names), stored once."""

    def __init__(self) -> None:
        self.items: list[list[str]] = []
        self._index: dict[tuple[str, str], int] = {}

    def ref(self, zh: str, en: str) -> int:
        key = (zh, en)
        if key not in self._index:
            self._index[key] = len(self.items)
            self.items.append([zh, en])
        return self._index[key]


# -- labels and tooltips ---------------------------------------------------------------------


def _short(d: dict[str, Any], lang: str) -> str:
    if d.get("aggregate"):
        return d.get(f"label_{lang}") or d.get("label_zh", "")
    return display(d, lang, short=True)


def _wrap(text: str, width: int) -> str:
    if len(text) <= width:
        return text
    if " " in text:
        return "\n".join(textwrap.wrap(text, width=width, break_long_words=False)[:3])
    lines = [text[i : i + width] for i in range(0, len(text), width)]
    return "\n".join(lines[:3])


def _search_texts(d: dict[str, Any]) -> list[str]:
    texts = [d.get("label_zh", ""), d.get("label_en", ""), *d.get("aliases", [])]
    if d.get("notation"):
        texts.append(d["notation"])
    return list(dict.fromkeys(t for t in texts if t))


def _row(key_zh: str, key_en: str, value_zh: Any, value_en: Any = None) -> list[str]:
    value_zh = str(value_zh)
    value_en = value_zh if value_en is None else str(value_en)
    return (
        [key_zh, key_en, value_zh] if value_en == value_zh else [key_zh, key_en, value_zh, value_en]
    )


_LITERAL_ROWS = [
    ("notation", "编码", "notation"),
    ("code", "区划代码", "division code"),
    ("date", "日期", "date"),
    ("settled", "落户", "settled"),
    ("value", "数值", "value"),
    ("population_zh", "人口", "population"),
    ("list_zh", "名单", "list"),
]


def _node_rows(n, d, degree, classes, citations, names, strings) -> list[list]:
    rows: list[list[str]] = []
    kind = d.get("kind", "")
    if d.get("aggregate"):
        rows.append(_row("类型", "class", "汇总节点", "summary node"))
        rows.append(_row("数量", "count", d.get("count", 0)))
        members = d.get("members", [])
        more = d.get("count", 0) > len(members)
        rows.append(
            _row(
                "包括",
                "includes",
                "、".join(m[0] for m in members) + ("…" if more else ""),
                ", ".join(m[1] for m in members) + ("…" if more else ""),
            )
        )
    else:
        cls = classes.get(kind, {})
        label = strings.ref(
            f"{cls.get('label_zh') or kind}（{kind}）", f"{cls.get('label_en') or kind} ({kind})"
        )
        rows.append(["类型", "class", label])
        zh, en = d.get("label_zh", ""), d.get("label_en", "")
        rows.append(_row("名称", "name", zh or en, en or zh))
    if d.get("aliases"):
        rows.append(_row("别名", "aliases", "、".join(d["aliases"]), ", ".join(d["aliases"])))
    sectors = [s for s in d.get("sectors") or () if s != NO_SECTOR]
    if sectors:
        rows.append(
            _row(
                "产业",
                "sectors",
                "、".join(f"{s} {names.get(s, (s, s))[0]}" for s in sectors),
                ", ".join(f"{s} {names.get(s, (s, s))[1]}" for s in sectors),
            )
        )
    for attr, key_zh, key_en in _LITERAL_ROWS:
        if d.get(attr) not in (None, ""):
            other = d.get(attr.replace("_zh", "_en")) if attr.endswith("_zh") else None
            rows.append(_row(key_zh, key_en, d[attr], other))
    achievements = d.get("achievements") or []
    if achievements:
        first = achievements[:3]
        more = "…" if len(achievements) > 3 else ""
        rows.append(
            _row(
                "成果",
                "achievements",
                f"{len(achievements)}：" + "、".join(a.get("label_zh", "") for a in first) + more,
                f"{len(achievements)}: " + "; ".join(a.get("label_en", "") for a in first) + more,
            )
        )
    if d.get("observations"):
        rows.append(_row("统计", "statistics", len(d["observations"])))
    for var, value in (d.get("query") or {}).items():
        rows.append(_row(f"?{var}", f"?{var}", value))
    rows.append(_row("关系数", "links", degree))
    if d.get("source"):
        rows.append(_source_row(d["source"], citations, strings))
    if d.get("place"):
        rows.append(_row("地点", "place", local_name(d["place"])))
    return rows


def _source_row(citation: str, citations: dict[str, dict[str, Any]], strings: _Strings) -> list:
    rec = citations.get(citation)
    if not rec:
        return ["出处", "source", strings.ref(local_name(citation), local_name(citation))]
    span = ""
    if rec.get("start") is not None and rec.get("end") is not None:
        span = f"{rec['start']}–{rec['end']}"
    doc = rec.get("document_zh") or local_name(rec.get("document", ""))
    zh = " · ".join(x for x in (doc, rec.get("section_zh", "")) if x)
    en = " · ".join(x for x in (doc, rec.get("section_en") or rec.get("section_zh", "")) if x)
    if span:
        zh += f"（字符 {span}）"
        en += f" (characters {span})"
    return ["出处", "source", strings.ref(zh, en)]


def _edge_labels(k, d: dict[str, Any]) -> list[str]:
    zh = d.get("label_zh") or str(k)
    en = d.get("label_en") or str(k)
    if d.get("count"):
        zh, en = f"{zh} ×{d['count']}", f"{en} ×{d['count']}"
    return [zh, en]


def _edge_rows(d: dict[str, Any], citations, strings: _Strings) -> list[list]:
    """Rows beyond the link, its ends and its labels (which the page adds itself)."""
    rows: list[list] = []
    if d.get("count"):
        rows.append(_row("数量", "count", d["count"]))
    if d.get("inferred"):
        rows.append(_row("推理得出", "inferred", "是", "yes"))
    if d.get("via"):
        rows.append(_row("经由成果", "via achievement", "、".join(map(local_name, d["via"]))))
    if d.get("source"):
        rows.append(_source_row(d["source"], citations, strings))
    return rows


def _curvature(g) -> dict[tuple, float]:
    """A curvature for each of several links between the same two nodes, so none overlap."""
    pairs: dict[frozenset, list[tuple]] = defaultdict(list)
    for u, v, k in g.edges(keys=True):
        pairs[frozenset((str(u), str(v)))].append((u, v, k))
    out: dict[tuple, float] = {}
    for links in pairs.values():
        if len(links) < 2:
            continue
        first = links[0][0]
        for i, (u, v, k) in enumerate(links):
            r = round(0.18 * (i - (len(links) - 1) / 2), 2)
            out[(u, v, k)] = r if u == first else -r
    return out
