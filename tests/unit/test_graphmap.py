"""Learning paths and the layout of the prerequisite map."""

from __future__ import annotations

import random
from pathlib import Path
from xml.etree import ElementTree

import networkx as nx
import pytest

from kbsite import graphmap, knowledge, loading

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "site"


@pytest.fixture(scope="module")
def fixture_kb():
    return knowledge.build(loading.load(FIXTURE))


@pytest.fixture(scope="module")
def real_kb():
    return knowledge.build(loading.load(ROOT))


def test_paths_depths_and_hours(fixture_kb):
    kb = fixture_kb
    assert kb.path("alpha") == [] and kb.path("beta") == ["alpha"]
    assert kb.path("gamma") == ["alpha", "beta"]
    assert kb.path_hours("gamma") == 2 + 3  # first readings of alpha and beta
    assert kb.depths == {"alpha": 0, "beta": 1, "gamma": 2}


def test_real_paths_are_valid_learning_orders(real_kb):
    kb = real_kb
    for tid in kb.topics:
        path = kb.path(tid)
        assert set(path) == nx.ancestors(kb.graph, tid)
        seen = set()
        for step in path:
            assert set(kb.graph.predecessors(step)) <= seen, (tid, step)
            seen.add(step)
    assert kb.path("variational-autoencoders")[0] == "probabilistic-modelling"


def test_implied_prerequisites():
    g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    assert knowledge.implied(g, "e", ["a", "c"]) == [(0, ["a", "b", "c", "e"])]
    assert knowledge.implied(g, "e", ["c"]) == []
    assert knowledge.implied(g, "e", ["a", "unknown"]) == []


def random_dag(n: int, seed: int) -> tuple[nx.DiGraph, list[str]]:
    rng = random.Random(seed)
    names = [f"t{i:03d}" for i in range(n)]
    g = nx.DiGraph()
    g.add_nodes_from(names)
    for i in range(1, n):
        for j in rng.sample(range(i), k=min(i, rng.choice([0, 1, 1, 2, 3]))):
            g.add_edge(names[j], names[i])
    return g, names


def depths(g):
    d = {}
    for t in nx.topological_sort(g):
        d[t] = max((d[p] + 1 for p in g.predecessors(t)), default=0)
    return d


@pytest.mark.parametrize("n, seed", [(23, 1), (200, 2), (200, 3)])
def test_layout_has_no_overlaps_and_edges_point_forward(n, seed):
    g, order = random_dag(n, seed)
    lay = graphmap.layout(g, order, depths(g))
    boxes = {}
    for layer in lay.layers:
        height = {v: graphmap.NODE_H if isinstance(v, str) else graphmap.DUMMY_H for v in layer}
        spans = sorted((lay.y[v], lay.y[v] + height[v]) for v in layer)
        for (_, bottom1), (top2, _) in zip(spans, spans[1:], strict=False):
            assert bottom1 + graphmap.GAP_Y <= top2 + 1e-9  # slots never overlap
        for v in layer:
            if isinstance(v, str):
                boxes[v] = (lay.x[v], lay.y[v])
    assert set(boxes) == set(g)
    for (s, t), route in lay.routes.items():
        assert boxes[t][0] > boxes[s][0]  # every edge points forward, left to right
        xs = [x for x, _ in route]
        assert xs == sorted(xs)
        assert len(route) == 2 + 2 * (depths(g)[t] - depths(g)[s] - 1)
    assert all(x >= 0 and x + graphmap.NODE_W <= lay.width for x, _ in boxes.values())
    assert all(y >= 0 and y + graphmap.NODE_H <= lay.height for _, y in boxes.values())


def test_labels_fit_their_box():
    long = "A very long topic title that would never fit on two lines of the box at all"
    lines = graphmap.label_lines(long)
    assert len(lines) == 2 and all(len(line) <= graphmap.LINE_CHARS for line in lines)
    assert lines[1].endswith("…")
    assert graphmap.label_lines("Kalman filter") == ["Kalman filter"]


def test_svg_of_the_real_knowledge_base(real_kb):
    text = graphmap.svg(real_kb, lambda t: f"../topics/{t}/")
    root = ElementTree.fromstring(text)
    ns = {"s": "http://www.w3.org/2000/svg"}
    nodes = root.findall(".//s:a", ns)
    assert {a.get("data-topic") for a in nodes} == set(real_kb.topics)
    assert all(a.get("href") == f"../topics/{a.get('data-topic')}/" for a in nodes)
    assert len(root.findall(".//s:path[@class='kb-map-edge']", ns)) == \
        real_kb.graph.number_of_edges()
    assert root.find("s:title", ns).text == "Prerequisite map"
    assert "learning order" in root.find("s:desc", ns).text
