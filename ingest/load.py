"""Read article files (Markdown or plain text, optional YAML front matter) into `Article`s.

Article files are untrusted input: anyone who can drop a file into the corpus folder can try to
crash, hang or poison the index. What a file must be to load (each rule's message names the fix):

| rule | loads | refused (named, the other articles still load) |
|---|---|---|
| at most MAX_ARTICLE_BYTES (2 MB) | a 60 KB article | a 5 MB dump |
| UTF-8 text, no NUL or control characters | curly quotes, tabs, a leading BOM | UTF-16, a file of NULs, a binary |
| front matter at most MAX_FRONT_MATTER_CHARS, MAX_NESTING brackets deep, no YAML anchors or aliases | `title: "Why?"` | `a: &a [x, x]` / `b: [*a, *a]` (an alias bomb) |
| front matter gives `id` and `title` | `id: x` + `title: X` | `title: X` alone |
| `title` is one value, not a list or mapping | `title: Twitching, a guide`, `title: "[a, b]"`, `title: 2024` | `title: [a, b]`, `title: {a: b}` (loaded as the title "['a', 'b']") |
| front matter gives each field once (a field at the line's start, `name:`) | `id: x` + `title: X` + `author: Y` | `id: a` + `id: b` (YAML kept the last without a word) |
| Markdown has front matter; plain `.txt` may go without | `notes.txt`: id `notes`, title its first line | `notes.md` with no front matter |
| an id from a file name: its letters a-z and digits, accents dropped (slug) | `café.txt`: id `cafe`, typed either way | `мышцы.txt` with no front matter (no letter a-z to make an id of) |
| a link is followed only to a file inside the corpus folder | `a.md -> archive/a.md` | `a.md -> /home/me/a.md`, a dangling link |
| ids are unique | | two files with id `x`: the ingest stops, nothing changes |

A UTF-8 byte-order mark is not stripped from the text: every offset points into the file as
`Path.read_text(encoding="utf-8")` returns it, and that keeps the BOM as the character U+FEFF at
offset 0. It is skipped only when looking for the front matter, so a BOM doesn't turn front matter
into body text, and the body begins after it. An id derived from a file name comes from the name of
the file itself (a link's target), which is the path the index records and the bot reloads.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ingest.errors import ArticleError, TwitchqaError, printable

SUFFIXES = (".md", ".markdown", ".txt")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
FRONT_MATTER = re.compile(r"---\n(.*?\n)---\n", re.DOTALL)  # matched at the text's start (after a BOM)
BOM = "\ufeff"
MAX_ARTICLE_BYTES = 2_000_000  # ~300,000 words; the five articles are 2-10 KB, and 2 MB embeds in ~5 min here
MAX_FRONT_MATTER_CHARS = 4_000  # real front matter is ~200 characters
# libyaml's parser when PyYAML has it: 0.12 ms a front matter instead of 1.0 here; a bot opening 1,000 articles
# parses each (8.5 of 42 CPU-seconds of its open). What it refuses is parsed again in Python for the message.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_NESTING = 20  # brackets inside brackets: PyYAML takes seconds to scan 1500 of them, and recurses
# C0 control characters other than tab, newline, form feed and carriage return: binary, not text
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


class DuplicateId(TwitchqaError):
    """Two article files claim the same id; nothing is indexed until one of them changes."""


@dataclass(frozen=True)
class Article:
    """One article; every offset the project hands out points into `text`, the file as read."""

    id: str
    title: str
    text: str  # the whole file as `Path.read_text(encoding="utf-8")` returns it (a BOM included)
    body_start: int  # where the body begins (after the front matter)
    path: Path
    meta: dict = field(default_factory=dict)  # author, publisher, updated, url, review_status
    markdown: bool = True


def slug(name: str) -> str:
    """The id a file name gives: its ASCII letters and digits, accents dropped, the rest one '-' each.

    An accented letter was dropped whole, so `café.txt` had the id `caf` and the same name typed with a combining
    accent (macOS writes names so) `cafe`: two ids for one name (drill34). A name in a script without ASCII
    letters (`мышцы.txt`) gives none: load_article says to name an id.

    >>> slug("My Notes 2.txt"), slug("café"), slug("cafe\u0301"), slug("Ärger ﬁx"), slug("мышцы")
    ('my-notes-2-txt', 'cafe', 'cafe', 'arger-fix', '')
    """
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def read_text(path: Path) -> str:
    """The file's text, refused when it is too big, not UTF-8, or binary."""
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise ArticleError(path, f"is {size:,} bytes; the limit is {MAX_ARTICLE_BYTES:,}: split it into "
                                     "smaller articles")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ArticleError(path, "not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise ArticleError(path, f"cannot be read ({exc.strerror or exc})") from None
    control = CONTROL.search(text)
    if control:
        raise ArticleError(path, f"holds binary data (character {ord(control.group()):#04x} at offset "
                                 f"{control.start()}): an article must be plain UTF-8 text")
    return text


def parse_front_matter(path: Path, source: str) -> dict:
    """The front matter's fields; refused when it is large, uses anchors or aliases, or isn't a mapping."""
    if len(source) > MAX_FRONT_MATTER_CHARS:
        raise ArticleError(path, f"front matter is {len(source):,} characters; the limit is "
                                 f"{MAX_FRONT_MATTER_CHARS:,}: keep it to the fields in corpus/README.md")
    if bracket_depth(source) > MAX_NESTING:
        raise ArticleError(path, "front matter nests too deeply: give each field a plain value")
    try:
        try:
            meta = yaml_fields(path, source, FAST_LOADER)
        except yaml.YAMLError:
            meta = yaml_fields(path, source, yaml.SafeLoader)  # the pure-Python parser's error names the line we say
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 2})" if where else ""
        raise ArticleError(path, f"front matter is not valid YAML{line}") from None
    except RecursionError:
        raise ArticleError(path, "front matter nests too deeply: give each field a plain value") from None
    if not isinstance(meta, dict):
        raise ArticleError(path, "front matter must be a mapping of fields")
    again = repeated_field(source)
    if again:
        raise ArticleError(path, f"front matter gives `{again}` twice: keep one")
    return meta


