"""The district, its eleven streets with their official codes, and where each zone lies."""

from kg.queries import run_query

STREETS = {
    "500103001": "七星岗街道",
    "500103003": "解放碑街道",
    "500103004": "两路口街道",
    "500103005": "上清寺街道",
    "500103007": "菜园坝街道",
    "500103008": "南纪门街道",
    "500103010": "朝天门街道",
    "500103011": "大溪沟街道",
    "500103012": "大坪街道",
    "500103013": "化龙桥街道",
    "500103014": "石油路街道",
}


def test_district_and_its_streets(store):
    rows = run_query(
        store,
        """SELECT ?code ?name WHERE {
             ?d a yz:District ; yz:divisionCode "500103" ; skos:prefLabel "渝中区"@zh .
             ?s a yz:Street ; schema:containedInPlace ?d ; yz:divisionCode ?code ;
                skos:prefLabel ?name . FILTER(lang(?name) = "zh") }""",
    ).values()
    assert {r["code"]: r["name"] for r in rows} == STREETS


def test_every_zone_and_building_lies_in_the_district(store):
    rows = run_query(
        store,
        """SELECT ?p ?name WHERE {
             ?p a ?k ; skos:prefLabel ?name . FILTER(lang(?name) = "zh")
             FILTER(?k IN (yz:Zone, yz:Building, yz:Venue))
             FILTER NOT EXISTS {
               ?p schema:containedInPlace+ ?d . ?d yz:divisionCode "500103" } }""",
    ).values()
    assert rows == []


def test_zones_placed_in_the_streets_their_names_give(store):
    rows = run_query(
        store,
        """SELECT ?zone ?street WHERE {
             ?z schema:containedInPlace ?s ; skos:prefLabel ?zone . ?s a yz:Street ;
                skos:prefLabel ?street . FILTER(lang(?zone) = "zh" && lang(?street) = "zh") }""",
    ).values()
    placed = {(r["zone"], r["street"]) for r in rows}
    assert ("解放碑朝天门金融核心区", "解放碑街道") in placed
    assert ("解放碑朝天门金融核心区", "朝天门街道") in placed
    assert ("两路口—化龙桥金融拓展区", "两路口街道") in placed
    assert ("两路口—化龙桥金融拓展区", "化龙桥街道") in placed
    # every placement is one the zone's own name supports
    for zone, street in placed:
        assert street.removesuffix("街道") in zone, (zone, street)
