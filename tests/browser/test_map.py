"""The prerequisite map in Chromium: mastery overlay and zoom."""

from __future__ import annotations

import re

from .conftest import take_alpha_quiz


def test_overlay_shows_mastery_and_zoom_changes_size(page, site_url):
    page.goto(f"{site_url}/map/")
    node = page.locator('.kb-map-node[data-topic="alpha"]')
    assert "kb-mastery--not-started" in node.get_attribute("class")
    assert node.locator("title").text_content() == "Alpha: Not started"
    # a perfect alpha quiz, then back to the map
    take_alpha_quiz(page, site_url)
    page.goto(f"{site_url}/topics/beta/")
    page.get_by_label("b. 3").check()
    page.locator("#q-pick-all .kb-check").click()
    page.get_by_role("button", name="Show the model answer").click()
    page.get_by_role("button", name=re.compile("^Good")).click()
    page.goto(f"{site_url}/map/")
    assert "kb-mastery--proficient" in node.get_attribute("class")
    assert node.locator("title").text_content() == "Alpha: Proficient"
    beta = page.locator('.kb-map-node[data-topic="beta"]')
    assert "kb-mastery--attempted" in beta.get_attribute("class")
    badge = node.locator("circle.kb-map-badge")
    assert page.evaluate("e => getComputedStyle(e).fill", badge.element_handle()) == \
        "rgb(46, 125, 50)"
    # links lead to the topic pages
    assert node.get_attribute("href") == "../topics/alpha/"
    svg = page.locator("svg.kb-map")
    width = int(svg.get_attribute("width"))
    page.get_by_role("button", name="Zoom in").click()
    assert int(svg.get_attribute("width")) == round(width * 1.25)
    page.get_by_role("button", name="Fit to width").click()
    box = page.locator(".kb-map-scroll").bounding_box()
    assert abs(int(svg.get_attribute("width")) - box["width"]) <= 3
    assert page.errors == []
