"""Keep the index in step with the corpus: embed what is new, carry over what is unchanged.

Load the articles, cut them into passages (ingest.chunk), and build the next generation of the index
beside the one being served (ingest.store): records of unchanged passages are copied from the served
generation, new ones are embedded (ingest.embed) and saved a batch at a time, and the manifest is
switched to the new generation only when it is complete. So a running bot answers from the old index
until then, a killed ingest leaves the old index answering, and the next ingest resumes from the
last saved batch. Ids are content hashes, so an unchanged corpus writes nothing. One writer at a
time, enforced by a lock file.
"""
from __future__ import annotations

import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ingest.chunk import Passage, chunk, embedding_texts
from ingest.embed import Embedder
from ingest.errors import ArticleError, IndexMismatch, TwitchqaError
from ingest.elsewhere import build as build_same_elsewhere
from ingest import snapshot
from ingest.load import Article, ignored_files, load_corpus, read_text
from ingest.generations import commit_generation, discard_building, generation_dir, start_generation
from ingest.manifest import CARRIED_SCHEMAS, SCHEMA_VERSION, check_manifest, read_manifest, writer_lock
from ingest.mirror import mirror_dir, publish, pull  # a Chroma server
from ingest.store import (INGEST_AGAIN, PASSAGES, SENTENCE_SEARCH, SENTENCES, WORDS, WRITE_TIMEOUT, Store,
                          StoredPassage, StoredSentence, chroma_client, passage_metadata, reopened, sentence_metadata, sha256)
from ingest.weights import TokenWeights

WORD = re.compile(r"[a-z]{3,}")
# Texts embedded between saves. Here about 190 sentences or 37 passages embed per second, so a killed
# ingest loses at most ~1.5 s of sentences or ~7 s of passages; a batch's Chroma write takes ~0.1 s.
BATCH = 256


@dataclass
class IngestReport:
    articles: int = 0
    passages: int = 0
    embedded: int = 0  # passages embedded in this run
    deleted: int = 0  # passages of the served index that the new one dropped
    texts_embedded: int = 0  # sentences, passages and words the model embedded in this run
    resumed: int = 0  # records an interrupted ingest had saved, found and kept
    generation: int | None = None  # the generation now served
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # files in the folder it does not read (notices: ingest.load)

    def to_dict(self) -> dict:
        return asdict(self)


def sentence_records(article: Article, passage: Passage):
    """(id, text to embed, metadata) for each sentence of a passage."""
    texts = embedding_texts(article.text, passage.sentences)
    for number, (sentence, text) in enumerate(zip(passage.sentences, texts)):
        meta = sentence_metadata(passage.id, article.id, sentence.start, sentence.end, sentence.readable, number)
        yield f"{passage.id}:{number}", text, meta


def sync(corpus: Path, home: Path, embedder: Embedder, rebuild: bool = False, progress: bool = False,
         chroma_url: str | None = None) -> IngestReport:
    """Bring the index in `home` (or on the Chroma server at `chroma_url`) in step with the articles in `corpus`."""
    began = time.perf_counter()
    if chroma_url is not None:  # the server's manifest is the truth; `home` keeps this machine's copy and lock
        home = mirror_dir(home, chroma_url)
        client = chroma_client(home, chroma_url, timeout=WRITE_TIMEOUT, again=INGEST_AGAIN)
    else:
        client = None
    articles, errors = load_corpus(corpus)
    if not articles:  # a wrong --corpus would otherwise delete every passage and exit 0 (drill26)
        skipped = f" ({len(errors)} skipped; the first: {errors[0]})" if errors else ""
        raise ArticleError(corpus, f"no article to index{skipped}: add Markdown files with `id` and `title` front "
                                   "matter (corpus/README.md) or pass --corpus DIR; the index is left as it was")
    report = IngestReport(errors=[str(e) for e in errors], articles=len(articles), ignored=ignored_files(corpus))
    files = {str(a.path.resolve()): {"doc_id": a.id, "sha256": sha256(a.text)} for a in articles}
    wanted: dict[str, tuple[Article, Passage]] = {}  # passage id -> its article and passage
    for article in articles:
        for passage in chunk(article):
            wanted[passage.id] = (article, passage)
    words = sorted({w for a in articles for w in WORD.findall(a.text.lower())})
    report.passages = len(wanted)
    with writer_lock(home):
        if chroma_url is not None:
            pull(home, client, chroma_url)
        served = read_manifest(home)
        upgrade = False  # an index of an older schema whose records this one keeps: copied, nothing embedded
        if served and served.get("model") == embedder.model_id and served.get("schema") != SCHEMA_VERSION:
            upgrade = served.get("schema") in CARRIED_SCHEMAS
            rebuild = rebuild or not upgrade  # laid out by another twitchqa version: derived data, so rebuild it
        if not rebuild and not upgrade:
            check_manifest(home, served, embedder.model_id)
        client = chroma_client(home) if client is None else client
        base = None if rebuild or served is None else Store(client, served["generation"])
        if base is not None and not upgrade and up_to_date(base, served, files, wanted, words):
            discard_building(home, client)  # an interrupted ingest of what the served index now holds
            if chroma_url is None and not snapshot.saved(home, served["generation"]):
                snapshot.save(home, base)  # an index from before snapshots: derived data, so added in place
            report.generation = served["generation"]
            report.seconds = round(time.perf_counter() - began, 2)
            closed(client, chroma_url)
            return report  # nothing changed: no new generation, a running bot has nothing to reload
        build = start_generation(home, client, served, embedder.model_id, rebuild, sha256(repr(sorted(files.items()))))
        store = Store(client, build["generation"], writable=True)
        weights = generation_weights(home, build, articles, embedder)
        base_passages = base.ids(PASSAGES) if base else set()
        report.deleted = len(base_passages - wanted.keys())
        fill(store, base, wanted, words, weights, embedder, report, progress)
        give_back_memory()
        snapshot.save(home, store, stored_records(wanted))  # the records and vectors a bot reads from files
        if chroma_url is None:  # what follows reads no collection: let go of the ones Chroma holds in memory
            client = reopened(home, client)
            store = Store(client, build["generation"])
        give_back_memory()
        build_same_elsewhere(home, store)  # from every sentence's vector (the snapshot's): after the last one is stored
        moved = changed_files(files)
        if moved:  # committing would serve an index naming a file gone or edited: no `ask` could open it (drill26)
            closed(client, chroma_url)
            raise IndexMismatch(f"{moved[0]} changed while it was being indexed (renamed, edited or deleted): run "
                                "`twitchqa ingest` again; the index served is left as it was")
        commit_generation(home, client, {"schema": SCHEMA_VERSION, "model": embedder.model_id, "files": files,
                                         "generation": build["generation"],
                                         "previous": served.get("generation") if served else None})
        if chroma_url is not None:
            publish(home, client)
        closed(client, chroma_url)
    report.generation = build["generation"]
    report.seconds = round(time.perf_counter() - began, 2)
    return report


