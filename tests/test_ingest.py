"""Loading, chunking and incremental indexing with the real model and a real Chroma in tmp_path."""
from __future__ import annotations

import fcntl
import json
from pathlib import Path

import numpy as np
import pytest

from bot.pipeline import Bot
from ingest.chunk import chunk
from ingest.errors import IndexBusy, IndexMismatch, IndexMissing
from ingest.index import sync
from ingest.generations import generation_dir
from ingest.manifest import CARRIED_SCHEMAS, SCHEMA_VERSION, read_manifest
from ingest.store import PASSAGES, SENTENCES, SENTENCE_SEARCH, Store
from ingest.load import load_article, load_corpus
from ingest.weights import FILE as WEIGHTS_FILE, TokenWeights

from conftest import CORPUS


def served(home: Path) -> Store:
    """The generation of the index the manifest names."""
    return Store.open(home, read_manifest(home)["generation"])


def weights_file(home: Path) -> Path:
    return generation_dir(home, read_manifest(home)["generation"]) / WEIGHTS_FILE


def stored_ids_by_doc(home: Path) -> dict[str, set[str]]:
    got = served(home).collection(PASSAGES).get(include=["metadatas"])
    out: dict[str, set[str]] = {}
    for pid, meta in zip(got["ids"], got["metadatas"]):
        out.setdefault(meta["doc_id"], set()).add(pid)
    return out


def test_every_passage_and_sentence_span_reproduces_its_text():
    articles, errors = load_corpus(CORPUS)
    assert not errors and len(articles) == 5
    for article in articles:
        passages = chunk(article)
        assert passages, article.id
        for p in passages:
            assert article.text[p.start:p.end] == p.text
            assert p.start >= article.body_start
            for s in p.sentences:
                assert article.text[s.start:s.end] == s.text
                assert p.start <= s.start < s.end <= p.end


def test_table_stays_whole_with_one_unit_per_row_and_heading_path():
    article = load_article(CORPUS / "martinos-twitching-part-1.md")
    tables = [p for p in chunk(article) if p.kind == "table"]
    assert len(tables) == 1
    table = tables[0]
    assert table.text.startswith("| Electrolyte | Normal Range |") and "| Phosphorus (P) |" in table.text
    assert len(table.sentences) == 7
    assert table.sentences[1].readable == "Potassium (K) — Normal Range: 3.5-5 mmol/L"
    stress = next(p for p in chunk(article) if p.text.startswith("Stress increases"))
    assert stress.heading == "Common Reasons › Stress:"


def test_a_thematic_break_ends_the_section_above_it():
    # The scrape lost the article's "Treatment" heading; "---" marks where that section begins.
    article = load_article(CORPUS / "twitch-causes-treatment.md")
    passages = chunk(article)
    treatment = next(p for p in passages if "exercising moderately" in p.text)
    assert treatment.heading == ""
    assert "spasticity" not in treatment.text and "The doctor may ask" not in treatment.text
    ms = next(p for p in passages if "spasticity" in p.text)
    assert ms.heading == "Multiple sclerosis" and "A muscle spasm is a prolonged contraction" not in ms.text
    assert all("---" not in s.text for p in passages for s in p.sentences)


def test_search_weights_count_the_corpus_commonest_word_pieces_least(embedder):
    tokenizer = embedder.model.tokenizer
    weights = TokenWeights.fit([a.text for a in load_corpus(CORPUS)[0]], tokenizer).table
    words = ("twitching", "sleep", "cdc", "volcano")
    weight = {word: float(weights[tokenizer.convert_tokens_to_ids(word)]) for word in words}
    assert weight["twitching"] < 0.1 < weight["sleep"] < 0.5 < weight["cdc"] < weight["volcano"] == 1.0
    assert weights[tokenizer.cls_token_id] == weights[tokenizer.sep_token_id] == weights.min()


def test_one_pass_gives_the_models_own_vectors_and_search_vectors(embedder):
    texts = ["Is it more worrying if the twitching happens at rest for no obvious reason?",
             "Triggers — Normal Twitch: Caffeine, stress, exercise, lack of sleep; Potentially Serious Twitch: "
             "No clear trigger; occurs at rest",
             "The vast majority of the time muscle twitching is of no concern and is seen more of as a nuisance "
             "than anything."]
    weights = TokenWeights.fit([a.text for a in load_corpus(CORPUS)[0]], embedder.model.tokenizer)
    meaning, search = embedder.embed_pair(texts, weights)
    assert np.allclose(meaning, embedder.embed(texts), atol=1e-5)
    assert np.allclose(np.linalg.norm(search, axis=1), 1.0, atol=1e-5)
    # Without "twitching" to share, the generic reassurance falls back and the table row gains.
    assert search[0] @ search[2] < meaning[0] @ meaning[2] - 0.05
    assert (search[0] @ search[1]) - (search[0] @ search[2]) > (meaning[0] @ meaning[1]) - (meaning[0] @ meaning[2])


