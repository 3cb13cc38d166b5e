"""Vendor the query editor (YASGUI) into the package, from the npm registry.

The editor's JavaScript and CSS are not kept in the repository: ``kg/server/web``
holds the ``package.json`` and ``package-lock.json`` that pin
``@zazuko/yasgui``, and this module installs them with ``npm ci`` and copies
the built files into ``kg/server/static/vendor/`` (ignored by git, packed into
wheels). The server never fetches anything at run time; without these files the
editor page says how to get them and offers a plain query form instead.

Run once after installing the package from a checkout::

    python -m kg.server.assets

Examples
--------
>>> sorted(FILES)
['yasgui/package.json', 'yasgui/yasgui.min.css', 'yasgui/yasgui.min.js']
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["FILES", "VENDOR_DIR", "WEB_DIR", "install", "missing"]

_HERE = Path(__file__).resolve().parent
#: Where package.json and package-lock.json are (npm installs node_modules here).
WEB_DIR = _HERE / "web"
#: Where the served copies go.
VENDOR_DIR = _HERE / "static" / "vendor"
#: Served file (under VENDOR_DIR) to its source (under node_modules).
FILES = {
    "yasgui/yasgui.min.js": "@zazuko/yasgui/build/yasgui.min.js",
    "yasgui/yasgui.min.css": "@zazuko/yasgui/build/yasgui.min.css",
    "yasgui/package.json": "@zazuko/yasgui/package.json",
}


def missing() -> list[str]:
    """The vendored files that are not in place (empty when the editor is ready)."""
    return [name for name in FILES if not (VENDOR_DIR / name).is_file()]


def install(*, npm: str = "npm", reinstall: bool = False) -> list[Path]:
    """Install the pinned npm packages (``npm ci``) and copy the editor's files.

    Parameters
    ----------
    npm : str
        The npm executable.
    reinstall : bool
        Run ``npm ci`` even if ``node_modules`` exists.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    RuntimeError
        If npm fails or a built file is missing.
    """
    modules = WEB_DIR / "node_modules"
    if reinstall or not all((modules / src).is_file() for src in FILES.values()):
        command = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--omit=dev"]
        done = subprocess.run(command, cwd=WEB_DIR, check=False)
        if done.returncode != 0:
            raise RuntimeError(f"`{' '.join(command)}` failed in {WEB_DIR}")
    written = []
    for name, src in FILES.items():
        source = modules / src
        if not source.is_file():
            raise RuntimeError(f"{source} is missing after npm ci")
        target = VENDOR_DIR / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kg.server.assets",
        description="Install the query editor's files from npm into the package.",
    )
    parser.add_argument("--npm", default="npm", help="npm executable (default: npm)")
    parser.add_argument("--reinstall", action="store_true", help="run npm ci again")
    parser.add_argument("--check", action="store_true", help="only report missing files")
    args = parser.parse_args(argv)
    if args.check:
        gone = missing()
        for name in gone:
            print(f"missing: {VENDOR_DIR / name}")
        return 1 if gone else 0
    try:
        for path in install(npm=args.npm, reinstall=args.reinstall):
            print(f"wrote {path}")
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
