"""The scripts a view page inlines: vis-network from the installed pyvis, and the page's own.

Nothing is fetched: vis-network is read from the copy that the ``pyvis`` package
ships (``pyvis/lib/vis-9.1.2/vis-network.min.js``), the page's script and style
sheet from this package. Each text is checked before it is inlined: an inline
script must not contain ``</script`` (which would end the element early) and no
asset may load anything from a URL.

Examples
--------
>>> VIS_VERSION
'9.1.2'
>>> "vis" in vis_network_js()[:2000]
True
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from importlib import resources
from pathlib import Path

from kg.errors import KgError

__all__ = [
    "VIS_VERSION",
    "AssetError",
    "app_css",
    "app_js",
    "csp_hash",
    "vis_network_js",
    "vis_network_path",
]

#: The vis-network release bundled with pyvis 0.3.2 that the pages inline.
VIS_VERSION = "9.1.2"

# A reference that would make the browser fetch something: a URL in CSS, an import.
_FETCHES = re.compile(r"url\(\s*['\"]?\s*(?:https?:)?//|@import|\bimportScripts\s*\(", re.I)


class AssetError(KgError):
    """An asset is missing or cannot be inlined safely."""


def vis_network_path() -> Path:
    """Where the installed pyvis keeps its copy of vis-network's minified script.

    Raises
    ------
    AssetError
        If pyvis is not installed or lacks the file.
    """
    try:
        import pyvis
    except ImportError:  # pragma: no cover - pyvis is a dependency
        raise AssetError("the pyvis package is not installed (pip install pyvis)") from None
    path = Path(pyvis.__file__).parent / "lib" / f"vis-{VIS_VERSION}" / "vis-network.min.js"
    if not path.is_file():
        raise AssetError(f"pyvis has no vis-network {VIS_VERSION} at {path}")
    return path


@cache
def vis_network_js() -> str:
    """The text of vis-network's minified script, checked for inlining."""
    return _checked(vis_network_path().read_text(encoding="utf-8"), "vis-network.min.js")


@cache
def app_js() -> str:
    """The page's own script: search, filters, tooltips, highlighting, legend."""
    return _checked(_package_text("app.js"), "app.js")


@cache
def app_css() -> str:
    """The page's style sheet."""
    return _checked(_package_text("app.css"), "app.css")


def csp_hash(script: str) -> str:
    """The Content-Security-Policy source that allows exactly this inline script.

    >>> csp_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _package_text(name: str) -> str:
    return resources.files("kg.views").joinpath("static", name).read_text(encoding="utf-8")


def _checked(text: str, name: str) -> str:
    if re.search(r"</(script|style)", text, re.I) or "<!--" in text:
        raise AssetError(f"{name} contains a closing tag or comment opener; cannot inline it")
    if _FETCHES.search(text):
        raise AssetError(f"{name} would load something from a URL")
    return text
