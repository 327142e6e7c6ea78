"""Read article files (Markdown or plain text, optional YAML front matter) into `Article`s."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ingest.errors import ArticleError

SUFFIXES = (".md", ".markdown", ".txt")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)


@dataclass(frozen=True)
class Article:
    """One article; every offset the project hands out points into `text`, the file as read."""

    id: str
    title: str
    text: str  # the whole file as `Path.read_text(encoding="utf-8")` returns it
    body_start: int  # where the body begins (after the front matter)
    path: Path
    meta: dict = field(default_factory=dict)  # author, publisher, updated, url, review_status
    markdown: bool = True


def slug(name: str) -> str:
    """Example:

    >>> slug("My Notes 2.txt")
    'my-notes-2-txt'
    """
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def load_article(path: Path) -> Article:
    """Read one article file; raise ArticleError naming the file when it can't be used."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ArticleError(path, "not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise ArticleError(path, f"cannot be read ({exc.strerror or exc})") from None
    meta: dict = {}
    body_start = 0
    match = FRONT_MATTER.match(text)
    if text.startswith("---\n") and not match:
        raise ArticleError(path, "front matter opened with '---' is never closed")
    if match:
        try:
            meta = yaml.safe_load(match.group(1)) or {}
        except yaml.YAMLError as exc:
            where = getattr(exc, "problem_mark", None)
            line = f" (line {where.line + 2})" if where else ""
            raise ArticleError(path, f"front matter is not valid YAML{line}") from None
        if not isinstance(meta, dict):
            raise ArticleError(path, "front matter must be a mapping of fields")
        body_start = match.end()
    body = text[body_start:]
    if not body.strip():
        raise ArticleError(path, "the article has no text")
    doc_id = str(meta.pop("id", None) or slug(path.stem))
    if not ID_PATTERN.match(doc_id):
        raise ArticleError(path, f"id {doc_id!r} must be lowercase letters, digits, '-', '_' or '.'")
    title = meta.pop("title", None) or first_line(body)
    meta = {key: str(value) for key, value in meta.items() if value is not None}
    return Article(doc_id, str(title), text, body_start, path, meta, markdown=path.suffix != ".txt")


def first_line(body: str) -> str:
    return body.strip().splitlines()[0].lstrip("#").strip()[:120]


def corpus_files(corpus: Path) -> list[Path]:
    """The article files in a corpus folder, sorted; README files are documentation, not articles."""
    return sorted(
        p for p in corpus.iterdir()
        if p.is_file() and p.suffix.lower() in SUFFIXES and not p.name.lower().startswith("readme")
    )


def load_corpus(corpus: Path) -> tuple[list[Article], list[ArticleError]]:
    """Load every article; a bad file becomes an error in the list and the rest still load."""
    if not corpus.is_dir():
        raise ArticleError(corpus, "corpus folder not found; pass --corpus DIR or set TWITCHQA_CORPUS")
    articles: list[Article] = []
    errors: list[ArticleError] = []
    seen: dict[str, Path] = {}
    for path in corpus_files(corpus):
        try:
            article = load_article(path)
        except ArticleError as exc:
            errors.append(exc)
            continue
        if article.id in seen:
            errors.append(ArticleError(path, f"id {article.id!r} is already used by {seen[article.id]}"))
            continue
        seen[article.id] = path
        articles.append(article)
    return articles, errors
