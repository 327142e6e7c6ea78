"""The finished index as the bot reads it: articles, passages, sentences, words and a lexical index.

Loaded from the generation of the index the manifest names, through ingest.store (the one owner of
the index on disk); a running bot loads a new Library when an ingest has replaced the manifest
(`outdated`, bot.follow). The text of passages and sentences and the BM25 index live in memory;
no vector is read at open: nearest-neighbour searches are the store's (Chroma's HNSW index), and the
few hundred vectors a question needs are read by id and kept in a bounded cache, so the work per
question doesn't grow with the library beyond those searches. Passages and sentences are found by
their search vectors and sentences are quoted by their meaning vectors (see ingest.embed, ingest.weights).
What the records give without a question (their stems, the BM25 index, the articles' front matter) is
derived at the first open of a generation and read from its folder at the next (bot.derived).
"""
from __future__ import annotations

import json
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

import bot.nearest as vector_search  # its constants read at each call: tests set them
from bot.articles import read_articles
from bot.derived import code_stamp, kept, read_kept
from bot.lexical import Postings, TermSets
from bot.on_disk import OnDisk
from bot.search import Search
from bot.text import term_set, terms
from ingest.elsewhere import SameElsewhere
from ingest.snapshot import Snapshot, order_stamp, saved_counts
from ingest.errors import TwitchqaError
from ingest.load import Article
from ingest.generations import generation_dir
from ingest.manifest import manifest_stamp, ready_manifest
from ingest.mirror import mirror_dir, pull  # a Chroma server
from ingest.store import (DIMENSIONS, PASSAGES, SENTENCE_SEARCH, SENTENCES, WORDS, Store, StoredPassage,
                          StoredSentence, chroma_client, counts_on_disk, sha256)
from ingest.weights import TokenWeights

# How often a bot on a Chroma server asks it whether an ingest finished: it switches to the new index about
# this long after it was published. The ask is one small read: p50 10 ms, p95 16 ms over loopback here (2
# cores at load average 12), in a background thread.
POLL_SECONDS = 1.0
CACHED = 20_000  # vectors of one kind kept between questions (30 MB); past it the cache starts again
COUNTED = (SENTENCE_SEARCH, PASSAGES, WORDS)  # what a snapshot's counts are checked against (see Snapshot.load)
SPELLING = 0.87  # how alike two spellings must be (rapidfuzz's ratio / 100) to be one word with a typo (see misspells)


@cache
def library_code() -> str:
    """The version of the code that derives a Library's stems and BM25 index (see Library.derive; the titles
    it indexes come from ingest.load)."""
    import sys

    import bot.lexical
    import bot.nearest
    import bot.text
    import ingest.load

    return code_stamp([sys.modules[__name__], bot.lexical, bot.nearest, bot.text, ingest.load], packages=("bm25s", "PyStemmer", "PyYAML"))


