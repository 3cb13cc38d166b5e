"""Interactive graph views: one self-contained HTML page per view, offline and escaped.

Views of a projection (:func:`kg.network.project.project`): the whole graph, the
ego network of an entity, the 4311 sector scheme, the zones of the district, the
paths between two entities, and any SPARQL ``CONSTRUCT`` or ``SELECT`` result.

One module a job: :mod:`~kg.views.views` chooses what to draw,
:mod:`~kg.views.layout` where, :mod:`~kg.views.style` how it looks,
:mod:`~kg.views.budget` folds large views, :mod:`~kg.views.page` writes the page
with :mod:`~kg.views.assets` inlined, :mod:`~kg.views.notebook` shows it in
Jupyter and :mod:`~kg.views.hooks` serves the web explorer.

Examples
--------
>>> from kg.store import open_store                         # doctest: +SKIP
>>> from kg.network.project import project                  # doctest: +SKIP
>>> g = project(open_store(".kg/store"), cited=True)        # doctest: +SKIP
>>> ego(g, "https://w3id.org/yuzhong-kg/org/visionvera").write("ego.html")  # doctest: +SKIP
"""

from kg.views.budget import NODE_BUDGET, OverBudget
from kg.views.hooks import ego_fragment, path_fragment, sector_fragment, zone_fragment
from kg.views.notebook import show
from kg.views.views import NotInView, View, ego, path, query, sector, whole, zone

__all__ = [
    "NODE_BUDGET",
    "NotInView",
    "OverBudget",
    "View",
    "ego",
    "ego_fragment",
    "path",
    "path_fragment",
    "query",
    "sector",
    "sector_fragment",
    "show",
    "whole",
    "zone",
    "zone_fragment",
]
