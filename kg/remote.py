"""Remote stores: a SPARQL 1.1 server used in place of the embedded store.

A deployment that outgrows one machine moves its graph to a triplestore such as
Virtuoso, GraphDB, Fuseki, Neptune or the Oxigraph server. :class:`RemoteStore`
speaks the standard protocols to it — the SPARQL 1.1 Protocol for queries and
updates, and the Graph Store Protocol for bulk loads where the server has one —
and answers :meth:`RemoteStore.query` with the same pyoxigraph result objects as
the embedded store, so :func:`kg.queries.run_query` and every named query work
unchanged.

The embedded store reads "the union of its named graphs" as the default graph.
A remote server is asked for the same thing in a portable way: each query names
the project's graphs (those whose IRI starts with the configured graph prefix) as
``default-graph-uri`` and ``named-graph-uri``, so the project can share a server
with other data.

Loading mirrors the embedded build-then-swap: every graph is uploaded under a
staging name, then one update request moves the staged graphs over the live ones
(atomic on servers that run an update request in one transaction, such as
Oxigraph), and drops project graphs the new build no longer has. A failed upload
leaves the live graphs untouched.

Examples
--------
>>> is_url("http://127.0.0.1:7878/query"), is_url(".kg/store")
(True, False)
>>> inject_values("SELECT ?x WHERE { ?x ?p ?o }", {"x": "<http://e/a>"})
'SELECT ?x WHERE { VALUES ?x { <http://e/a> } ?x ?p ?o }'
"""

from __future__ import annotations

import base64
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
    parse,
    parse_query_results,
    serialize,
)

from kg.config import is_url
from kg.errors import KgError

if TYPE_CHECKING:
    from kg.config import Settings

__all__ = [
    "RemoteError",
    "RemoteStore",
    "build_remote",
    "connect",
    "inject_values",
    "is_url",
]

_ACCEPT = (
    "application/sparql-results+json, application/n-triples, "
    "text/turtle;q=0.9, application/sparql-results+xml;q=0.8"
)
_RESULT_TYPES = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "application/xml": QueryResultsFormat.XML,
    "text/xml": QueryResultsFormat.XML,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
_GRAPH_TYPES = {
    "application/n-triples": RdfFormat.N_TRIPLES,
    "text/plain": RdfFormat.N_TRIPLES,
    "text/turtle": RdfFormat.TURTLE,
    "application/n-quads": RdfFormat.N_QUADS,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/ld+json": RdfFormat.JSON_LD,
}


class RemoteError(KgError):
    """The SPARQL server could not be reached, or answered with an error."""


