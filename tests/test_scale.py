"""A library of any size: paged reads past SQLite's limit, synthetic libraries, the benchmark's parts."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from evals.bench import Stages, Timed, table, worker, works
from evals.synthetic import generate, sections
from ingest.load import load_corpus
from ingest.store import WORDS, Store, chroma_client

from conftest import CORPUS

SQLITE_LIMIT = 32_766  # variables in one SQLite statement: one Chroma get of more records fails


def test_a_collection_larger_than_one_sqlite_query_is_read_whole(tmp_path):
    count = SQLITE_LIMIT + 1_234
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((count, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = [f"w{i:06d}" for i in range(count)]
    client = chroma_client(tmp_path)
    writer = Store(client, 1, writable=True)
    # The smallest search graph: this test is about reading, and building the default one takes minutes here.
    client.create_collection(writer.name(WORDS), embedding_function=None,
                             configuration={"hnsw": {"space": "cosine", "ef_construction": 4, "max_neighbors": 2}})
    writer.upsert(WORDS, ids, vectors)

    reader = Store(chroma_client(tmp_path), 1)  # what a bot opens: never writes, reads a page at a time
    words, read = reader.words()
    assert len(words) == count and read.shape == (count, 384)
    assert reader.ids(WORDS) == set(ids)
    row = {w: i for i, w in enumerate(words)}
    for i in (0, SQLITE_LIMIT, count - 1):  # each vector comes back with its own id, across pages
        assert np.allclose(read[row[ids[i]]], vectors[i], atol=1e-6)


def test_an_index_of_more_sentences_than_one_sqlite_query_returns_opens(tmp_path):
    """A library of ~550 real-sized articles or more has more sentences than one Chroma get can return; the
    bot opens it (every read paged) and finds each sentence by its id, its near-copies' arrays included."""
    import shutil

    from bot.library import Library
    from ingest.elsewhere import FOLDER, order_stamp
    from ingest.embed import MODEL_ID
    from ingest.load import load_article
    from ingest.store import (PASSAGES, SCHEMA_VERSION, SENTENCE_SEARCH, SENTENCES, generation_dir,
                              passage_metadata, sentence_metadata, sha256, write_json)
    from ingest.weights import TokenWeights

    count = SQLITE_LIMIT + 1_234
    corpus, home = tmp_path / "corpus", tmp_path / "home"
    corpus.mkdir()
    shutil.copy(next(CORPUS.glob("*.md")), corpus / "article.md")
    article = load_article(corpus / "article.md")
    client = chroma_client(home)
    store = Store(client, 1, writable=True)
    for kind in (PASSAGES, SENTENCES, SENTENCE_SEARCH, WORDS):  # the smallest search graphs: this test reads
        client.create_collection(store.name(kind), embedding_function=None,
                                 configuration={"hnsw": {"space": "cosine", "ef_construction": 4, "max_neighbors": 2}})
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((count, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    start, end = article.body_start, article.body_start + 40
    store.add_passages(["p"], [article.text[start:end]],
                       [passage_metadata(article.id, article.title, article.path, start, end, "", "paragraph")], vectors[:1])
    ids = [f"p:{n}" for n in range(count)]  # one passage, in reading order by position
    store.add_sentences(ids, [sentence_metadata("p", article.id, start, end, f"sentence {n}", n) for n in range(count)],
                        vectors, vectors)
    store.upsert(WORDS, ["twitch"], vectors[:1])
    folder = generation_dir(home, 1)
    folder.mkdir(parents=True)
    TokenWeights({}, (101, 102), 30522).save(folder)
    (folder / FOLDER).mkdir()  # sentence 0's one near-copy is the last sentence (as if in another article)
    np.save(folder / FOLDER / "indptr.npy", np.array([0] + [1] * count, dtype=np.int64))
    np.save(folder / FOLDER / "neighbours.npy", np.array([count - 1], dtype=np.int32))
    np.save(folder / FOLDER / "cosines.npy", np.array([0.9], dtype=np.float32))
    (folder / FOLDER / "order.json").write_text(json.dumps({"floor": 0.85, "order": order_stamp(ids)}))
    write_json(home / "manifest.json", {"schema": SCHEMA_VERSION, "model": MODEL_ID, "generation": 1, "state": "ready",
                                        "files": {str(article.path.resolve()): {"doc_id": article.id,
                                                                                "sha256": sha256(article.text)}}})

    library = Library(home, MODEL_ID)
    assert len(library.sentences) == count and [s.id for s in library.sentences] == ids
    assert library.sentences[SQLITE_LIMIT].readable == f"sentence {SQLITE_LIMIT}"
    assert library.sentence_index[ids[-1]] == count - 1 and library.sentences_of["p"][-1] == count - 1
    assert library.same_elsewhere is not None and library.elsewhere_within(0, 0.88)[0].tolist() == [count - 1]
    assert np.allclose(library.meaning_vectors([count - 1]), vectors[-1:], atol=1e-6)


def test_sections_split_at_headings_verbatim():
    intro, parts = sections("Intro.\n\n## A\nText a.\n### B\nText b.\n")
    assert intro == "Intro." and parts == ["## A\nText a.", "### B\nText b."]


def test_synthetic_library_is_valid_deterministic_and_made_of_the_articles_own_text(tmp_path):
    first = generate(CORPUS, tmp_path / "a", 12)
    again = generate(CORPUS, tmp_path / "b", 12)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in again]  # the seed fixes every byte
    articles, errors = load_corpus(tmp_path / "a")
    assert errors == [] and len(articles) == 12 and len({a.id for a in articles}) == 12
    real = " ".join(a.text for a in load_corpus(CORPUS)[0])
    for article in articles:
        for paragraph in article.text[article.body_start:].split("\n\n"):
            assert paragraph.strip() in real  # recombined, never reworded
    reduced = generate(CORPUS, tmp_path / "c", 12, reduced=True)
    assert sum(p.stat().st_size for p in reduced) < sum(p.stat().st_size for p in first) / 2


def test_stages_count_inner_calls_once_in_their_own_stage():
    stages = Stages()

    class Work:
        def inner(self):
            return sum(range(20_000))

    work = Timed(Work(), stages, {"inner": "embed"})
    outer = stages.timed("retrieve", lambda: [work.inner() for _ in range(3)])
    outer()
    assert set(stages.totals) == {"embed", "retrieve"} and all(v > 0 for v in stages.totals.values())


def test_bench_worker_answers_the_questions_and_times_each_stage(corpus_home, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text("".join(json.dumps({"question": q}) + "\n" for q in
                                 ("Can drinking a lot of coffee make my muscles twitch?", "Is it ALS?",
                                  "What is the capital of France?")))
    result = worker(str(corpus_home), str(questions))
    assert result["questions"] == 3 and result["failures"] == 0
    assert result["p50_ms"] >= result["floor_p50_ms"] > 0 and result["rss_open_mb"] > 100
    assert sum(result["stages_p50_ms"].values()) > 0 and result["stages_p50_ms"]["embed"] > 0
    shown = table({"machine": {"cpus": 2, "memory_gb": 24, "load_average": [1, 1, 1]},
                   "libraries": [{"library": "real (5)", **result}]})
    assert "warm p50 / p95 ms" in shown and f"{result['p50_ms']} / {result['p95_ms']}" in shown
    assert "| works: opens and answers every question | yes |" in shown
    assert works({"library": "10000", "failed": "ingest exited 1"}) == "NO: ingest exited 1"


def test_bench_refuses_bad_sizes_and_a_missing_index_in_one_line(tmp_path, capsys):
    from ui.cli import main

    assert main(["bench", "--home", str(tmp_path), "--scale", "1O0"]) == 1
    assert main(["bench", "--home", str(tmp_path), "--scale", "100"]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 2 and "--scale takes sizes" in errors[0] and "twitchqa ingest" in errors[1]


def test_a_full_vector_cache_starts_again_without_losing_what_a_question_asked_for(bot, monkeypatch):
    import bot.library as library_module

    library = bot.library
    monkeypatch.setattr(library_module, "CACHED", 5)
    monkeypatch.setattr(library, "snapshot", None)  # what a bot reads without one (a Chroma server, an older index)
    library.cache["sentences"].clear()
    first = library.meaning_vectors(range(4))
    both = library.meaning_vectors(range(8))  # 4 held + 4 read overfill the cache: it is emptied, the answer whole
    assert both.shape == (8, 384) and np.array_equal(both[:4], first)
    assert len(library.cache["sentences"]) <= 5


def test_the_langchain_retriever_gives_what_the_bot_searches(bot):
    from langchain_core.retrievers import BaseRetriever

    retriever = bot.retriever.as_langchain()
    assert isinstance(retriever, BaseRetriever)
    query = "Can low magnesium cause twitching?"
    found = retriever.invoke(query)
    assert [d.id for d in found] == [d.id for d in bot.retriever.search(query, bot.depth)] and len(found) == bot.depth
    assert [d.metadata for d in found] == [d.metadata for d in bot.retriever.search(query, bot.depth)]


def test_the_bot_imports_no_langchain_retriever_or_tracer_until_asked():
    """langchain's retrievers and tracers (langsmith) cost 0.85 s of a cold `twitchqa ask`: only bot.chains has them."""
    import subprocess
    import sys

    from conftest import ROOT

    probe = ("import sys, bot.pipeline\nprint(sorted(m for m in ('langchain_core.retrievers', 'langchain_core.tracers',"
             " 'langsmith', 'langchain_core.runnables') if m in sys.modules))\n"
             "import bot.chains\nprint('langchain_core.retrievers' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""},
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["[]", "True"]


def test_near_copies_are_found_in_other_articles_only_and_copies_get_equal_cosines():
    from ingest.elsewhere import neighbours

    rng = np.random.default_rng(7)
    base = rng.normal(size=(6, 384)).astype(np.float32)
    vectors = np.concatenate([base, base + 0.05 * rng.normal(size=base.shape).astype(np.float32),
                              np.repeat(base[:1], 5, axis=0)])  # sentence 0 copied verbatim into articles c-g
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    # sentences 9-11 are near 3-5 but in their own article: not "elsewhere"
    doc_ids = ["a"] * 6 + ["b"] * 3 + ["a"] * 3 + ["c", "d", "e", "f", "g"]
    indptr, found, cosines = neighbours(vectors, doc_ids, floor=0.9)
    pairs = {(i, int(j)) for i in range(len(vectors)) for j in found[indptr[i]:indptr[i + 1]]}
    copies = {0, 6, *range(12, 17)}
    assert pairs == {(i, j) for i in copies for j in copies if i != j} | {(1, 7), (2, 8), (7, 1), (8, 2)}
    for i in range(len(vectors)):
        j = found[indptr[i]:indptr[i + 1]]
        assert np.allclose(cosines[indptr[i]:indptr[i + 1]], vectors[j] @ vectors[i], atol=1e-6)
    of_first = dict(zip(found[indptr[0]:indptr[1]].tolist(), cosines[indptr[0]:indptr[1]].tolist()))
    assert len({of_first[j] for j in range(12, 17)}) == 1  # equal vectors, equal cosines: order by place, not rounding


def test_the_ingest_finds_what_the_store_s_nearest_neighbours_find(bot):
    library = bot.library
    saved = library.same_elsewhere
    assert saved is not None and saved.floor <= 0.88 and len(saved.neighbours) > 0
    try:
        for i in range(len(library.sentences)):
            found, cosines = saved.within(i, 0.88)
            library.same_elsewhere = None  # what a bot without them asks the store
            asked, asked_cosines = library.elsewhere_within(i, 0.88)
            library.same_elsewhere = saved
            assert found.tolist() == asked.tolist()
            assert np.allclose(cosines, asked_cosines, atol=1e-6)
    finally:
        library.same_elsewhere = saved


def test_an_index_of_the_previous_schema_is_upgraded_without_embedding(corpus_home, embedder, tmp_path):
    import shutil

    from ingest.elsewhere import FOLDER
    from ingest.errors import IndexMismatch
    from ingest.index import sync
    from ingest.store import MANIFEST, generation_dir, ready_manifest, read_manifest

    home = tmp_path / "home"
    shutil.copytree(corpus_home, home)
    manifest = read_manifest(home)
    shutil.rmtree(generation_dir(home, manifest["generation"]) / FOLDER)
    (home / MANIFEST).write_text(json.dumps({**manifest, "schema": 7}), encoding="utf-8")
    try:
        ready_manifest(home, embedder.model_id)
        raise AssertionError("a schema 7 index was opened")
    except IndexMismatch as exc:
        assert "(schema 7)" in str(exc) and "run `twitchqa ingest` (it embeds nothing" in str(exc)
    report = sync(CORPUS, home, embedder)
    assert report.texts_embedded == 0 and report.generation == manifest["generation"] + 1
    assert ready_manifest(home, embedder.model_id)["schema"] == 8
    assert (generation_dir(home, report.generation) / FOLDER / "neighbours.npy").exists()


def test_a_bot_that_cannot_open_its_index_loads_no_torch_for_its_encoder(tmp_path):
    """The ONNX encoder is built in a thread while the index opens; when the index is missing the thread is
    only awaited: no fall back to the torch model, no export."""
    import subprocess
    import sys

    from conftest import ROOT

    probe = (f"import sys\nfrom pathlib import Path\nfrom bot.pipeline import Bot\nfrom ingest.errors import IndexMissing\n"
             f"try:\n    Bot.open(Path({str(tmp_path)!r}))\nexcept IndexMissing as exc:\n    print('missing')\n"
             f"print('torch' in sys.modules, Path({str(tmp_path / 'encoder')!r}).exists())")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": ""},
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["missing", "False False"] and result.stderr == ""


def test_the_mapped_vectors_are_the_store_s_own_bit_for_bit(bot):
    from ingest.store import PASSAGES, SENTENCE_SEARCH, SENTENCES

    library = bot.library
    assert library.snapshot is not None  # an ingest saves it (ingest.snapshot)
    for kind, ids in ((SENTENCES, [s.id for s in library.sentences]),
                      (SENTENCE_SEARCH, [s.id for s in library.sentences]), (PASSAGES, library.passage_ids)):
        stored = library.store.vectors(kind, ids)
        assert np.array_equal(library.vectors(kind, ids), np.array([stored[i] for i in ids], dtype=np.float32))


def test_a_question_reads_no_vector_from_the_store_when_the_snapshot_is_there(bot, monkeypatch):
    """Only nearest-neighbour queries reach the store; the answer is the one the store's reads give."""
    question = "Can magnesium deficiency cause muscle twitching?"
    library = bot.library

    def fresh():
        bot.claims.elsewhere.clear()
        for cache in library.cache.values():
            cache.clear()

    fresh()
    with monkeypatch.context() as patch:
        patch.setattr(library, "snapshot", None)
        from_store = bot.ask(question).to_dict()
    fresh()
    with monkeypatch.context() as patch:
        def refused(*args, **kwargs):
            raise AssertionError("a vector was read from the store")
        patch.setattr(library.store, "vectors", refused)
        mapped = bot.ask(question).to_dict()
    from_store.pop("timings_ms"), mapped.pop("timings_ms")
    assert mapped == from_store and mapped["citations"]


def test_an_index_kept_from_before_snapshots_gets_one_from_a_plain_ingest_that_embeds_nothing(corpus_home, embedder,
                                                                                              tmp_path):
    import shutil

    from bot.library import Library
    from ingest.index import sync
    from ingest.snapshot import FOLDER
    from ingest.store import generation_dir, read_manifest

    home = tmp_path / "home"
    shutil.copytree(corpus_home, home)
    generation = read_manifest(home)["generation"]
    shutil.rmtree(generation_dir(home, generation) / FOLDER)
    without = Library(home, embedder.model_id)  # reads its records from the store
    assert without.snapshot is None
    report = sync(CORPUS, home, embedder)
    assert report.texts_embedded == 0 and report.generation == generation  # added in place: nothing to reload
    library = Library(home, embedder.model_id)
    assert library.snapshot is not None
    assert library.sentences == without.sentences and list(library.passages.values()) == list(without.passages.values())
    assert library.words == without.words and library.passage_ids == without.passage_ids
    # a snapshot that doesn't hold what the store holds is not used
    order = generation_dir(home, generation) / FOLDER / "order.json"
    stamps = json.loads(order.read_text())
    order.write_text(json.dumps({**stamps, "counts": [stamps["counts"][0] - 1, *stamps["counts"][1:]]}))
    assert Library(home, embedder.model_id).snapshot is None


def test_an_answer_cites_at_most_max_agreeing_other_articles_and_counts_only_those(bot):
    from dataclasses import replace

    question = "How does lack of sleep affect neurotransmitters?"
    evidence = bot.evidence(question)
    full = bot.quoting.answer(evidence)
    assert "Two of the articles say this:" in full.text  # the same claim in a second article (tests/test_bot.py)
    alone = replace(bot.quoting, max_agreeing=0).answer(evidence)
    assert "of the articles say this" not in alone.text and len(alone.citations) < len(full.citations)


def test_passage_and_claim_stems_are_those_of_their_text_joined(bot):
    """Each sentence is split into words once at open; what passages and claims are indexed by is unchanged."""
    from bot.text import term_set, terms

    library = bot.library
    for pid, passage in library.passages.items():
        title = library.articles[passage.doc_id].title
        readable = " ".join(library.sentences[i].readable for i in library.sentences_of.get(pid, []))
        assert library.lexical_terms(passage) == terms(f"{title} {passage.heading} {readable or passage.text}")
    for n, claim in enumerate(bot.claims.claims):
        assert bot.claims.claim_terms[n] == set(terms(bot.claims.text(claim)))
    for article in library.articles.values():
        assert term_set(article.text) == set(terms(article.text))
