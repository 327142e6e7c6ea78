"""The articles an index was built from, read back for a bot: each file's text checked against the sha256 the
ingest recorded, its front matter as parsed at the generation's first open (kept beside it: bot.derived)."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from bot.derived import code_stamp, kept
from ingest.errors import IndexMismatch, TwitchqaError
from ingest.generations import generation_dir
from ingest.load import Article, load_article, read_text
from ingest.references import found_spans, know_spans
from ingest.store import sha256


@cache
def articles_code() -> str:
    """The version of the code that parses an article's file (ingest.load)."""
    import ingest.load
    import ingest.references

    return code_stamp([ingest.load, ingest.references], packages=("PyYAML",))


def read_articles(home: Path, generation: int, manifest: dict) -> dict[str, Article]:
    """doc_id -> Article, each file's text checked against the sha256 the ingest recorded (IndexMismatch when
    one changed); their front matter as parsed at the first open of the generation (bot.derived)."""
    texts, stale = {}, []
    for path, entry in manifest["files"].items():
        try:
            text = read_text(Path(path))
        except TwitchqaError:
            text = None  # gone or unreadable since the ingest
        if text is None or sha256(text) != entry["sha256"]:
            stale.append(path)
        else:
            texts[path] = text

    def parse() -> dict:  # path -> what load_article finds in it besides its text (None: it no longer can)
        found = {}
        for path in texts:
            try:
                article = load_article(Path(path))
            except TwitchqaError:
                article = None
            found[path] = None if article is None else (article.id, article.title, article.body_start,
                                                        article.meta, article.markdown,
                                                        found_spans(article.text, article.body_start))
        return found

    stamp = sha256(json.dumps([generation, manifest["files"]], sort_keys=True) + articles_code())
    parsed = kept(generation_dir(home, generation), "articles", stamp, parse) if texts else {}
    stale += [path for path in texts if parsed.get(path) is None]
    if stale:
        raise IndexMismatch(
            f"{len(stale)} article file(s) changed since the index was built ({stale[0]}): run `twitchqa ingest`"
        )
    articles, spans = {}, {}
    for path, text in texts.items():
        doc_id, title, body_start, meta, markdown, spans[(text, body_start)] = parsed[path]
        articles[doc_id] = Article(doc_id, title, text, body_start, Path(path), meta, markdown)
    know_spans(spans)  # each article's reference numbers, found with its front matter (ingest.references)
    return articles
