"""The one owner of the Chroma collections: their names, metadata keys, reads and writes.

The data directory holds `chroma/` (vectors we computed: Chroma never embeds, because its default
embedder would download a model), `manifest.json` (which generation is served: ingest.manifest) and
`generations/N/` (that generation's token weights, ingest.weights, and its other files). Each generation
N of the index is four collections (ingest.generations): `gN-passages` holds each
passage's search vector, `gN-sentences` each sentence's meaning vector (what answers are chosen by)
and `gN-sentence_search` its search vector (what the retriever ranks a passage's sentences by);
`gN-words` holds the meaning vector of every word the articles use, alone (what tells whether a
question's word means something the articles speak of: "pills" is "medications", "smoking" nothing).

`ingest.index` writes through `Store`; the bot reads through it (passages, sentences, words, nearest
neighbours) and never sees a Chroma collection, so a Chroma server can be put in under it here. This is
the only module that imports chromadb (tests/test_layers.py).
"""
from __future__ import annotations

import hashlib
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ingest.errors import IndexMismatch, IndexMissing, StoreUnreachable
from ingest.manifest import REBUILD

if TYPE_CHECKING:  # numpy is imported where it is used: see ingest.embed (ready_manifest is on that path)
    import numpy as np

PASSAGES, SENTENCES, SENTENCE_SEARCH, WORDS = "passages", "sentences", "sentence_search", "words"
COLLECTIONS = (PASSAGES, SENTENCES, SENTENCE_SEARCH, WORDS)
WITH_METADATA = (PASSAGES, SENTENCES)  # the others are a vector under an id (a sentence's id names its passage)
DIMENSIONS = 384  # all-MiniLM-L6-v2
PAGE = 10_000  # records per read: one Chroma get of more than 32,766 fails ("too many SQL variables")
# Seconds a Chroma server may take: to accept a connection, and to answer one request. Over loopback here
# (2 cores, load average 12) a question's nearest-passage query took 4.8 ms (p50) and a write of 5,000
# records with 600-character documents, an ingest's largest, 16 s.
CONNECT_TIMEOUT, READ_TIMEOUT, WRITE_TIMEOUT = 3.0, 10.0, 120.0


class GenerationGone(IndexMissing):
    """The generation of the index being read was removed by a newer ingest; reopen the newest one."""


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


ASK_AGAIN = "then ask again"
INGEST_AGAIN = "then run `twitchqa ingest` again (what it embedded is kept)"


def chroma_client(home: Path, url: str | None = None, timeout: float = READ_TIMEOUT, again: str = ASK_AGAIN):
    """The embedded Chroma in `home`/chroma, or the Chroma server at `url` (http(s)://HOST:PORT); telemetry off.

    A server's client fails fast, with StoreUnreachable naming the URL, when the server is down, goes
    down, or takes longer than `timeout` seconds to answer one request; `again` ends that line with what to
    run once it answers (an ingest's line said "then ask again": drill28).
    """
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False, allow_reset=False)
    if url is None:
        return chromadb.PersistentClient(path=str(home / "chroma"), settings=settings)
    import httpx

    parts = urlsplit(url)
    ssl = parts.scheme == "https"
    down = f"the Chroma server at {url} is not answering"
    try:  # chromadb's own first request has no timeout: a server that hangs would hang us (see below)
        httpx.get(f"{url}/api/v2/heartbeat", timeout=CONNECT_TIMEOUT).raise_for_status()
        client = chromadb.HttpClient(host=parts.hostname, port=parts.port or (443 if ssl else 80), ssl=ssl,
                                     settings=settings)
    except (httpx.HTTPError, ValueError) as exc:
        raise StoreUnreachable(f"{down} ({reason(exc)}): start it (`chroma run --path DIR --port PORT`) or "
                               "check --chroma-url / TWITCHQA_CHROMA_URL") from None
    # chromadb 1.5 builds its HTTP session with timeout=None and has no setting for it (chroma-core/chroma#5805):
    # without this a server that stops answering holds a question forever.
    client._server._session.timeout = httpx.Timeout(timeout, connect=CONNECT_TIMEOUT)
    return Answering(client, url, again)


