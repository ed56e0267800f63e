"""The text `kb new topic` writes: every field, short guidance, TODO markers."""

from __future__ import annotations

import re
import unicodedata

from .schema import TOPIC_HEADER


def slug(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def topic(title: str, area: str, topic_id: str) -> str:
    return f"""{TOPIC_HEADER}
# A topic of Learn Something Harder; CONTRIBUTING.md explains every field.
# `kb validate` warns about each TODO left in a value: replace them all.
title: {_quoted(title)}
area: {area}
level: intermediate          # foundational | intermediate | advanced
summary: TODO One or two sentences, shown in lists and cards.
overview: |
  TODO Teach the core idea with its key equations (250 words or more).
  Inline math goes in $...$; display math on its own lines:

  $$
  p(x) = \\int p(x \\mid z)\\, p(z)\\, dz
  $$

  Use ### (or deeper) for headings inside this field.
why_harder: |
  TODO What does the "stack some layers" view of deep learning hide here?
key_ideas:                   # 3 to 6 items
  - TODO The first key idea, in a sentence or two.
prerequisites: []            # ids of topics to know first, e.g. [principal-component-analysis]
readings: []                 # the first is the gentlest entry point; each cites references.bib:
#  - cite: hyvarinen2000independent
#    why: Why read this, and for whom.
#    sections: Sections 1-6  # optional
#    hours: 3                # estimated reading time
examples:                    # worked examples: scripts in kb/examples/{topic_id}/ (CONTRIBUTING.md)
  - file: example.py         # a stub that fails its assert until you write it
    title: TODO What the example shows
    caption: TODO What its figure shows, in plain text (also the figure's alt text).
quiz: []                     # at least five questions, at least two types:
#  - id: a-stable-kebab-id   # progress is stored under it: do not rename later
#    type: single            # single | multiple | numeric | recall
#    prompt: The question?
#    options:
#      - text: The right answer.
#        correct: true
#      - text: A tempting wrong answer.
#        feedback: Why it is wrong.
#    explanation: Why the answer is right; this is where the learning happens.
"""


def example(topic_id: str) -> str:
    """The worked-example stub: it runs, and fails its assert until it is written."""
    return f'''"""TODO Say in two or three sentences what this example demonstrates.

Run it on its own with `python kb/examples/{topic_id}/example.py`. The build runs it too, in
a subprocess with a 30 s limit, and shows its code, what it prints and every open figure on
the topic page. Use only numpy and matplotlib; seed every random draw.
"""
import matplotlib.pyplot as plt
import numpy as np

rng = np.random.default_rng(0)

# TODO Compute the demonstration and print its key numbers.
x = rng.normal(size=200)
print(f"sample mean: {{x.mean():.3f}}")

# TODO Draw what it shows (no plt.show() or savefig: the build captures open figures).
fig, ax = plt.subplots(figsize=(8, 3.2), layout="constrained")
ax.hist(x, bins=20)
ax.set(title="TODO", xlabel="x", ylabel="count")

# End with asserts of the claim the example demonstrates: when it stops holding, the build
# fails with this line and its message.
assert False, "TODO: replace this stub with a real demonstration and assert its claim"
'''
