"""The curated corpus must stay verbatim to the scraped source articles.

For every corpus file made from a raw scrape, the body (with Markdown markup
stripped) must be an in-order subsequence of the raw text's whitespace tokens:
page chrome may be dropped, but no word may be added, changed or reordered.
"""
from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
RAW_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "corpus-raw"

# raw scrape file -> curated corpus file
RAW_TO_CORPUS = {
    "000_6bd3aa710f1c5b5d.txt": "martinos-twitching-part-1.md",
    "001_844bc0cb37b43335.txt": "droracle-what-causes-twitching.md",
    "002_1bec7bf85176ada9.txt": "twitch-causes-treatment.md",
    "003_f6f4e3af17ad7ec2.txt": "droracle-why-muscles-twitch.md",
    "004_a8aa9bd6e55c5251.txt": "random-twitches-when-concerned.md",
}

ALLOWED_KEYS = {"id", "title", "author", "publisher", "updated", "url", "review_status", "publisher_says"}

FORBIDDEN = [
    "Personalize",
    "Professional Medical Disclaimer",
    "浙公网安备",
    "No comments yet",
    "Read the article in Spanish",
]


def split_front_matter(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n"), "file must start with a '---' front-matter line"
    end = text.index("\n---\n", 4)
    meta = yaml.safe_load(text[4:end])
    assert isinstance(meta, dict), "front matter must be a YAML mapping"
    return meta, text[end + len("\n---\n"):]


TABLE_RULE = re.compile(r"^\|[\s:|-]*-[\s:|-]*\|$")


def strip_markdown(body: str) -> str:
    out = []
    for line in body.split("\n"):
        s = line.strip()
        if TABLE_RULE.match(s):
            continue  # |---|---| separator row
        if re.fullmatch(r"-{3,}", s):
            continue  # thematic break: a section whose heading the scrape lost
        if s.startswith("|"):
            s = s.replace("|", " ")  # table cell pipes
        s = re.sub(r"^#+\s+", "", s)  # heading markers
        s = re.sub(r"^-\s+", "", s)  # list markers (any nesting level)
        out.append(s)
    return "\n".join(out)


def first_mismatch(needle: list[str], hay: list[str]) -> int | None:
    """Index of the first needle token that cannot be matched in order, or None."""
    j = 0
    for i, tok in enumerate(needle):
        while j < len(hay) and hay[j] != tok:
            j += 1
        if j == len(hay):
            return i
        j += 1
    return None


# layout tokens ignored on both sides: table pipes/rules ('|', '|---|---|'), bare list bullets and
# thematic breaks ('---', which mark a section whose heading the scrape lost)
MARKUP_TOKEN = re.compile(r"^(?:\|[|:-]*|-|•|-{3,})$")


def find_run(run: list[str], hay: list[str], start: int) -> int | None:
    """Start index of the first contiguous occurrence of run in hay at/after start."""
    n = len(run)
    for k in range(start, len(hay) - n + 1):
        if hay[k:k + n] == run:
            return k
    return None


def corpus_md_files() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*.md") if p.name != "README.md")


@pytest.fixture(scope="module")
def raw_dir() -> Path:
    if not RAW_DIR.is_dir():
        pytest.skip(
            f"!!! RAW SOURCE DIR MISSING: {RAW_DIR} -- the verbatim check against the "
            "scraped articles CANNOT run; corpus wording is UNVERIFIED !!!"
        )
    return RAW_DIR


def test_mapped_corpus_files_exist():
    missing = [c for c in RAW_TO_CORPUS.values() if not (CORPUS / c).is_file()]
    assert not missing, f"missing corpus files: {missing}"


@pytest.mark.parametrize("path", corpus_md_files(), ids=lambda p: p.name)
def test_front_matter(path: Path):
    text = path.read_text(encoding="utf-8")
    meta, body = split_front_matter(text)
    assert meta.get("id") == path.stem
    assert isinstance(meta.get("title"), str) and meta["title"].strip()
    unknown = set(meta) - ALLOWED_KEYS
    assert not unknown, f"unexpected front-matter keys: {unknown}"
    if "updated" in meta:
        upd = meta["updated"]
        if isinstance(upd, str):
            datetime.date.fromisoformat(upd)
        else:
            assert isinstance(upd, datetime.date)
    assert body.strip(), "empty body"


@pytest.mark.parametrize("path", corpus_md_files(), ids=lambda p: p.name)
def test_file_hygiene(path: Path):
    data = path.read_bytes()
    assert b"\r" not in data, "line endings must be \\n"
    text = data.decode("utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n"), "must end with exactly one newline"
    bad = [n for n, line in enumerate(text.split("\n"), 1) if line != line.rstrip()]
    assert not bad, f"trailing whitespace on lines {bad}"
    for s in FORBIDDEN:
        assert s not in text, f"page chrome {s!r} left in {path.name}"


@pytest.mark.parametrize("raw_name,corpus_name", sorted(RAW_TO_CORPUS.items()))
def test_body_is_verbatim_subsequence_of_raw(raw_dir: Path, raw_name: str, corpus_name: str):
    raw_tokens = (raw_dir / raw_name).read_text(encoding="utf-8").split()
    _, body = split_front_matter((CORPUS / corpus_name).read_text(encoding="utf-8"))
    body_tokens = strip_markdown(body).split()
    assert body_tokens, "no body tokens"
    bad = first_mismatch(body_tokens, raw_tokens)
    if bad is not None:
        context = " ".join(body_tokens[max(0, bad - 8): bad + 8])
        pytest.fail(
            f"{corpus_name}: token #{bad} {body_tokens[bad]!r} is not verbatim/in order "
            f"w.r.t. {raw_name}; context: ...{context}..."
        )


@pytest.mark.parametrize("raw_name,corpus_name", sorted(RAW_TO_CORPUS.items()))
def test_each_body_line_is_contiguous_in_raw(raw_dir: Path, raw_name: str, corpus_name: str):
    """Stricter than the subsequence check: whole lines may be dropped, but a kept
    line may not lose words from its middle (e.g. a dropped "not")."""
    raw_tokens = [
        tok for tok in (raw_dir / raw_name).read_text(encoding="utf-8").split()
        if not MARKUP_TOKEN.match(tok)
    ]
    _, body = split_front_matter((CORPUS / corpus_name).read_text(encoding="utf-8"))
    pos = 0
    for line in strip_markdown(body).split("\n"):
        run = [tok for tok in line.split() if not MARKUP_TOKEN.match(tok)]
        if not run:
            continue
        k = find_run(run, raw_tokens, pos)
        assert k is not None, (
            f"{corpus_name}: line is not a contiguous, in-order run of {raw_name} tokens: {line[:120]!r}"
        )
        pos = k + len(run)


@pytest.mark.parametrize("raw_name,corpus_name", sorted(RAW_TO_CORPUS.items()))
def test_what_the_publisher_says_is_word_for_word_from_its_page(raw_dir: Path, raw_name: str, corpus_name: str):
    """`publisher_says` (how the page describes who wrote it: a source card shows it) is quoted, never written."""
    meta, _ = split_front_matter((CORPUS / corpus_name).read_text(encoding="utf-8"))
    if "publisher_says" in meta:
        assert meta["publisher_says"] in (raw_dir / raw_name).read_text(encoding="utf-8")


def test_structure_facts():
    martinos = (CORPUS / "martinos-twitching-part-1.md").read_text(encoding="utf-8")
    lines = martinos.split("\n")
    assert "| Electrolyte | Normal Range |" in lines
    assert "| Potassium (K) | 3.5-5 mmol/L |" in lines
    i = lines.index("| Phosphorus (P) | 0.97-1.45 mmol/L |")
    assert lines[i + 1] == "" and lines[i + 2] == "Data gathered from Medscape: Lab Values, Normal Adult5"

    random_tw = (CORPUS / "random-twitches-when-concerned.md").read_text(encoding="utf-8")
    assert "| Feature | Normal Twitch | Potentially Serious Twitch |" in random_tw.split("\n")

    for name in ("twitch-causes-treatment.md", "random-twitches-when-concerned.md"):
        fm = (CORPUS / name).read_text(encoding="utf-8").split("\n---\n", 1)[0]
        assert "# title is descriptive: the source text has none\ntitle:" in fm, name
