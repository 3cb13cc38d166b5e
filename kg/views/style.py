"""How entities look: shape and colour by class, colour by 4311 sector, size by degree.

One table of styles serves every view, so an enterprise of 现代金融 has the same
shape and colour in the whole graph, an ego view and the sector view:

* the **shape** and the **border** colour tell the class group (机构 a dot, 地点 a
  square, 产业 a hexagon …, see :data:`CLASS_STYLES`);
* the **fill** tells the 4311 sector: a fixed colour per sector notation, the
  sub-sectors of 新兴产业集群 in lighter shades of its purple, the four sector
  groups in darker tones (see :data:`SECTOR_COLOURS`). A node without a sector is
  filled with a pale tone of its class colour;
* the **size** grows with the square root of the node's degree.

vis-network receives the styles once, as its ``groups`` option keyed
``"Organization|FIN"``; each node names its key instead of repeating colours.

Examples
--------
>>> style_key("Organization", ["FIN", "COM"])
'Organization|FIN'
>>> sector_colour("FIN")
'#4e79a7'
>>> node_size(0), node_size(16)
(12.0, 24.0)
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = [
    "AGGREGATE_DASHES",
    "CLASS_STYLES",
    "EDGE_COLOUR",
    "FONT_STACK",
    "HIGHLIGHT_COLOUR",
    "NO_SECTOR",
    "SECTOR_COLOURS",
    "ClassStyle",
    "class_style",
    "legend",
    "node_size",
    "sector_colour",
    "style_key",
    "vis_groups",
]

#: Fonts with Chinese glyphs on common systems: Linux (Noto / Source Han / WenQuanYi),
#: macOS (PingFang), Windows (Microsoft YaHei), then the browser's sans-serif.
FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
    '"Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif'
)

#: The key of nodes that have no sector.
NO_SECTOR = "-"

EDGE_COLOUR = "#8c96a0"
HIGHLIGHT_COLOUR = "#d62728"
#: Border dashes of the super-nodes that stand for many entities.
AGGREGATE_DASHES = [6, 4]


@dataclass(frozen=True)
class ClassStyle:
    """The look of a class group: vis-network shape, colour, legend glyph and names."""

    shape: str
    colour: str
    pale: str
    glyph: str
    label_zh: str
    label_en: str


#: Class group (see :data:`kg.network.project.GROUPS`) to its style.
CLASS_STYLES: dict[str, ClassStyle] = {
    "Organization": ClassStyle("dot", "#1f3a5f", "#c9d6e8", "●", "机构", "organisation"),
    "Place": ClassStyle("square", "#2e6b30", "#cfe6cf", "■", "地点", "place"),
    "Sector": ClassStyle("hexagon", "#4b2a6b", "#e0d3ec", "⬢", "产业", "sector"),
    "Project": ClassStyle("diamond", "#8a4b08", "#f3dcc2", "◆", "项目", "project"),
    "Event": ClassStyle("star", "#9e1f63", "#f2cfe0", "★", "事件", "event"),
    "Achievement": ClassStyle("triangle", "#6b5a1e", "#ece3c3", "▲", "成果", "achievement"),
    "Observation": ClassStyle("triangleDown", "#4d4d4d", "#e0e0e0", "▼", "统计", "observation"),
    "Source": ClassStyle("square", "#7a7a7a", "#ececec", "■", "出处", "source"),
    "Other": ClassStyle("dot", "#777777", "#eeeeee", "●", "其他", "other"),
}

#: Fill colour of each 4311 sector notation. Sector groups are darker, sub-sectors
#: of the emerging cluster lighter shades of its colour.
SECTOR_COLOURS: dict[str, str] = {
    # 生产性服务业 (G1): blues and greens
    "G1": "#2c5282",
    "FIN": "#4e79a7",
    "LOG": "#76b7b2",
    "PRO": "#59a14f",
    "STS": "#8cd17d",
    # 生活性服务业 (G2): warm colours
    "G2": "#b45309",
    "CTT": "#f28e2b",
    "HEA": "#e15759",
    "COM": "#ff9da7",
    # 巩固发展产业 (G3): brown
    "G3": "#6b4f3a",
    "CON": "#9c755f",
    # 培育发展产业 (G4): purples
    "G4": "#5b3a73",
    "EMG": "#b07aa1",
    "EMG-CMP": "#c9a2c0",
    "EMG-IIN": "#d4b9da",
    "EMG-LAE": "#e2cde6",
}


def class_style(group: str) -> ClassStyle:
    """The style of a class group (``Other`` for an unknown one)."""
    return CLASS_STYLES.get(group, CLASS_STYLES["Other"])


def sector_colour(code: str) -> str:
    """The fill colour of sector ``code``: fixed for the 4311 scheme, else from a hash.

    An unknown notation gets a stable mid-tone colour derived from its text, so it
    is the same in every view and every run.

    >>> sector_colour("XYZ") == sector_colour("XYZ")
    True
    """
    if code in SECTOR_COLOURS:
        return SECTOR_COLOURS[code]
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    hue = digest[0] / 255 * 360
    return _hsl_hex(hue, 0.45, 0.62)


def _hsl_hex(h: float, s: float, lum: float) -> str:
    c = (1 - abs(2 * lum - 1)) * s
    x = c * (1 - abs((h / 60) % 2 - 1))
    m = lum - c / 2
    r, g, b = [(c, x, 0), (x, c, 0), (0, c, x), (0, x, c), (x, 0, c), (c, 0, x)][int(h // 60) % 6]
    return "#" + "".join(f"{round((v + m) * 255):02x}" for v in (r, g, b))


def style_key(group: str, sectors: Iterable[str]) -> str:
    """The vis-network group of a node: its class group and its first sector."""
    first = next(iter(sectors), None)
    return f"{group if group in CLASS_STYLES else 'Other'}|{first or NO_SECTOR}"


def node_size(degree: int, *, count: int | None = None) -> float:
    """Node radius in pixels: 12 plus 3 per square root of the degree, at most 40.

    A super-node standing for ``count`` entities grows with the logarithm of the count.
    """
    if count is not None:
        return round(min(60.0, 22 + 6 * math.log2(max(count, 1))), 1)
    return round(min(40.0, 12 + 3 * math.sqrt(max(degree, 0))), 1)


def vis_groups(keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The vis-network ``groups`` option for the style keys the nodes use."""
    groups: dict[str, dict[str, Any]] = {}
    for key in sorted(set(keys)):
        group, _, sector = key.partition("|")
        style = class_style(group)
        fill = style.pale if sector in ("", NO_SECTOR) else sector_colour(sector)
        groups[key] = {
            "shape": style.shape,
            "color": {
                "background": fill,
                "border": style.colour,
                "highlight": {"background": fill, "border": HIGHLIGHT_COLOUR},
                "hover": {"background": fill, "border": HIGHLIGHT_COLOUR},
            },
        }
    return groups


