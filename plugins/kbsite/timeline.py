"""The hype-cycle figure: Gartner's curve, each technology placed on it year by year.

Drawn at build time as one SVG with a group per year; without JavaScript (and in print)
only the default year's group is displayed, and the page's year control switches groups.
A technology between two recorded phases is placed proportionally between their anchor
points on the curve, so it moves smoothly from year to year. Labels are placed greedily
so that no two overlap and none covers a marker.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

from .model import PHASE_NAMES, PHASES, Timeline

WIDTH, HEIGHT = 960, 440
LEFT, RIGHT, TOP, BASE = 56, 930, 40, 350
ANCHORS = {"trigger": 0.05, "peak": 0.2, "trough": 0.42, "slope": 0.62, "plateau": 0.86}
CHAR_W, LABEL_H, MARK_R = 7.0, 15, 5


def curve(u: float) -> float:
    """Expectations (0–1) at position u (0–1) along the cycle: a peak, a trough, a plateau."""
    peak = math.exp(-(((u - 0.2) / 0.075) ** 2))
    rise = 0.45 / (1 + math.exp(-(u - 0.62) / 0.06))
    return (peak + rise) / 1.05


def point(u: float) -> tuple[float, float]:
    return LEFT + u * (RIGHT - LEFT), BASE - curve(u) * (BASE - TOP)


def position(phase: str, progress: float) -> float:
    """Where on the curve (u) a technology sits, ``progress`` of the way to the next phase."""
    i = PHASES.index(phase)
    here = ANCHORS[phase]
    nxt = ANCHORS[PHASES[i + 1]] if i + 1 < len(PHASES) else here
    return here + progress * (nxt - here)


@dataclass(frozen=True)
class Placed:
    tech: str
    name: str
    track: int
    x: float
    y: float
    lx: float
    """Label's left edge and baseline."""
    ly: float

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (self.lx - 2, self.ly - LABEL_H + 2, self.lx + label_width(self.name) + 2,
                self.ly + 3)


