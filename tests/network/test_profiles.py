"""Profiles of a sector, a zone and an enterprise of the seed graph, with sources."""

from __future__ import annotations

import pytest

from kg.network.profiles import NotOfKind, profile


def test_enterprise_profile(graph, iri):
    p = profile(graph, "enterprise", iri("org", "visionvera"))
    facts = p.facts.set_index("field")
    assert facts.loc["sectors", "值"] == "EMG-CMP"
    assert facts.loc["settled", "出处"] == "yz2504 750–800 §新兴产业渐成规模 算力经济向“新”而行"
    ach = p.sections["成果 achievements"].set_index("成果")
    assert len(ach) == 6
    assert ach.loc["百公里传输时延", "值"] == "不高于 0.56 MilliSEC / 100 KiloM"
    assert ach.loc["专利申请总量", "出处"].startswith("yz2504 820–878 §")
    links = p.sections["关系 links"]
    assert {"牵头建设", "位于", "所属行业"} <= set(links["关系"])
    assert (links["出处"] != "").all()
    assert p.to_dict()["sections"]["成果 achievements"][0]["iri"].startswith(iri("achievement", ""))


def test_sector_profile_counts_sub_sectors(graph, iri):
    p = profile(graph, "sector", iri("sector", "emerging-cluster"))
    names = set(p.sections["企业 enterprises"]["名称"])
    assert names == {"视联动力信息技术股份有限公司", "途作林杰科技有限公司"}
    assert len(p.sections["成果 achievements"]) == 9
    assert len(p.sections["项目 projects"]) == 11
    assert p.sections["统计 statistics"].empty
    assert "低空经济" in p.facts.set_index("field").loc["narrower", "值"]


def test_finance_sector_has_statistics_with_sources(graph, iri):
    stats = profile(graph, "sector", iri("sector", "modern-finance")).sections["统计 statistics"]
    assert len(stats) == 22
    assert stats["出处"].str.match(r"yz2504 \d+–\d+ §").all()


def test_zone_profile(graph, iri):
    p = profile(graph, "zone", iri("place", "lianglukou-hualongqiao-finance-expansion"))
    within = set(p.sections["下辖区域 places within"]["名称"])
    assert within == {"陆海国际中心", "企业天地"}
    assert p.facts.set_index("field").loc["within", "值"].endswith("渝中区 ⊂ 重庆市 ⊂ 中国")
    yz = profile(graph, "zone", iri("place", "yuzhong"))
    # organizations.csv: 13 organisations located in 渝中区 or in a place within it
    assert len(yz.sections["入驻组织 organisations"]) == 13
    assert len(yz.sections["统计 statistics"]) > 30


def test_wrong_kind_is_an_error(graph, iri):
    with pytest.raises(NotOfKind, match="not a zone"):
        profile(graph, "zone", iri("org", "visionvera"))
    with pytest.raises(ValueError):
        profile(graph, "building", iri("org", "visionvera"))