def counts_on_disk(home: Path, generation: int, kinds) -> list[int] | None:
    """How many records each of these collections of the embedded Chroma in `home` holds, read from its SQLite file
    without chromadb (whose import and client cost 0.7-0.9 CPU-s of a cold five-article `ask` that needs no Chroma
    query: see bot.library); None when the file or the layout it is read by is not there (then ask Chroma).

    Chroma 1.5 keeps each collection's records in the `embeddings` table of its metadata segment, which its own
    `count()` counts; tests/test_scale.py checks the two agree, so a Chroma that lays them out otherwise is noticed.
    """
    import sqlite3

    path = home / "chroma" / "chroma.sqlite3"
    if not path.is_file():
        return None
    names = [f"g{generation}-{kind}" for kind in kinds]
    try:
        # absolute(): as_uri() raises ValueError on a relative path, and the default data directory (.twitchqa) is
        # one: `make run`, `twitchqa ask` and `chat` ended in that traceback (drill31)
        uri = f"{path.absolute().as_uri()}?mode=ro"
        with closing(sqlite3.connect(uri, uri=True, timeout=0.5)) as db:  # locked: ask Chroma
            rows = db.execute(
                "SELECT c.name, COUNT(e.id) FROM collections c JOIN segments s ON s.collection = c.id "
                "AND s.scope = 'METADATA' LEFT JOIN embeddings e ON e.segment_id = s.id "
                f"WHERE c.name IN ({', '.join('?' * len(names))}) GROUP BY c.name", names).fetchall()
    except sqlite3.Error:
        return None
    found = dict(rows)
    return [found[name] for name in names] if all(name in found for name in names) else None


def reopened(home: Path, client):
    """A new client of the embedded Chroma in `home`, `client` closed. Chroma keeps each collection a client has
    read or written in memory until its last client in the process is closed: the four of 1,000 synthetic
    articles held 380 MB, and closing gave back 300 (measured here). Another client of the same folder in
    this process (a bot's) keeps them: chromadb counts its clients."""
    client.close()
    return chroma_client(home)


def reason(exc: Exception) -> str:
    """Example: httpx.ConnectError("[Errno 111] Connection refused") -> 'ConnectError: [Errno 111] Connection refused'."""
    return f"{type(exc).__name__}: {exc}".splitlines()[0][:160].rstrip(": ")


class Answering:
    """A Chroma server's client or collection whose calls turn a lost or silent server into StoreUnreachable,
    one line naming the server (a transport error from httpx is otherwise a long traceback)."""

    def __init__(self, target, url: str, again: str = ASK_AGAIN):
        self._target, self._url, self._again = target, url, again

    def __getattr__(self, name):
        value = getattr(self._target, name)
        if not callable(value):
            return value

        def call(*args, **kwargs):
            import httpx

            try:
                result = value(*args, **kwargs)
            except httpx.TransportError as exc:  # refused, reset, timed out
                raise StoreUnreachable(f"the Chroma server at {self._url} stopped answering ({reason(exc)}): "
                                       f"check that it is running, {self._again}") from None
            return Answering(result, self._url, self._again) if hasattr(result, "upsert") else result

        return call