def test_the_ingest_s_batch_of_16_gives_the_vectors_of_the_model_s_batch_of_32(embedder):
    """Embedder's smaller batch (less CPU per passage) must store what sentence-transformers' default batch would:
    every real passage's meaning and search vector within 1e-4 cosine, in the texts' own order."""
    from ingest.embed import Embedder
    from ingest.index import longest_first

    articles = load_corpus(CORPUS)[0]
    texts = longest_first([p.embedding_text(a.title) for a in articles for p in chunk(a)], str)
    weights = TokenWeights.fit([a.text for a in articles], embedder.model.tokenizer)
    assert Embedder().batch_size == 16 and len(texts) > 32
    wide = Embedder(batch_size=32)
    wide._model = embedder.model
    narrow_meaning, narrow_search = embedder.embed_pair(texts, weights)
    wide_meaning, wide_search = wide.embed_pair(texts, weights)
    assert np.sum(narrow_meaning * wide_meaning, axis=1).min() >= 1 - 1e-4
    assert np.sum(narrow_search * wide_search, axis=1).min() >= 1 - 1e-4
    assert np.allclose(narrow_meaning, embedder.embed(texts), atol=1e-5)


def test_weights_are_fitted_with_a_new_index_and_kept_until_a_rebuild(tmp_path, corpus_copy, embedder):
    home = tmp_path / "home"
    sync(corpus_copy, home, embedder)
    fitted = weights_file(home).read_text()
    path = corpus_copy / "droracle-why-muscles-twitch.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nAnother sentence about twitching and sleep.\n",
                    encoding="utf-8")
    sync(corpus_copy, home, embedder)  # vectors already stored stay comparable with new ones
    assert weights_file(home).read_text() == fitted
    store = served(home)
    ids = store.collection(SENTENCES).get(include=[])["ids"]
    assert sorted(store.collection(SENTENCE_SEARCH).get(include=[])["ids"]) == sorted(ids)
    sync(corpus_copy, home, embedder, rebuild=True)
    assert weights_file(home).read_text() != fitted
    weights_file(home).write_text("{not json")
    with pytest.raises(IndexMismatch, match="token_weights.json is missing or corrupt: run `twitchqa ingest --reb"):
        Bot.open(home, embedder=embedder)


def test_reingest_of_unchanged_corpus_embeds_nothing(tmp_path, corpus_copy, embedder):
    first = sync(corpus_copy, tmp_path / "home", embedder)
    assert first.articles == 5 and first.embedded == first.passages > 40
    again = sync(corpus_copy, tmp_path / "home", embedder)
    assert (again.embedded, again.deleted, again.passages) == (0, 0, first.passages)


def test_a_text_that_several_records_share_is_embedded_once_and_each_gets_its_vectors(tmp_path, embedder):
    from ingest.index import sentence_records
    from ingest.store import WORDS

    corpus, home = tmp_path / "corpus", tmp_path / "home"
    corpus.mkdir()
    text = (CORPUS / "droracle-what-causes-twitching.md").read_text(encoding="utf-8")
    (corpus / "a.md").write_text(text, encoding="utf-8")  # the same article under another id: every text twice
    copy_id = "droracle-what-causes-twitchin2"  # as long as the original's: the copy's spans are the same offsets
    (corpus / "b.md").write_text(text.replace("id: droracle-what-causes-twitching", f"id: {copy_id}", 1), encoding="utf-8")
    articles, _ = load_corpus(corpus)
    sentence_texts = [t for a in articles for p in chunk(a) for _, t, _ in sentence_records(a, p)]
    passage_texts = [p.embedding_text(a.title) for a in articles for p in chunk(a)]
    assert len(set(sentence_texts)) * 2 == len(sentence_texts) > 10

    report = sync(corpus, home, embedder)
    store = served(home)
    words = store.ids(WORDS)
    assert report.texts_embedded == len(set(sentence_texts)) + len(set(passage_texts)) + len(words)
    assert report.embedded == report.passages == len(passage_texts)
    sentences, meaning, search = store.sentences()
    assert len(sentences) == len(sentence_texts)
    row = {(s.doc_id, s.start): n for n, s in enumerate(sentences)}
    for (doc_id, start), n in row.items():
        if doc_id == copy_id:
            twin = row[("droracle-what-causes-twitching", start)]
            assert np.array_equal(meaning[n], meaning[twin]) and np.array_equal(search[n], search[twin])
    assert not Bot.open(home, embedder=embedder).ask("What causes muscle twitching?").refused


