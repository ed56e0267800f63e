"""The prerequisite map: a layered drawing of the topic graph, as build-time SVG.

A small Sugiyama-style layout: networkx gives the layers (longest path from a topic with
no prerequisites), long edges get dummy points in the layers they cross so they run
between nodes rather than through them, a few barycenter sweeps order each layer to
reduce crossings, and every node gets its own slot, so nodes and labels cannot overlap.
Columns are layers (left to right: learn first → learn later).
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .knowledge import KnowledgeBase

if TYPE_CHECKING:
    import networkx as nx

NODE_W = 184
NODE_H = 44
DUMMY_H = 14
GAP_Y = 14
GAP_X = 60
MARGIN = 16
LINE_CHARS = 24  # characters per label line at 12px, within NODE_W
PALETTE = 8  # area colours, defined in figures.css as .kb-area-0 … .kb-area-7


@dataclass
class Layout:
    layers: list[list[str | tuple]]
    """Each layer top to bottom; topic ids, or ("dummy", source, target, i) points."""
    x: dict = field(default_factory=dict)
    y: dict = field(default_factory=dict)
    """Top-left corner of each node (centre line for dummies)."""
    routes: dict[tuple[str, str], list[tuple[float, float]]] = field(default_factory=dict)
    width: float = 0
    height: float = 0


def layout(graph: nx.DiGraph, order: list[str], depth: dict[str, int],
           sweeps: int = 8) -> Layout:
    """``depth``: each topic's column (KnowledgeBase.depths: one right of its latest
    prerequisite); ``order``: a learning order, the starting order within each column."""
    n_layers = max(depth.values(), default=-1) + 1
    layers: list[list] = [[] for _ in range(n_layers)]
    rank = {t: i for i, t in enumerate(order)}
    for t in sorted(graph, key=lambda t: rank.get(t, len(rank))):
        layers[depth[t]].append(t)
    # chains of dummy points for edges that skip layers
    chains: dict[tuple[str, str], list] = {}
    up: dict = {}  # node → neighbours in the previous layer
    down: dict = {}
    for s, t in sorted(graph.edges, key=lambda e: (rank.get(e[0], 0), rank.get(e[1], 0))):
        points = [s]
        for d in range(depth[s] + 1, depth[t]):
            dummy = ("dummy", s, t, d)
            layers[d].append(dummy)
            points.append(dummy)
        points.append(t)
        chains[(s, t)] = points
        for a, b in zip(points, points[1:], strict=False):
            down.setdefault(a, []).append(b)
            up.setdefault(b, []).append(a)
    # barycenter sweeps: down, then up, keeping the better of each
    for sweep in range(sweeps):
        forward = sweep % 2 == 0
        indices = range(1, n_layers) if forward else range(n_layers - 2, -1, -1)
        for d in indices:
            ref = layers[d - 1] if forward else layers[d + 1]
            pos = {n: i for i, n in enumerate(ref)}
            neighbours = up if forward else down
            current = {n: i for i, n in enumerate(layers[d])}

            def bary(n, pos=pos, neighbours=neighbours, current=current):
                near = [pos[m] for m in neighbours.get(n, ()) if m in pos]
                return (sum(near) / len(near)) if near else current[n]

            layers[d].sort(key=lambda n: (bary(n), current[n]))
    out = Layout(layers=layers)
    heights = [sum(NODE_H if isinstance(n, str) else DUMMY_H for n in layer)
               + GAP_Y * max(len(layer) - 1, 0) for layer in layers]
    tallest = max(heights, default=0)
    for d, layer in enumerate(layers):
        x = MARGIN + d * (NODE_W + GAP_X)
        y = MARGIN + (tallest - heights[d]) / 2
        for n in layer:
            h = NODE_H if isinstance(n, str) else DUMMY_H
            out.x[n], out.y[n] = x, y
            y += h + GAP_Y
    for (s, t), points in chains.items():
        route = [(out.x[s] + NODE_W, out.y[s] + NODE_H / 2)]
        for p in points[1:-1]:  # straight across each column it skips, between nodes
            route.append((out.x[p], out.y[p] + DUMMY_H / 2))
            route.append((out.x[p] + NODE_W, out.y[p] + DUMMY_H / 2))
        route.append((out.x[t], out.y[t] + NODE_H / 2))
        out.routes[(s, t)] = route
    out.width = 2 * MARGIN + n_layers * NODE_W + max(n_layers - 1, 0) * GAP_X
    out.height = 2 * MARGIN + tallest
    return out


def label_lines(title: str) -> list[str]:
    lines = textwrap.wrap(title, LINE_CHARS, break_long_words=True) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), LINE_CHARS, placeholder="…")]
    return lines


def _path(route: list[tuple[float, float]]) -> str:
    """A smooth path through the route: horizontal tangents at every point, straight runs
    (across the columns a long edge skips) as plain horizontal lines. Whole pixels keep
    the SVG small on a large map."""
    (x0, y0), rest = route[0], route[1:]
    d = f"M{x0:.0f},{y0:.0f}"
    for x1, y1 in rest:
        if round(y1) == round(y0):
            d += f"H{x1:.0f}"
        else:
            mid = (x0 + x1) / 2
            d += f"C{mid:.0f},{y0:.0f} {mid:.0f},{y1:.0f} {x1:.0f},{y1:.0f}"
        x0, y0 = x1, y1
    return d


def layout_of(kb: KnowledgeBase) -> Layout:
    """The map's layout for ``kb`` (the part of drawing it that takes time)."""
    return layout(kb.graph, list(kb.topics), kb.depths)


