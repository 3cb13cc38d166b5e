"""The explorer in a real browser: headless Chromium driven by Playwright.

Uses the session's Debian Chromium (the ``browser`` fixture); every request that is not to the
test server on 127.0.0.1 is blocked, and the tests check that none was tried.
"""

from __future__ import annotations

import urllib.parse

import pytest


@pytest.fixture
def page(browser, served):
    context = browser.new_context()
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []

    def only_loopback(route):
        host = urllib.parse.urlsplit(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_loopback)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_default_timeout(20_000)
    yield page
    context.close()
    assert outside == [], f"requests beyond the test server: {outside}"
    assert errors == [], f"script errors: {errors}"


def test_editor_runs_a_competency_query_and_shows_its_rows(page, served):
    page.goto(served.url + "/editor?query=cq05")
    page.wait_for_selector(".yasqe .CodeMirror")
    assert "yz:achievedBy" in page.evaluate("kgYasgui.getTab().getYasqe().getValue()")
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table.dataTable tbody tr td")
    table = page.inner_text(".yasr table.dataTable")
    assert "新型国产算力集群" in table and "12000" in table and "PFLOPS" in table
    rows = page.locator(".yasr table.dataTable tbody tr").count()
    assert rows == 6
    # Another example from the list replaces the query.
    page.select_option("#examples", label=None, value="cq01-sectors-by-group")
    assert "yz:SectorGroup" in page.evaluate("kgYasgui.getTab().getYasqe().getValue()")


def test_editor_shows_the_truncation_note(page, served):
    page.goto(served.url + "/editor")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.evaluate("kgYasgui.getTab().getYasqe().setValue('SELECT * WHERE { ?s ?p ?o }')")
    page.click(".yasqe_queryButton")
    page.wait_for_selector("#truncated:not([hidden])")
    assert "50" in page.inner_text("#truncated")


def test_entity_page_shows_its_facts(page, served):
    page.goto(served.url + "/org/visionvera", wait_until="domcontentloaded")
    assert page.inner_text("h1") == "视联动力信息技术股份有限公司"
    facts = page.locator("table.facts-table").first
    text = facts.inner_text()
    assert "Visionvera" in text and "渝中区" in text and "算力经济" in text
    assert "characters 750–800" in text
    page.click('table.facts-table a[href="/place/yuzhong"]')
    page.wait_for_url("**/place/yuzhong", wait_until="domcontentloaded")
    assert "渝中区" in page.inner_text("h1")


@pytest.mark.parametrize("name", ["视联动力", "Visionvera"])
def test_search_finds_visionvera(page, served, name):
    page.goto(served.url + "/")
    page.fill("form.search.big input[name=q]", name)
    page.press("form.search.big input[name=q]", "Enter")
    page.wait_for_selector("ol.hits li")
    first = page.locator("ol.hits li a.hit-title").first
    assert first.inner_text() == "视联动力信息技术股份有限公司"
    assert "exact match on altLabel" in page.locator("ol.hits li").first.inner_text()
    first.click()
    page.wait_for_url("**/org/visionvera", wait_until="domcontentloaded")
