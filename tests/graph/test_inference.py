"""Entailments are materialised once, in their own graph, and answer questions."""

from kg.graph.inference import NOT_MATERIALISED
from kg.queries import run_query


def ask(store, q):
    return run_query(store, q).boolean


def count(store, q):
    return int(run_query(store, q).values()[0]["n"])


def test_broader_transitive_reaches_groups(store):
    assert ask(
        store,
        """ASK { ?s skos:notation "EMG-CMP" ; skos:broaderTransitive ?g .
                 ?g skos:notation "G4" }""",
    )
    assert ask(
        store,
        """ASK { ?g skos:notation "G4" ; skos:narrowerTransitive ?s .
                              ?s skos:notation "EMG-LAE" }""",
    )


def test_subclass_types(store):
    # a company is an enterprise, a formal organisation and an org:Organization
    assert ask(
        store,
        """ASK { ?c skos:altLabel "视联动力"@zh ; a yz:Enterprise , org:FormalOrganization ,
                                 org:Organization , schema:Organization }""",
    )
    # streets are schema:Place through yz:AdministrativeArea
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s a yz:Street , schema:Place }") == 11


def test_subproperties(store):
    assert ask(
        store,
        """ASK { ?c skos:altLabel "视联动力"@zh ; yz:sector ?s ; org:classification ?s .
                              ?s skos:notation "EMG-CMP" }""",
    )
    assert ask(store, "ASK { ?e yz:participant ?o ; schema:attendee ?o }")


def test_inverses(store):
    assert ask(
        store,
        """ASK { ?c skos:altLabel "视联动力"@zh ; yz:hasAchievement ?a .
                              ?a yz:achievedBy ?c }""",
    )
    assert ask(store, "ASK { ?p org:hasSubOrganization ?b . ?b org:subOrganizationOf ?p }")


def test_entailments_live_in_their_own_graph(store, seed_settings):
    g = seed_settings.graph("inferred")
    assert ask(store, f"ASK {{ GRAPH <{g}> {{ ?s a yz:Enterprise }} }}")
    # nothing asserted elsewhere is repeated there
    assert not ask(
        store,
        f"""ASK {{ GRAPH <{g}> {{ ?s ?p ?o }} GRAPH ?h {{ ?s ?p ?o }} FILTER(?h != <{g}>) }}""",
    )


def test_most_general_terms_are_not_materialised(store, seed_settings):
    g = seed_settings.graph("inferred")
    for iri in NOT_MATERIALISED:
        assert not ask(
            store, f"ASK {{ GRAPH <{g}> {{ {{ ?s a <{iri}> }} UNION {{ ?s <{iri}> ?o }} }} }}"
        )


def test_no_duplicate_rows_from_union_of_graphs(store):
    # skos:broader is asserted in the scheme; the inverse rule must not repeat it
    rows = run_query(store, """SELECT ?s WHERE { ?s skos:notation "EMG-CMP" ; skos:broader ?b }""")
    assert len(rows.rows) == 1
