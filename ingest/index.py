"""Keep the index in step with the corpus: embed what is new, delete what is gone.

Load the articles, cut them into passages (ingest.chunk), embed what the store lacks (ingest.embed)
and write it through ingest.store, which owns the collections and the manifest. Ids are content
hashes, so re-ingesting an unchanged corpus embeds nothing and an interrupted ingest resumes where it
stopped. One writer at a time, enforced by a lock file.
"""
from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ingest.chunk import Passage, chunk, embedding_texts
from ingest.embed import Embedder
from ingest.load import Article, load_corpus
from ingest.store import (SCHEMA_VERSION, WORDS, Store, check_manifest, passage_metadata, read_manifest,
                          sentence_metadata, sha256, write_manifest, writer_lock)
from ingest.weights import TokenWeights

WORD = re.compile(r"[a-z]{3,}")


@dataclass
class IngestReport:
    articles: int = 0
    passages: int = 0
    embedded: int = 0  # passages embedded in this run
    deleted: int = 0  # passages removed in this run
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def sentence_records(article: Article, passage: Passage):
    """(id, text to embed, metadata) for each sentence of a passage."""
    texts = embedding_texts(article.text, passage.sentences)
    for number, (sentence, text) in enumerate(zip(passage.sentences, texts)):
        meta = sentence_metadata(passage.id, article.id, sentence.start, sentence.end, sentence.readable, number)
        yield f"{passage.id}:{number}", text, meta


def sync(corpus: Path, home: Path, embedder: Embedder, rebuild: bool = False, progress: bool = False) -> IngestReport:
    """Bring the index in `home` in step with the articles in `corpus`."""
    began = time.perf_counter()
    articles, errors = load_corpus(corpus)
    report = IngestReport(errors=[str(e) for e in errors])
    with writer_lock(home):
        manifest = read_manifest(home)
        if manifest and manifest.get("model") == embedder.model_id and manifest.get("schema") != SCHEMA_VERSION:
            rebuild = True  # an index laid out by another twitchqa version: derived data, so rebuild it
        manifest = None if rebuild else manifest
        if not rebuild:
            check_manifest(home, manifest, embedder.model_id)
        store = Store.open(home)
        if rebuild:
            store.drop_all()
            (home / "manifest.json").unlink(missing_ok=True)
        if manifest is None:  # a new index: fit the word-piece weights on the articles it starts with
            TokenWeights.fit([a.text for a in articles], embedder.model.tokenizer).save(home)
        weights = TokenWeights.load(home)
        files = manifest.get("files", {}) if manifest else {}
        # While we write, the manifest says "building": a reader refuses a half-written index.
        write_manifest(home, {"schema": SCHEMA_VERSION, "model": embedder.model_id, "state": "building", "files": files})

        wanted: dict[str, tuple[Article, Passage]] = {}
        for article in articles:
            for passage in chunk(article):
                wanted[passage.id] = (article, passage)
        stored_paths = store.passage_paths()
        # A file that no longer loads loses its passages too: their offsets could no longer be
        # checked against its text. It is reported, and every other article stays searchable.
        gone = [pid for pid in stored_paths if pid not in wanted]
        new = [pid for pid in wanted if pid not in stored_paths]

        if gone:
            store.delete_passages(gone)
        if new:
            # Sentences first: a passage is only stored once its sentences are, so an interrupted
            # run never leaves a passage the answerer can't quote from.
            records = [r for pid in new for r in sentence_records(*wanted[pid])]
            texts = [text for _, text, _ in records]
            meaning, search = embedder.embed_pair(texts, weights, progress=progress)
            store.add_sentences([r[0] for r in records], texts, [r[2] for r in records], meaning, search)
            texts = [wanted[pid][1].embedding_text(wanted[pid][0].title) for pid in new]
            _, search = embedder.embed_pair(texts, weights, progress=progress)
            store.add_passages(new, [wanted[pid][1].text for pid in new],
                               [passage_record(*wanted[pid]) for pid in new], search)

        sync_words(store, articles, embedder, progress)

        files = {str(a.path.resolve()): {"doc_id": a.id, "sha256": sha256(a.text)} for a in articles}
        write_manifest(home, {"schema": SCHEMA_VERSION, "model": embedder.model_id, "state": "ready", "files": files})
    report.articles = len(articles)
    report.passages = len(wanted)
    report.embedded = len(new)
    report.deleted = len(gone)
    report.seconds = round(time.perf_counter() - began, 2)
    return report


def passage_record(article: Article, passage: Passage) -> dict:
    return passage_metadata(article.id, article.title, article.path, passage.start, passage.end,
                            passage.heading, passage.kind)


def sync_words(store: Store, articles: list[Article], embedder: Embedder, progress: bool = False) -> None:
    """Store the meaning vector of each word the articles use, and drop the words they no longer use."""
    wanted = sorted({w for a in articles for w in WORD.findall(a.text.lower())})
    stored = store.word_ids()
    store.delete(WORDS, sorted(stored - set(wanted)))
    new = [w for w in wanted if w not in stored]
    if new:
        store.upsert(WORDS, new, embedder.embed(new, progress=progress))
