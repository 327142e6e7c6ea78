"""The one owner of the index on disk: the Chroma collections, their metadata keys and the manifest.

The data directory holds `chroma/` (vectors we computed: Chroma never embeds, because its default
embedder would download a model), `token_weights.json` (see ingest.weights) and `manifest.json`
(model id, schema version, the article files indexed and their hashes). Collection `passages` holds
each passage's search vector, `sentences` each sentence's meaning vector (what answers are chosen
by) and `sentence_search` its search vector (what the retriever ranks a passage's sentences by);
`words` holds the meaning vector of every word the articles use, alone (what tells whether a
question's word means something the articles speak of: "pills" is "medications", "smoking" nothing).

`ingest.index` writes through `Store`; the bot reads through it (passages, sentences, words, nearest
neighbours) and never sees a Chroma collection, so a Chroma server or a freshly built index can be
put in under it here, in one place.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingest.errors import IndexBusy, IndexMismatch, IndexMissing

SCHEMA_VERSION = 6  # 2: sentences embedded with their lead-in and the sentence they lean on; 3: signposts;
# 4: search vectors weighted by token frequency; 5: "-Dr. Jun Kimura" is one line, not two sentences; 6: words
PASSAGES, SENTENCES, SENTENCE_SEARCH, WORDS = "passages", "sentences", "sentence_search", "words"
COLLECTIONS = (PASSAGES, SENTENCES, SENTENCE_SEARCH, WORDS)
DIMENSIONS = 384  # all-MiniLM-L6-v2
REBUILD = "run `twitchqa ingest --rebuild`"


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
class StoredSentence:
    id: str
    passage_id: str
    doc_id: str
    start: int
    end: int
    readable: str  # what the answer shows (a table row gets its column names)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Store:
    """The Chroma collections of one index, for writing (ingest) and reading (the bot)."""

    def __init__(self, client):
        self.client = client

    @classmethod
    def open(cls, home: Path) -> "Store":
        """The embedded store in `home`/chroma, telemetry off."""
        import chromadb
        from chromadb.config import Settings

        return cls(chromadb.PersistentClient(
            path=str(home / "chroma"), settings=Settings(anonymized_telemetry=False, allow_reset=False)))

    def collection(self, name: str):
        return self.client.get_or_create_collection(
            name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )

    # --- writing -------------------------------------------------------------------------------

    def drop_all(self) -> None:
        """Delete every collection of the index (a rebuild)."""
        existing = {c.name for c in self.client.list_collections()}
        for name in COLLECTIONS:
            if name in existing:
                self.client.delete_collection(name)

    def upsert(self, name: str, ids: list[str], vectors, documents=None, metadatas=None) -> None:
        """Write records in the largest batches the client takes."""
        coll, step = self.collection(name), self.client.get_max_batch_size()
        for i in range(0, len(ids), step):
            coll.upsert(ids=ids[i:i + step], embeddings=vectors[i:i + step],
                        documents=None if documents is None else documents[i:i + step],
                        metadatas=None if metadatas is None else metadatas[i:i + step])

    def delete(self, name: str, ids: list[str], step: int = 5000) -> None:
        coll = self.collection(name)
        for i in range(0, len(ids), step):
            coll.delete(ids=ids[i:i + step])

    def add_sentences(self, ids: list[str], texts: list[str], metas: list[dict], meaning, search) -> None:
        """Sentences with their meaning and search vectors; `metas` as sentence_metadata() makes them."""
        self.upsert(SENTENCES, ids, meaning, texts, metas)
        self.upsert(SENTENCE_SEARCH, ids, search, texts, [{"passage_id": m["passage_id"]} for m in metas])

    def add_passages(self, ids: list[str], texts: list[str], metas: list[dict], search) -> None:
        """Passages with their search vectors; `metas` as passage_metadata() makes them."""
        self.upsert(PASSAGES, ids, search, texts, metas)

    def delete_passages(self, passage_ids: list[str]) -> None:
        """Passages and their sentences."""
        sentence_ids = self.collection(SENTENCES).get(where={"passage_id": {"$in": passage_ids}}, include=[])["ids"]
        self.delete(SENTENCES, sentence_ids)
        self.delete(SENTENCE_SEARCH, sentence_ids)
        self.delete(PASSAGES, passage_ids)

    def passage_paths(self) -> dict[str, str]:
        """passage id -> the article file it came from, for every stored passage."""
        got = self.collection(PASSAGES).get(include=["metadatas"])
        return {pid: meta["path"] for pid, meta in zip(got["ids"], got["metadatas"])}

    def word_ids(self) -> set[str]:
        return set(self.collection(WORDS).get(include=[])["ids"])

    # --- reading -------------------------------------------------------------------------------

    def passages(self) -> tuple[list[StoredPassage], np.ndarray]:
        """Every passage and its search vector (rows in the same order)."""
        got = self.collection(PASSAGES).get(include=["documents", "metadatas", "embeddings"])
        passages = [StoredPassage(pid, m["doc_id"], m["start"], m["end"], text, m["heading"], m["kind"])
                    for pid, text, m in zip(got["ids"], got["documents"], got["metadatas"])]
        return passages, vectors(got["embeddings"])

    def sentences(self) -> tuple[list[StoredSentence], np.ndarray, np.ndarray]:
        """Every sentence, grouped by passage in reading order, with its meaning and search vectors."""
        got = self.collection(SENTENCES).get(include=["embeddings", "metadatas"])
        metas = got["metadatas"]
        order = sorted(range(len(got["ids"])), key=lambda i: (metas[i]["passage_id"], metas[i]["position"]))
        sentences = [StoredSentence(got["ids"][i], m["passage_id"], m["doc_id"], m["start"], m["end"], m["readable"])
                     for i in order for m in [metas[i]]]
        meaning = vectors(got["embeddings"])[order] if order else vectors([])
        search = self.collection(SENTENCE_SEARCH).get(include=["embeddings"])
        search_by_id = dict(zip(search["ids"], search["embeddings"]))
        if set(search_by_id) != {s.id for s in sentences}:
            raise IndexMismatch(f"the sentence collections of the index disagree: {REBUILD}")
        return sentences, meaning, vectors([search_by_id[s.id] for s in sentences])

    def words(self) -> tuple[list[str], np.ndarray]:
        """Every word the articles use, with its meaning vector."""
        got = self.collection(WORDS).get(include=["embeddings"])
        return got["ids"], vectors(got["embeddings"])

    def nearest_passages(self, vector: np.ndarray, n: int) -> list[str]:
        """Ids of the n passages whose search vectors are closest to `vector`, closest first."""
        found = self.collection(PASSAGES).query(query_embeddings=[np.asarray(vector).tolist()], n_results=n,
                                                include=[])
        return found["ids"][0]


def vectors(rows) -> np.ndarray:
    """Rows as a float32 matrix of DIMENSIONS columns (none: an empty one)."""
    return np.asarray(rows, dtype=np.float32).reshape(-1, DIMENSIONS)


def passage_metadata(doc_id: str, title: str, path: Path, start: int, end: int, heading: str, kind: str) -> dict:
    return {"doc_id": doc_id, "title": title, "path": str(path.resolve()),
            "start": start, "end": end, "heading": heading, "kind": kind}


def sentence_metadata(passage_id: str, doc_id: str, start: int, end: int, readable: str, position: int) -> dict:
    return {"passage_id": passage_id, "doc_id": doc_id, "start": start, "end": end, "readable": readable,
            "position": position}


# --- the manifest ------------------------------------------------------------------------------

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
