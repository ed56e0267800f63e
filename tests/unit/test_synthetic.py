"""The synthetic knowledge base used by the benchmarks."""

from __future__ import annotations

from kbsite import cli, knowledge, loading, synthetic


def test_generated_knowledge_base_is_clean_and_deterministic(tmp_path, capsys):
    synthetic.generate(tmp_path / "a", topics=40, papers=90, seed=7)
    synthetic.generate(tmp_path / "b", topics=40, papers=90, seed=7)
    kb = knowledge.build(loading.load(tmp_path / "a"))
    assert kb.problems == []
    assert (len(kb.topics), len(kb.papers)) == (40, 90)
    assert {q.type for t in kb.topics.values() for q in t.quiz} == {
        "single", "multiple", "numeric", "recall"}
    assert kb.graph.number_of_edges() > 20
    assert all(kb.cited_by[key] for key in kb.papers)
    assert kb.timeline is not None and len(kb.timeline.events) == 10
    for path in (tmp_path / "a").rglob("*.*"):
        twin = tmp_path / "b" / path.relative_to(tmp_path / "a")
        assert twin.read_bytes() == path.read_bytes(), path
    assert cli.main(["validate", "--strict", "--root", str(tmp_path / "a")]) == 0
    assert capsys.readouterr().out.strip() == "kb: 40 topics, 90 papers, 160 questions: OK"
