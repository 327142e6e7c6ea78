"""Structural checks for the answer-quality gold set, evals/questions.jsonl.

The gold set is only useful if it agrees with the corpus: every evidence quote
must be verbatim article text, and every expected fact must be something an
extractive answer quoting that evidence would contain.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
GOLD = REPO / "evals" / "questions.jsonl"

MINIMUMS = {
    "answerable": 58,
    "followup": 6,
    "uncovered": 10,
    "offtopic": 10,
    "urgent": 5,
    "see_clinician": 5,
    "dosing": 3,
}
CATEGORIES = set(MINIMUMS)
GROUNDED = {"answerable", "followup"}
NOTICE = {"urgent": "urgent", "see_clinician": "see_clinician", "dosing": "dosing"}

COMMON_FIELDS = {"id", "category", "question", "history"}
ALLOWED_FIELDS = {
    "answerable": COMMON_FIELDS | {"facts", "gold_docs", "evidence"},
    "followup": COMMON_FIELDS | {"facts", "gold_docs", "evidence"},
    "uncovered": COMMON_FIELDS,
    "offtopic": COMMON_FIELDS,
    "urgent": COMMON_FIELDS | {"expect_notice"},
    "see_clinician": COMMON_FIELDS | {"expect_notice"},
    "dosing": COMMON_FIELDS | {"expect_notice"},
}

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_FACTS = 3  # keep facts few and central (aim for 1-2)
MAX_FACT_WORDS = 4
INJECTION_MARKERS = ("ignore your", "ignore all", "ignore previous", "system prompt",
                     "you are now", "dan", "override", "new rules", "new instructions")

DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2015\u2212-]")


def normalise(text: str) -> str:
    text = DASHES.sub("-", text.lower())
    return re.sub(r"\s+", " ", text).strip()


def tight(text: str) -> str:
    """normalise() plus no spaces around hyphens: '3.5 - 5' == '3.5-5'."""
    return re.sub(r"\s*-\s*", "-", normalise(text))


def fact_in(variant: str, quote: str) -> bool:
    return normalise(variant) in normalise(quote) or tight(variant) in tight(quote)


def split_front_matter(text: str) -> tuple[dict, str] | None:
    if not text.startswith("---\n"):
        return None
    end = text.index("\n---\n", 4)
    meta = yaml.safe_load(text[4:end])
    return meta, text[end + len("\n---\n"):]


def load_corpus() -> dict[str, str]:
    """Article id -> article body (text after the front matter)."""
    docs: dict[str, str] = {}
    for path in sorted(CORPUS.glob("*.md")):
        parsed = split_front_matter(path.read_text(encoding="utf-8"))
        if parsed is None:  # corpus/README.md and other non-articles
            continue
        meta, body = parsed
        assert isinstance(meta, dict), path.name
        assert meta.get("id") == path.stem, f"{path.name}: front matter id != file stem"
        docs[meta["id"]] = body
    return docs


def load_gold() -> list[dict]:
    raw = GOLD.read_text(encoding="utf-8")
    assert raw.endswith("\n"), "questions.jsonl must end with a newline"
    items = []
    for n, line in enumerate(raw.split("\n")[:-1], 1):
        assert line.strip(), f"line {n} is blank"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            pytest.fail(f"line {n} is not valid JSON: {exc}")
        assert isinstance(item, dict), f"line {n} is not a JSON object"
        items.append(item)
    return items


CORPUS_DOCS = load_corpus()
ITEMS = load_gold()
GROUNDED_ITEMS = [it for it in ITEMS if it.get("category") in GROUNDED]


def _id(item: dict) -> str:
    return str(item.get("id"))


def is_str_list(value, *, allow_empty: bool = False) -> bool:
    return (isinstance(value, list) and (allow_empty or len(value) > 0)
            and all(isinstance(v, str) and v.strip() for v in value))


def test_corpus_has_articles():
    assert len(CORPUS_DOCS) >= 5, sorted(CORPUS_DOCS)


def test_ids_unique_and_slugs():
    ids = [it.get("id") for it in ITEMS]
    dupes = [i for i, c in Counter(ids).items() if c > 1]
    assert not dupes, f"duplicate ids: {dupes}"
    bad = [i for i in ids if not isinstance(i, str) or not ID_RE.match(i) or len(i) > 60]
    assert not bad, f"ids must be short lowercase slugs: {bad}"


def test_questions_unique():
    keys = [(json.dumps(it.get("history", []), sort_keys=True), normalise(str(it.get("question"))))
            for it in ITEMS]
    dupes = [k[1] for k, c in Counter(keys).items() if c > 1]
    assert not dupes, f"duplicate questions: {dupes}"


def test_category_counts():
    counts = Counter(it.get("category") for it in ITEMS)
    unknown = set(counts) - CATEGORIES
    assert not unknown, f"unknown categories: {unknown}"
    short = {c: (counts.get(c, 0), m) for c, m in MINIMUMS.items() if counts.get(c, 0) < m}
    assert not short, f"categories below minimum (have, need): {short}"


@pytest.mark.parametrize("item", ITEMS, ids=_id)
def test_item_shape(item):
    cat = item.get("category")
    assert cat in CATEGORIES, f"bad category {cat!r}"
    extra = set(item) - ALLOWED_FIELDS[cat]
    assert not extra, f"unexpected fields for {cat}: {extra}"
    assert isinstance(item.get("question"), str) and item["question"].strip(), "question"

    if "history" in item:
        history = item["history"]
        assert isinstance(history, list), "history must be a list"
        for turn in history:
            assert isinstance(turn, dict) and set(turn) == {"role", "content"}, turn
            assert turn["role"] in {"user", "assistant"}, turn
            assert isinstance(turn["content"], str) and turn["content"].strip(), turn
    if cat == "followup":
        history = item.get("history")
        assert history, "followup items need a non-empty history"
        assert any(t["role"] == "user" for t in history), "followup history needs a user turn"

    if cat in GROUNDED:
        for field in ("facts", "gold_docs", "evidence"):
            assert field in item, f"missing {field}"
        facts = item["facts"]
        assert isinstance(facts, list) and 1 <= len(facts) <= MAX_FACTS, "facts: 1-3 fact groups"
        for fact in facts:
            assert is_str_list(fact), f"each fact is a non-empty list of variants: {fact!r}"
            for variant in fact:
                assert len(variant.split()) <= MAX_FACT_WORDS, f"fact variant too long: {variant!r}"
        assert is_str_list(item["gold_docs"]), "gold_docs"
        assert len(set(item["gold_docs"])) == len(item["gold_docs"]), "gold_docs repeats an id"
        assert is_str_list(item["evidence"]), "evidence"
    else:
        for field in ("facts", "gold_docs", "evidence"):
            assert field not in item, f"{cat} items have no {field}"

    if cat in NOTICE:
        assert item.get("expect_notice") == NOTICE[cat], "expect_notice"


@pytest.mark.parametrize("item", GROUNDED_ITEMS, ids=_id)
def test_gold_docs_exist(item):
    missing = [d for d in item["gold_docs"] if d not in CORPUS_DOCS]
    assert not missing, f"unknown article ids: {missing}; known: {sorted(CORPUS_DOCS)}"


@pytest.mark.parametrize("item", GROUNDED_ITEMS, ids=_id)
def test_evidence_verbatim(item):
    bodies = [CORPUS_DOCS[d] for d in item["gold_docs"] if d in CORPUS_DOCS]
    for quote in item["evidence"]:
        assert "\n" not in quote, f"evidence spans lines: {quote!r}"
        assert quote == quote.strip(), f"evidence has surrounding whitespace: {quote!r}"
        assert not quote.startswith(("- ", "|", "#")) and not quote.endswith("|"), \
            f"evidence carries Markdown markers: {quote!r}"
        assert any(quote in body for body in bodies), \
            f"evidence not verbatim in any of {item['gold_docs']}: {quote!r}"


@pytest.mark.parametrize("item", GROUNDED_ITEMS, ids=_id)
def test_facts_in_evidence(item):
    for fact in item["facts"]:
        assert any(fact_in(v, q) for v in fact for q in item["evidence"]), \
            f"no variant of {fact!r} occurs in the evidence"


def test_offtopic_has_prompt_injections():
    injections = [it["id"] for it in ITEMS if it.get("category") == "offtopic"
                  and any(re.search(rf"\b{re.escape(m)}\b", it["question"].lower())
                          for m in INJECTION_MARKERS)]
    assert len(injections) >= 3, f"need >= 3 prompt-injection offtopic items, found {injections}"


def test_normalise_helpers():
    assert fact_in("3.5-5 mmol/L", "3.5–5 mmol/L")
    assert fact_in("7-9 hours", "Aim for 7 – 9  hours nightly")
    assert not fact_in("3.6 mmol/L", "3.5-5 mmol/L")
