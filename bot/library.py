"""The finished index as the bot reads it: passages, sentence vectors, a lexical index, articles.

Loaded once when the bot starts. The corpus is small, so sentence vectors and the BM25 index
live in memory; dense passage search stays in Chroma. Passages and sentences are found by their
search vectors and sentences are quoted by their meaning vectors (see ingest.embed, ingest.weights).
"""
from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from bot.text import terms
from ingest.chunk import claim_groups
from ingest.errors import IndexMismatch
from ingest.index import (PASSAGES, SENTENCE_SEARCH, SENTENCES, WORDS, collection, open_client, ready_manifest,
                          stale_files)
from ingest.load import Article, load_article
from ingest.weights import TokenWeights


# A section telling one patient's story ("Mini Case Study: Recognizing Early ALS Symptoms"): its sentences
# ("An EMG revealed widespread denervation, and further testing confirmed early-stage ALS.") are about
# that patient, not general facts, and an answer must not let them read as if they were.
CASE_STUDY = re.compile(r"\bcase (?:study|report|history)\b", re.IGNORECASE)
NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\b")  # a capitalized word inside a sentence: "allowed Mark to"
# A reference-list entry ("Kimura, J. (2013). Electrodiagnosis in…", "…Handbook of clinical neurology, 2017",
# "PMID: 31082167."): it names a source, it says nothing about twitching, so no answer quotes it.
REFERENCE = re.compile(r"\(\d{4}(?:, [A-Z][a-z]+ \d{1,2})?\)\.|\bPMID\b|\[Internet\]|https?://|,\s*(?:19|20)\d{2}$")


SPELLING = 0.87  # how alike two spellings must be (difflib's ratio) to be one word with a typo (see misspells)


@dataclass(frozen=True)
class StoredPassage:
    id: str
    doc_id: str
    start: int
    end: int
    text: str
    heading: str
    kind: str


@dataclass(frozen=True)
class Claim:
    """What an answer quotes as one piece: a sentence with the sentences that lean on it.

    "Lupus may cause certain muscle groups to become inflamed. This inflammation is called
    myositis." is one claim: the second sentence alone would not say what "this" is. A list
    item keeps the line that introduces its list (`lead`), shown before it.
    """
    sentences: tuple[int, ...]  # indices into Library.sentences, consecutive in the article
    lead: int | None  # the list's lead-in sentence ("If you experience any of the following, ...:")
    case_study: bool = False  # from a section telling one patient's story (see CASE_STUDY)


@dataclass(frozen=True)
class StoredSentence:
    id: str
    passage_id: str
    doc_id: str
    start: int
    end: int
    readable: str  # what the answer shows (a table row gets its column names)


