"""The hype-cycle page in Chromium: the year control moves the technologies."""

from __future__ import annotations


def shown_year(page) -> list[str]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('svg.kb-hype .kb-year'))
        .filter(g => getComputedStyle(g).display !== 'none').map(g => g.dataset.year)""")


def marker(page, tech: str):
    return page.evaluate(f"""() => {{
        const g = Array.from(document.querySelectorAll('svg.kb-hype .kb-year'))
          .find(g => getComputedStyle(g).display !== 'none');
        const c = g.querySelector('[data-tech="{tech}"] circle');
        return c ? [+c.getAttribute('cx'), +c.getAttribute('cy')] : null;
    }}""")


def test_year_control_moves_the_markers(page, site_url):
    page.goto(f"{site_url}/timeline/")
    assert shown_year(page) == ["2012"]
    slider = page.get_by_role("slider", name="Year")
    assert slider.is_visible()
    widget_2012 = marker(page, "widget")
    assert marker(page, "gadget") is not None
    slider.fill("2009")
    assert shown_year(page) == ["2009"]
    assert marker(page, "gadget") is None  # not yet triggered in 2009
    widget_2009 = marker(page, "widget")
    assert widget_2009[0] < widget_2012[0]  # earlier in the cycle: further left
    assert page.locator("caption .kb-year-value").inner_text() == "2009"
    cells = page.locator("table[data-default-year] .kb-phase-cell").all_inner_texts()
    assert cells == ["Innovation trigger", "not yet"]
    slider.focus()
    page.keyboard.press("ArrowRight")
    assert shown_year(page) == ["2010"]
    assert page.errors == []
