"""The finished index as the bot reads it: articles, passages, sentences, words and a lexical index.

Loaded from the generation of the index the manifest names, through ingest.store (the one owner of
the index on disk); a running bot loads a new Library when an ingest has replaced the manifest
(`outdated`, bot.follow). The corpus is small, so sentence vectors and the BM25 index live in
memory; nearest-passage search is the store's. Passages and sentences are found by their search
vectors and sentences are quoted by their meaning vectors (see ingest.embed, ingest.weights).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import bm25s
import numpy as np
from rapidfuzz import fuzz, process

from bot.text import terms
from ingest.errors import IndexMismatch, TwitchqaError
from ingest.load import Article, load_article
from ingest.store import (Store, StoredPassage, StoredSentence, generation_dir, manifest_stamp, ready_manifest,
                          sha256)
from ingest.weights import TokenWeights

SPELLING = 0.87  # how alike two spellings must be (rapidfuzz's ratio / 100) to be one word with a typo (see misspells)


class Library:
    """Everything the retriever, the policies and the answerer read, loaded from the data directory."""

    def __init__(self, home: Path, model_id: str, store: Store | None = None):
        self.home = Path(home)
        self.stamp = manifest_stamp(self.home)  # taken before reading: a manifest replaced after it is noticed
        manifest = ready_manifest(self.home, model_id)
        self.generation: int = manifest["generation"]
        self.articles: dict[str, Article] = {}  # doc_id -> Article, its text as indexed
        stale = []
        for path, entry in manifest["files"].items():
            try:
                article = load_article(Path(path))
            except TwitchqaError:
                article = None  # gone or unreadable since the ingest
            if article is None or sha256(article.text) != entry["sha256"]:
                stale.append(path)
            else:
                self.articles[article.id] = article
        if stale:
            raise IndexMismatch(
                f"{len(stale)} article file(s) changed since the index was built ({stale[0]}): run `twitchqa ingest`"
            )
        # what a query's search vector is weighted by
        self.token_weights = TokenWeights.load(generation_dir(self.home, self.generation))
        self.store = store or Store.open(self.home, self.generation)
        passages, passage_vectors = self.store.passages()
        self.passages: dict[str, StoredPassage] = {p.id: p for p in passages}
        # Passage search vectors in memory too: the retriever compares passages with each other to drop copies.
        self.passage_vectors = {p.id: vector for p, vector in zip(passages, passage_vectors)}
        self.sentences: list[StoredSentence]
        # meaning vectors (what answers are chosen by), search vectors (what passages are ranked by)
        self.sentences, self.sentence_vectors, self.sentence_search_vectors = self.store.sentences()
        self.sentences_of: dict[str, list[int]] = {}  # passage id -> indices into self.sentences
        self.sentence_index = {s.id: n for n, s in enumerate(self.sentences)}  # sentence id -> index
        for index, sentence in enumerate(self.sentences):
            self.sentences_of.setdefault(sentence.passage_id, []).append(index)
        # The store returns a passage's sentences together, so each passage's are one run of rows: where
        # each run starts, for a per-passage maximum in one numpy call (see closest_sentences).
        self.sentence_passages = list(self.sentences_of)  # passage ids, in the order of their runs
        self.sentence_run = {pid: n for n, pid in enumerate(self.sentence_passages)}  # passage id -> its run
        self.run_starts = np.array([indices[0] for indices in self.sentences_of.values()], dtype=np.intp)
        assert all(indices == list(range(indices[0], indices[0] + len(indices))) for indices in self.sentences_of.values())
        # Every word the articles use, alone: a question's word they don't use may mean one they do.
        self.words, self.word_vectors = self.store.words()
        # Lexical index over passages, with the article title and heading path as extra context.
        self.passage_ids = list(self.passages)
        self.passage_position = {pid: n for n, pid in enumerate(self.passage_ids)}  # passage id -> its BM25 row
        # Every word stem the articles use: a question's topic word outside it is not covered.
        self.vocabulary: set[str] = {t for a in self.articles.values() for t in terms(a.text)}
        # The articles' subject ("muscl", "twitch": each in a quarter or more of their sentences) tells
        # none of their statements from another.
        self.sentence_terms = [set(terms(s.readable)) for s in self.sentences]
        used = Counter(t for words in self.sentence_terms for t in words)
        self.subject_terms = {t for t, n in used.items() if n >= len(self.sentences) / 4}
        # No length normalization (b=0): the chunker caps passages at 150 words, and its long ones are
        # lists and tables of separate statements, where one mention of "B12" counts as much as in a
        # short paragraph. On the gold set b=0.75 (the default) gives MRR 0.903, b=0 0.921 (0.914 at 0.4).
        self.bm25 = bm25s.BM25(b=0.0)
        if self.passage_ids:
            self.bm25.index([self.lexical_terms(self.passages[pid]) or ["_"] for pid in self.passage_ids],
                            show_progress=False)

    def outdated(self) -> bool:
        """Whether an ingest has replaced the manifest since this library was loaded (one stat)."""
        return manifest_stamp(self.home) != self.stamp

    def changed_on_disk(self, doc_ids) -> list[str]:
        """Those of the articles whose file no longer holds the text that was indexed (edited, removed)."""
        changed = []
        for doc_id in dict.fromkeys(doc_ids):
            article = self.articles[doc_id]
            try:
                same = article.path.read_text(encoding="utf-8") == article.text
            except (OSError, UnicodeDecodeError):
                same = False
            if not same:
                changed.append(doc_id)
        return changed

    def nearest_passages(self, vector: np.ndarray, n: int) -> list[str]:
        """Ids of the n passages closest to a search vector (dense search, in the store)."""
        return self.store.nearest_passages(vector, min(n, len(self.passage_ids)))

    def sentences_within(self, index: int, threshold: float, first: int = 32) -> tuple[np.ndarray, np.ndarray]:
        """(indices, cosines) of the sentences whose meaning vectors come within `threshold` of sentence
        `index`'s, itself included: the store's nearest-neighbour index finds them (asking for more while
        all it returns are within), instead of a product with every sentence of the library (62,000 at
        1,000 articles: 50 ms a claim under load at 100 articles); the cosines are computed here, from the
        same vectors, so what passes the threshold is what the full product passed."""
        vector, n = self.sentence_vectors[index], first
        while True:
            n = min(n, len(self.sentences))
            found = np.array([self.sentence_index[i] for i in self.store.nearest_sentences(vector, n)], dtype=np.intp)
            similarity = self.sentence_vectors[found] @ vector
            if n == len(self.sentences) or (similarity < threshold).any():
                keep = similarity >= threshold
                return found[keep], similarity[keep]
            n *= 4

    def misspells(self, word: str) -> bool:
        """Whether the word is one the articles use, misspelled ("twiching", "caffiene", "magnesuim").

        People type fast, and the model reads a typo as a stranger word than it is ("twiching" comes
        closest to "tetany", 0.54), so spellings are compared instead (rapidfuzz's ratio, the share of
        letters two spellings have in common, in order): the typos tried score 0.875 or more against
        the word meant; "creatine" against "create" scores 0.857, the most of the names tried.
        """
        return process.extractOne(word.lower(), self.words, scorer=fuzz.ratio, score_cutoff=SPELLING * 100) is not None

    def closest_word(self, vector: np.ndarray) -> float:
        """How close the articles' nearest word comes to a word's meaning vector (cosine; 0 with none)."""
        return float((self.word_vectors @ vector).max()) if len(self.word_vectors) else 0.0

    def closest_sentences(self, query_vector: np.ndarray) -> np.ndarray:
        """The cosine of each passage's sentence closest to the query (search vectors), in the order of
        `sentence_passages`. One matrix product and one reduceat: the dict comprehension this replaces
        looped in Python over every passage (11,953 at 1,000 articles) for each question."""
        if not self.sentence_passages:
            return np.zeros(0, dtype=np.float32)
        similarity = self.sentence_search_vectors @ np.asarray(query_vector, dtype=np.float32)
        return np.maximum.reduceat(similarity, self.run_starts)

    def closest_sentence_by_passage(self, query_vector: np.ndarray) -> dict[str, float]:
        """passage id -> the cosine of its sentence closest to the query (search vectors)."""
        return dict(zip(self.sentence_passages, map(float, self.closest_sentences(query_vector))))

    def lexical_terms(self, passage: StoredPassage) -> list[str]:
        title = self.articles[passage.doc_id].title if passage.doc_id in self.articles else ""
        readable = " ".join(self.sentences[i].readable for i in self.sentences_of.get(passage.id, []))
        return terms(f"{title} {passage.heading} {readable or passage.text}")

    def lexical_scores(self, query: str) -> np.ndarray:
        """BM25 score of every passage (in `passage_ids` order) for the query."""
        query_terms = terms(query)
        if not query_terms or not self.passage_ids:
            return np.zeros(len(self.passage_ids), dtype=np.float32)
        return self.bm25.get_scores(query_terms)

    def passage_counts(self) -> dict[str, int]:
        """doc_id -> number of passages indexed."""
        counts: dict[str, int] = {}
        for passage in self.passages.values():
            counts[passage.doc_id] = counts.get(passage.doc_id, 0) + 1
        return counts

    def passage_spans(self) -> dict[str, list[tuple[int, int]]]:
        """doc_id -> the [start, end) span of each of its passages."""
        spans: dict[str, list[tuple[int, int]]] = {}
        for passage in self.passages.values():
            spans.setdefault(passage.doc_id, []).append((passage.start, passage.end))
        return spans