def test_editing_one_article_reembeds_only_that_article(tmp_path, corpus_copy, embedder):
    home = tmp_path / "home"
    sync(corpus_copy, home, embedder)
    before = stored_ids_by_doc(home)
    path = corpus_copy / "droracle-why-muscles-twitch.md"
    path.write_text(path.read_text(encoding="utf-8").replace("- Fatigue\n", "- Fatigue and tiredness\n"),
                    encoding="utf-8")
    report = sync(corpus_copy, home, embedder)
    after = stored_ids_by_doc(home)
    assert 0 < report.embedded <= len(after["droracle-why-muscles-twitch"])
    assert report.deleted == report.embedded  # the old passages of the edited article went away
    for doc_id in before:
        if doc_id != "droracle-why-muscles-twitch":
            assert after[doc_id] == before[doc_id]


def test_deleting_an_article_removes_its_passages(tmp_path, corpus_copy, embedder):
    home = tmp_path / "home"
    sync(corpus_copy, home, embedder)
    removed = len(stored_ids_by_doc(home)["droracle-what-causes-twitching"])
    (corpus_copy / "droracle-what-causes-twitching.md").unlink()
    report = sync(corpus_copy, home, embedder)
    assert report.deleted == removed and report.embedded == 0
    assert "droracle-what-causes-twitching" not in stored_ids_by_doc(home)


def test_malformed_article_is_reported_and_others_stay_searchable(tmp_path, corpus_copy, embedder):
    (corpus_copy / "broken.md").write_text("---\nid: broken\ntitle: [oops\n---\nTwitching text.\n", encoding="utf-8")
    home = tmp_path / "home"
    report = sync(corpus_copy, home, embedder)
    assert report.articles == 5 and len(report.errors) == 1 and "broken.md" in report.errors[0]
    answer = Bot.open(home, embedder=embedder).ask("What is a normal potassium level?")
    assert not answer.refused and any("3.5-5 mmol/L" in c.text for c in answer.citations)


def test_mismatched_manifest_is_refused_with_the_fix(tmp_path, corpus_copy, embedder):
    home = tmp_path / "home"
    sync(corpus_copy, home, embedder)
    manifest = json.loads((home / "manifest.json").read_text())
    manifest["model"] = "some-other/model"
    (home / "manifest.json").write_text(json.dumps(manifest))
    for action in (lambda: Bot.open(home, embedder=embedder), lambda: sync(corpus_copy, home, embedder)):
        with pytest.raises(IndexMismatch) as info:
            action()
        assert "some-other/model" in str(info.value) and "twitchqa ingest --rebuild" in str(info.value)
    assert sync(corpus_copy, home, embedder, rebuild=True).embedded > 0
    Bot.open(home, embedder=embedder)


def test_index_from_an_older_schema_is_refused_by_the_bot_and_rebuilt_by_ingest(tmp_path, corpus_copy, embedder):
    home = tmp_path / "home"
    first = sync(corpus_copy, home, embedder)
    manifest = json.loads((home / "manifest.json").read_text())
    manifest["schema"] = min(CARRIED_SCHEMAS + (SCHEMA_VERSION,)) - 1  # older than any schema whose records are kept
    (home / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexMismatch, match="twitchqa ingest --rebuild"):
        Bot.open(home, embedder=embedder)
    assert sync(corpus_copy, home, embedder).embedded == first.passages  # no --rebuild needed
    Bot.open(home, embedder=embedder)


def test_missing_or_interrupted_index_names_the_command(tmp_path, corpus_copy, embedder):
    home = tmp_path / "home"
    with pytest.raises(IndexMissing, match="run `twitchqa ingest`"):
        Bot.open(home, embedder=embedder)
    sync(corpus_copy, home, embedder)
    manifest = json.loads((home / "manifest.json").read_text())
    (home / "manifest.json").write_text(json.dumps({**manifest, "state": "building"}))
    with pytest.raises(IndexMissing, match="interrupted"):
        Bot.open(home, embedder=embedder)
    assert sync(corpus_copy, home, embedder).embedded == 0  # resumes: nothing left to embed
    Bot.open(home, embedder=embedder)


