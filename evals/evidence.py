"""How an answer's citations overlap the gold evidence quotes, and gold items whose evidence the corpus lacks."""
from __future__ import annotations

from typing import Mapping

from evals.text_match import claim_units, quote_spans


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


def evidence_warnings(item: dict, doc_texts: Mapping[str, str]) -> list[str]:
    """Gold-set problems in one item: evidence quoted nowhere in the corpus, gold docs that don't exist."""
    out = [f"{item['id']}: gold doc {doc!r} is not an article in the corpus"
           for doc in item.get("gold_docs", []) if doc not in doc_texts]
    out += [f"{item['id']}: evidence not found in any article: {quote[:80]!r}"
            for quote in item.get("evidence", []) if not any(quote_spans(t, quote) for t in doc_texts.values())]
    return out