def changed_files(files: dict) -> list[str]:
    """The paths among `files` (path -> {"sha256"}) whose text is no longer what was read: gone, or edited."""
    changed = []
    for path, entry in files.items():
        try:
            same = sha256(read_text(Path(path))) == entry["sha256"]
        except TwitchqaError:  # gone or unreadable now
            same = False
        if not same:
            changed.append(path)
    return changed


def closed(client, chroma_url: str | None) -> None:
    """Close the embedded Chroma's client once its last write is done: its files are left whole here, not by
    the garbage collector at some later point (`twitchqa ingest` lets its teardown skip that: ui.cli)."""
    if chroma_url is None:
        client.close()


def stored_records(wanted: dict) -> tuple[list[StoredSentence], dict[str, StoredPassage]]:
    """(every sentence's record in `Store.sentences()` order: by passage id, then place; passage id -> its record)
    as the store holds them for these passages, made from the chunks instead of read back (ingest.snapshot).

    What `fill` stores for a passage is what this gives: the ids are content hashes, and a record carried from
    an earlier generation was chunked by the same chunker (a schema whose records are carried, CARRIED_SCHEMAS, has
    it; any other is embedded again)."""
    passages = {pid: StoredPassage(pid, p.doc_id, p.start, p.end, p.text, p.heading, p.kind)
                for pid, (_, p) in wanted.items()}
    sentences = [StoredSentence(f"{pid}:{n}", pid, wanted[pid][0].id, s.start, s.end, s.readable)
                 for pid in sorted(wanted) for n, s in enumerate(wanted[pid][1].sentences)]
    return sentences, passages


def up_to_date(served: Store, manifest: dict, files: dict, wanted: dict, words: list[str]) -> bool:
    """Whether the served generation already holds exactly these files, passages and words."""
    return (manifest.get("state", "ready") == "ready" and manifest.get("files") == files
            and served.ids(PASSAGES) == set(wanted) and served.ids(WORDS) == set(words))


def generation_weights(home: Path, build: dict, articles: list[Article], embedder: Embedder) -> TokenWeights:
    """The token weights of the generation being built: fitted on its articles when it is a new index,
    else the served one's, so the vectors it carries over stay comparable with the ones it adds."""
    folder = generation_dir(home, build["generation"])
    if not (folder / "token_weights.json").exists():
        if build["base"] is None:
            TokenWeights.fit([a.text for a in articles], embedder.model.tokenizer).save(folder)
        else:
            TokenWeights.load(generation_dir(home, build["base"])).save(folder)
    return TokenWeights.load(folder)


