"""Hybrid passage retrieval: three rankings fused by reciprocal rank.

Dense search over passages (Chroma) lands paraphrases ("my calf keeps jumping"); the passage's
closest sentence lands a short answer inside a long passage; lexical search (BM25) lands exact
terms ("B12", "3.6 mmol/L", "Isaacs"). Reciprocal rank fusion needs no score calibration between them.
"""
from __future__ import annotations

from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

RRF_K = 60  # the constant from Cormack et al. (2009); damps the weight of top ranks


class HybridRetriever(BaseRetriever):
    """A langchain retriever over the bot's Library; each Document carries its span and scores."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    library: Any
    embedder: Any
    k: int = 8
    depth: int = 30  # candidates taken from each ranking before fusion
    same_text: float = 0.95  # passages this similar say the same words (the corpus's closest pair: 0.86)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return self.search(query, self.k)

    def search(self, query: str, k: int) -> list[Document]:
        """The top k passages for the query, best first."""
        library = self.library
        count = len(library.passage_ids)
        if not count or not query.strip():
            return []
        vector = self.embedder.embed_query(query)
        found = library.passage_collection.query(
            query_embeddings=[vector], n_results=min(self.depth, count), include=["distances"]
        )
        dense = {pid: 1.0 - dist for pid, dist in zip(found["ids"][0], found["distances"][0])}
        lexical_all = library.lexical_scores(query)
        top_lexical = [i for i in np.argsort(-lexical_all, kind="stable")[: self.depth] if lexical_all[i] > 0]
        lexical = {library.passage_ids[i]: float(lexical_all[i]) for i in top_lexical}
        # Each passage as close as its closest sentence: a short answer inside a long passage counts.
        closest = library.closest_sentence_by_passage(vector)
        by_sentence = sorted(closest, key=lambda pid: -closest[pid])[: self.depth]
        fused: dict[str, float] = {}
        for ranking in (list(dense), by_sentence, list(lexical)):
            for rank, pid in enumerate(ranking):
                fused[pid] = fused.get(pid, 0.0) + 1.0 / (RRF_K + rank + 1)
        ranked = sorted(fused, key=lambda pid: (-fused[pid], pid))
        best = self.without_copies(ranked)[:k]
        return [self.document(pid, fused[pid], dense.get(pid), lexical.get(pid, 0.0)) for pid in best]

    def without_copies(self, ranked: list[str]) -> list[str]:
        """The ranking without passages that repeat a better-ranked one almost word for word.

        Articles copied between sites would otherwise fill the top ranks with one text twice.
        """
        kept: list[str] = []
        for pid in ranked:
            vector = self.library.passage_vectors[pid]
            if all(float(vector @ self.library.passage_vectors[other]) < self.same_text for other in kept):
                kept.append(pid)
        return kept

    def document(self, pid: str, fused: float, dense: float | None, lexical: float) -> Document:
        passage = self.library.passages[pid]
        return Document(
            id=pid,
            page_content=passage.text,
            metadata={
                "passage_id": pid, "doc_id": passage.doc_id, "start": passage.start, "end": passage.end,
                "heading": passage.heading, "kind": passage.kind,
                "score": round(fused, 6), "dense": None if dense is None else round(float(dense), 6),
                "lexical": round(lexical, 6),
            },
        )