class Library(Search):
    """Everything the retriever, the policies and the answerer read, loaded from the data directory."""

    def __init__(self, home: Path, model_id: str, store: Store | None = None, chroma_url: str | None = None):
        self.origin, self.chroma_url = Path(home), chroma_url
        # On a Chroma server, `home` keeps a mirror of the server's manifest and token weights (ingest.mirror.pull).
        self.home = self.origin if chroma_url is None else mirror_dir(self.origin, chroma_url)
        self.client = None if chroma_url is None else chroma_client(self.home, chroma_url)
        self.pulled = None if chroma_url is None else pull(self.home, self.client, chroma_url)
        self.polled, self.poller = time.monotonic(), None
        self.stamp = manifest_stamp(self.home)  # taken before reading: a manifest replaced after it is noticed
        manifest = ready_manifest(self.home, model_id)
        self.generation: int = manifest["generation"]
        self._store, self._opening = store, threading.Lock()  # see `store`
        counted = None
        # A small embedded library (every search an exact product over the snapshot's vectors: see nearest) needs
        # Chroma only for a word's closest article word, which most questions never ask: when Chroma's file holds the
        # counts the snapshot says, the store is opened at its first use, and a cold `ask` does without chromadb's
        # import and client (0.7-0.9 CPU-s of 2.6 at five articles). Other counts, or a file that can't be read so,
        # and the store counts as below (a snapshot of other counts is not used).
        on_disk, saved = None, saved_counts(self.home, self.generation)
        if store is None and self.client is None and saved is not None:
            on_disk = counts_on_disk(self.home, self.generation, COUNTED)
        if on_disk is not None and not vector_search.small(saved):
            # A larger one searches its kinds of more than EXACT records in the store: only their search graphs are
            # loaded now, in another thread as below (at 1,000 articles the 64,184 sentences' took 0.71 CPU-s, the
            # 11,579 passages' 0.11). A kind searched exactly never loads its graph, and the words' (0.03, 1,115 words)
            # loads at the first word the articles lack, the one question that searches them.
            # A kind of at most REDUCED_MAX is searched by a first pass over its projection (see reduced) and loads
            # none: then chromadb isn't imported at all.
            searched = [kind for kind, n in zip(COUNTED, saved)
                        if kind != WORDS and n > vector_search.EXACT
                        and not (kind in vector_search.REDUCED and n <= vector_search.REDUCED_MAX)]
            if searched:
                warming = ThreadPoolExecutor(1, thread_name_prefix="twitchqa-open")
                counted = warming.submit(lambda: [self.store.count(kind) for kind in searched])
                warming.shutdown(wait=False)
        elif on_disk is None:
            # The store counts its records in another thread while this one reads the articles and the snapshot: a
            # collection's first read loads its search graph (0.7 CPU-s for the three at 1,000 articles, in Chroma's
            # own code, which lets Python run meanwhile), and every question searches two of them.
            counting = ThreadPoolExecutor(1, thread_name_prefix="twitchqa-open")
            counted = counting.submit(lambda: [self.store.count(kind) for kind in COUNTED])
            counting.shutdown(wait=False)
        # doc_id -> Article, its text as indexed
        self.articles: dict[str, Article] = read_articles(self.home, self.generation, manifest)
        self.on_disk = OnDisk()  # whether their files still hold it (read again only when a file's status moved)
        # what a query's search vector is weighted by
        self.token_weights = TokenWeights.load(generation_dir(self.home, self.generation))
        # The records and vectors the ingest saved for a bot (ingest.snapshot): the records read from one file,
        # the vectors mapped, so a question's few hundred are rows of an array (on a Chroma server, pulled into the
        # mirror with the manifest: ingest.server_files). Without it (an index from before it) they are read from the store: the records here, the vectors as questions
        # need them (see vectors()); reading all vectors took 14.5 s of a 19 s open at 1,000 articles, and 1 GB.
        # The counts are the search collection's, not the meaning one's (an ingest writes both at once): a first read
        # of a collection loads its search graph (0.9 CPU-s for the meaning vectors at 1,000 articles), and every
        # question searches the other two, not it.
        self.snapshot = Snapshot.load(self.home, self.generation, counted.result if on_disk is None else on_disk,
                                      kept=self.kept_records)
        if counted is not None:
            counted.result()  # a store that could not count (gone, unreachable) says so here, snapshot or not
        if self.snapshot is not None:
            passages, sentences, words = self.snapshot.passages, self.snapshot.sentences, self.snapshot.words
        else:
            passages, _ = self.store.passages(with_vectors=False)
            sentences, _, _ = self.store.sentences(with_vectors=False)
            words, _ = self.store.words(with_vectors=False)
        self.passages: dict[str, StoredPassage] = {p.id: p for p in passages}
        self.sentences: list[StoredSentence] = sentences  # from a snapshot, each record made when first read
        # Each sentence's id and passage id, in order: the snapshot's columns, which make no record.
        ids, passage_of = ((self.snapshot.sentence_ids, self.snapshot.sentence_passages) if self.snapshot is not None
                           else ([s.id for s in sentences], [s.passage_id for s in sentences]))
        self.passage_of_sentence: list[str] = passage_of  # sentence index -> its passage id (no record made)
        self.sentences_of: dict[str, list[int]] = {}  # passage id -> indices into self.sentences
        self.sentence_ids: list[str] = ids  # sentence index -> its id
        self.sentence_index = {sid: n for n, sid in enumerate(ids)}  # sentence id -> index
        for index, passage_id in enumerate(passage_of):
            self.sentences_of.setdefault(passage_id, []).append(index)
        self.sentence_passages = list(self.sentences_of)  # passage ids, in the order of their sentences
        self.sentence_run = {pid: n for n, pid in enumerate(self.sentence_passages)}  # passage id -> its place there
        # (first index, count) of each passage's sentences, in sentence_passages' order, when each passage's are
        # consecutive (as the store keeps them): Search.closest_sentences then lists a question's ~900 sentence indices
        # in a few numpy calls instead of a Python loop (None otherwise: the loop).
        runs = list(self.sentences_of.values())
        self.sentence_runs = (np.array([r[0] for r in runs], dtype=np.intp), np.array([len(r) for r in runs], dtype=np.intp)) \
            if all(r[-1] - r[0] + 1 == len(r) for r in runs) else None  # (each list ascends: appended in order)
        # Each sentence's near-copies in other articles, found at ingest (ingest.elsewhere; on a Chroma server,
        # pulled into the mirror with the manifest: ingest.server_files); None without them: the store's
        # nearest neighbours are asked instead.
        self.same_elsewhere = SameElsewhere.load(self.home, self.generation, ids)
        # kind -> id -> vector, read from the store as questions need them; at most CACHED of each kind kept
        self.cache: dict[str, dict[str, np.ndarray]] = {kind: {} for kind in (PASSAGES, SENTENCES, SENTENCE_SEARCH, WORDS)}
        self.closest_words: dict[bytes, float] = {}  # a word's meaning vector -> closest_word()
        self.misspelled: dict[str, bool] = {}  # a (lower-cased) word -> misspells(it): no question changes it
        self.spellable: dict[int, list[str]] = {}  # a word's length -> the articles' words it may be a typo of
        # Every word the articles use, alone: a question's word they don't use may mean one they do.
        self.words = words
        # The passages in the BM25 index's row order
        self.passage_ids = list(self.passages)
        self.passage_position = {pid: n for n, pid in enumerate(self.passage_ids)}  # passage id -> its BM25 row
        # What the records and articles give without a question (stems, the BM25 index): derived at the first
        # open of this generation, then read from its folder (bot.derived).
        self.derived_from = sha256(json.dumps([self.generation, manifest["files"], order_stamp(ids),
                                               order_stamp(self.passage_ids)], sort_keys=True))
        vars(self).update(self.kept("library", self.derive, library_code()))
        self.sentence_terms = TermSets(self.sentence_term_lists.__getitem__, len(self.sentences))  # set(stems), by index
        # kind -> (the first principal axes of its vectors, the vectors projected on them), for each kind searched by
        # a first pass over its projection (see REDUCED): derived at the first open, then read (15 MB at 1,000 articles)
        self.reduced: dict[str, tuple[np.ndarray, np.ndarray]] = (
            self.kept("reduced", self.reduce, library_code())["reduced"] if self.reducible() else {})

    @property
    def store(self) -> Store:
        """The Chroma collections of this generation, opened at their first use (see __init__)."""
        if self._store is None:
            with self._opening:
                if self._store is None:
                    self._store = Store.open(self.home, self.generation) if self.client is None \
                        else Store(self.client, self.generation)
        return self._store

    @store.setter
    def store(self, store: Store) -> None:
        self._store = store

    def kept_records(self, key: str, derive) -> dict:
        """The snapshot's records as columns (ingest.snapshot.columns), kept beside the generation under `key`."""
        return kept(generation_dir(self.home, self.generation), "records", key, derive)

    def kept(self, name: str, derive, code: str) -> dict:
        """`derive()`, kept beside the generation for the code `code` (a bot.derived.code_stamp)."""
        return kept(generation_dir(self.home, self.generation), name, sha256(self.derived_from + code), derive)

    def read_kept(self, name: str, code: str) -> dict | None:
        """What `kept(name, …, code)` keeps, if a process derived it for this generation and code; else None."""
        return read_kept(generation_dir(self.home, self.generation), name, sha256(self.derived_from + code))

    def derive(self) -> dict:
        """The stems of the articles and their sentences, and the BM25 index of the passages."""
        derived = {}
        # Every word stem the articles use: a question's topic word outside it is not covered.
        derived["vocabulary"] = set().union(*(term_set(a.text) for a in self.articles.values()))
        # Each sentence's stems, in order: a passage's and a claim's are theirs joined (no text is split into
        # words twice; a token never spans the space that joins two texts). 15 s of a 67 s open at 1,000
        # articles went to splitting the same sentences four times.
        self.sentence_term_lists = derived["sentence_term_lists"] = [terms(s.readable) for s in self.sentences]
        # Each sentence's article and distinct set of stems, as numbers (np.int32, by sentence index): what
        # ClaimIndex.find_same_elsewhere compares among hundreds of near-copies at once.
        articles, groups = {}, {}
        derived["sentence_doc"] = np.array([articles.setdefault(s.doc_id, len(articles)) for s in self.sentences],
                                           dtype=np.int32).reshape(-1)
        derived["term_group"] = np.array([groups.setdefault(frozenset(words), len(groups)) for words in
                                          self.sentence_term_lists], dtype=np.int32).reshape(-1)
        # stem -> sentences using it
        derived["term_sentences"] = term_sentences = Counter(t for words in self.sentence_term_lists for t in set(words))
        # The articles' subject ("muscl", "twitch": each in a quarter or more of their sentences) tells
        # none of their statements from another.
        derived["subject_terms"] = {t for t, n in term_sentences.items() if n >= len(self.sentences) / 4}
        # No length normalization (b=0): the chunker caps passages at 150 words, and its long ones are
        # lists and tables of separate statements, where one mention of "B12" counts as much as in a
        # short paragraph. On the gold set b=0.75 (the default) gives MRR 0.903, b=0 0.921 (0.914 at 0.4).
        import bm25s  # here, not at the top: see bot.lexical.Postings

        bm25 = bm25s.BM25(b=0.0)
        if self.passage_ids:
            bm25.index([self.lexical_terms(self.passages[pid]) or ["_"] for pid in self.passage_ids],
                       show_progress=False)
        derived["bm25"] = Postings(bm25)
        return derived

    def reducible(self) -> bool:
        """Whether a kind is past EXACT and within REDUCED_MAX in an embedded snapshot (see REDUCED)."""
        return (self.snapshot is not None and self.client is None
                and any(vector_search.EXACT < len(self.snapshot.rows[kind]) <= vector_search.REDUCED_MAX for kind in vector_search.REDUCED))

    def reduce(self) -> dict:
        """{"reduced": kind -> (basis, projected rows)} for the kinds reducible() finds: the basis is the top
        principal axes (uncentred: it is the products that are approximated) of the kind's vectors, float32."""
        reduced = {}
        for kind, (axes, _) in vector_search.REDUCED.items():
            rows = self.snapshot.rows[kind]
            if not vector_search.EXACT < len(rows) <= vector_search.REDUCED_MAX:
                continue
            reduced[kind] = vector_search.principal_axes(rows, axes)
        return {"reduced": reduced}

    def outdated(self) -> bool:
        """Whether an ingest has replaced the manifest since this library was loaded (one stat)."""
        return manifest_stamp(self.home) != self.stamp

    def poll(self, force: bool = False) -> None:
        """On a Chroma server, pull its manifest so that `outdated` sees an ingest finished on any machine: in
        the background at most every POLL_SECONDS (a question never waits for it), or now when `force`.
        Embedded, nothing to do (the stat sees it)."""
        if self.client is None:
            return
        if force:
            self.pulled = pull(self.home, self.client, self.chroma_url, self.pulled)
        elif time.monotonic() - self.polled >= POLL_SECONDS and not (self.poller and self.poller.is_alive()):
            self.polled = time.monotonic()
            self.poller = threading.Thread(target=self.pull_quietly, daemon=True, name="twitchqa-index-poller")
            self.poller.start()

    def pull_quietly(self) -> None:
        try:
            self.pulled = pull(self.home, self.client, self.chroma_url, self.pulled)
        except TwitchqaError:  # a server that is down: the question's own reads say so
            pass

    def changed_on_disk(self, doc_ids) -> list[str]:
        """Those of the articles whose file no longer holds the text that was indexed (edited, removed)."""
        return [doc_id for doc_id in dict.fromkeys(doc_ids)
                if not self.on_disk.holds(self.articles[doc_id].path, self.articles[doc_id].text)]

    def vectors(self, kind: str, ids: list[str]) -> np.ndarray:
        """The vectors of these records of a collection, in this order (read from the store once, then kept)."""
        if self.snapshot is not None and kind in self.snapshot:
            where = self.sentence_index if kind != PASSAGES else self.passage_position
            return self.snapshot.take(kind, [where[i] for i in ids])
        cache = self.cache[kind]
        known = {i: cache[i] for i in ids if i in cache}  # (held here: keep() may empty the cache)
        missing = [i for i in dict.fromkeys(ids) if i not in known]
        if missing:
            read = self.store.vectors(kind, missing)
            known.update(read)
            self.keep(kind, read)
        return np.array([known[i] for i in ids], dtype=np.float32).reshape(-1, DIMENSIONS)

    def keep(self, kind: str, found: dict[str, np.ndarray]) -> None:
        """Add vectors read from the store to the cache (emptied first when they would overfill it)."""
        cache = self.cache[kind]
        if len(cache) + len(found) > CACHED:
            cache.clear()
        cache.update(found)

    def meaning_vectors(self, indices) -> np.ndarray:
        """The meaning vectors of these sentences (indices into `sentences`)."""
        if self.snapshot is not None:
            return self.snapshot.take(SENTENCES, indices)
        return self.vectors(SENTENCES, [self.sentences[i].id for i in indices])

    def cosines(self, vector: np.ndarray) -> Cosines:
        """The cosine of any sentence's meaning vector to `vector`, computed for the sentences asked about."""
        return Cosines(self, np.asarray(vector, dtype=np.float32))

    def misspells(self, word: str) -> bool:
        """Whether the word is one the articles use, misspelled ("twiching", "caffiene", "magnesuim").

        People type fast, and the model reads a typo as a stranger word than it is ("twiching" comes
        closest to "tetany", 0.54), so spellings are compared instead (rapidfuzz's ratio, the share of
        letters two spellings have in common, in order): the typos tried score 0.875 or more against
        the word meant; "creatine" against "create" scores 0.857, the most of the names tried.
        """
        word = word.lower()
        found = self.misspelled.get(word)
        if found is None:  # compared with only the words whose length lets the ratio reach SPELLING (see spellable_at)
            if len(self.misspelled) >= CACHED:
                self.misspelled.clear()
            found = self.misspelled[word] = process.extractOne(
                word, self.spellable_at(len(word)), scorer=fuzz.ratio, score_cutoff=SPELLING * 100) is not None
        return found

    def spellable_at(self, length: int) -> list[str]:
        """The articles' words a word of this length may be a typo of: fuzz.ratio is 1 - (insertions + deletions) / (a + b)
        of two lengths a and b, at most 1 - |a - b| / (a + b), so a word too much longer or shorter can't reach SPELLING
        (at five articles, over the 10,776 distinct words of evals/*.jsonl: the same answer for every one, 0.041 -> 0.017
        CPU-ms a word, each then kept).

        Example: of "twitch" and "fasciculations", only the first may be a typo of "twich" (5 letters).
        """
        found = self.spellable.get(length)
        if found is None:
            found = self.spellable[length] = [
                w for w in self.words if len(w) + length and 1 - abs(len(w) - length) / (len(w) + length) >= SPELLING - 1e-9]
        return found

    def closest_word(self, vector: np.ndarray, among: int = 8) -> float:
        """How close the articles' nearest word comes to a word's meaning vector (cosine; 0 with none): the
        store's nearest few, their cosines computed here, or in a small embedded library the exact product with
        every word's vector the snapshot maps."""
        if not self.words:
            return 0.0
        key = np.asarray(vector, dtype=np.float32).tobytes()  # a word's vector: the same word asked again
        if key not in self.closest_words:
            if len(self.closest_words) >= CACHED:
                self.closest_words.clear()
            rows = self.exact_rows(WORDS)
            if rows is not None:  # the exact closest, no store (see nearest): 1,129 words at five
                self.closest_words[key] = float(vector_search.products(rows, vector).max())
            else:
                found = self.store.nearest_vectors(WORDS, vector, min(among, len(self.words)))
                self.closest_words[key] = float((np.array(list(found.values())) @ vector).max())
        return self.closest_words[key]

    def lexical_terms(self, passage: StoredPassage) -> list[str]:
        """The stems of `f"{title} {heading} {its sentences' readable text, or its text}"`."""
        title = self.articles[passage.doc_id].title if passage.doc_id in self.articles else ""
        indices = self.sentences_of.get(passage.id, [])
        readable = " ".join(self.sentences[i].readable for i in indices)
        body = [t for i in indices for t in self.sentence_term_lists[i]] if readable else terms(passage.text)
        return terms(title) + terms(passage.heading) + body

    def joined_terms(self, indices) -> list[str]:
        """The stems of these sentences' readable texts joined by spaces (as `terms` would find them)."""
        return [t for i in indices for t in self.sentence_term_lists[i]]

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


class Cosines:
    """The cosines of sentences' meaning vectors to one vector, computed for the sentences asked about
    (indexed like an array: `cosines[i]`, `cosines[[i, j]]`)."""

    def __init__(self, library: Library, vector: np.ndarray):
        self.library, self.vector = library, vector
        self.known: dict[int, np.float32] = {}  # sentence index -> cosine

    def __getitem__(self, indices):
        if isinstance(indices, (int, np.integer)):
            return self.values([int(indices)])[0]
        return self.values([int(i) for i in indices])

    def values(self, indices: list[int]) -> np.ndarray:
        missing = [i for i in dict.fromkeys(indices) if i not in self.known]
        if missing:
            self.known.update(zip(missing, self.library.meaning_vectors(missing) @ self.vector))
        return np.array([self.known[i] for i in indices], dtype=np.float32)