class Store:
    """The Chroma collections of one generation of the index: written by an ingest, then only read."""

    def __init__(self, client, generation: int, writable: bool = False):
        self.client = client
        self.generation = generation
        self.writable = writable  # a reader never creates a collection: a missing one means the generation is gone
        self._collections: dict[str, object] = {}  # kind -> Chroma collection (a lookup costs a query)

    @classmethod
    def open(cls, home: Path, generation: int, writable: bool = False) -> Store:
        return cls(chroma_client(home), generation, writable)

    def name(self, kind: str) -> str:
        """Example: the passages of generation 3 are the collection 'g3-passages'."""
        return f"g{self.generation}-{kind}"

    def collection(self, kind: str):
        if kind not in self._collections:
            if self.writable:
                self._collections[kind] = self.client.get_or_create_collection(
                    self.name(kind), embedding_function=None, configuration={"hnsw": {"space": "cosine"}})
            else:
                self._collections[kind] = self.read(self.client.get_collection, name=self.name(kind),
                                                    embedding_function=None)
        return self._collections[kind]

    def read(self, call, **arguments):
        """`call(**arguments)`, with a collection removed by a newer ingest turned into GenerationGone."""
        from chromadb.errors import NotFoundError

        try:
            return call(**arguments)
        except NotFoundError:
            raise GenerationGone(f"generation {self.generation} of the index was replaced and removed") from None

    def get(self, kind: str, include: list[str], **filters) -> dict:
        """Every record of a collection (or those a `where` filter picks), read a page at a time."""
        coll, got, offset = self.collection(kind), {"ids": []}, 0
        while True:
            page = self.read(coll.get, include=include, limit=PAGE, offset=offset, **filters)
            got["ids"] += page["ids"]
            for field in include:
                got.setdefault(field, []).extend(page[field])
            if len(page["ids"]) < PAGE:
                return got
            offset += PAGE

    def count(self, kind: str) -> int:
        """How many records a collection holds (one small query)."""
        return self.read(self.collection(kind).count)

    def ids(self, kind: str) -> set[str]:
        return set(self.get(kind, [])["ids"])

    # --- writing -------------------------------------------------------------------------------

    def upsert(self, kind: str, ids: list[str], vectors, documents=None, metadatas=None) -> None:
        """Write records in the largest batches the client takes."""
        coll, step = self.collection(kind), self.client.get_max_batch_size()
        for i in range(0, len(ids), step):
            coll.upsert(ids=ids[i:i + step], embeddings=vectors[i:i + step],
                        documents=None if documents is None else documents[i:i + step],
                        metadatas=None if metadatas is None else metadatas[i:i + step])

    def delete(self, kind: str, ids: list[str], step: int = 5000) -> None:
        coll = self.collection(kind)
        for i in range(0, len(ids), step):
            coll.delete(ids=ids[i:i + step])

    def copy_from(self, other: Store, kind: str, ids: list[str], step: int = 5000) -> None:
        """Copy records, vectors included, from another generation (what an edit left unchanged)."""
        import numpy as np

        include = ["embeddings"] + (["documents"] if kind == PASSAGES else []) + (["metadatas"] if kind in WITH_METADATA else [])
        for i in range(0, len(ids), step):
            got = other.read(other.collection(kind).get, ids=ids[i:i + step], include=include)
            if got["ids"]:
                self.upsert(kind, got["ids"], np.asarray(got["embeddings"], dtype=np.float32),
                            got.get("documents"), got.get("metadatas"))

    def add_sentences(self, ids: list[str], metas: list[dict], meaning, search) -> None:
        """Sentences with their meaning and search vectors; `metas` as sentence_metadata() makes them.

        The search vector is written second, so a sentence is whole once it has one (see whole_sentences).
        No text is stored with either: what a sentence shows is in its metadata (`readable`), and what was
        embedded (with its lead-in) is read by nothing; Chroma indexes a document's text for full-text search,
        which cost a fifth of the write (1.2 of 6.5 CPU-s for 5,120 sentences here).
        """
        self.upsert(SENTENCES, ids, meaning, metadatas=metas)
        self.upsert(SENTENCE_SEARCH, ids, search)

    def whole_sentences(self) -> set[str]:
        """Ids of the sentences stored with both their vectors."""
        return self.ids(SENTENCE_SEARCH)

    def add_passages(self, ids: list[str], texts: list[str], metas: list[dict], search) -> None:
        """Passages with their search vectors; `metas` as passage_metadata() makes them."""
        self.upsert(PASSAGES, ids, search, texts, metas)

    # --- reading -------------------------------------------------------------------------------

    def passages(self, with_vectors: bool = True) -> tuple[list[StoredPassage], np.ndarray | None]:
        """Every passage and its search vector (rows in the same order; None without_vectors)."""
        got = self.get(PASSAGES, ["documents", "metadatas"] + (["embeddings"] if with_vectors else []))
        passages = [StoredPassage(pid, m["doc_id"], m["start"], m["end"], text, m["heading"], m["kind"])
                    for pid, text, m in zip(got["ids"], got["documents"], got["metadatas"])]
        return passages, vectors(got["embeddings"]) if with_vectors else None

    def sentences(self, with_vectors: bool = True) -> tuple[list[StoredSentence], np.ndarray | None, np.ndarray | None]:
        """Every sentence, grouped by passage in reading order, with its meaning and search vectors (None
        without_vectors: a bot reads the few a question needs, see `vectors`)."""
        got = self.get(SENTENCES, ["metadatas"] + (["embeddings"] if with_vectors else []))
        metas = got["metadatas"]
        order = sorted(range(len(got["ids"])), key=lambda i: (metas[i]["passage_id"], metas[i]["position"]))
        sentences = [StoredSentence(got["ids"][i], m["passage_id"], m["doc_id"], m["start"], m["end"], m["readable"])
                     for i in order for m in [metas[i]]]
        search = self.get(SENTENCE_SEARCH, ["embeddings"] if with_vectors else [])
        if set(search["ids"]) != {s.id for s in sentences}:
            raise IndexMismatch(f"the sentence collections of the index disagree: {REBUILD}")
        if not with_vectors:
            return sentences, None, None
        meaning = vectors(got["embeddings"])[order] if order else vectors([])
        search_by_id = dict(zip(search["ids"], search["embeddings"]))
        return sentences, meaning, vectors([search_by_id[s.id] for s in sentences])

    def matrix(self, kind: str, ids: list[str]) -> np.ndarray:
        """The vectors of these records of a collection as one float32 matrix, rows in this order, read a page
        at a time into it (reading every record's vector as Python lists, then stacking them, held ~5 KB a
        sentence at once: 300 MB at 1,000 articles, beside the model)."""
        import numpy as np

        row = {record: n for n, record in enumerate(ids)}
        out, offset, filled = np.empty((len(ids), DIMENSIONS), dtype=np.float32), 0, 0
        while True:
            page = self.read(self.collection(kind).get, include=["embeddings"], limit=PAGE, offset=offset)
            rows = [row[record] for record in page["ids"] if record in row]
            if rows:
                out[rows] = vectors([v for record, v in zip(page["ids"], page["embeddings"]) if record in row])
                filled += len(rows)
            if len(page["ids"]) < PAGE:
                break
            offset += PAGE
        if filled != len(ids):
            raise GenerationGone(f"records of generation {self.generation} of the index are missing: it was replaced")
        return out

    def words(self, with_vectors: bool = True) -> tuple[list[str], np.ndarray | None]:
        """Every word the articles use, with its meaning vector (None without_vectors)."""
        got = self.get(WORDS, ["embeddings"] if with_vectors else [])
        return got["ids"], vectors(got["embeddings"]) if with_vectors else None

    def vectors(self, kind: str, ids: list[str], step: int = 5000) -> dict[str, np.ndarray]:
        """id -> vector of these records of a collection (in steps: one get of 32,767 ids fails)."""
        out: dict[str, np.ndarray] = {}
        for i in range(0, len(ids), step):
            got = self.read(self.collection(kind).get, ids=ids[i:i + step], include=["embeddings"])
            out.update(zip(got["ids"], vectors(got["embeddings"])))
        if len(out) != len(set(ids)):
            raise GenerationGone(f"records of generation {self.generation} of the index are missing: it was replaced")
        return out

    def nearest_passages(self, vector: np.ndarray, n: int) -> list[str]:
        """Ids of the n passages whose search vectors are closest to `vector`, closest first."""
        return self.nearest(PASSAGES, vector, n)

    def nearest_sentences(self, vector: np.ndarray, n: int) -> dict[str, np.ndarray]:
        """id -> meaning vector of the n sentences closest to `vector`, closest first."""
        return self.nearest_vectors(SENTENCES, vector, n)

    def nearest(self, kind: str, vector: np.ndarray, n: int) -> list[str]:
        """Ids of the n records of a collection closest to `vector` (Chroma's HNSW index), closest first."""
        return list(self.nearest_vectors(kind, vector, n, include=[]))

    def nearest_vectors(self, kind: str, vector: np.ndarray, n: int, include=("embeddings",)) -> dict[str, np.ndarray]:
        """id -> vector of the n records closest to `vector`, closest first (one query, no second read)."""
        import numpy as np

        coll = self.collection(kind)
        found = self.read(coll.query, query_embeddings=[np.asarray(vector).tolist()], n_results=n,
                          include=list(include))
        rows = found.get("embeddings")
        return dict(zip(found["ids"][0], vectors(rows[0]) if rows is not None else [None] * len(found["ids"][0])))


def vectors(rows) -> np.ndarray:
    """Rows as a float32 matrix of DIMENSIONS columns (none: an empty one)."""
    import numpy as np

    return np.asarray(rows, dtype=np.float32).reshape(-1, DIMENSIONS)


def passage_metadata(doc_id: str, title: str, path: Path, start: int, end: int, heading: str, kind: str) -> dict:
    return {"doc_id": doc_id, "title": title, "path": str(path.resolve()),
            "start": start, "end": end, "heading": heading, "kind": kind}


def sentence_metadata(passage_id: str, doc_id: str, start: int, end: int, readable: str, position: int) -> dict:
    return {"passage_id": passage_id, "doc_id": doc_id, "start": start, "end": end, "readable": readable,
            "position": position}


def not_found() -> type[Exception]:
    """chromadb's error for a collection that is not there (for `except not_found():` elsewhere: only this module
    imports chromadb)."""
    from chromadb.errors import NotFoundError

    return NotFoundError
