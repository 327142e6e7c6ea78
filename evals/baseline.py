"""The tutorial RAG a user would build instead, scored beside the bot in every report.

Each article body is cut into fixed 1000-character windows overlapping by 200, embedded with the
same Embedder, and searched dense-only by cosine. Its "answer" is the top window, cited once; it
never refuses and never adds a notice.
"""
from __future__ import annotations

import time

import numpy as np

from ingest.load import Article

SIZE, OVERLAP = 1000, 200


def windows(length: int, size: int = SIZE, overlap: int = OVERLAP) -> list[tuple[int, int]]:
    """Example:

    >>> windows(2000)
    [(0, 1000), (800, 1800), (1600, 2000)]
    """
    assert 0 <= overlap < size, "overlap must be smaller than the window"
    out = []
    for start in range(0, max(length, 1), size - overlap):
        out.append((start, min(start + size, length)))
        if start + size >= length:
            break
    return [span for span in out if span[1] > span[0]]


class Baseline:
    """Fixed-size chunks, dense top-k; `retrieve` and `ask` mirror the bot's shapes."""

    def __init__(self, articles: list[Article], embedder, size: int = SIZE, overlap: int = OVERLAP):
        self.embedder = embedder
        self.chunks: list[dict] = []  # {"doc_id","title","source","start","end","text"}, offsets in the file
        for article in articles:
            body = article.text[article.body_start:]
            for start, end in windows(len(body), size, overlap):
                s, e = article.body_start + start, article.body_start + end
                self.chunks.append({"doc_id": article.id, "title": article.title, "source": str(article.path),
                                    "start": s, "end": e, "text": article.text[s:e]})
        self.vectors = embedder.embed([c["text"] for c in self.chunks]) if self.chunks else np.zeros((0, 384))
        self._last: tuple[str, np.ndarray] | None = None  # (query, vector): `ask` then `retrieve` embed once

    def query_vector(self, query: str) -> np.ndarray:
        """The query's vector, embedded here rather than via query_pair, whose cache would hide the cost."""
        if self._last is None or self._last[0] != query:
            self._last = (query, self.embedder.embed([query])[0])
        return self._last[1]

    def retrieve(self, query: str, k: int = 10) -> list[dict]:
        """The top k chunks by cosine similarity, best first, shaped like `Bot.retrieve` hits."""
        if not self.chunks:
            return []
        scores = self.vectors @ self.query_vector(query)
        order = np.argsort(-scores, kind="stable")[:k]
        return [{**{key: self.chunks[i][key] for key in ("doc_id", "start", "end", "text")},
                 "score": round(float(scores[i]), 6), "heading": ""} for i in order]

    def ask(self, question: str, history: list[dict] | None = None) -> dict:
        """An answer-contract dict: the top chunk verbatim with one citation (history is ignored)."""
        began = time.perf_counter()
        hits = self.retrieve(question, k=1)
        retrieved = time.perf_counter()
        citations, text = [], ""
        if hits:
            chunk = next(c for c in self.chunks if (c["doc_id"], c["start"]) == (hits[0]["doc_id"], hits[0]["start"]))
            citations = [{"n": 1, **chunk, "score": hits[0]["score"]}]
            text = f"{chunk['text'].strip()} [1]"
        done = time.perf_counter()
        return {
            "question": question, "search_query": question, "answer": text, "refused": False,
            "citations": citations, "notices": [],
            "timings_ms": {"retrieve": round((retrieved - began) * 1000, 2),
                           "answer": round((done - retrieved) * 1000, 2), "total": round((done - began) * 1000, 2)},
        }
