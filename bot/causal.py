"""Which way a text's causes run: the text cut at its causal links, and a sentence's link that runs the other way
along its cited text's chain ("twitching can lead to tension, which may prompt stress" against "stress may prompt
tension. This can lead to twitching")."""
from __future__ import annotations

import re

from bot.clauses import content, tokens
from bot.text import stem

# Causal links, as (pattern, whether the cause comes first). "X happens when Y" puts the cause second.
LINKS = [
    (r"caus(?:e|es|ing)|leads? to|led to|results? in|resulted in|triggers?|brings? on|prompts?|produces?|makes?",
     True),
    ((r"(?:caused|triggered|brought on|produced|prompted) by|due to|because of|results? from|the result of|"
      r"(?:happens?|occurs?|arises?) when"), False),
]
LINK = re.compile("|".join(rf"\b(?:{p})\b" for p, _ in LINKS), re.IGNORECASE)
FORWARD = re.compile(rf"\b(?:{LINKS[0][0]})\b", re.IGNORECASE)


def causal_pieces(text: str) -> tuple[list[set[str]], set[tuple[int, int]]] | None:
    """The text cut at its causal links into pieces (their content stems), and the links as (cause, effect)
    piece indices; None with no link."""
    cuts = list(LINK.finditer(text))
    if not cuts:
        return None
    bounds = [0, *[x for m in cuts for x in (m.start(), m.end())], len(text)]
    pieces = [{stem(w.lower()) for w in tokens(text[a:b]) if content(w)} for a, b in zip(bounds[::2], bounds[1::2])]
    edges = set()
    for i, m in enumerate(cuts):
        edges.add((i, i + 1) if FORWARD.fullmatch(m.group(0)) else (i + 1, i))
    return pieces, edges


def reaches(edges: set[tuple[int, int]], start: int, goal: int) -> bool:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo += [b for a, b in edges if a == node]
    return False


def reversed_link(text: str, cited: str) -> bool:
    """Whether some cause -> effect the sentence states runs effect -> cause along the cited text's chain.

    >>> reversed_link("A pinched nerve can cause a spinal disk to herniate, often after trauma.",
    ...               "A herniated disk can cause a pinched nerve, often the result of trauma.")
    True
    >>> reversed_link("Lack of sleep can trigger stress hormones that make muscles twitch.",
    ...               "A lack of sleep can trigger the release of stress hormones which cause the muscles to twitch.")
    False
    """
    ours, theirs = causal_pieces(text), causal_pieces(cited)
    if not ours or not theirs:
        return False
    (pieces, edges), (cited_pieces, cited_edges) = ours, theirs

    def place(piece: set[str]) -> int | None:  # the cited piece sharing most of its words, if one clearly does
        shared = [len(piece & c) for c in cited_pieces]
        best = max(shared)
        return shared.index(best) if best and shared.count(best) == 1 else None
    for cause, effect in edges:
        a, b = place(pieces[cause]), place(pieces[effect])
        if a is not None and b is not None and a != b and reaches(cited_edges, b, a) and not reaches(cited_edges, a, b):
            return True
    return False