def legend(
    groups: Iterable[str], sectors: dict[str, tuple[str, str]], *, with_none: bool
) -> dict[str, list[dict[str, str]]]:
    """Legend entries for the class groups and the sectors a view shows.

    Parameters
    ----------
    groups : iterable of str
        Class groups present in the view.
    sectors : dict
        Sector notation to its (zh, en) label, for the sectors present.
    with_none : bool
        Whether some nodes have no sector (adds a "no sector" entry).

    Returns
    -------
    dict
        ``classes``: ``{"key", "glyph", "colour", "zh", "en"}``; ``sectors``:
        ``{"key", "colour", "zh", "en"}``, in scheme order.
    """
    order = {g: i for i, g in enumerate(CLASS_STYLES)}
    classes = [
        {
            "key": g,
            "glyph": class_style(g).glyph,
            "colour": class_style(g).colour,
            "zh": class_style(g).label_zh,
            "en": class_style(g).label_en,
        }
        for g in sorted(set(groups), key=lambda g: (order.get(g, 99), g))
    ]
    known = {code: i for i, code in enumerate(SECTOR_COLOURS)}
    entries = [
        {"key": code, "colour": sector_colour(code), "zh": zh, "en": en}
        for code, (zh, en) in sorted(sectors.items(), key=lambda kv: (known.get(kv[0], 99), kv[0]))
    ]
    if with_none:
        entries.append({"key": NO_SECTOR, "colour": "#ffffff", "zh": "无产业", "en": "no sector"})
    return {"classes": classes, "sectors": entries}
