"""Views inline in Jupyter: the page in an ``<iframe srcdoc>``, offline.

A notebook front end shows the HTML a cell returns; front ends differ in what
they let that HTML do (some drop scripts, some block frames that load files),
which leaves many graph outputs blank. Here the whole page goes into the frame's
``srcdoc`` attribute: nothing is loaded from a file or a server, the frame is
sandboxed (its scripts run in an opaque origin that cannot touch the notebook),
and the same page works in JupyterLab, Notebook 7, VS Code and nbviewer-like
renderers that keep iframes.

A :class:`~kg.views.views.View` shows itself this way when it is the last value
of a cell; :func:`show` sets the language and height.

Examples
--------
>>> frame = iframe("<p>图</p>", height=200)
>>> frame.startswith("<iframe") and "&lt;p&gt;图&lt;/p&gt;" in frame
True
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from kg.views.views import View

__all__ = ["Inline", "iframe", "show"]


def iframe(page: str, *, height: int = 640, title: str = "graph view") -> str:
    """An ``<iframe>`` element that holds ``page`` inline (``srcdoc``), sandboxed."""
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts" '
        f'title="{html.escape(title, quote=True)}" loading="eager" '
        f'style="width:100%;height:{int(height)}px;border:1px solid #d9dee3;"></iframe>'
    )


@dataclass(frozen=True)
class Inline:
    """A view rendered for a notebook: shown by Jupyter through ``_repr_html_``."""

    page: str
    height: int = 640
    title: str = "graph view"

    def _repr_html_(self) -> str:
        return iframe(self.page, height=self.height, title=self.title)


def show(view: View, *, lang: str = "zh", height: int = 640) -> Inline:
    """``view`` as a notebook output, in ``lang``, ``height`` pixels high.

    Parameters
    ----------
    view : View
    lang : {"zh", "en"}, default "zh"
    height : int, default 640

    Returns
    -------
    Inline
        Displayed by Jupyter when it is the last value of a cell (or passed to
        ``IPython.display.display``).
    """
    title = view.title_zh if lang == "zh" else view.title_en
    return Inline(view.html(lang=lang), height=height, title=title)