def label_width(name: str) -> float:
    return CHAR_W * len(name)


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def longest_label(x: float) -> int:
    """The most characters a label can have beside a marker at ``x`` (either side)."""
    room = max(WIDTH - 2 - 2 - 8 - x, x - 8 - 2 - 2)
    return max(int(room // CHAR_W), 0)


def place(timeline: Timeline, year: int) -> list[Placed]:
    """Markers and non-overlapping labels for one year (a label with no room is left out:
    ``kb validate`` reports it, see ``layout_problems``)."""
    return _place(timeline, year)[0]


def _place(timeline: Timeline, year: int) -> tuple[list[Placed], list[tuple[str, str]]]:
    tracks = {t.id: i for i, t in enumerate(timeline.tracks)}
    marks = []
    for tech in timeline.technologies:
        state = tech.phase_in(year)
        if state is None:
            continue
        u = position(*state)
        x, y = point(u)
        marks.append((u, tech, x, y))
    marks.sort(key=lambda m: (m[0], m[1].id))
    # technologies at the same spot are spread a little along the curve
    spread = []
    for i, (u, tech, x, y) in enumerate(marks):
        same = [m for m in marks[:i] if abs(m[0] - u) < 0.012]
        if same:
            u = u + 0.014 * len(same)
            x, y = point(u)
        spread.append((tech, x, y))
    circles = [(x - MARK_R, y - MARK_R, x + MARK_R, y + MARK_R) for _, x, y in spread]
    placed: list[Placed] = []
    failed: list[tuple[str, str]] = []
    boxes: list[tuple] = []
    for tech, x, y in spread:
        w = label_width(tech.name)
        candidates = []
        for k in range(0, 16):
            for dy in (-(10 + k * LABEL_H), 14 + k * LABEL_H):
                for side in (1, -1):
                    lx = x + 8 if side == 1 else x - 8 - w
                    candidates.append((k, lx, y + dy))
        for _, lx, ly in candidates:
            box = (lx - 2, ly - LABEL_H + 2, lx + w + 2, ly + 3)
            inside = box[0] >= 2 and box[2] <= WIDTH - 2 and box[1] >= 2 and box[3] <= BASE - 2
            if inside and not any(_overlaps(box, b) for b in boxes + circles):
                boxes.append(box)
                placed.append(Placed(tech.id, tech.name, tracks.get(tech.track, 0), x, y, lx, ly))
                break
        else:
            limit = longest_label(x)
            if len(tech.name) > limit:
                failed.append((tech.id, f"the label is {len(tech.name)} characters; the "
                               f"longest that fits where it stands in {year} is {limit}"))
            else:
                failed.append((tech.id, f"in {year}, the labels of the technologies "
                               f"around its marker fill the space above and below it; "
                               f"shorten this name ({len(tech.name)} characters) or those "
                               f"of technologies in the same phase that year"))
    return placed, failed


def layout_problems(timeline: Timeline) -> dict[str, str]:
    """Technology id → why its label does not fit on the figure (first year it fails)."""
    out: dict[str, str] = {}
    for year in years(timeline):
        for tech, why in _place(timeline, year)[1]:
            out.setdefault(tech, why)
    return out


def years(timeline: Timeline) -> list[int]:
    all_years = [y for t in timeline.technologies for y in t.hype] + [timeline.default_year]
    return list(range(min(all_years), max(all_years) + 1))


def svg(timeline: Timeline) -> str:
    e = html.escape
    steps = [point(i / 200) for i in range(201)]
    path = "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in steps)
    out = [
        f'<svg class="kb-hype" xmlns="http://www.w3.org/2000/svg" role="group" '
        f'data-search-exclude="" '
        f'aria-labelledby="kb-hype-title kb-hype-desc" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}">',
        '<title id="kb-hype-title">The hype cycle, year by year</title>',
        f'<desc id="kb-hype-desc">Gartner\'s hype-cycle curve: expectations rise to a peak, '
        f'fall into a trough, then climb a slope to a plateau. Each technology of the '
        f'{" and ".join(e(t.title) for t in timeline.tracks)} waves is a dot on the curve at '
        f'its phase in the year shown (the editors\' reading). The table below the figure '
        f'gives the same information.</desc>',
        f'<line class="kb-hype-axis" x1="{LEFT}" y1="{BASE}" x2="{RIGHT}" y2="{BASE}"/>',
        f'<line class="kb-hype-axis" x1="{LEFT}" y1="{BASE}" x2="{LEFT}" y2="{TOP - 10}"/>',
        f'<text class="kb-hype-axis-label" transform="translate({LEFT - 14},{BASE}) '
        f'rotate(-90)">expectations</text>',
        f'<text class="kb-hype-axis-label" x="{RIGHT}" y="{BASE + 16}" '
        f'text-anchor="end">time</text>',
        f'<path class="kb-hype-curve" d="{path}"/>',
    ]
    for phase in PHASES:
        x, _ = point(ANCHORS[phase])
        words = PHASE_NAMES[phase].split(" ", 2 if phase == "peak" else 1)
        lines = [" ".join(words[:-1]), words[-1]] if len(words) > 1 else words
        out.append(f'<text class="kb-hype-phase" text-anchor="middle" y="{BASE + 36}">'
                   + "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else 14}">{e(line)}</tspan>'
                             for i, line in enumerate(lines)) + "</text>")
    for year in years(timeline):
        hidden = "" if year == timeline.default_year else ' display="none"'
        out.append(f'<g class="kb-year" data-year="{year}"{hidden}>'
                   f'<text class="kb-hype-year" x="{RIGHT}" y="{TOP}" '
                   f'text-anchor="end">{year}</text>')
        for p in place(timeline, year):
            if abs(p.ly - p.y) > 16:  # the label moved away: a leader line finds it
                edge_x = p.lx if p.lx > p.x else p.lx + label_width(p.name)
                out.append(f'<line class="kb-hype-leader" x1="{p.x:.1f}" y1="{p.y:.1f}" '
                           f'x2="{edge_x:.1f}" y2="{p.ly - 4:.1f}"/>')
            out.append(f'<g class="kb-hype-tech kb-track-{p.track}" data-tech="{e(p.tech)}">'
                       f'<circle cx="{p.x:.1f}" cy="{p.y:.1f}" r="{MARK_R}"/>'
                       f'<text x="{p.lx:.1f}" y="{p.ly:.1f}">{e(p.name)}</text></g>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)  # one element a line: long lines are slow for regex-based tools
