from kbsite import bibliography
from kbsite.model import Paper, Person

BIB = r"""
@article{hyvarinen2000independent,
  author  = {Hyv{\"a}rinen, Aapo and Oja, Erkki},
  title   = {Independent Component Analysis: Algorithms and Applications},
  journal = {Neural Networks},
  year    = {2000},
  volume  = {13},
  number  = {4--5},
  pages   = {411--430},
  doi     = {10.1016/S0893-6080(00)00026-5}
}

@inproceedings{kingma2014auto,
  author        = {Kingma, Diederik P. and Welling, Max},
  title         = {Auto-Encoding Variational {B}ayes},
  booktitle     = {International Conference on Learning Representations},
  year          = {2014},
  eprint        = {1312.6114},
  archiveprefix = {arXiv}
}
"""


def test_parse_decodes_latex_and_splits_names():
    papers, _, problems = bibliography.parse(BIB)
    assert problems == []
    ica = papers["hyvarinen2000independent"]
    assert ica.authors == (Person("Aapo", "Hyvärinen"), Person("Erkki", "Oja"))
    assert ica.line == 2 and ica.raw.startswith("@article{hyvarinen2000independent,")
    assert papers["kingma2014auto"].title == "Auto-Encoding Variational Bayes"


def test_citation_parts_and_links():
    papers, _, _ = bibliography.parse(BIB)
    c = bibliography.cite(papers["hyvarinen2000independent"])
    assert c.authors == "Aapo Hyvärinen and Erkki Oja"
    assert c.venue == "Neural Networks, 13(4–5), 411–430"
    assert c.links == (("doi:10.1016/S0893-6080(00)00026-5",
                        "https://doi.org/10.1016/S0893-6080(00)00026-5"),)
    k = bibliography.cite(papers["kingma2014auto"])
    assert k.venue == "In International Conference on Learning Representations"
    assert k.links == (("arXiv:1312.6114", "https://arxiv.org/abs/1312.6114"),)
    assert bibliography.short_name(papers["kingma2014auto"]) == "Kingma and Welling (2014)"


def test_many_authors_are_shortened():
    people = tuple(Person(f"A{i}", f"B{i}") for i in range(10))
    assert bibliography.format_people(people).endswith("A5 B5 et al.")
    assert bibliography.format_people(people[:3]) == "A0 B0, A1 B1 and A2 B2"


def test_parse_failures_and_duplicates_are_problems_with_lines():
    text = BIB + "\n@article{broken,\n  author = {X\n  title = {oops},\n}\n" + \
        "@misc{kingma2014auto, title={dup}, author={A, B}, year={2014}, url={https://x.org}}\n"
    papers, _, problems = bibliography.parse(text, "refs.bib")
    assert set(papers) == {"hyvarinen2000independent", "kingma2014auto"}
    assert [(p.line, p.severity) for p in problems] == [(22, "error"), (26, "error")]
    assert problems[0].message == (
        "BibTeX syntax error in the entry starting '@article{broken,': Unexpected block start: "
        "`@misc`. Was still looking for field-value closing `,` or `}`")
    assert problems[1].message == "duplicate BibTeX key 'kingma2014auto' (first defined at line 13)"


def test_field_checks():
    text = r"""@misc{bad,
  author = {Doe, John},
  title = {T},
  year = {20xx},
  url = {javascript:alert(1)},
  doi = {https://doi.org/10.1/x}
}
@misc{bare, author = {Doe, John}, title = {T}, year = {2001}}
@misc{empty, note = {nothing}}
"""
    papers, _, problems = bibliography.parse(text, "r.bib")
    assert [str(p) for p in problems] == [
        "r.bib:4:1: error: bad: year: expected four digits, got '20xx'",
        "r.bib:5:1: error: bad: url: only http:// and https:// links are allowed, got "
        "'javascript:alert(1)'",
        "r.bib:6:1: error: bad: doi: expected a bare DOI such as 10.1162/neco.2006.18.7.1527, "
        "got 'https://doi.org/10.1/x'",
        "r.bib:8:1: warning: bare: no 'doi', 'eprint' (arXiv) or 'url': readers need a way to "
        "find it",
        "r.bib:9:1: error: empty: field 'title' missing",
        "r.bib:9:1: error: empty: field 'author' (or 'editor') missing",
        "r.bib:9:1: error: empty: field 'year' missing",
        "r.bib:9:1: warning: empty: no 'doi', 'eprint' (arXiv) or 'url': readers need a way to "
        "find it",
    ]
    assert bibliography.links(papers["bad"]) == ()


def test_venues_by_entry_type():
    def paper(kind, **fields):
        return Paper(key="k", entry_type=kind, fields=fields, authors=(Person("A", "B"),))
    assert bibliography.venue(paper("book", publisher="Wiley", edition="2nd")) == \
        "2nd edition, Wiley"
    assert bibliography.venue(paper("techreport", number="TR-3", institution="U")) == \
        "Technical report TR-3, U"
    assert bibliography.venue(paper("phdthesis", school="MIT")) == "PhD thesis, MIT"
    assert bibliography.venue(paper("misc", eprint="1312.6114")) == "arXiv preprint"


def test_fast_latex_path_gives_exactly_what_pylatexenc_gives():
    import random

    from bibtexparser.middlewares import LatexDecodingMiddleware

    fast, reference = bibliography._LatexDecoding(), LatexDecodingMiddleware()
    rng = random.Random(0)
    pieces = list("ab {}-`'~ _^.,:;!?()[]/0123<>\"*+=|@") + [
        "--", "---", "``", "''", "{ICA}", "é", "\n", "  ", "\\'e", "$x$", "%", "&"]
    simple = 0
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        simple += bool(fast._SIMPLE.match(text))
        assert fast._transform_python_value_string(text) == \
            reference._transform_python_value_string(text), repr(text)
    assert simple > 5000  # the fast path is really taken
