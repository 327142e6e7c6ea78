"""A library of any size: paged reads past SQLite's limit, synthetic libraries, the benchmark's parts."""
from __future__ import annotations

import gc
import json
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot import frozen
from evals.bench import index_label
from evals.bench_report import table, works
from evals.bench_worker import Stages, Timed, worker
from evals.synthetic import generate, sections
from ingest.load import load_corpus
from ingest.store import WORDS, Store, chroma_client

from conftest import CORPUS

SQLITE_LIMIT = 32_766  # variables in one SQLite statement: one Chroma get of more records fails


@pytest.fixture(scope="module")
def big_index(tmp_path_factory):
    """(home, sentence ids, their vectors) of an index of one article whose passage has more sentences than one
    SQLite query can return: the search vectors in Chroma, as an ingest stores them (no metadata), and the
    records and arrays an ingest saves for a bot (ingest.snapshot). The meaning collection is left empty, since
    a bot with a snapshot never reads it, and storing 34,000 sentences with metadata twice took 80 of this
    test's 166 s; the smallest search graphs, since building the default one takes minutes here."""
    from ingest.elsewhere import FOLDER, order_stamp
    from ingest.embed import MODEL_ID
    from ingest.load import load_article
    from ingest.snapshot import FILES, write_records
    from ingest.snapshot import FOLDER as SNAPSHOT
    from ingest.generations import generation_dir
    from ingest.manifest import SCHEMA_VERSION, write_json
    from ingest.store import PASSAGES, SENTENCES, SENTENCE_SEARCH, StoredPassage, StoredSentence, sha256
    from ingest.weights import TokenWeights

    count = SQLITE_LIMIT + 1_234
    root = tmp_path_factory.mktemp("big")
    corpus, home = root / "corpus", root / "home"
    corpus.mkdir()
    shutil.copy(next(CORPUS.glob("*.md")), corpus / "article.md")
    article = load_article(corpus / "article.md")
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((count, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = [f"p:{n}" for n in range(count)]  # one passage, in reading order by position
    client = chroma_client(home)
    store = Store(client, 1, writable=True)
    for kind in (PASSAGES, SENTENCES, SENTENCE_SEARCH, WORDS):
        client.create_collection(store.name(kind), embedding_function=None,
                                 configuration={"hnsw": {"space": "cosine", "ef_construction": 4, "max_neighbors": 2}})
    start, end = article.body_start, article.body_start + 40
    passage = StoredPassage("p", article.id, start, end, article.text[start:end], "", "paragraph")
    store.upsert(PASSAGES, ["p"], vectors[:1], [passage.text], [{"doc_id": article.id}])
    store.upsert(SENTENCE_SEARCH, ids, vectors)
    store.upsert(WORDS, ["twitch"], vectors[:1])
    folder = generation_dir(home, 1)
    (folder / SNAPSHOT).mkdir(parents=True)
    TokenWeights({}, (101, 102), 30522).save(folder)
    write_records(folder / SNAPSHOT, [StoredSentence(i, "p", article.id, start, end, f"sentence {n}") for n, i in enumerate(ids)],
                  [passage], ["twitch"])
    for kind, rows in ((SENTENCES, vectors), (SENTENCE_SEARCH, vectors), (PASSAGES, vectors[:1])):
        np.save(folder / SNAPSHOT / FILES[kind], rows)
    (folder / FOLDER).mkdir()  # sentence 0's one near-copy is the last sentence (as if in another article)
    np.save(folder / FOLDER / "indptr.npy", np.array([0] + [1] * count, dtype=np.int64))
    np.save(folder / FOLDER / "neighbours.npy", np.array([count - 1], dtype=np.int32))
    np.save(folder / FOLDER / "cosines.npy", np.array([0.9], dtype=np.float32))
    (folder / FOLDER / "order.json").write_text(json.dumps({"floor": 0.85, "order": order_stamp(ids)}))
    write_json(home / "manifest.json", {"schema": SCHEMA_VERSION, "model": MODEL_ID, "generation": 1, "state": "ready",
                                        "files": {str(article.path.resolve()): {"doc_id": article.id,
                                                                                "sha256": sha256(article.text)}}})
    return home, ids, vectors


def test_a_collection_larger_than_one_sqlite_query_is_read_whole(big_index):
    from ingest.store import SENTENCE_SEARCH

    home, ids, vectors = big_index
    reader = Store(chroma_client(home), 1)  # what a bot opens: never writes, reads a page at a time
    read = reader.get(SENTENCE_SEARCH, ["embeddings"])
    assert len(read["ids"]) == len(ids) and reader.ids(SENTENCE_SEARCH) == set(ids)
    row = {w: i for i, w in enumerate(read["ids"])}
    for i in (0, SQLITE_LIMIT, len(ids) - 1):  # each vector comes back with its own id, across pages
        assert np.allclose(read["embeddings"][row[ids[i]]], vectors[i], atol=1e-6)


def test_an_index_of_more_sentences_than_one_sqlite_query_returns_opens(big_index):
    """A library of ~550 real-sized articles or more has more sentences than one Chroma get can return; the
    bot opens it and finds each sentence by its id, its near-copies' arrays included, and the store's search
    graph finds its passage by the closest of those sentences."""
    from bot.library import Library
    from ingest.embed import MODEL_ID

    home, ids, vectors = big_index
    count = len(ids)
    library = Library(home, MODEL_ID)
    assert library.snapshot is not None  # its counts are the store's
    assert len(library.sentences) == count and [s.id for s in library.sentences] == ids
    assert library.sentences[SQLITE_LIMIT].readable == f"sentence {SQLITE_LIMIT}"
    assert library.sentence_index[ids[-1]] == count - 1 and library.sentences_of["p"][-1] == count - 1
    assert library.same_elsewhere is not None and library.elsewhere_within(0, 0.88)[0].tolist() == [count - 1]
    assert np.allclose(library.meaning_vectors([count - 1]), vectors[-1:], atol=1e-6)
    ranked, closest = library.passages_by_closest_sentence(vectors[SQLITE_LIMIT], 1)
    assert ranked == ["p"] and closest["p"] == pytest.approx(1.0, abs=1e-5)
    assert library.sentence_term_lists[count - 1] == ["sentenc", str(count - 1)]


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
    try:
        result = worker(str(corpus_home), str(questions))
        assert gc.get_freeze_count() > 0  # what the open built is frozen, as in the commands that keep one bot
    finally:
        frozen.let_go()
    assert result["questions"] == 3 and result["failures"] == 0
    assert result["p50_ms"] >= result["floor_p50_ms"] > 0 and result["rss_open_mb"] > 100
    assert sum(result["stages_p50_ms"].values()) > 0 and result["stages_p50_ms"]["embed"] > 0
    assert result["open_cpu_s"] > 0 and result["load_average"] >= 0
    # the bare forward pass of the ONNX encoder beside the floor (embed_pair: the pass with tokenizing and pooling)
    assert 0 < result["cpu"]["forward_pass_p50_ms"] and result["cpu"]["ratio_to_forward_pass"] > 0
    shown = table({"machine": {"cpus": 2, "memory_gb": 24, "load_average": [1, 1, 1]},
                   "libraries": [{"library": index_label(result), **result}]})
    # the real column names the index opened (not the --corpus folder's article count: "real (5)" over 1,000 articles)
    assert f"| | index: {result['passages']:,} passages, {result['sentences']:,} sentences |" in shown
    assert f"| articles / passages / sentences (the index opened) | {result['articles']} / {result['passages']} /" in shown
    assert f"| CPU ms: bare forward pass p50 (right after the floor: weights cached); warm p50 ÷ it | " \
           f"{result['cpu']['forward_pass_p50_ms']}; {result['cpu']['ratio_to_forward_pass']}× |" in shown
    assert "warm p50 / p95 ms" in shown and f"{result['p50_ms']} / {result['p95_ms']}" in shown
    assert "| works: opens and answers every question | yes |" in shown
    assert f"| Bot.open CPU s (all threads) | {result['open_cpu_s']} |" in shown
    assert result["cpu"]["own_ms"] == round(result["cpu"]["p50_ms"] - result["cpu"]["floor_p50_ms"], 2)
    assert f"| CPU ms: the bot's own work (warm p50 less the floor's) | {result['cpu']['own_ms']} |" in shown
    assert works({"library": "10000", "failed": "ingest exited 1"}) == "NO: ingest exited 1"


def test_bench_pairs_first_ingests_with_bare_encoding_alternated_and_reports_their_median_and_spread(tmp_path):
    """One bench run's single ingest moved by more than the 1.10x target's gap (1.16x against 1.03-1.09x in
    alternated runs): the figure is now the median of alternated pairs, shown with its spread."""
    from evals.bench_ingest import first_ingest_real
    from evals.bench_report import ingest_pairs

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "droracle-why-muscles-twitch.md", corpus)
    first = first_ingest_real(corpus, tmp_path / "scratch", pairs=3)
    runs = first["runs"]
    assert first["pairs"] == 3 and [r["ingest_first"] for r in runs] == [True, False, True]
    assert all(r["report"]["articles"] == 1 and r["bare_encode"]["texts"] == r["report"]["texts_embedded"] for r in runs)
    ratios = sorted(r["cpu_ratio_to_bare"] for r in runs)
    assert first["cpu_ratio_to_bare"] == round(ratios[1], 2) and first["spread"]["cpu_ratio_to_bare"] == [
        round(ratios[0], 2), round(ratios[-1], 2)]
    assert first["cpu_s"] == round(sorted(r["cpu_s"] for r in runs)[1], 2) > 0
    assert not (tmp_path / "scratch").exists()
    low, high = first["spread"]["cpu_ratio_to_bare"]
    assert ingest_pairs({"first_ingest": first}) == (f"3, {first['cpu_ratio_to_bare']}× ({low}–{high}×); "
                                                    f"{first['cpu_s']} / {first['bare_encode']['cpu_s']}")


def test_bench_refuses_bad_sizes_and_a_missing_index_in_one_line(tmp_path, capsys):
    from ui.cli import main

    assert main(["bench", "--home", str(tmp_path), "--scale", "1O0"]) == 1
    assert main(["bench", "--home", str(tmp_path), "--scale", "100"]) == 1
    assert main(["bench", "--home", str(tmp_path), "--ingest-pairs", "0"]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert len(errors) == 3 and "--scale takes sizes" in errors[0] and "twitchqa ingest" in errors[1]
    assert "--ingest-pairs must be 1 or more" in errors[2]


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
    from ingest.generations import generation_dir
    from ingest.manifest import MANIFEST, read_manifest, ready_manifest

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
    from ingest.generations import generation_dir
    from ingest.manifest import read_manifest

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


def test_an_answer_cites_at_most_max_agreeing_other_articles_and_counts_only_those(bot, monkeypatch):
    from dataclasses import replace

    # On the five articles the fitted decision (bot.same_claim) counts no pair; here any pair from its floor
    # counts, as the old rule did, so that this claim has its second article.
    monkeypatch.setattr(bot.claims, "same_claim", replace(bot.claims.same_claim, threshold=0.0))
    bot.claims.elsewhere.clear()
    try:
        question = "How does lack of sleep affect neurotransmitters?"
        evidence = bot.evidence(question)
        full = bot.quoting.answer(evidence)
        assert "Two of the articles say this:" in full.text  # the same claim in a second article
        alone = replace(bot.quoting, max_agreeing=0).answer(evidence)
        assert "of the articles say this" not in alone.text and len(alone.citations) < len(full.citations)
    finally:
        bot.claims.elsewhere.clear()  # the shared bot's next answers decide with the fitted threshold again


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


def test_a_second_open_reads_what_the_first_derived_and_new_code_derives_it_again(corpus_home, embedder, tmp_path,
                                                                                  monkeypatch):
    """The stems, BM25 indexes, claims and parsed front matter are derived at a generation's first open and
    kept in its `local/` folder, which is never published to a Chroma server (bot.derived)."""
    import bot.articles as articles_module
    import bot.claims as claims_module
    import ingest.snapshot as snapshot_module
    from bot.claims import ClaimIndex
    from bot.library import Library
    from ingest.server_files import LOCAL, local_index
    from ingest.generations import generation_dir
    from ingest.manifest import read_manifest

    home = tmp_path / "home"
    shutil.copytree(corpus_home, home)
    generation = read_manifest(home)["generation"]
    local = generation_dir(home, generation) / LOCAL
    shutil.rmtree(local, ignore_errors=True)
    first = Library(home, embedder.model_id)
    first_claims = ClaimIndex(first)
    assert sorted(p.name.split("-")[0] for p in local.glob("*.pickle")) == ["articles", "claims", "library", "records"]
    assert not any(LOCAL in name.split("/") for name in local_index(home, generation))

    def refused(self):
        raise AssertionError("derived again")

    with monkeypatch.context() as patch:
        patch.setattr(Library, "derive", refused)
        patch.setattr(ClaimIndex, "derive", refused)
        patch.setattr(articles_module, "load_article", lambda path: refused(None))
        patch.setattr(snapshot_module, "columns", lambda records: refused(None))  # records.json is not parsed
        again = Library(home, embedder.model_id)
        again_claims = ClaimIndex(again)
    assert again.articles == first.articles and again.vocabulary == first.vocabulary
    # the snapshot's records, kept as columns, are those of records.json, each made when first read
    assert isinstance(again.sentences, snapshot_module.Rows) and again.sentences.made.count(None) == len(again.sentences)
    assert again.sentences == first.sentences and again.passages == first.passages
    records = json.loads((generation_dir(home, generation) / snapshot_module.FOLDER / "records.json").read_text())
    assert [list(vars(s).values()) for s in again.sentences] == records["sentences"] and again.words == records["words"]
    # (a record made already is dict's own look-up: ingest.snapshot.Rows takes no slice, and no caller takes one)
    assert again.sentences[-1] is again.sentences[len(again.sentences) - 1] is again.sentences[-1]
    assert [again.sentences[n] for n in (1, 2)] == list(first.sentences)[1:3]
    assert again.sentence_term_lists == first.sentence_term_lists and again.term_sentences == first.term_sentences
    assert again.subject_terms == first.subject_terms
    assert np.array_equal(again.sentence_doc, first.sentence_doc) and np.array_equal(again.term_group, first.term_group)
    question = "Can magnesium deficiency cause muscle twitching?"
    assert np.array_equal(again.lexical_scores(question), first.lexical_scores(question))
    # the claims too: kept as columns, each made when first read, the Claims the first open built
    assert isinstance(again_claims.claims, snapshot_module.Rows) and again_claims.claims.made.count(None) == len(again_claims.claims)
    assert all(isinstance(c, claims_module.Claim) for c in again_claims.claims) and len(again_claims.claims) > 100
    assert again_claims.claims[5] is again_claims.claims[np.int64(5)] is again_claims.claims[5]
    assert [again_claims.claims[n] for n in (2, 3)] == list(first_claims.claims)[2:4]
    assert again_claims.claims == first_claims.claims and again_claims.claims_of == first_claims.claims_of
    assert np.array_equal(again_claims.claim_at, first_claims.claim_at)
    assert (again_claims.alarming, again_claims.reassuring) == (first_claims.alarming, first_claims.reassuring)
    assert np.array_equal(again_claims.lexical_scores(question), first_claims.lexical_scores(question))

    # other code (an edit of a module that derives them) derives them again, and so does a file cut short
    derived, derive_claims, derive_library = [], ClaimIndex.derive, Library.derive
    with monkeypatch.context() as patch:
        patch.setattr(claims_module, "claims_code", lambda: "another version")
        patch.setattr(ClaimIndex, "derive", lambda self: derived.append("claims") or derive_claims(self))
        ClaimIndex(first)
    library_file = next(local.glob("library-*.pickle"))
    library_file.write_bytes(library_file.read_bytes()[:100])
    with monkeypatch.context() as patch:
        patch.setattr(Library, "derive", lambda self: derived.append("library") or derive_library(self))
        cut = Library(home, embedder.model_id)
    assert derived == ["claims", "library"] and cut.sentence_term_lists == first.sentence_term_lists
    assert sorted(p.name.split("-")[0] for p in local.glob("*.pickle")) == ["articles", "claims", "library", "records"]


def test_best_of_each_article_is_what_a_loop_over_the_near_copies_finds():
    """bot.elsewhere.find_same_elsewhere's choice as arrays: each article's closest sentence (the first of equal
    ones), closest first, equal ones in the order their articles first come."""
    from bot.elsewhere import best_of_each_article

    rng = np.random.default_rng(3)
    for _ in range(300):
        n = int(rng.integers(0, 30))
        found = np.sort(rng.choice(1000, size=n, replace=False))
        cosines = rng.choice(np.array([0.86, 0.9, 0.93, 0.97], dtype=np.float32), size=n)  # ties are common
        articles = rng.integers(0, 6, size=n)
        similarity, best = dict(zip(found.tolist(), cosines.tolist())), {}
        for i, article in zip(found.tolist(), articles.tolist()):
            if article not in best or similarity[i] > similarity[best[article]]:
                best[article] = i
        assert best_of_each_article(found, cosines, articles) == sorted(best.values(), key=lambda i: -similarity[i])


def test_distinct_pairs_are_what_np_unique_over_rows_gives():
    """bot.elsewhere.said_elsewhere groups near copies by (stems' group, cosine) with a dict: the same first
    occurrences, in the same (sorted) order, and the same inverse as np.unique(axis=0), ties and all."""
    from bot.elsewhere import distinct_pairs

    rng = np.random.default_rng(5)
    for _ in range(500):
        n = int(rng.integers(1, 60))
        groups = rng.integers(0, 5, size=n).astype(np.float64)
        cosines = rng.choice(np.array([0.9, 0.95, 0.97, 0.9100001], dtype=np.float32), size=n).astype(np.float64)
        _, first, where = np.unique(np.stack([groups, cosines], axis=1), axis=0, return_index=True, return_inverse=True)
        found_first, found_where = distinct_pairs(groups.tolist(), cosines.tolist())
        assert found_first == first.tolist() and np.array_equal(found_where, np.ravel(where))


def test_bm25_scores_are_bm25s_own_bit_for_bit(bot, monkeypatch):
    import bot.claims as claims_module
    import bot.library as library_module
    from bot.claims import ClaimIndex
    from bot.lexical import bm25_scores
    from bot.library import Library
    from bot.text import terms

    # the bm25s indexes themselves, as derive() builds them before keeping their arrays (Postings)
    monkeypatch.setattr(library_module, "Postings", lambda index: index)
    monkeypatch.setattr(claims_module, "Postings", lambda index: index)
    monkeypatch.setattr(Library, "kept", lambda self, name, derive, code: derive())
    own = {"passages": bot.library.derive()["bm25"], "claims": ClaimIndex(bot.library).bm25}
    kept = {"passages": bot.library.bm25, "claims": bot.claims.bm25}
    assert "get_scores" in dir(own["claims"]) and "get_scores" not in dir(kept["claims"])
    for question in ("Can magnesium deficiency cause muscle twitching twitching?", "B12 and 3.6 mmol/L", "zzzz qqq"):
        for name in own:
            expected = own[name].get_scores(terms(question))
            found = bm25_scores(kept[name], terms(question))
            assert found.dtype == expected.dtype and np.array_equal(found, expected)


def test_without_copies_drops_what_repeats_a_kept_passage_whatever_the_order(bot):
    rng = np.random.default_rng(4)
    base = rng.standard_normal((6, 384)).astype(np.float32)
    rows = np.concatenate([base, base[[0, 2, 2]] + 0.01 * rng.standard_normal((3, 384)).astype(np.float32)])
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    ranked = [f"p{n}" for n in rng.permutation(len(rows))]
    vectors = {f"p{n}": row for n, row in enumerate(rows)}
    kept = []
    for pid in ranked:  # the rule, a pair at a time
        if all(float(vectors[pid] @ vectors[other]) < bot.retriever.same_text for other in kept):
            kept.append(pid)
    assert bot.retriever.without_copies(ranked, vectors) == kept and len(kept) == 6


def test_top_is_the_head_of_a_stable_sort_ties_included():
    from bot.retrieve import top

    rng = np.random.default_rng(5)
    for _ in range(500):
        scores = rng.choice(np.array([0.0, 0.0, 0.5, 1.25, 3.5], dtype=np.float32), size=int(rng.integers(0, 80)))
        k = int(rng.integers(1, 40))
        assert np.array_equal(top(scores, k), np.argsort(-scores, kind="stable")[:k])


def test_the_store_counts_while_the_snapshot_is_read_and_its_counts_still_decide_and_its_errors_still_show(
        bot, monkeypatch):
    """A Library's store counts its records in another thread (loading the search graphs) while the snapshot is
    read; a snapshot of other counts is not used, and a store that fails to count fails the open."""
    import threading

    from bot.library import Library
    from ingest.snapshot import Snapshot
    from ingest.store import PASSAGES, SENTENCE_SEARCH, WORDS, GenerationGone, Store

    library = bot.library
    counts = [library.store.count(kind) for kind in (SENTENCE_SEARCH, PASSAGES, WORDS)]
    assert Snapshot.load(library.home, library.generation, lambda: counts) is not None
    assert Snapshot.load(library.home, library.generation, lambda: [counts[0] + 1, *counts[1:]]) is None
    counted_in = []
    real_count = Store.count

    def count(store, kind):
        counted_in.append(threading.current_thread() is not threading.main_thread())
        return real_count(store, kind)

    monkeypatch.setattr(Store, "count", count)
    # (a small library whose Chroma file holds the snapshot's counts doesn't ask the store: see the next test)
    monkeypatch.setattr("bot.library.counts_on_disk", lambda *args: None)
    opened = Library(library.origin, bot.embedder.model_id)
    assert opened.snapshot is not None and counted_in == [True, True, True]

    def gone(store, kind):
        raise GenerationGone("generation 1 of the index was replaced and removed")

    monkeypatch.setattr(Store, "count", gone)
    with pytest.raises(GenerationGone):
        Library(library.origin, bot.embedder.model_id)


def test_a_larger_library_loads_the_search_graphs_of_only_what_the_store_searches(bot, monkeypatch):
    """Past EXACT sentences the store searches them, so their search graph is loaded at open (in another thread), but
    a kind of at most EXACT records is searched exactly and never loads its graph; the counts that decide the
    snapshot are Chroma's file's, and a store that fails there still fails the open."""
    import threading

    import bot.nearest as nearest_module
    from bot.library import Library
    from ingest.store import PASSAGES, SENTENCE_SEARCH, GenerationGone, Store

    library = bot.library
    monkeypatch.setattr(nearest_module, "EXACT", len(library.sentences) - 1)  # the passages and words stay under it
    monkeypatch.setattr(nearest_module, "REDUCED_MAX", len(library.sentences) - 1)  # and no first pass: the store
    counted = []
    real_count = Store.count
    monkeypatch.setattr(Store, "count", lambda store, kind: counted.append(
        (kind, threading.current_thread() is not threading.main_thread())) or real_count(store, kind))
    opened = Library(library.origin, bot.embedder.model_id)
    assert opened.snapshot is not None and counted == [(SENTENCE_SEARCH, True)]
    _, vector = bot.embedder.query_pair("Can low potassium cause twitching?", library.token_weights)
    asked = []
    real_nearest = Store.nearest
    monkeypatch.setattr(Store, "nearest", lambda store, kind, v, n: asked.append(kind) or real_nearest(store, kind, v, n))
    assert opened.nearest(PASSAGES, vector, 5) == library.nearest(PASSAGES, vector, 5) and asked == []
    assert len(opened.nearest(SENTENCE_SEARCH, vector, 5)) == 5 and asked == [SENTENCE_SEARCH]

    def gone(store, kind):
        raise GenerationGone("generation 1 of the index was replaced and removed")

    monkeypatch.setattr(Store, "count", gone)
    with pytest.raises(GenerationGone):
        Library(library.origin, bot.embedder.model_id)


def test_a_small_embedded_library_opens_chroma_at_its_first_use_when_its_file_holds_the_snapshot_s_counts(
        corpus_home, tmp_path):
    """A library searched by exact products (see Library.nearest) opens, searches and quotes without importing
    chromadb when Chroma's SQLite file counts what the snapshot says (a cold ask: 0.8 CPU-s less), a word's closest
    article word included (the snapshot's word vectors: what the store's nearest find); the store opens at its first
    use. Those counts are Chroma's own, after a delete too; a file that disagrees is
    not trusted (the snapshot is not used, the records are the store's), nor one that can't be read."""
    import subprocess
    import sys

    from bot.library import COUNTED, Library
    from conftest import ROOT
    from ingest.embed import MODEL_ID
    from ingest.manifest import read_manifest
    from ingest.store import counts_on_disk

    home = tmp_path / "home"
    shutil.copytree(corpus_home, home)
    generation = read_manifest(home)["generation"]
    script = """if True:
        import sys
        from pathlib import Path
        from bot.library import Library
        from ingest.embed import MODEL_ID
        library = Library(Path(sys.argv[1]), MODEL_ID)
        assert library.snapshot is not None and library._store is None
        vector = library.snapshot.take("sentence_search", [7])[0]
        assert library.nearest_passages(vector, 3)[0] == library.sentences[7].passage_id
        assert library.passages_by_closest_sentence(vector, 3)[0][0] == library.sentences[7].passage_id
        assert library.cosines(library.meaning_vectors([7])[0])[7] > 0.999
        closest = library.closest_word(library.meaning_vectors([7])[0])  # the snapshot's word vectors
        assert "chromadb" not in sys.modules and library._store is None and 0.0 < closest < 1.0001
        assert library.store.count("words") == len(library.words) and "chromadb" in sys.modules
        found = library.store.nearest_vectors("words", library.meaning_vectors([7])[0], 8)
        assert abs(max(float(v @ library.meaning_vectors([7])[0]) for v in found.values()) - closest) < 1e-6
        print("opened at its first use")
    """
    run = subprocess.run([sys.executable, "-c", script, str(home)], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert run.returncode == 0 and run.stdout.strip() == "opened at its first use", run.stderr

    store = Store.open(home, generation, writable=True)
    held = [store.count(kind) for kind in COUNTED]
    assert counts_on_disk(home, generation, COUNTED) == held and held[2] > 1
    store.delete(WORDS, [store.get(WORDS, [])["ids"][0]])  # a damaged index: one word's record gone
    assert counts_on_disk(home, generation, COUNTED) == [held[0], held[1], held[2] - 1] == \
        [store.count(kind) for kind in COUNTED]
    damaged = Library(home, MODEL_ID)
    assert damaged.snapshot is None and damaged._store is not None and len(damaged.words) == held[2] - 1
    (home / "chroma" / "chroma.sqlite3").write_bytes(b"not a database")
    assert counts_on_disk(home, generation, COUNTED) is None
    assert counts_on_disk(tmp_path / "nowhere", generation, COUNTED) is None


def test_a_snapshot_without_the_words_vectors_still_opens_and_the_next_ingest_saves_them(corpus_home, embedder, tmp_path):
    """A snapshot from before words.npy: its library asks the store for a word's closest article word; an ingest of
    the unchanged corpus embeds nothing and saves the snapshot again, and the same closeness comes from its file."""
    from bot.library import Library
    from ingest.index import sync
    from ingest.snapshot import FOLDER, WORD_VECTORS
    from ingest.generations import generation_dir
    from ingest.manifest import read_manifest

    home = tmp_path / "home"
    shutil.copytree(corpus_home, home)
    generation = read_manifest(home)["generation"]
    (generation_dir(home, generation) / FOLDER / WORD_VECTORS).unlink()
    older = Library(home, embedder.model_id)
    assert older.snapshot is not None and WORDS not in older.snapshot.rows and older._store is None
    vector = older.meaning_vectors([7])[0]
    asked = older.closest_word(vector)
    assert older._store is not None and 0.0 < asked < 1.0001
    report = sync(CORPUS, home, embedder)
    assert report.texts_embedded == 0 and (generation_dir(home, generation) / FOLDER / WORD_VECTORS).exists()
    library = Library(home, embedder.model_id)
    assert library.closest_word(vector) == pytest.approx(asked, abs=1e-6) and library._store is None


def test_a_small_library_s_nearest_are_the_exact_closest_and_a_larger_one_s_the_store_s(bot, monkeypatch):
    """Up to EXACT records a nearest-neighbour search is the product with every mapped vector: the closest by
    cosine, closest first, with no store query; past it the store's search graph answers."""
    import bot.nearest as nearest_module
    from ingest.store import PASSAGES, SENTENCE_SEARCH

    library = bot.library
    _, vector = bot.embedder.query_pair("Can low potassium cause twitching?", library.token_weights)
    asked = []
    monkeypatch.setattr(library.store, "nearest", lambda kind, v, n: asked.append(kind) or ["from the store"])
    for kind, ids in ((PASSAGES, library.passage_ids), (SENTENCE_SEARCH, [s.id for s in library.sentences])):
        cosines = library.snapshot.take(kind, range(len(ids))) @ vector
        found = library.nearest(kind, vector, 12)
        assert np.allclose([cosines[ids.index(i)] for i in found], sorted(cosines.tolist(), reverse=True)[:12], atol=1e-6)
    assert asked == []
    monkeypatch.setattr(nearest_module, "EXACT", len(library.passage_ids) - 1)
    assert library.nearest(PASSAGES, vector, 12) == ["from the store"] and asked == [PASSAGES]


def test_past_exact_a_first_pass_over_a_kept_projection_finds_the_exact_closest_without_the_store(bot, monkeypatch):
    """Past EXACT and up to REDUCED_MAX records, an embedded library opens without a store (no search graph, no
    chromadb client) and searches a projection of the vectors on their first principal axes, kept beside the
    generation, then ranks the few it finds by their exact products: what the exact search ranks first, even when
    the first pass keeps only a sixth of the rows; the projection is derived once and read by the next open."""
    import bot.nearest as nearest_module
    from bot.library import Library
    from bot.nearest import closest_first, products
    from ingest.store import PASSAGES, SENTENCE_SEARCH, Store

    library = bot.library
    monkeypatch.setattr(nearest_module, "EXACT", len(library.passage_ids))  # the sentences (283) past it
    monkeypatch.setattr(nearest_module, "REDUCED", {SENTENCE_SEARCH: (48, 48), PASSAGES: (16, 8)})
    monkeypatch.setattr(Store, "open", lambda *a, **k: pytest.fail("the store was opened"))
    derived = []
    real_reduce = Library.reduce
    monkeypatch.setattr(Library, "reduce", lambda self: derived.append(1) or real_reduce(self))
    opened = Library(library.origin, bot.embedder.model_id)
    assert list(opened.reduced) == [SENTENCE_SEARCH] and opened._store is None and len(derived) == 1
    basis, projected = opened.reduced[SENTENCE_SEARCH]
    rows = opened.snapshot.rows[SENTENCE_SEARCH]
    assert basis.shape == (384, 48) and np.allclose(basis.T @ basis, np.eye(48), atol=1e-4)
    assert np.allclose(projected, rows @ basis, atol=1e-5)
    ids = [s.id for s in opened.sentences]
    for question in ("Can low potassium cause twitching?", "Is eyelid twitching a sign of ALS?",
                     "How much magnesium should I take?", "Does anxiety make muscles twitch?"):
        _, vector = bot.embedder.query_pair(question, library.token_weights)
        exact = closest_first(products(rows, vector), 30)
        assert opened.nearest(SENTENCE_SEARCH, vector, 30) == [ids[i] for i in exact]
        assert opened.nearest(PASSAGES, vector, 5) == library.nearest(PASSAGES, vector, 5)  # exact, as before
    assert opened._store is None
    again = Library(library.origin, bot.embedder.model_id)
    assert len(derived) == 1 and np.array_equal(again.reduced[SENTENCE_SEARCH][1], projected)


def test_an_exact_search_ranks_as_a_stable_sort_of_all_its_products_and_multiplies_in_blocks(bot, monkeypatch):
    """closest_first is `np.argsort(-values, kind="stable")[:n]` without sorting them all, ties (in index order) and
    NaN included; products are `rows @ vector`, BLOCK rows at a time (one block: the same call, to the bit), and a
    library's nearest are what that sort of that product gives."""
    import bot.nearest as nearest_module
    from bot.nearest import closest_first, products
    from ingest.store import PASSAGES, SENTENCE_SEARCH

    rng = np.random.default_rng(20)
    for trial in range(600):
        values = (rng.integers(0, 5, int(rng.integers(0, 90))) if trial % 2 else rng.standard_normal(int(rng.integers(0, 90)))
                  ).astype(np.float32)
        if trial % 5 == 0 and len(values):
            values[rng.integers(0, len(values), 2)] = np.nan
        for n in (0, 1, 7, len(values) - 1, len(values), len(values) + 3):
            assert closest_first(values, n).tolist() == np.argsort(-values, kind="stable")[:max(n, 0)].tolist()
    library = bot.library
    _, vector = bot.embedder.query_pair("Can low potassium cause twitching?", library.token_weights)
    rows = library.snapshot.rows[SENTENCE_SEARCH]
    assert len(rows) <= nearest_module.BLOCK and np.array_equal(products(rows, vector), rows @ vector)
    monkeypatch.setattr(nearest_module, "BLOCK", 16)  # many blocks, a short last one
    blocked = products(rows, vector)
    assert np.allclose(blocked, rows @ vector, rtol=0, atol=1e-6) and np.array_equal(blocked, products(rows, vector))
    for kind, ids in ((PASSAGES, library.passage_ids), (SENTENCE_SEARCH, [s.id for s in library.sentences])):
        expected = np.argsort(-products(library.snapshot.rows[kind], vector), kind="stable")[:40]
        assert library.nearest(kind, vector, 40) == [ids[i] for i in expected]


def test_the_claims_subjects_are_found_once_per_generation_and_read_after(corpus_home, embedder, tmp_path, monkeypatch):
    """bot.subjects is kept beside the generation like the claims (2-3 CPU-s of a first question at 1,000
    articles): a fresh process's first question reads it, equal to what building finds, and new code builds it."""
    import bot.subjects as subjects_module
    from bot.claims import ClaimIndex
    from bot.library import Library
    from ingest.server_files import LOCAL
    from ingest.generations import generation_dir
    from ingest.manifest import read_manifest

    home = tmp_path / "home"
    shutil.copytree(corpus_home, home)
    local = generation_dir(home, read_manifest(home)["generation"]) / LOCAL
    claims = ClaimIndex(Library(home, embedder.model_id))
    found = subjects_module.subjects(claims)
    assert found == subjects_module.build(claims) and len(list(local.glob("subjects-*.pickle"))) == 1
    built = []
    real_build = subjects_module.build
    monkeypatch.setattr(subjects_module, "build", lambda index: built.append(index) or real_build(index))
    again = ClaimIndex(Library(home, embedder.model_id))  # as a fresh process would: another index object
    assert subjects_module.subjects(again) == found and built == []
    monkeypatch.setattr(subjects_module, "subjects_code", lambda: "another version")
    assert subjects_module.subjects(ClaimIndex(Library(home, embedder.model_id))) == found and len(built) == 1


def test_bench_re_ingests_the_folder_the_index_was_built_from_never_corpus(tmp_path):
    """`bench --home` on a 1,000-article index re-ingested the five real articles (--corpus) into it and replaced
    the library (2026-11-30): the re-ingest row takes the manifest's own folder, and is skipped without one."""
    from evals.bench import indexed_folder
    from evals.bench_report import table
    from ingest.manifest import MANIFEST

    library, home = tmp_path / "clinic", tmp_path / "home"
    library.mkdir(), home.mkdir()
    manifest = home / MANIFEST
    manifest.write_text(json.dumps({"files": {str(library / "a.md"): {}, str(library / "b.md"): {}}}))
    assert indexed_folder(home) == library
    manifest.write_text(json.dumps({"files": {str(library / "a.md"): {}, str(tmp_path / "other" / "b.md"): {}}}))
    assert indexed_folder(home) is None  # two folders: no one folder to re-ingest
    manifest.write_text(json.dumps({"files": {str(tmp_path / "gone" / "a.md"): {}}}))
    assert indexed_folder(home) is None  # the folder is gone
    assert indexed_folder(tmp_path / "nothing") is None
    lib = {"library": "index: 1 passages, 1 sentences", "reingest": {"skipped": "no folder"}}
    report = {"libraries": [lib], "machine": {"cpus": 2, "memory_gb": 24, "load_average": [0.1, 0.1, 0.1]}}
    assert "| re-ingest unchanged s | not measured: no folder |" in table(report)


def test_bench_cold_start_measures_wall_and_cpu_and_each_library_shows_its_own(corpus_home):
    """The cold start is measured on every library, wall and CPU: at 1,000 articles a first answer's scan of every
    sentence per table cost 4 CPU-s more than at five (cold28), and only the five articles' row was measured."""
    from evals.bench import cold_start
    from evals.bench_report import table

    cold = cold_start(corpus_home, "why do my muscles twitch?", times=2)
    assert len(cold["runs_s"]) == 2 and cold["median_s"] > 0 and cold["median_cpu_s"] > 0
    synthetic = {"median_s": 1.52, "median_cpu_s": 1.39, "runs_s": [1.5, 1.52, 1.6]}
    shown = table({"machine": {"cpus": 2, "memory_gb": 24, "load_average": [1, 1, 1]}, "cold_start": cold,
                   "libraries": [{"library": "index: 53 passages, 283 sentences"},
                                 {"library": "1000", "cold_start": synthetic},
                                 {"library": "10000", "failed": "ingest exited 1"}]})
    assert f"| cold start s, median of 5: wall (CPU) | {cold['median_s']} ({cold['median_cpu_s']}) | 1.52 (1.39) | – |" \
        in shown


def test_a_question_s_sentences_are_listed_from_runs_as_the_loop_lists_them(bot):
    """Search.sentences_in: each passage's sentences as a run (Library.sentence_runs) give the indices, in the same
    order, and the starts the loop over sentences_of gives, so closest_sentences multiplies the same rows (same bits)."""
    library = bot.library
    assert library.sentence_runs is not None
    rng = np.random.default_rng(4)
    passages = library.sentence_passages
    vector = bot.embedder.query_pair("why do my muscles twitch at night", library.token_weights)[1]
    for size in (1, 2, 7, len(passages)):
        chosen = [passages[i] for i in rng.choice(len(passages), size=size, replace=False)]
        indices, starts = library.sentences_in(chosen)
        counts = [len(library.sentences_of[pid]) for pid in chosen]
        assert [int(i) for i in indices] == [i for pid in chosen for i in library.sentences_of[pid]]
        assert starts.tolist() == np.cumsum([0] + counts[:-1]).tolist()
        found = library.closest_sentences(vector, chosen)
        runs, library.sentence_runs = library.sentence_runs, None  # the loop, as without consecutive runs
        try:
            assert library.closest_sentences(vector, chosen) == found
        finally:
            library.sentence_runs = runs
