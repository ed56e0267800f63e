"""The hype-cycle figure: curve geometry, placement, labels, and the SVG."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest

from kbsite import knowledge, loading, timeline
from kbsite.model import PHASES, Technology, Timeline

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "site"
NS = {"s": "http://www.w3.org/2000/svg"}


def test_curve_has_the_hype_cycle_shape():
    height = {p: timeline.curve(u) for p, u in timeline.ANCHORS.items()}
    assert height["peak"] == max(height.values())  # inflated expectations
    assert height["trough"] < height["slope"] < height["plateau"] < height["peak"]
    assert height["trigger"] < height["peak"]
    us = [i / 100 for i in range(101)]
    top = max(us, key=timeline.curve)
    assert abs(top - timeline.ANCHORS["peak"]) < 0.02
    low = min((u for u in us if 0.25 < u < 0.6), key=timeline.curve)
    assert abs(low - timeline.ANCHORS["trough"]) < 0.05
    # the anchors run left to right in Gartner's order
    assert [timeline.ANCHORS[p] for p in PHASES] == sorted(timeline.ANCHORS.values())


def test_a_technology_moves_between_its_phases():
    t = Technology.model_validate({"id": "h", "name": "H", "track": "t",
                                   "hype": {2006: "trigger", 2010: "peak", 2012: "trough"}})
    assert t.phase_in(2005) is None
    assert t.phase_in(2006) == ("trigger", 0.0)
    assert t.phase_in(2008) == ("trigger", 0.5)
    assert t.phase_in(2011) == ("peak", 0.5)
    assert t.phase_in(2030) == ("trough", 0.0)
    u = [timeline.position(*t.phase_in(y)) for y in range(2006, 2014)]
    assert u == sorted(u)
    assert timeline.position("peak", 0.5) == pytest.approx(
        (timeline.ANCHORS["peak"] + timeline.ANCHORS["trough"]) / 2)
    assert timeline.position("plateau", 0.7) == timeline.ANCHORS["plateau"]


def overlaps(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def check_year(tl: Timeline, year: int):
    placed = timeline.place(tl, year)
    boxes = [p.box for p in placed]
    for i, a in enumerate(boxes):
        assert a[0] >= 0 and a[2] <= timeline.WIDTH and a[1] >= 0, (year, placed[i])
        for b in boxes[i + 1:]:
            assert not overlaps(a, b), (year, a, b)
        for p in placed:  # no label covers a marker
            circle = (p.x - timeline.MARK_R, p.y - timeline.MARK_R,
                      p.x + timeline.MARK_R, p.y + timeline.MARK_R)
            assert not overlaps(a, circle), (year, placed[i].tech, p.tech)
    return placed


def real_timeline() -> Timeline | None:
    kb = knowledge.build(loading.load(ROOT))
    return kb.timeline


def test_no_overlapping_labels_on_the_real_data_in_any_year():
    tl = real_timeline()
    assert tl is not None, "kb/timeline.yml is missing"
    shown = 0
    for year in timeline.years(tl):
        shown += len(check_year(tl, year))
    assert shown > 50


def test_crowded_years_still_fit():
    techs = [{"id": f"t{i}", "name": f"Technology number {i}", "track": "a",
              "hype": {2000: "trigger", 2001: "peak"}} for i in range(12)]
    tl = Timeline.model_validate({"default_year": 2001, "intro": "x",
                                  "tracks": [{"id": "a", "title": "A"}], "technologies": techs})
    assert len(check_year(tl, 2001)) == 12


def test_svg_has_a_group_per_year_and_shows_the_default():
    tl = knowledge.build(loading.load(FIXTURE)).timeline
    root = ElementTree.fromstring(timeline.svg(tl))
    groups = root.findall("s:g[@class='kb-year']", NS)
    assert [g.get("data-year") for g in groups] == [str(y) for y in range(2008, 2015)]
    shown = [g.get("data-year") for g in groups if g.get("display") != "none"]
    assert shown == ["2012"]
    default = next(g for g in groups if g.get("data-year") == "2012")
    names = [t.text for t in default.findall(".//s:g[@data-tech]/s:text", NS)]
    assert sorted(names) == ["Gadget", "Widget"]
    assert root.find("s:title", NS).text == "The hype cycle, year by year"
    assert "Old wave and New wave" in root.find("s:desc", NS).text
    phases = ["".join(t.itertext()) for t in root.findall("s:text[@class='kb-hype-phase']", NS)]
    assert phases == ["Innovationtrigger", "Peak ofinflated expectations",
                      "Troughof disillusionment", "Slopeof enlightenment",
                      "Plateauof productivity"]
