"""How an answer's citations overlap the gold evidence quotes, and gold items whose evidence the corpus lacks."""
from __future__ import annotations

import re
from typing import Mapping

from evals.text_match import claim_units, quote_spans

# Where a displayed sentence ends: a stop, then a space and what opens a sentence (ingest.chunk splits the same way).
SENTENCE_END = re.compile(r"[.!?][”\"]?\s+(?=[A-Z“\"\[])")
# A bracketed referent shown before a quote ("[Eyelid twitching (myokymia):] It tends…"): the bot's label, no sentence.
LABEL = re.compile(r"^\[[^\]]+:\]\s*")
WORDS = re.compile(r"[^\W_]+")
# Where a list's lead-in shown before an item ends: its colon, and the ellipsis for items left out.
LEAD_END = re.compile(r":\s+(?:…\s+)?(?=[A-Z“\"])")


def evidence_share(answer: dict, quotes: list[str], doc_texts: Mapping[str, str]) -> float:
    """Share of the answer's cited characters that lie inside a gold evidence quote (0 with none cited).

    Fact recall rewards saying more; this falls when an answer pads itself with loosely related claims.
    """
    inside = total = 0
    for citation in answer.get("citations", []):
        start, end = citation["start"], citation["end"]
        file_text = doc_texts.get(citation.get("doc_id"), "")
        covered: set[int] = set()
        for quote in quotes:
            for s, e in quote_spans(file_text, quote):
                covered.update(range(max(s, start), min(e, end)))
        inside, total = inside + len(covered), total + max(end - start, 0)
    return inside / total if total else 0.0


def overlaps(doc_text: str, start: int, end: int, quotes: list[str]) -> bool:
    """Whether the characters [start, end) of a file overlap a gold evidence quote found in it."""
    return any(s < end and start < e for q in quotes for s, e in quote_spans(doc_text, q))


def first_claim_hit(answer: dict, quotes: list[str], doc_texts: Mapping[str, str]) -> bool:
    """Whether a citation of the answer's first claim (with its list's lead-in, if any) overlaps a gold
    evidence quote: the answer opens with what answers the question."""
    units = claim_units(answer.get("answer", ""))
    first = set(units[0][1]) if units else set()
    for citation in answer.get("citations", []):
        if citation["n"] in first:
            if overlaps(doc_texts.get(citation.get("doc_id"), ""), citation["start"], citation["end"], quotes):
                return True
    return False


def first_sentence_hit(answer: dict, quotes: list[str], doc_texts: Mapping[str, str]) -> bool:
    """Whether the answer's first displayed sentence (its first statement's, past the answer's framing and a bracketed
    referent) overlaps a gold evidence quote: what a reader reads first answers. first_claim_hit counts a first quote
    of several sentences whose answer comes in its second or third; this does not.

    The sentence is placed in the first statement's citations by its words (the display drops reference numbers and
    checkboxes, so digits a citation has and the display lacks are passed over); when no citation holds it whole (a
    list's lead-in and an item, two spans), the first citation's first sentence stands for it.
    """
    from evals.display import statements  # evals.display reads bot rules; imported when used

    shown = statements(answer)
    if answer.get("refused") or not shown or not shown[0][1]:
        return False
    text, cited = shown[0]
    text = LABEL.sub("", text)
    stop = SENTENCE_END.search(text)
    # a list's lead-in and its item are one sentence shown ("…consult a neurologist: … Twitching that lasts…"), two
    # spans: each part is placed on its own, and the sentence is on evidence when a part is
    parts = [p for p in LEAD_END.split(text[:stop.start() + 1] if stop else text) if p.strip()]
    placed = False
    for part in parts:
        words = [w.lower() for w in WORDS.findall(part)]
        for citation in cited:
            span = words_span(citation["text"], words)
            if span is not None:
                placed = True
                if overlaps(doc_texts.get(citation.get("doc_id"), ""), citation["start"] + span[0],
                            citation["start"] + span[1], quotes):
                    return True
                break
    if placed:
        return False
    first = cited[0]
    stop = SENTENCE_END.search(first["text"])
    end = first["start"] + (stop.start() + 1 if stop else len(first["text"]))
    return overlaps(doc_texts.get(first.get("doc_id"), ""), first["start"], end, quotes)


def words_span(text: str, words: list[str]) -> tuple[int, int] | None:
    """The span of `text` holding `words` in a row (lower case; digits of the text not among them passed over).

    >>> words_span("Cells.4 This ability can cause twitching.", ["this", "ability", "can"])
    (8, 24)
    """
    found = [(m.group().lower(), m.start(), m.end()) for m in WORDS.finditer(text)]
    if not words:
        return None
    for i, (word, start, _) in enumerate(found):
        if word != words[0]:
            continue
        k, j, end = 0, i, start
        while j < len(found) and k < len(words):
            if found[j][0] == words[k]:
                k, end = k + 1, found[j][2]
            elif not found[j][0].isdigit():
                break
            j += 1
        if k == len(words):
            return start, end
    return None


def evidence_warnings(item: dict, doc_texts: Mapping[str, str]) -> list[str]:
    """Gold-set problems in one item: evidence quoted nowhere in the corpus, gold docs that don't exist."""
    out = [f"{item['id']}: gold doc {doc!r} is not an article in the corpus"
           for doc in item.get("gold_docs", []) if doc not in doc_texts]
    out += [f"{item['id']}: evidence not found in any article: {quote[:80]!r}"
            for quote in item.get("evidence", []) if not any(quote_spans(t, quote) for t in doc_texts.values())]
    return out