TOP_FIELD = re.compile(r"^([A-Za-z0-9_][\w.-]*)[ \t]*:(?=\s|$)", re.M)


def repeated_field(source: str) -> str | None:
    r"""The first field a block-style front matter gives twice, else None. YAML's loaders keep the last value
    without a word: `id: twitch-a` then `id: twitch-b` indexed the article as twitch-b (drill31).

    >>> repeated_field("id: a\ntitle: A\nid: b\n")
    'id'
    >>> repeated_field("id: a\ntitle: A\nnote: |\n  id: not a field\n") is None
    True
    """
    seen = set()
    for name in TOP_FIELD.findall(source):
        if name in seen:
            return name
        seen.add(name)
    return None


def yaml_fields(path: Path, source: str, loader):
    # Anchors and aliases let a few lines expand to gigabytes (an alias bomb); no field needs them.
    # Scanning is linear in the text, so this check itself can't be made to hang.
    if any(isinstance(t, (yaml.AnchorToken, yaml.AliasToken)) for t in yaml.scan(source, Loader=loader)):
        raise ArticleError(path, "front matter uses YAML anchors or aliases (& or *): write each value out")
    return yaml.load(source, Loader=loader)


def bracket_depth(source: str) -> int:
    """How deep [ and { nest (quotes not understood: an over-estimate, which only errs on the safe side).

    Example:

    >>> bracket_depth("tags: [a, [b, {c: d}]]")
    3
    """
    depth = deepest = 0
    for char in source:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def load_article(path: Path) -> Article:
    """Read one article file; raise ArticleError naming the file when it can't be used."""
    text = read_text(path)
    lead = 1 if text.startswith(BOM) else 0  # the BOM stays in the text; see the module docstring
    if not text[lead:].strip():
        raise ArticleError(path, "the article has no text")
    match = FRONT_MATTER.match(text, lead)
    if text.startswith("---\n", lead) and not match:
        raise ArticleError(path, "front matter opened with '---' is never closed")
    markdown = path.suffix.lower() != ".txt"
    own_name = slug(path.resolve().stem)  # a link's target names it: the path the index records
    if match:
        meta = parse_front_matter(path, match.group(1))
        for name in ("id", "title"):
            if meta.get(name) in (None, ""):
                hint = f"id: {own_name or 'my-article'}" if name == "id" else "title: the article's title"
                raise ArticleError(path, f"front matter has no `{name}`: add `{hint}` (see corpus/README.md)")
        if isinstance(meta["title"], (list, dict)):  # `title: [a, b]` was the title "['a', 'b']" (drill31)
            kind = "a list" if isinstance(meta["title"], list) else "a mapping"
            raise ArticleError(path, f"front matter's `title` is {kind}: give one line of text, e.g. "
                                     "`title: Muscle twitching, a guide`")
        body_start = match.end()
    elif markdown:
        raise ArticleError(path, f"a Markdown article needs front matter with `id` and `title` (see "
                                 f"corpus/README.md), e.g. '---\\nid: {own_name or 'my-article'}\\ntitle: ...\\n---'")
    else:
        meta, body_start = {}, lead
    body = text[body_start:]
    if not body.strip():
        raise ArticleError(path, "the article has no text")
    doc_id = str(meta.pop("id", None) or own_name)
    if not doc_id:  # `мышцы.txt` was skipped with "id '' must be lowercase letters, …", an id nobody gave (drill34)
        raise ArticleError(path, "the file name has no letters a-z or digits to make an id from: rename it (e.g. "
                                 "`muscle-notes.txt`), or start it with front matter naming one: "
                                 "'---\\nid: muscle-notes\\ntitle: ...\\n---'")
    if not ID_PATTERN.match(doc_id):
        raise ArticleError(path, f"id {doc_id!r} must be lowercase letters, digits, '-', '_' or '.'")
    title = meta.pop("title", None) or first_line(body)
    meta = {str(key): str(value) for key, value in meta.items() if value is not None}
    return Article(doc_id, str(title), text, body_start, path, meta, markdown=markdown)