class RemoteStore:
    """A SPARQL 1.1 server that stands in for a :class:`pyoxigraph.Store`.

    Parameters
    ----------
    query_url : str
        The SPARQL query endpoint. Credentials in the URL
        (``https://user:secret@host/sparql``) are sent as HTTP Basic auth.
    update_url : str, optional
        The SPARQL update endpoint; defaults to ``query_url`` (many servers take
        both at one address).
    gsp_url : str, optional
        The Graph Store Protocol endpoint, used for faster bulk loads.
    graph_prefix : str, optional
        IRI prefix of the graphs that make up the union default graph (the
        project's ``<base>graph/``); ``None`` takes every named graph.
    timeout : float
        Seconds to wait for the server at each step of a request.

    Examples
    --------
    >>> remote = RemoteStore("http://127.0.0.1:7878/query", update_url="http://127.0.0.1:7878/update")
    >>> remote.update_url
    'http://127.0.0.1:7878/update'
    >>> rows = run_query(remote, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")  # doctest: +SKIP
    """

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        gsp_url: str | None = None,
        graph_prefix: str | None = None,
        timeout: float = 60.0,
        graphs_ttl: float = 60.0,
    ) -> None:
        self.query_url, self._auth = _split_credentials(query_url)
        self.update_url, self._update_auth = _split_credentials(update_url or query_url)
        self.gsp_url, self._gsp_auth = _split_credentials(gsp_url) if gsp_url else (None, None)
        self.graph_prefix = graph_prefix
        self.timeout = timeout
        self._graphs_ttl = graphs_ttl
        self._graphs: tuple[float, list[str]] | None = None

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url!r})"

    # -- queries -------------------------------------------------------------------------------

    def query(
        self,
        query: str,
        *,
        base_iri: str | None = None,
        prefixes: Mapping[str, str] | None = None,
        use_default_graph_as_union: bool = False,
        default_graph: Iterable | None = None,
        named_graphs: Iterable | None = None,
        substitutions: Mapping | None = None,
    ) -> QuerySolutions | QueryBoolean | list[Triple]:
        """Run a SPARQL query on the server; answers as :meth:`pyoxigraph.Store.query` does.

        Parameters
        ----------
        prefixes : dict, optional
            Prefixes the query may use without declaring them; the ones it uses
            are declared on its first line, so error positions keep their line.
        use_default_graph_as_union : bool
            Query the union of the project's named graphs by default.
        default_graph, named_graphs : iterable of NamedNode, optional
            An explicit dataset (the protocol's ``default-graph-uri`` and
            ``named-graph-uri``); overrides the union.
        substitutions : dict, optional
            ``Variable`` to term: bound with a ``VALUES`` block at the start of
            the query's outermost group.

        Returns
        -------
        QuerySolutions, QueryBoolean or list of Triple

        Raises
        ------
        SyntaxError
            The server refused the query as malformed (HTTP 400).
        RemoteError
            The server could not be reached or failed.
        """
        text = self._prepare(query, prefixes, substitutions, base_iri)
        form: list[tuple[str, str]] = [("query", text)]
        if default_graph is not None or named_graphs is not None:
            form += [("default-graph-uri", _iri(g)) for g in default_graph or ()]
            form += [("named-graph-uri", _iri(g)) for g in named_graphs or ()]
        elif use_default_graph_as_union:
            graphs = self.graphs()
            form += [("default-graph-uri", g) for g in graphs]
            form += [("named-graph-uri", g) for g in graphs]
        body = urllib.parse.urlencode(form).encode()
        content_type, data = self._request(
            self.query_url,
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": _ACCEPT},
            auth=self._auth,
            syntax_errors=True,
        )
        return _parse_answer(content_type, data, self.query_url)

    def update(self, update: str, *, prefixes: Mapping[str, str] | None = None) -> None:
        """Run a SPARQL update on the server.

        Raises
        ------
        SyntaxError
            The server refused the update as malformed (HTTP 400).
        RemoteError
            The server could not be reached, or refused or failed the update.
        """
        text = self._prepare(update, prefixes, None, None)
        self._request(
            self.update_url,
            text.encode(),
            {"Content-Type": "application/sparql-update; charset=utf-8"},
            auth=self._update_auth,
            syntax_errors=True,
        )

    def graphs(self, *, refresh: bool = False) -> list[str]:
        """The IRIs of the named graphs that make up the union default graph (cached)."""
        now = time.monotonic()
        if not refresh and self._graphs and now - self._graphs[0] < self._graphs_ttl:
            return self._graphs[1]
        answer = self.query(f"SELECT DISTINCT ?g WHERE {{ {self._project_graphs()} }} ORDER BY ?g")
        assert isinstance(answer, QuerySolutions)
        graphs = [row["g"].value for row in answer if isinstance(row["g"], NamedNode)]
        self._graphs = (now, graphs)
        return graphs

    def graph_sizes(self) -> dict[str, int]:
        """The graphs :meth:`graphs` names, freshly listed, and how many triples each holds.

        One scan of the server's quads finds both (and refreshes :meth:`graphs`).
        """
        now = time.monotonic()
        where = self._project_graphs()
        answer = self.query(
            f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ {where} }} GROUP BY ?g ORDER BY ?g"
        )
        assert isinstance(answer, QuerySolutions)
        sizes = {
            row["g"].value: int(row["n"].value) for row in answer if isinstance(row["g"], NamedNode)
        }
        self._graphs = (now, list(sizes))
        return sizes

    def _project_graphs(self) -> str:
        """A pattern binding ``?g`` to the project's named graphs, one solution per triple."""
        where = "GRAPH ?g { ?s ?p ?o }"
        if self.graph_prefix:
            where += f" FILTER(STRSTARTS(STR(?g), {_string(self.graph_prefix)}))"
        return where

    # -- loading -------------------------------------------------------------------------------

    def replace_graphs(
        self,
        store: Store,
        *,
        staging_prefix: str,
        chunk: int = 50_000,
    ) -> int:
        """Replace the project's graphs on the server by the named graphs of ``store``.

        Each graph is uploaded under ``staging_prefix`` (with the Graph Store
        Protocol when the server has one, else ``INSERT DATA``), then one update
        moves every staged graph over its live name and drops the project graphs
        that ``store`` lacks. Staged graphs left by a failed load are dropped first.

        Parameters
        ----------
        store : pyoxigraph.Store
            The finished build; its default graph must be empty.
        staging_prefix : str
            IRI prefix for staged graphs, outside ``graph_prefix``.
        chunk : int
            Triples per request. Triples with blank nodes stay in one request per
            graph, so that a blank node keeps its identity.

        Returns
        -------
        int
            The number of triples loaded.

        Raises
        ------
        RemoteError
            A request failed; the live graphs are as they were.
        """
        if any(True for _ in store.quads_for_pattern(None, None, None, DefaultGraph())):
            raise RemoteError("the build has triples outside named graphs; they cannot be loaded")
        self._drop(self._graphs_under(staging_prefix))
        stamp = time.strftime("%Y%m%dT%H%M%S")
        staged: dict[str, str] = {}
        total = 0
        try:
            for i, graph in enumerate(sorted(store.named_graphs(), key=lambda g: g.value)):
                stage = f"{staging_prefix}{stamp}/{i}"
                staged[graph.value] = stage
                triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
                total += len(triples)
                for n, part in enumerate(_chunks(triples, chunk)):
                    self._upload(stage, part, first=n == 0)
        except BaseException:
            self._drop(list(staged.values()))
            raise
        old = [g for g in self._graphs_under(self.graph_prefix or "") if g not in staged]
        swap = [f"MOVE SILENT GRAPH <{s}> TO GRAPH <{g}>" for g, s in staged.items()]
        swap += [f"DROP SILENT GRAPH <{g}>" for g in old]
        self.update(" ;\n".join(swap))
        self._graphs = None
        return total

    def fetch_graph(self, graph: str) -> tuple[bytes, RdfFormat]:
        """The named graph ``graph`` as the server serialises it, with the Graph Store Protocol.

        One ``GET`` answers the whole graph, so its blank nodes keep one identity
        (paged SPARQL answers may label them afresh on each page), and the bytes
        can go straight into :meth:`pyoxigraph.Store.load`.

        Returns
        -------
        bytes, RdfFormat
            The document and its format (N-Triples, or Turtle from servers without it).

        Raises
        ------
        RemoteError
            The store has no Graph Store Protocol URL, or the request failed.
        """
        if not self.gsp_url:
            raise RemoteError(f"{self.query_url} has no Graph Store Protocol URL to read graphs")
        sep = "&" if "?" in self.gsp_url else "?"
        url = f"{self.gsp_url}{sep}{urllib.parse.urlencode({'graph': graph})}"
        accept = "application/n-triples, text/turtle;q=0.9"
        content_type, data = self._request(
            url, None, {"Accept": accept}, auth=self._gsp_auth, method="GET"
        )
        if content_type not in _GRAPH_TYPES:
            raise RemoteError(f"{url} answered with an unexpected content type {content_type!r}")
        return data, _GRAPH_TYPES[content_type]

    def _drop(self, graphs: list[str]) -> None:
        if graphs:
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))

    def _graphs_under(self, prefix: str) -> list[str]:
        where = "GRAPH ?g { ?s ?p ?o }"
        if prefix:
            where += f" FILTER(STRSTARTS(STR(?g), {_string(prefix)}))"
        answer = self.query(f"SELECT DISTINCT ?g WHERE {{ {where} }}")
        assert isinstance(answer, QuerySolutions)
        return [row["g"].value for row in answer if isinstance(row["g"], NamedNode)]

    def _upload(self, graph: str, triples: list[Triple], *, first: bool) -> None:
        data = serialize(triples, format=RdfFormat.N_TRIPLES)
        if self.gsp_url:
            sep = "&" if "?" in self.gsp_url else "?"
            url = f"{self.gsp_url}{sep}{urllib.parse.urlencode({'graph': graph})}"
            self._request(
                url,
                data,
                {"Content-Type": "application/n-triples"},
                auth=self._gsp_auth,
                method="PUT" if first else "POST",
            )
        else:
            text = data.decode("utf-8")
            self.update(f"INSERT DATA {{ GRAPH <{graph}> {{\n{text}}} }}")

    # -- plumbing ------------------------------------------------------------------------------

    def _prepare(self, text, prefixes, substitutions, base_iri) -> str:
        if substitutions:
            text = inject_values(text, {_var(k): str(v) for k, v in substitutions.items()})
        head = ""
        if base_iri:
            head += f"BASE <{base_iri}> "
        if prefixes:
            declared = {m.lower() for m in re.findall(r"(?i)\bPREFIX\s+([\w.-]*):", text)}
            used = set(re.findall(r"(?<![\w<:/#?.-])([A-Za-z][\w.-]*):", text))
            head += "".join(
                f"PREFIX {p}: <{ns}> "
                for p, ns in prefixes.items()
                if p in used and p.lower() not in declared
            )
        return head + text

    def _request(
        self,
        url: str,
        body: bytes | None,
        headers: dict[str, str],
        *,
        auth: str | None,
        method: str = "POST",
        syntax_errors: bool = False,
    ) -> tuple[str, bytes]:
        headers = dict(headers)
        if auth:
            headers["Authorization"] = auth
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                content_type = response.headers.get("Content-Type", "")
                return content_type.split(";")[0].strip().lower(), response.read()
        except urllib.error.HTTPError as exc:
            message = exc.read().decode("utf-8", "replace").strip() or exc.reason
            if exc.code == 400 and syntax_errors:
                raise SyntaxError(message) from None
            raise RemoteError(f"{url} answered {exc.code}: {message[:2000]}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise RemoteError(f"cannot reach the SPARQL server at {url}: {reason}") from None


def connect(settings: Settings, *, timeout: float = 60.0) -> Store | RemoteStore:
    """The store ``settings`` name: the embedded one (read-only), or a remote server.

    Examples
    --------
    >>> from kg.config import Settings
    >>> connect(Settings(store="http://127.0.0.1:7878/query"))
    RemoteStore('http://127.0.0.1:7878/query')
    """
    if settings.remote:
        return RemoteStore(
            str(settings.store),
            update_url=settings.update_url,
            gsp_url=settings.gsp_url,
            graph_prefix=settings.graph(""),
            timeout=timeout,
        )
    from kg.store import open_store

    return open_store(settings.store)


def build_remote(
    settings: Settings, quads: Iterable[Quad], *, check: Callable[[Store], None]
) -> int:
    """Build in memory, run ``check`` (inference, validation), then load into the server.

    The counterpart of :func:`kg.store.build_store` for a remote store: nothing
    reaches the server unless ``check`` passes.

    Returns
    -------
    int
        The number of triples loaded.
    """
    store = Store()
    store.bulk_extend(quads)
    check(store)
    remote = connect(settings)
    assert isinstance(remote, RemoteStore)
    return remote.replace_graphs(store, staging_prefix=settings.iri("staging", ""))


def inject_values(query: str, bindings: Mapping[str, str]) -> str:
    """Bind variables with a ``VALUES`` block at the start of the outermost group.

    Parameters
    ----------
    bindings : dict
        Variable name (without ``?``) to a term in SPARQL syntax (``<iri>``).

    Raises
    ------
    kg.errors.QueryError
        If the query has no group to bind in (``CONSTRUCT WHERE`` short form).

    Examples
    --------
    >>> inject_values('ASK { ?s rdfs:label "{" }', {"s": "<http://e/a>"})
    'ASK { VALUES ?s { <http://e/a> } ?s rdfs:label "{" }'
    """
    from kg.errors import QueryError

    if not bindings:
        return query
    at = _group_start(query)
    if at is None:
        raise QueryError("cannot bind variables in this query: no WHERE group found")
    block = " ".join(f"VALUES ?{v} {{ {t} }}" for v, t in bindings.items())
    return f"{query[: at + 1]} {block}{query[at + 1 :]}"


_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_WORD = re.compile(r"[A-Za-z_][\w]*")


def _group_start(text: str) -> int | None:
    """Index of the ``{`` opening the outermost WHERE group (comments, strings, IRIs skipped)."""
    i, n = 0, len(text)
    form, where, depth, template = None, False, 0, False
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
        elif c == "<" and (m := _IRI.match(text, i)):
            i = m.end()
        elif c in "?$":
            m = _WORD.match(text, i + 1)
            i = m.end() if m else i + 1
        elif c.isalpha():
            m = _WORD.match(text, i)
            word = m.group().upper() if m else ""
            if depth == 0 and word in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE") and form is None:
                form = word
            elif depth == 0 and word == "WHERE":
                where = True
            i = m.end() if m else i + 1
        elif c == "{":
            # The group: after WHERE, or the first brace of a form without a template.
            if depth == 0 and (where or form in ("SELECT", "ASK", "DESCRIBE")):
                # CONSTRUCT WHERE { … } (no template) allows triples only.
                return None if form == "CONSTRUCT" and not template else i
            depth += 1  # a CONSTRUCT template
            template = True
            i += 1
        elif c == "}":
            depth -= 1
            i += 1
        else:
            i += 1
    return None


def _parse_answer(content_type: str, data: bytes, url: str):
    if content_type in _RESULT_TYPES:
        return parse_query_results(data, format=_RESULT_TYPES[content_type])
    if content_type in _GRAPH_TYPES:
        return [q.triple for q in parse(data, format=_GRAPH_TYPES[content_type])]
    raise RemoteError(f"{url} answered with an unexpected content type {content_type!r}")


def _split_credentials(url: str) -> tuple[str, str | None]:
    parts = urllib.parse.urlsplit(url)
    if parts.username is None:
        return url, None
    user = urllib.parse.unquote(parts.username)
    password = urllib.parse.unquote(parts.password or "")
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc)), f"Basic {token}"


def _chunks(triples: list[Triple], size: int) -> Iterable[list[Triple]]:
    """Cut ``triples`` in parts of ``size``; every triple with a blank node in the first."""
    blank = [t for t in triples if _has_blank(t)]
    plain = [t for t in triples if not _has_blank(t)]
    head = max(size - len(blank), 0)
    yield blank + plain[:head]
    for start in range(head, len(plain), size):
        yield plain[start : start + size]


def _has_blank(t: Triple) -> bool:
    return isinstance(t.subject, BlankNode) or isinstance(t.object, BlankNode)


def _iri(term) -> str:
    return term.value if hasattr(term, "value") else str(term)


def _var(name) -> str:
    return name.value if hasattr(name, "value") else str(name).lstrip("?$")


def _string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'