def fill(store: Store, base: Store | None, wanted: dict, words: list[str], weights: TokenWeights,
         embedder: Embedder, report: IngestReport, progress: bool) -> None:
    """Put every wanted passage, sentence and word into the generation being built: what it holds
    already (a resumed ingest) stays, what the base generation holds is copied, the rest is embedded."""
    held = store.ids(PASSAGES)
    sentence_ids = {f"{pid}:{n}" for pid, (_, passage) in wanted.items() for n in range(len(passage.sentences))}
    # What an interrupted ingest saved of articles edited since: passages, and sentences whose passage is gone.
    store.delete(PASSAGES, sorted(held - wanted.keys()))
    for kind in (SENTENCES, SENTENCE_SEARCH):
        store.delete(kind, sorted(store.ids(kind) - sentence_ids))
    whole = store.whole_sentences()
    report.resumed += len(held & wanted.keys()) + len(whole)
    in_base = base.ids(PASSAGES) if base else set()
    missing = [pid for pid in wanted if pid not in held]

    # Sentences first: a passage is only stored once its sentences are, so a passage found in a
    # resumed generation always has all of its sentences.
    records = [r for pid in missing for r in sentence_records(*wanted[pid]) if r[0] not in whole]
    carried = [r[0] for r in records if r[2]["passage_id"] in in_base]
    if carried:
        store.copy_from(base, SENTENCES, carried)
        store.copy_from(base, SENTENCE_SEARCH, carried)
    new = [r for r in records if r[2]["passage_id"] not in in_base]
    for texts, groups in each_text_once(new, lambda r: r[1], "sentences", progress):
        meaning, search = embedder.embed_pair(texts, weights)
        rows, batch = spread(groups)
        store.add_sentences([r[0] for r in batch], [r[2] for r in batch], meaning[rows], search[rows])
        report.texts_embedded += len(texts)

    carried = [pid for pid in missing if pid in in_base]
    if carried:
        store.copy_from(base, PASSAGES, carried)
    text = {pid: wanted[pid][1].embedding_text(wanted[pid][0].title) for pid in missing if pid not in in_base}
    for texts, groups in each_text_once(list(text), text.get, "passages", progress):
        _, search = embedder.embed_pair(texts, weights)
        rows, batch = spread(groups)
        store.add_passages(batch, [wanted[pid][1].text for pid in batch], [passage_record(*wanted[pid]) for pid in batch],
                           search[rows])
        report.texts_embedded += len(texts)
        report.embedded += len(batch)

    fill_words(store, base, words, embedder, report, progress)


def fill_words(store: Store, base: Store | None, words: list[str], embedder: Embedder, report: IngestReport,
               progress: bool) -> None:
    """The meaning vector of each word the articles use, and no other word."""
    held = store.ids(WORDS)
    report.resumed += len(held & set(words))
    store.delete(WORDS, sorted(held - set(words)))
    missing = [w for w in words if w not in held]
    in_base = base.ids(WORDS) & set(missing) if base else set()
    if in_base:
        store.copy_from(base, WORDS, sorted(in_base))
    for batch in batches(longest_first([w for w in missing if w not in in_base], str), "words", progress):
        store.upsert(WORDS, batch, embedder.embed(batch))
        report.texts_embedded += len(batch)


def give_back_memory() -> None:
    """Return to the system what the last batch freed. glibc keeps freed heap for reuse, and what one batch's
    forward pass left was not reused by the next phase: after 256 long passages RSS stayed 240-340 MB up,
    malloc_trim took it back to 80 MB over the loaded model (measured here). Elsewhere than glibc: nothing."""
    import ctypes

    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def each_text_once(items: list, text, label: str, progress: bool):
    """(texts, groups): BATCH distinct texts at a time, longest first, each with the items it is the text of.

    A text is embedded once however many records have it: a clinic's leaflets repeat a disclaimer, and a
    synthetic library made of the real articles' sections has 296 distinct sentence texts in 6,283. Saved a
    batch at a time, a batch's records are whole: an interrupted ingest resumes after the last one.
    """
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(text(item), []).append(item)
    for texts in batches(longest_first(list(groups), str), label, progress):
        yield texts, [groups[t] for t in texts]
        give_back_memory()


def spread(groups: list[list]) -> tuple[list[int], list]:
    """(for each item, the row of its text; the items), from each text's group of items.

    Example: spread([["a", "b"], ["c"]]) == ([0, 0, 1], ["a", "b", "c"])
    """
    return [row for row, group in enumerate(groups) for _ in group], [item for group in groups for item in group]


def longest_first(items: list, text) -> list:
    """`items` in the order the model encodes texts in, longest `text(item)` first.

    sentence-transformers sorts the texts of one `encode` call by length, so that a model batch is padded
    to texts about as long as its own; given BATCH texts at a time in their reading order, it could only
    sort within them, and its batches held 29% more tokens (padding) for sentences and 11% for passages
    (100-article synthetic library). Sorted once here, the whole library is: BATCH is a multiple of the
    model's batch (Embedder.batch_size), so each of its batches is the one bare `model.encode` of all the texts makes.
    """
    return sorted(items, key=lambda item: -len(text(item)))


def batches(items: list, label: str, progress: bool):
    """`items` BATCH at a time, with a progress bar when asked and stderr is a terminal."""
    from tqdm import tqdm

    with tqdm(total=len(items), desc=label, unit="", disable=not (progress and items and sys.stderr.isatty())) as bar:
        for i in range(0, len(items), BATCH):
            yield items[i:i + BATCH]
            bar.update(len(items[i:i + BATCH]))


def passage_record(article: Article, passage: Passage) -> dict:
    return passage_metadata(article.id, article.title, article.path, passage.start, passage.end,
                            passage.heading, passage.kind)
