"""Synthetic libraries for the benchmark: the real articles' sections recombined into new articles.

A health library grows by articles much like the ones it has, so a library of N articles is made from
the five real ones: every section of every article (the text under one heading, the heading included;
the introduction before the first heading too) goes into one pool, and each new article is an
introduction followed by sections drawn from the pool until it is as long as a real article drawn at
random. The text is never reworded (the corpus rule): each section is copied verbatim, so every
sentence of a synthetic article is a sentence of a real one and the chunker sees real Markdown.
The seed makes the same N give the same files, byte for byte.

`reduced=True` makes each article one section's heading and first two paragraphs (~5 sentences, a tenth
of a real article), for the "works at 10,000 articles" check: a full-size one would take hours to ingest
on two cores, this one about 10 minutes on a quiet machine.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

from ingest.load import load_corpus

HEADING = re.compile(r"^#{1,6} ", re.MULTILINE)
SEED = 20


def sections(body: str) -> tuple[str, list[str]]:
    """(the introduction before the first heading, each headed section), verbatim.

    Example: sections("Intro.\\n\\n## A\\nText a.\\n## B\\nText b.\\n") == ("Intro.", ["## A\\nText a.", "## B\\nText b."])
    """
    starts = [m.start() for m in HEADING.finditer(body)]
    intro = body[: starts[0] if starts else len(body)].strip()
    bounds = starts + [len(body)]
    return intro, [body[a:b].strip() for a, b in zip(bounds, bounds[1:]) if body[a:b].strip()]


def generate(source: Path, target: Path, n: int, seed: int = SEED, reduced: bool = False) -> list[Path]:
    """Write n synthetic articles made from the articles in `source` into `target` (emptied first)."""
    articles, _ = load_corpus(source)
    if not articles:
        raise ValueError(f"no articles in {source} to make a synthetic library from")
    intros, pool, lengths = [], [], []
    for article in sorted(articles, key=lambda a: a.id):
        intro, parts = sections(article.text[article.body_start:])
        if intro:
            intros.append(intro)
        pool += parts
        lengths.append(len(article.text) - article.body_start)
    intros = intros or pool
    rng = random.Random(f"{seed}-{n}-{reduced}")
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("synthetic-*.md"):
        old.unlink()
    written = []
    for number in range(1, n + 1):
        if reduced:  # a section's heading and first two paragraphs, verbatim: ~5 sentences
            parts = ["", "\n\n".join(rng.choice(pool).split("\n\n")[:3])]
        else:
            parts = [rng.choice(intros)]
            wanted = rng.choice(lengths)
            chosen = rng.sample(pool, len(pool))  # each section at most once per article
            parts.append(chosen.pop())
            while sum(map(len, parts)) < wanted and chosen:
                parts.append(chosen.pop())
        first_heading = HEADING.sub("", parts[1].splitlines()[0]).strip().rstrip(":")
        doc_id = f"synthetic-{number:05d}"
        title = f"Synthetic article {number}: {first_heading}".replace('"', "'")
        path = target / f"{doc_id}.md"
        path.write_text(f'---\nid: {doc_id}\ntitle: "{title}"\nauthor: "twitchqa bench (sections of the real '
                        f'articles, recombined)"\n---\n\n' + "\n\n".join(p for p in parts if p) + "\n", encoding="utf-8")
        written.append(path)
    return written
