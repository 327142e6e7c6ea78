"""Which way a text's causes run: the text cut at its causal links, and a sentence's link that runs the other way
along its cited text's chain ("twitching can lead to tension, which may prompt stress" against "stress may prompt
tension. This can lead to twitching")."""
from __future__ import annotations

import re

from bot.clauses import content, tokens
from bot.text import stem

# Causal links, as (pattern, whether the cause comes first). "X happens when Y" puts the cause second.
# Each verb in the forms the articles and the written sentences use ("leading to heightened muscle tension", "often
# resulting from minor nerve irritation", "what sets off anxiety"): a form missing here left the link unread.
LINKS = [
    (r"caus(?:e|es|ing)|leads? to|leading to|led to|results? in|resulted in|resulting in|triggers?|brings? on|prompts?|"
     r"produces?|makes?|sets? off|setting off", True),
    ((r"(?:caused|triggered|brought on|produced|prompted|set off) by|due to|because of|results? from|resulting from|"
      r"resulted from|the result of|(?:happens?|occurs?|arises?) when"), False),
]
LINK = re.compile("|".join(rf"\b(?:{p})\b" for p, _ in LINKS), re.IGNORECASE)
FORWARD = re.compile(rf"\b(?:{LINKS[0][0]})\b", re.IGNORECASE)


def causal_pieces(text: str) -> tuple[list[set[str]], set[tuple[int, int]]] | None:
    """The text cut at its causal links into pieces (their content stems), and the links as (cause, effect)
    piece indices; None with no link."""
    links = list(LINK.finditer(text))
    if not links:
        return None
    cuts = sorted([*links, *REASON.finditer(text)], key=lambda m: m.start())
    bounds = [0, *[x for m in cuts for x in (m.start(), m.end())], len(text)]
    spans = list(zip(bounds[::2], bounds[1::2]))
    pieces = [{stem(w.lower()) for w in tokens(text[a:b]) if content(w)} for a, b in spans]
    edges = set()
    for i, m in enumerate(cuts):
        if m.re is REASON:  # a reason clause starts: no link between the pieces either side
            continue
        left = subject_piece(text, spans, i)
        edges.add((left, i + 1) if FORWARD.fullmatch(m.group(0)) else (i + 1, left))
    return pieces, edges


# A clause giving a reason starts its own piece: "can cause muscle twitching as calcium is the ion that binds to troponin
# that triggers muscle contraction" links calcium to contraction, not twitching to contraction (ws-45 and ws14-005,
# supported, were read as reversing it once "sets off" was a link).
REASON = re.compile(r"\b(?:because|since)\b|,\s*as\b|(?<!such)(?<!well)(?<=\w)\s+as\s+(?=\w+\s+(?:is|are|was|were)\b)",
                    re.IGNORECASE)


# A link whose verb shares its subject with the verb before it ("Twitches are caused by contractions, often resulting
# from irritation, and can be triggered by fatigue"): after "and" no word of its own before the verb.
SHARED_SUBJECT = re.compile(r"(?:,\s*|\s)(?:and|or)\s+(?:(?:can|may|might|could|will|would|often|also|sometimes|is|are|"
                            r"be|been|being)\s+)*$", re.IGNORECASE)
SENTENCE_START = re.compile(r"[.!?]\s+(?=[A-Z])|^")


def subject_piece(text: str, spans: list[tuple[int, int]], i: int) -> int:
    """The piece a link's left side is: the one just before it, or, when its verb shares the subject of the verb
    before ("…, and can be triggered by fatigue"), the piece its sentence starts in (the subject).

    >>> pieces, edges = causal_pieces("Twitches are caused by contractions, often resulting from irritation, and can be "
    ...                               "triggered by fatigue.")
    >>> sorted(edges)
    [(1, 0), (2, 1), (3, 0)]
    """
    a, b = spans[i]
    if not SHARED_SUBJECT.search(text[a:b]):
        return i
    for j in range(i, -1, -1):
        start, end = spans[j]
        if j == 0 or re.search(r"[.!?]\s+[A-Z]", text[start:end]):
            return j
    return i


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