def first_line(body: str) -> str:
    return body.strip().splitlines()[0].lstrip("#").strip()[:120]


# A file name in Latin-1 (an old archive, a Windows share) reaches Python as a str with lone surrogates; Chroma can't
# store that path and the whole ingest ended in a traceback (drill28), so such a file is skipped and named.
NOT_UTF8_NAME = "{what} is not UTF-8 text, so the index can't record it: rename it (e.g. `convmv -f latin1 -t utf8`)"


def utf8_name(path: Path) -> bool:
    """Whether the path's text is UTF-8 (no bytes that decoding had to smuggle in as surrogates).

    Example:

    >>> utf8_name(Path("café.md")), utf8_name(Path(os.fsdecode(b"caf\\xe9.md")))
    (True, False)
    """
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def corpus_files(corpus: Path) -> tuple[list[Path], list[ArticleError]]:
    """The article files in a corpus folder, sorted, and the links skipped (each named, with why).

    README files are documentation, not articles. A link is followed only when its target lies inside
    the corpus folder (a subfolder too) and is not itself one of the folder's articles; a link loop and a link
    to a folder are named too (a loop ended the ingest in a traceback, drill28).
    """
    root = corpus.resolve()
    candidates = sorted(p for p in corpus.iterdir()
                        if p.suffix.lower() in SUFFIXES and not p.name.lower().startswith("readme"))
    plain = {p.resolve() for p in candidates if not p.is_symlink() and p.is_file()}
    if not utf8_name(root):
        raise ArticleError(corpus, NOT_UTF8_NAME.format(what="the corpus folder's path"))
    files, skipped = [], []
    for path in candidates:
        if not utf8_name(path):
            skipped.append(ArticleError(path, NOT_UTF8_NAME.format(what="its name")))
            continue
        if not path.is_symlink():
            if path.is_file():
                files.append(path)
            continue
        try:
            target = path.resolve()
        except (RuntimeError, OSError):  # Python 3.11 raises RuntimeError on a loop (a.md -> b.md -> a.md)
            skipped.append(ArticleError(path, "is a link that loops back on itself: remove it or point it at "
                                              "an article file"))
            continue
        if not target.exists():
            skipped.append(ArticleError(path, "is a link to nothing (dangling): remove it or fix its target"))
        elif target.is_dir():
            skipped.append(ArticleError(path, f"links to a folder ({target}), not an article file: link the "
                                              "article itself"))
        elif not target.is_relative_to(root):
            skipped.append(ArticleError(path, f"links outside the corpus folder ({target}); links are followed "
                                              "only inside it: copy the article in instead"))
        elif not utf8_name(target):
            skipped.append(ArticleError(path, NOT_UTF8_NAME.format(what="the name of its target")))
        elif target in plain:
            skipped.append(ArticleError(path, f"links to {target.name}, an article already in the folder"))
        elif target.is_file():
            files.append(path)
    return files, skipped