class Library:
    """Everything the retriever and the answerer read, loaded from the data directory."""

    def __init__(self, home: Path, model_id: str):
        manifest = ready_manifest(home, model_id)
        stale = stale_files(manifest)
        if stale:
            raise IndexMismatch(
                f"{len(stale)} article file(s) changed since the index was built ({stale[0]}): run `twitchqa ingest`"
            )
        self.articles: dict[str, Article] = {}  # doc_id -> Article
        for path in manifest["files"]:
            article = load_article(Path(path))
            self.articles[article.id] = article
        self.token_weights = TokenWeights.load(home)  # what a query's search vector is weighted by
        client = open_client(home)
        self.passage_collection = collection(client, PASSAGES)
        got = self.passage_collection.get(include=["documents", "metadatas", "embeddings"])
        # Passage search vectors in memory too: the retriever compares passages with each other to drop copies.
        self.passage_vectors = {pid: np.asarray(vector, dtype=np.float32)
                                for pid, vector in zip(got["ids"], got["embeddings"])}
        self.passages: dict[str, StoredPassage] = {
            pid: StoredPassage(pid, m["doc_id"], m["start"], m["end"], text, m["heading"], m["kind"])
            for pid, text, m in zip(got["ids"], got["documents"], got["metadatas"])
        }
        got = collection(client, SENTENCES).get(include=["embeddings", "metadatas"])
        order = sorted(range(len(got["ids"])), key=lambda i: (got["metadatas"][i]["passage_id"],
                                                              got["metadatas"][i]["position"]))
        self.sentences = [
            StoredSentence(got["ids"][i], m["passage_id"], m["doc_id"], m["start"], m["end"], m["readable"])
            for i in order for m in [got["metadatas"][i]]
        ]
        self.sentence_vectors = np.asarray(got["embeddings"], dtype=np.float32)[order] if order else \
            np.zeros((0, 384), dtype=np.float32)  # meaning vectors
        search = collection(client, SENTENCE_SEARCH).get(include=["embeddings"])
        search_by_id = dict(zip(search["ids"], search["embeddings"]))
        if set(search_by_id) != {s.id for s in self.sentences}:
            raise IndexMismatch(f"the sentence collections in {home} disagree: run `twitchqa ingest --rebuild`")
        self.sentence_search_vectors = np.asarray([search_by_id[s.id] for s in self.sentences], dtype=np.float32) \
            if order else np.zeros((0, 384), dtype=np.float32)
        self.sentences_of: dict[str, list[int]] = {}  # passage id -> indices into self.sentences
        for index, sentence in enumerate(self.sentences):
            self.sentences_of.setdefault(sentence.passage_id, []).append(index)
        self.case_studies = {pid for pid, passage in self.passages.items() if CASE_STUDY.search(passage.heading)}
        self.claims, self.claims_of = self.build_claims()
        self.claim_of = {i: n for n, claim in enumerate(self.claims) for i in claim.sentences}  # sentence -> claim
        # Names only a case study uses ("Mark"): a question naming one, or a case study, asks about the story.
        names = {True: set(), False: set()}
        for pid, indices in self.sentences_of.items():
            readable = " ".join(self.sentences[i].readable for i in indices)
            names[pid in self.case_studies] |= set(terms(" ".join(NAME.findall(readable))))
        self.case_study_names = names[True] - names[False]
        # Every word the articles use, alone: a question's word they don't use may mean one they do.
        words = collection(client, WORDS).get(include=["embeddings"])
        self.words = words["ids"]
        self.word_vectors = np.asarray(words["embeddings"], dtype=np.float32).reshape(-1, 384)
        # Lexical index over passages, with the article title and heading path as extra context.
        self.passage_ids = list(self.passages)
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
        # And over claims, so a rare question word ("alcohol", "cure") finds the claim that has it.
        claim_terms = [terms(self.claim_text(claim)) for claim in self.claims]
        self.claim_terms = [set(words) for words in claim_terms]
        self.claim_bm25 = bm25s.BM25()
        if self.claims:
            self.claim_bm25.index([words or ["_"] for words in claim_terms], show_progress=False)

    def build_claims(self) -> tuple[list[Claim], dict[str, list[int]]]:
        """Every passage's claims, in reading order (see ingest.chunk.claim_groups); references are none."""
        claims: list[Claim] = []
        claims_of: dict[str, list[int]] = {}
        for passage_id, indices in self.sentences_of.items():
            units = [self.sentences[i] for i in indices]
            groups = claim_groups(self.articles[units[0].doc_id].text, units)
            references = [bool(REFERENCE.search(" ".join(units[p].readable for p in positions).strip()))
                          for positions, _ in groups]
            if 2 * sum(references) > len(references):
                continue  # a reference list: even its odd entry ("Place Holder") says nothing about twitching
            for (positions, lead), reference in zip(groups, references):
                if reference:
                    continue
                claims_of.setdefault(passage_id, []).append(len(claims))
                claims.append(Claim(tuple(indices[p] for p in positions), None if lead is None else indices[lead],
                                    passage_id in self.case_studies))
        return claims, claims_of

    def same_elsewhere(self, sentence_index: int, threshold: float, shared: float) -> list[Claim]:
        """In each other article, the claim saying the same as this sentence, best first: its sentence
        is within `threshold` (cosine) and uses at least `shared` of this one's own words.

        The model puts "Muscle twitches can occur for many reasons, such as a lack of sleep, nutrient
        deficiencies, overexertion, and stress." 0.92 from "Fatigue or a lack of sleep can also be a
        cause for muscle twitching.", which says only part of it: 2 of its 8 words besides the subject.
        """
        similarity = self.sentence_vectors @ self.sentence_vectors[sentence_index]
        own = self.sentences[sentence_index].doc_id
        words = self.sentence_terms[sentence_index] - self.subject_terms
        best: dict[str, int] = {}
        for i in np.flatnonzero(similarity >= threshold):
            doc_id = self.sentences[i].doc_id
            if doc_id == own or i not in self.claim_of or len(words & self.sentence_terms[i]) < shared * len(words):
                continue
            if doc_id not in best or similarity[i] > similarity[best[doc_id]]:
                best[doc_id] = int(i)
        return [self.claims[self.claim_of[i]] for i in sorted(best.values(), key=lambda i: -similarity[i])]

    def misspells(self, word: str) -> bool:
        """Whether the word is one the articles use, misspelled ("twiching", "caffiene", "magnesuim").

        People type fast, and the model reads a typo as a stranger word than it is ("twiching" comes
        closest to "tetany", 0.54), so spellings are compared instead: the typos tried score 0.875 or
        more against the word meant; "creatine" against "create" scores 0.857, the most of the names tried.
        """
        return bool(difflib.get_close_matches(word.lower(), self.words, n=1, cutoff=SPELLING))

    def closest_word(self, vector: np.ndarray) -> float:
        """How close the articles' nearest word comes to a word's meaning vector (cosine; 0 with none)."""
        return float((self.word_vectors @ vector).max()) if len(self.word_vectors) else 0.0

    def closest_sentence_by_passage(self, query_vector: np.ndarray) -> dict[str, float]:
        """passage id -> the cosine of its sentence closest to the query (search vectors)."""
        similarity = self.sentence_search_vectors @ np.asarray(query_vector, dtype=np.float32)
        return {pid: float(similarity[indices].max()) for pid, indices in self.sentences_of.items()}

    def claim_text(self, claim: Claim) -> str:
        """The claim as read: its list's lead-in, then its sentences."""
        lead = [self.sentences[claim.lead].readable] if claim.lead is not None else []
        return " ".join(lead + [self.sentences[i].readable for i in claim.sentences])

    def claim_lexical_scores(self, query: str) -> np.ndarray:
        """BM25 score of every claim (in `claims` order) for the query."""
        query_terms = terms(query)
        if not query_terms or not self.claims:
            return np.zeros(len(self.claims), dtype=np.float32)
        return self.claim_bm25.get_scores(query_terms)

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
