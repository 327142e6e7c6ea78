"""Keep the Chroma store in step with the corpus: embed what is new, delete what is gone.

The data directory holds `chroma/` (vectors we computed: Chroma never embeds, because its default
embedder would download a model), `token_weights.json` (see ingest.weights) and `manifest.json`
(model id, schema version, the article files indexed and their hashes). Collection `passages` holds
each passage's search vector, `sentences` each sentence's meaning vector (what answers are chosen
by) and `sentence_search` its search vector (what the retriever ranks a passage's sentences by);
`words` holds the meaning vector of every word the articles use, alone (what tells whether a
question's word means something the articles speak of: "pills" is "medications", "smoking" nothing).
Ids are content hashes, so re-ingesting an unchanged corpus embeds nothing and an interrupted
ingest resumes where it stopped. One writer at a time, enforced by a lock file.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ingest.chunk import Passage, chunk, embedding_texts
from ingest.embed import Embedder
from ingest.errors import IndexBusy, IndexMismatch, IndexMissing
from ingest.load import Article, load_corpus
from ingest.weights import TokenWeights

SCHEMA_VERSION = 6  # 2: sentences embedded with their lead-in and the sentence they lean on; 3: signposts;
# 4: search vectors weighted by token frequency; 5: "-Dr. Jun Kimura" is one line, not two sentences; 6: words
PASSAGES, SENTENCES, SENTENCE_SEARCH, WORDS = "passages", "sentences", "sentence_search", "words"
COLLECTIONS = (PASSAGES, SENTENCES, SENTENCE_SEARCH, WORDS)
WORD = re.compile(r"[a-z]{3,}")
REBUILD = "run `twitchqa ingest --rebuild`"


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


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def open_client(home: Path):
    import chromadb
    from chromadb.config import Settings

    return chromadb.PersistentClient(
        path=str(home / "chroma"), settings=Settings(anonymized_telemetry=False, allow_reset=False)
    )


def collection(client, name: str):
    return client.get_or_create_collection(
        name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
    )


def read_manifest(home: Path) -> dict | None:
    path = home / "manifest.json"
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise IndexMismatch(f"{path} is unreadable or corrupt: {REBUILD}") from None


def write_manifest(home: Path, manifest: dict) -> None:
    tmp = home / "manifest.json.tmp"  # write then rename: a crash never leaves half a manifest
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, home / "manifest.json")


def check_manifest(home: Path, manifest: dict | None, model_id: str) -> None:
    """Refuse an index built by another model or schema, naming the fix."""
    if manifest is None:
        return
    if manifest.get("model") != model_id or manifest.get("schema") != SCHEMA_VERSION:
        raise IndexMismatch(
            f"index in {home} was built with model {manifest.get('model')!r} (schema "
            f"{manifest.get('schema')}), this run uses {model_id!r} (schema {SCHEMA_VERSION}): {REBUILD}"
        )


@contextmanager
def writer_lock(home: Path):
    """Hold the data directory's write lock, or fail at once if another process holds it."""
    home.mkdir(parents=True, exist_ok=True)
    with open(home / "write.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexBusy(f"another process is writing the index in {home}; wait for it to finish") from None
        yield


def passage_metadata(article: Article, passage: Passage) -> dict:
    return {
        "doc_id": article.id, "title": article.title, "path": str(article.path.resolve()),
        "start": passage.start, "end": passage.end, "heading": passage.heading, "kind": passage.kind,
    }


def sentence_records(article: Article, passage: Passage):
    """(id, text to embed, metadata) for each sentence of a passage."""
    texts = embedding_texts(article.text, passage.sentences)
    for number, (sentence, text) in enumerate(zip(passage.sentences, texts)):
        meta = {"passage_id": passage.id, "doc_id": article.id, "start": sentence.start,
                "end": sentence.end, "readable": sentence.readable, "position": number}
        yield f"{passage.id}:{number}", text, meta


def upsert(client, coll, ids, vectors, documents=None, metadatas=None) -> None:
    step = client.get_max_batch_size()
    for i in range(0, len(ids), step):
        coll.upsert(ids=ids[i:i + step], embeddings=vectors[i:i + step],
                    documents=None if documents is None else documents[i:i + step],
                    metadatas=None if metadatas is None else metadatas[i:i + step])


def delete(coll, ids: list[str], step: int = 5000) -> None:
    for i in range(0, len(ids), step):
        coll.delete(ids=ids[i:i + step])


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
        client = open_client(home)
        if rebuild:
            for name in COLLECTIONS:
                if name in [c.name for c in client.list_collections()]:
                    client.delete_collection(name)
            (home / "manifest.json").unlink(missing_ok=True)
        if manifest is None:  # a new index: fit the word-piece weights on the articles it starts with
            TokenWeights.fit([a.text for a in articles], embedder.model.tokenizer).save(home)
        weights = TokenWeights.load(home)
        passages_coll, sentences_coll = collection(client, PASSAGES), collection(client, SENTENCES)
        sentence_search_coll = collection(client, SENTENCE_SEARCH)
        files = {}
        if manifest:
            files = manifest.get("files", {})
        # While we write, the manifest says "building": a reader refuses a half-written index.
        write_manifest(home, {"schema": SCHEMA_VERSION, "model": embedder.model_id, "state": "building", "files": files})

        wanted: dict[str, tuple[Article, Passage]] = {}
        for article in articles:
            for passage in chunk(article):
                wanted[passage.id] = (article, passage)
        stored = passages_coll.get(include=["metadatas"])
        stored_paths = {pid: meta["path"] for pid, meta in zip(stored["ids"], stored["metadatas"])}
        # A file that no longer loads loses its passages too: their offsets could no longer be
        # checked against its text. It is reported, and every other article stays searchable.
        gone = [pid for pid in stored_paths if pid not in wanted]
        new = [pid for pid in wanted if pid not in stored_paths]

        if gone:
            sentence_ids = sentences_coll.get(where={"passage_id": {"$in": gone}}, include=[])["ids"]
            delete(sentences_coll, sentence_ids)
            delete(sentence_search_coll, sentence_ids)
            delete(passages_coll, gone)
        if new:
            # Sentences first: a passage is only stored once its sentences are, so an interrupted
            # run never leaves a passage the answerer can't quote from.
            records = [r for pid in new for r in sentence_records(*wanted[pid])]
            meaning, search = embedder.embed_pair([text for _, text, _ in records], weights, progress=progress)
            ids, texts = [r[0] for r in records], [r[1] for r in records]
            upsert(client, sentences_coll, ids, meaning, texts, [r[2] for r in records])
            upsert(client, sentence_search_coll, ids, search, texts,
                   [{"passage_id": r[2]["passage_id"]} for r in records])
            texts = [wanted[pid][1].embedding_text(wanted[pid][0].title) for pid in new]
            _, search = embedder.embed_pair(texts, weights, progress=progress)
            upsert(client, passages_coll, new, search, [wanted[pid][1].text for pid in new],
                   [passage_metadata(*wanted[pid]) for pid in new])

        sync_words(client, articles, embedder, progress)

        files = {str(a.path.resolve()): {"doc_id": a.id, "sha256": sha256(a.text)} for a in articles}
        write_manifest(home, {"schema": SCHEMA_VERSION, "model": embedder.model_id, "state": "ready", "files": files})
    report.articles = len(articles)
    report.passages = len(wanted)
    report.embedded = len(new)
    report.deleted = len(gone)
    report.seconds = round(time.perf_counter() - began, 2)
    return report


def sync_words(client, articles: list[Article], embedder: Embedder, progress: bool = False) -> None:
    """Store the meaning vector of each word the articles use, and drop the words they no longer use."""
    words_coll = collection(client, WORDS)
    wanted = sorted({w for a in articles for w in WORD.findall(a.text.lower())})
    stored = set(words_coll.get(include=[])["ids"])
    delete(words_coll, sorted(stored - set(wanted)))
    new = [w for w in wanted if w not in stored]
    if new:
        upsert(client, words_coll, new, embedder.embed(new, progress=progress))


def ready_manifest(home: Path, model_id: str) -> dict:
    """The manifest of a finished index in `home`, checked against this run's model."""
    manifest = read_manifest(home)
    if manifest is None or not (home / "chroma").exists():
        raise IndexMissing(f"no index in {home}: run `twitchqa ingest` first")
    check_manifest(home, manifest, model_id)
    if manifest.get("state") != "ready":
        raise IndexMissing(f"the index in {home} is incomplete (an ingest was interrupted): run `twitchqa ingest`")
    return manifest


def stale_files(manifest: dict) -> list[str]:
    """Indexed article files that changed or vanished since the index was built."""
    stale = []
    for path, entry in manifest.get("files", {}).items():
        try:
            current = sha256(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            current = None
        if current != entry.get("sha256"):
            stale.append(path)
    return stale
