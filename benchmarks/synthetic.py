"""A synthetic graph shaped like the curated one, at any size, for benchmarks.

Every entity has zh/en labels, a sector of the real 4311 scheme and a citation with
a text span, so the synthetic graph passes the same SHACL contract as the seed graph:
loading it measures validation on realistic data, not on an empty rule set.

Examples
--------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "g.nq"
>>> write_synthetic(p, 2_000) >= 2_000
True
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from pyoxigraph import NamedNode, RdfFormat, Store

from kg.config import Settings
from kg.graph.inference import materialise
from kg.graph.ontology import ontology_quads, vocabulary
from kg.graph.periods import period_quads
from kg.namespaces import PREFIXES

__all__ = ["TRIPLES_PER_ENTERPRISE", "synthetic_store", "write_synthetic"]

TRIPLES_PER_ENTERPRISE = 62  # measured average of the pattern below
_YEARS = range(2000, 2025)


def write_synthetic(
    path: Path, triples: int = 1_000_000, *, seed: int = 0, settings: Settings | None = None
) -> int:
    """Write about ``triples`` quads of synthetic data as N-Quads; return the count written.

    The pattern per enterprise: the enterprise (a branch office every tenth), a patent
    portfolio, a growth observation, half a project (each supports the next) and a
    third of a signing event, each with its citation; a zone per fifty enterprises.
    """
    settings = settings or Settings()
    rng = random.Random(seed)
    onto = ontology_quads(settings)
    concepts = sorted(vocabulary(onto, settings)["sector"].items())
    sectors = [iri for code, iri in concepts if not code.startswith("G")]
    b = settings.base
    g = f"<{settings.graph('synthetic')}>"
    yz, p = PREFIXES["yz"], PREFIXES
    A = f"<{p['rdf']}type>"
    LABEL = f"<{p['skos']}prefLabel>"
    n_ent = max(1, triples // TRIPLES_PER_ENTERPRISE)
    count = 0
    with path.open("w", encoding="utf-8") as out:

        def q(s: str, pr: str, o: str) -> None:
            nonlocal count
            out.write(f"{s} {pr} {o} {g} .\n")
            count += 1

        def labels(s: str, zh: str, en: str) -> None:
            q(s, LABEL, f'"{zh}"@zh')
            q(s, LABEL, f'"{en}"@en')

        def cite(s: str, ident: str) -> None:
            c = f"<{b}citation/{ident}>"
            q(s, f"<{p['prov']}wasDerivedFrom>", c)
            q(s, f"<{p['prov']}hadPrimarySource>", f"<{b}source/synthetic>")
            q(c, A, f"<{yz}Citation>")
            q(c, f"<{p['oa']}hasSource>", f"<{b}source/synthetic>")
            q(c, f"<{yz}inSection>", f"<{b}section/synthetic-body>")
            q(c, f"<{p['oa']}hasSelector>", f"<{b}citation/{ident}#sel>")
            start = rng.randrange(0, 10**8)
            sel = f"<{b}citation/{ident}#sel>"
            q(sel, A, f"<{p['oa']}TextPositionSelector>")
            q(sel, f"<{p['oa']}start>", f'"{start}"^^<{p["xsd"]}integer>')
            q(sel, f"<{p['oa']}end>", f'"{start + 40}"^^<{p["xsd"]}integer>')

        # The source document, its section, the district, periods, indicators, dataset.
        doc = f"<{b}source/synthetic>"
        q(doc, A, f"<{yz}SourceDocument>")
        q(doc, f"<{p['dct']}title>", '"合成数据"@zh')
        q(doc, f"<{p['dct']}title>", '"Synthetic data"@en')
        q(doc, f"<{p['dct']}publisher>", f"<{b}source/synthetic#publisher>")
        q(f"<{b}source/synthetic#publisher>", LABEL, '"基准测试"@zh')
        q(doc, f"<{p['dct']}issued>", f'"2025"^^<{p["xsd"]}gYear>')
        q(doc, f"<{p['dct']}language>", '"zh"')
        q(doc, f"<{yz}sha256>", '"' + "0" * 64 + '"')
        sec = f"<{b}section/synthetic-body>"
        q(sec, A, f"<{yz}Section>")
        q(sec, f"<{p['dct']}isPartOf>", doc)
        q(sec, f"<{yz}heading>", '"正文"@zh')
        q(sec, f"<{p['oa']}hasSelector>", f"<{b}section/synthetic-body#sel>")
        q(f"<{b}section/synthetic-body#sel>", A, f"<{p['oa']}TextPositionSelector>")
        q(f"<{b}section/synthetic-body#sel>", f"<{p['oa']}start>", f'"0"^^<{p["xsd"]}integer>')
        q(f"<{b}section/synthetic-body#sel>", f"<{p['oa']}end>", f'"{10**9}"^^<{p["xsd"]}integer>')
        for code, iri in concepts:
            cite(f"<{iri}>", f"sector-{code}")
        district = f"<{b}place/syn-district>"
        q(district, A, f"<{yz}District>")
        labels(district, "合成区", "Synthetic district")
        q(district, f"<{yz}divisionCode>", '"999999"')
        cite(district, "place-syn-district")
        for year in _YEARS:
            for quad in period_quads(str(year), settings, NamedNode(settings.graph("synthetic"))):
                q(str(quad.subject), str(quad.predicate), str(quad.object))
        dataset = f"<{b}dataset/synthetic>"
        q(dataset, A, f"<{p['qb']}DataSet>")
        for k in range(1000):
            ind = f"<{b}indicator/syn{k}>"
            q(ind, A, f"<{yz}Indicator>")
            labels(ind, f"合成指标{k}", f"Synthetic indicator {k}")

        for i in range(n_ent):
            org = f"<{b}org/s{i}>"
            zone = f"<{b}place/sz{i // 50}>"
            sector = f"<{rng.choice(sectors)}>"
            if i % 50 == 0:
                q(zone, A, f"<{yz}Zone>")
                labels(zone, f"合成片区{i // 50}", f"Synthetic zone {i // 50}")
                q(zone, f"<{p['schema']}containedInPlace>", district)
                q(zone, f"<{yz}sector>", sector)
                cite(zone, f"place-sz{i // 50}")
            if i % 10 == 9:
                q(org, A, f"<{yz}BranchOffice>")
                q(org, f"<{p['org']}subOrganizationOf>", f"<{b}org/s{i - 1}>")
            else:
                q(org, A, f"<{yz}Company>")
            labels(org, f"合成企业{i}", f"Synthetic enterprise {i}")
            q(org, f"<{p['skos']}altLabel>", f'"企业{i}"@zh')
            q(org, f"<{yz}industrySector>", sector)
            q(org, f"<{yz}locatedIn>", zone)
            cite(org, f"org-s{i}")

            ach = f"<{b}achievement/s{i}>"
            q(ach, A, f"<{yz}PatentPortfolio>")
            labels(ach, f"专利{i}", f"Patents {i}")
            q(ach, f"<{yz}achievedBy>", org)
            q(ach, f"<{p['qudt']}numericValue>", f'"{rng.randrange(1, 5000)}"^^<{p["xsd"]}decimal>')
            q(ach, f"<{p['qudt']}unit>", f"<{p['unit']}NUM>")
            q(ach, f"<{yz}comparator>", f"<{yz}GreaterThan>")
            cite(ach, f"achievement-s{i}")

            obs = f"<{b}obs/s{i}>"
            q(obs, A, f"<{p['qb']}Observation>")
            q(obs, f"<{p['qb']}dataSet>", dataset)
            q(obs, f"<{yz}indicator>", f"<{b}indicator/syn{i % 1000}>")
            area = zone if i // 25_000 == 0 else f"<{b}place/sz{i // 25_000}>"
            q(obs, f"<{p['sdmx-dimension']}refArea>", area)
            year = _YEARS[(i // 1000) % len(_YEARS)]
            q(obs, f"<{p['sdmx-dimension']}refPeriod>", f"<{b}period/{year}>")
            q(obs, f"<{yz}measureType>", f"<{yz}GrowthRate>")
            q(
                obs,
                f"<{p['sdmx-measure']}obsValue>",
                f'"{rng.randrange(-50, 200) / 10}"^^<{p["xsd"]}decimal>',
            )
            q(obs, f"<{p['sdmx-attribute']}unitMeasure>", f"<{p['unit']}PERCENT>")
            cite(obs, f"obs-s{i}")

            if i % 2 == 0:
                proj = f"<{b}project/s{i}>"
                q(proj, A, f"<{yz}Project>")
                labels(proj, f"合成项目{i}", f"Synthetic project {i}")
                q(proj, f"<{yz}ledBy>", org)
                q(proj, f"<{yz}locatedIn>", zone)
                q(proj, f"<{yz}sector>", sector)
                if i + 2 < n_ent:
                    q(proj, f"<{yz}supports>", f"<{b}project/s{i + 2}>")
                cite(proj, f"project-s{i}")
            if i % 3 == 0 and i >= 3:
                ev = f"<{b}event/s{i}>"
                q(ev, A, f"<{yz}Signing>")
                labels(ev, f"合成签约{i}", f"Synthetic signing {i}")
                q(ev, f"<{p['schema']}startDate>", f'"{year}-06-01"^^<{p["xsd"]}date>')
                q(ev, f"<{p['schema']}location>", zone)
                q(ev, f"<{yz}participant>", org)
                q(ev, f"<{yz}participant>", f"<{b}org/s{rng.randrange(0, i)}>")
                cite(ev, f"event-s{i}")
    return count


def synthetic_store(triples: int = 1_000_000, *, seed: int = 0) -> Store:
    """An in-memory store: ontology, sector scheme, synthetic data and entailments."""
    settings = Settings()
    store = Store()
    store.bulk_extend(ontology_quads(settings))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.nq"
        write_synthetic(path, triples, seed=seed, settings=settings)
        store.bulk_load(path=str(path), format=RdfFormat.N_QUADS)
    materialise(store, settings)
    return store
