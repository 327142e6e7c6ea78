"""When an answer may say another article says the same (bot.same_claim, fitted by evals.fit_same_claim)."""
from __future__ import annotations

import json

from bot.same_claim import FEATURES, MODEL_FILE, PAIRS_FILE, SameClaimModel


def sentence(bot, doc_id: str, starts: str) -> int:
    return next(i for i, s in enumerate(bot.library.sentences) if s.doc_id == doc_id and s.readable.startswith(starts))


def test_a_pair_reviewed_as_not_the_same_is_not_counted(bot):
    # The old rule (cosine >= 0.88, 35% of the words shared) counted these as saying the same: cosine 0.92, and
    # the second says nothing of "neurological issues" or of staying hydrated; reviewed as not the same both ways.
    quoted = sentence(bot, "droracle-why-muscles-twitch", "Muscles twitch due to involuntary contractions")
    other = sentence(bot, "droracle-what-causes-twitching", "Muscle twitches are typically caused by")
    assert other in set(bot.library.elsewhere_within(quoted, 0.88)[0].tolist())  # a near-copy by cosine...
    for a, b in ((quoted, other), (other, quoted)):
        said = bot.claims.same_elsewhere(a, 0.88)
        assert not any(bot.library.sentences[b].readable in bot.claims.readable(c) for c in said)  # ...not the same
    answer = bot.ask("Why do muscles twitch?").to_dict()["answer"]
    assert "of the articles say this: Muscles twitch due to involuntary" not in answer
    assert "of the articles say this: Muscle twitches are typically caused" not in answer


def with_leaflet(tmp_path, corpus_copy, embedder):
    """A bot over the articles and a clinic leaflet repeating one of their sentences word for word, beside a
    sentence of its own."""
    from bot.pipeline import Bot
    from ingest.index import sync

    (corpus_copy / "clinic-leaflet.md").write_text(
        '---\nid: clinic-leaflet\ntitle: "Twitching: a clinic leaflet"\n---\n\n'
        "A muscle twitch is an involuntary contraction of the fibers that make up a muscle.\n\n"
        "Ask at the front desk if you would like to talk to a nurse about your twitching.\n", encoding="utf-8")
    sync(corpus_copy, tmp_path / "home", embedder)
    bot = Bot.open(tmp_path / "home", embedder=embedder)
    return bot


def test_a_sentence_another_article_repeats_is_counted(tmp_path, corpus_copy, embedder):
    bot = with_leaflet(tmp_path, corpus_copy, embedder)
    quoted = sentence(bot, "twitch-causes-treatment", "A muscle twitch is an involuntary contraction")
    said = bot.claims.same_elsewhere(quoted, 0.88)
    assert [bot.library.sentences[c.sentences[0]].doc_id for c in said] == ["clinic-leaflet"]
    answer = bot.ask("What is a muscle twitch?").to_dict()
    assert "Two of the articles say this: A muscle twitch is an involuntary contraction" in answer["answer"]
    assert {c["doc_id"] for c in answer["citations"]} >= {"twitch-causes-treatment", "clinic-leaflet"}


def test_the_model_is_fitted_on_the_reviewed_pairs_and_says_so():
    model = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    pairs = [json.loads(line) for line in PAIRS_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert tuple(model["features"]) == FEATURES and model["report"]["pairs"] == len(pairs)
    loaded = SameClaimModel.load()
    # the same words, the same meaning: the same; a sentence saying a fifth of the other: not
    assert loaded.same([[1.0, 1.0, 1.0, 0.0, 0.0]]).tolist() == [True]
    assert loaded.same([[0.92, 0.2, 0.2, 0.0, 0.0]]).tolist() == [False]
    assert loaded.same([[0.80, 1.0, 1.0, 0.0, 0.0]]).tolist() == [False]  # below the ingest's floor: never met


def test_reviewed_pairs_quote_the_articles_exactly():
    from pathlib import Path

    from ingest.load import load_article

    corpus = Path(__file__).parent.parent / "corpus"
    texts = {}
    for line in PAIRS_FILE.read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        assert pair["a"]["doc_id"] != pair["b"]["doc_id"]
        for side in ("a", "b"):
            doc = pair[side]["doc_id"]
            texts.setdefault(doc, load_article(corpus / f"{doc}.md").text)
            assert pair[side]["start"] < pair[side]["end"] <= len(texts[doc])


def test_what_the_ingest_keeps_of_each_sentence_s_claims_elsewhere_is_what_a_question_finds(tmp_path, corpus_copy, embedder):
    """bot.elsewhere.derive_first_elsewhere (kept by the ingest): for every quotable sentence, the count and the first
    claims of same_elsewhere; ClaimIndex.first_elsewhere reads them once kept, and the answer is the same either way."""
    import numpy as np

    from bot.claims import ClaimIndex
    from bot.elsewhere import KEPT_FIRST, KEPT_THRESHOLD, derive_first_elsewhere, keep_first_elsewhere
    from bot.extractive import ExtractiveAnswerer
    from bot.pipeline import Bot

    # the answerer's own threshold and cap: what it asks first_elsewhere for is what is kept
    assert (KEPT_THRESHOLD, KEPT_FIRST) == (ExtractiveAnswerer.same_claim, ExtractiveAnswerer.max_agreeing)
    bot = with_leaflet(tmp_path, corpus_copy, embedder)
    before = bot.ask("What is a muscle twitch?").to_dict()
    index = bot.claims
    columns = derive_first_elsewhere(index)
    quotable = np.flatnonzero(np.asarray(index.claim_at) >= 0)
    assert len(quotable) > 100 and (columns["count"][quotable] >= 0).all()
    assert (columns["count"][np.asarray(index.claim_at) < 0] == -1).all()
    for sentence in quotable.tolist():
        found = ClaimIndex.same_elsewhere(index, sentence, KEPT_THRESHOLD)
        kept = columns["claims"][sentence]
        assert columns["count"][sentence] == len(found)
        assert kept[:min(len(found), KEPT_FIRST)].tolist() == found.positions[:KEPT_FIRST]
        assert (kept[len(found):] == -1).all()
    assert columns["count"].max() >= 1  # the leaflet's sentence is said elsewhere
    keep_first_elsewhere(index)
    fresh = Bot.open(tmp_path / "home", embedder=embedder)
    assert fresh.claims.kept_elsewhere is not None
    fresh.claims.same_elsewhere = None  # a question reads the kept claims: it finds none itself
    after = fresh.ask("What is a muscle twitch?").to_dict()
    assert {**after, "timings_ms": None} == {**before, "timings_ms": None}
    assert "Two of the articles say this: A muscle twitch is an involuntary contraction" in after["answer"]