def svg(kb: KnowledgeBase, href: Callable[[str], str], lay: Layout | None = None) -> str:
    """The map as an inline SVG element; ``href`` gives each topic's link from the page;
    ``lay``: ``layout_of(kb)``, if it was made already."""
    e = html.escape
    order = list(kb.topics)
    titles = {t: topic.title for t, topic in kb.topics.items()}
    palette = {a.id: i for i, a in enumerate(kb.areas)}
    areas = {t: palette.get(topic.area, 0) for t, topic in kb.topics.items()}
    area_names = [a.title for a in kb.areas if kb.topics_in(a.id)]
    lay = lay or layout_of(kb)
    nodes = sum(isinstance(n, str) for n in lay.x)  # the rest are the points of long edges
    parts = [
        f'<svg class="kb-map" xmlns="http://www.w3.org/2000/svg" role="group" '
        f'data-search-exclude="" '
        f'aria-labelledby="kb-map-title kb-map-desc" width="{lay.width:.0f}" '
        f'height="{lay.height:.0f}" viewBox="0 0 {lay.width:.0f} {lay.height:.0f}">',
        '<title id="kb-map-title">Prerequisite map</title>',
        f'<desc id="kb-map-desc">{nodes} topics in {len(lay.layers)} columns, from '
        f'topics with no prerequisites on the left to the most advanced on the right; '
        f'{len(lay.routes)} arrows go from each prerequisite to the topic that needs '
        f'it. Colours mark areas: '
        + e("; ".join(area_names))
        + '. The outline below the map lists the same topics in learning order.</desc>',
        '<defs><marker id="kb-arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L8,4 L0,8 z" class="kb-map-arrow"/>'
        '</marker></defs>',
        '<g class="kb-map-edges">',
    ]
    for (s, t), route in sorted(lay.routes.items()):
        parts.append(f'<path class="kb-map-edge" data-from="{e(s)}" data-to="{e(t)}" '
                     f'd="{_path(route)}" marker-end="url(#kb-arrow)"/>')
    parts.append("</g><g class=\"kb-map-nodes\">")
    for t in order:
        if t not in lay.x:
            continue
        x, y = lay.x[t], lay.y[t]
        lines = label_lines(titles[t])
        top = y + NODE_H / 2 - (len(lines) - 1) * 7
        text = "".join(
            f'<tspan x="{x + 12:.1f}" y="{top + 4 + 14 * i:.1f}">{e(line)}</tspan>'
            for i, line in enumerate(lines))
        parts.append(
            f'<a href="{e(href(t))}" class="kb-map-node kb-area-{areas[t] % PALETTE}" '
            f'data-topic="{e(t)}"><title>{e(titles[t])}</title>'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{NODE_W}" height="{NODE_H}" rx="6"/>'
            f'<circle class="kb-map-badge" cx="{x + NODE_W - 10:.1f}" cy="{y + 10:.1f}" r="5"/>'
            f'<text>{text}</text></a>')
    parts.append("</g></svg>")
    return "\n".join(parts)  # one element a line: long lines are slow for regex-based tools