def ignored_files(corpus: Path) -> list[str]:
    """What in the corpus folder the ingest does not read, each as "PATH: why" (drill26b): an article saved as
    HTML, PDF or .docx, or put in a subfolder, was otherwise left out without a word. These are notices, not
    errors: nothing is wrong with an article. Hidden files (.DS_Store, an editor's swap file) and READMEs are the
    system's and the folder's documentation, and are passed over silently.

    | entry | notice |
    |---|---|
    | `page.html`, `paper.pdf`, `notes.docx` | not an article file: save it as .md (front matter) or .txt |
    | `archive/`, `notes.md/` | a subfolder: only the folder's own files are read (link an article in to index it) |
    | `pipe.md` (a FIFO, a socket, a device) | not a regular file |
    | `.DS_Store`, `README.md`, `a.md`, `notes.txt` | none |
    """
    notices = []
    for path in sorted(corpus.iterdir()):
        if path.name.startswith(".") or path.name.lower().startswith("readme"):
            continue
        shown = printable(path)
        if path.is_dir() and not path.is_symlink():  # `notes.md/` too: it was passed over without a word (drill29)
            notices.append(f"{shown}: a subfolder; only the corpus folder's own files are read (move its articles "
                           "up, or link one in)")
        elif path.suffix.lower() in SUFFIXES:
            if not path.is_symlink() and not path.is_file():
                notices.append(f"{shown}: not a regular file (a pipe, socket or device): an article must be a file")
        elif path.is_file() or path.is_symlink():
            kind = path.suffix.lower() or "a file with no extension"
            notices.append(f"{shown}: {kind} is not an article file; save it as Markdown (.md, with front matter) "
                           "or plain text (.txt)")
        else:
            notices.append(f"{shown}: not a regular file (a pipe, socket or device): an article must be a file")
    return notices


def load_corpus(corpus: Path) -> tuple[list[Article], list[ArticleError]]:
    """Load every article; a bad file becomes an error in the list and the rest still load.

    Two files with one id raise DuplicateId naming both, before anything is written: keeping either
    would let a newcomer evict the article already indexed under that id (or be evicted by it).
    """
    if corpus.exists() and not corpus.is_dir():  # `--corpus notes.md`: it said "corpus folder not found" (drill29)
        raise ArticleError(corpus, "is a file, not the corpus folder: pass --corpus with the folder that holds the "
                                   "articles")
    if not corpus.is_dir():
        raise ArticleError(corpus, "corpus folder not found; pass --corpus DIR or set TWITCHQA_CORPUS")
    try:
        paths, errors = corpus_files(corpus)
    except PermissionError as exc:  # a folder this user may not list ended the ingest in a traceback (drill29)
        raise ArticleError(corpus, f"the corpus folder cannot be read ({exc.strerror}): give this user read access "
                                   "(chmod u+rx) or pass --corpus DIR") from None
    articles: list[Article] = []
    seen: dict[str, Path] = {}  # id -> the file that gave it
    for path in paths:
        try:
            article = load_article(path)
        except ArticleError as exc:
            errors.append(exc)
            continue
        if article.id in seen:
            raise DuplicateId(f"{seen[article.id]} and {path} both have id {article.id!r}: give one of them "
                              "another id (ids must be unique; nothing was indexed)")
        seen[article.id] = path
        articles.append(article)
    return articles, errors