def test_changed_corpus_after_ingest_is_refused_until_reingest(tmp_path, corpus_copy, embedder):
    home = tmp_path / "home"
    sync(corpus_copy, home, embedder)
    path = corpus_copy / "droracle-why-muscles-twitch.md"
    path.write_text("\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(IndexMismatch, match="run `twitchqa ingest`"):
        Bot.open(home, embedder=embedder)


def test_second_writer_is_refused(tmp_path, corpus_copy, embedder):
    home = tmp_path / "home"
    home.mkdir()
    with open(home / "write.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(IndexBusy, match="another process"):
            sync(corpus_copy, home, embedder)


def test_near_copies_of_repeated_sentences_are_those_of_comparing_every_pair(monkeypatch):
    """Each distinct vector is compared once and its copies share its neighbours (ingest.elsewhere): the arrays
    must be exactly those of comparing every sentence with every sentence of another article."""
    import ingest.elsewhere as elsewhere

    rng = np.random.default_rng(11)
    texts = rng.normal(size=(7, 384)).astype(np.float32)
    texts[1] = texts[0] + 0.2 * rng.normal(size=384).astype(np.float32)  # near 0, not equal
    texts /= np.linalg.norm(texts, axis=1, keepdims=True)
    which = rng.integers(0, 7, size=90)  # 90 sentences of 7 texts, copies within and across 12 articles
    vectors, doc_ids = texts[which], [f"doc-{d:02d}" for d in rng.integers(0, 12, size=90)]
    monkeypatch.setattr(elsewhere, "BLOCK", 16)  # a text's copies fall in several blocks
    indptr, found, cosines = elsewhere.neighbours(vectors, doc_ids, floor=0.85)

    expected_ptr, expected_found, expected_cosines = [0], [], []
    for i in range(len(vectors)):
        for j in range(len(vectors)):
            if doc_ids[j] != doc_ids[i]:
                cosine = np.einsum("ij,j->i", vectors[[j]], vectors[i])[0]
                if cosine >= 0.85:
                    expected_found.append(j)
                    expected_cosines.append(cosine)
        expected_ptr.append(len(expected_found))
    assert indptr.tolist() == expected_ptr and found.dtype == np.int32 and cosines.dtype == np.float32
    assert found.tolist() == expected_found
    assert cosines.tobytes() == np.asarray(expected_cosines, dtype=np.float32).tobytes()
    assert len(set(which[found].tolist()) - set(range(7))) == 0 and (which[found] == 1).any()  # the near pair too


def test_the_near_copies_are_read_from_the_snapshot_not_the_store(tmp_path, corpus_copy, embedder, monkeypatch):
    """The ingest saves the snapshot first; the near-copies then read its files, not Chroma (which kept ~170 MB
    per collection read); the arrays are those of reading the store."""
    import ingest.elsewhere as elsewhere

    home = tmp_path / "home"
    sync(corpus_copy, home, embedder)
    store = served(home)
    from_snapshot = elsewhere.saved_sentences(home, store)
    monkeypatch.setattr(elsewhere.snapshot, "FOLDER", "no-such-folder")
    from_store = elsewhere.saved_sentences(home, store)
    assert from_snapshot[:2] == from_store[:2] and len(from_snapshot[0]) > 200
    assert isinstance(from_snapshot[2], np.memmap) and not isinstance(from_store[2], np.memmap)
    assert np.asarray(from_snapshot[2]).tobytes() == from_store[2].tobytes()


def test_the_snapshot_records_are_made_by_the_ingest_and_are_what_the_store_gives_back(tmp_path, corpus_copy, embedder,
                                                                                        monkeypatch):
    """The ingest writes the snapshot's records from its chunks instead of reading every sentence's metadata back out
    of Chroma (+470 MB at 1,000 articles); they are the store's, in its order, for a first ingest and for one that
    carries most records over from the served generation."""
    from ingest.snapshot import Snapshot

    home = tmp_path / "home"
    path = corpus_copy / "droracle-why-muscles-twitch.md"
    for edit in (None, ("- Fatigue\n", "- Fatigue and tiredness\n")):
        if edit:
            path.write_text(path.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
        with monkeypatch.context() as patch:
            for method in ("sentences", "passages"):
                patch.setattr(Store, method, lambda *a, **k: pytest.fail("the ingest read the records back"))
            report = sync(corpus_copy, home, embedder)
        assert report.embedded > 0 and (edit is None or report.embedded < report.passages)
        store = served(home)
        counts = [store.count(kind) for kind in (SENTENCE_SEARCH, PASSAGES, "words")]
        saved = Snapshot.load(home, store.generation, counts)
        assert saved is not None
        assert saved.sentences == store.sentences(with_vectors=False)[0]
        assert saved.passages == store.passages(with_vectors=False)[0]
        words, word_vectors = store.words()  # the words' vectors too, in the records' order, the store's bits
        assert saved.words == words and saved.rows["words"].tobytes() == word_vectors.tobytes() and len(words) > 500
