"""HTML for the web UI, as pure functions of answer-contract dicts and articles.

Every piece of article or user text goes through `esc` (html.escape) before it is placed in
markup, and articles are shown as pre-wrapped text rather than Markdown, so character offsets
stay exact and nothing in an article can run.
"""
from __future__ import annotations

import html
import re

CITE_MARKER = re.compile(r"\[(\d+)\]")
# Banners above the answer, in this order; the disclaimer is a quiet line below. The dosing notice is as
# loud as the warning signs: "is 800mg a day ok?" must not read a blood range in the answer as a dose.
LOUD_NOTICES = ("urgent", "see_clinician", "dosing")
NOTICE_LABELS = {"urgent": "Seek emergency care now", "see_clinician": "See a clinician", "dosing": "About doses"}


def esc(text) -> str:
    """Example:

    >>> esc('<b a="1">')
    '&lt;b a=&quot;1&quot;&gt;'
    """
    return html.escape(str(text), quote=True)


def flat(text: str) -> str:
    """One line, so Markdown keeps it inside its HTML block.

    >>> flat("a\\n\\n b")
    'a b'
    """
    return " ".join(text.split())


def user_message(question: str) -> str:
    """The user's turn for the chat, escaped, on one line."""
    return f'<div class="twqa-user">{esc(flat(question))}</div>'


def with_chips(answer_text: str, numbers: set[int], turn: int) -> str:
    """Escaped answer text with each [n] naming a citation turned into a link chip.

    >>> with_chips("<b>. [1]", {1}, 0)
    '&lt;b&gt;. <a class="twqa-chip" href="#cite-0-1" data-cite="0-1">[1]</a>'
    """
    def chip(match: re.Match) -> str:
        n = int(match.group(1))
        if n not in numbers:
            return match.group(0)
        return f'<a class="twqa-chip" href="#cite-{turn}-{n}" data-cite="{turn}-{n}">[{n}]</a>'

    return CITE_MARKER.sub(chip, esc(flat(answer_text)))


def banner(notice: dict) -> str:
    """A loud notice (urgent red, see_clinician amber) as a banner."""
    kind = notice["kind"]
    label = NOTICE_LABELS.get(kind, kind)
    return (f'<div class="twqa-banner twqa-{esc(kind)}" role="alert"><strong>{esc(label)}:</strong> '
            f'{esc(flat(notice["text"]))}</div>')


def answer_message(answer: dict, turn: int) -> str:
    """The assistant's turn: loud notices, "Searched for", the answer (or refusal), then quiet notices."""
    parts = [banner(n) for n in answer["notices"] if n["kind"] in LOUD_NOTICES]
    if answer["search_query"] != answer["question"]:
        parts.append(f'<div class="twqa-searched">Searched for: {esc(flat(answer["search_query"]))}</div>')
    if answer.get("answerer", "extractive") != "extractive":  # --llm: say who wrote it; the quotes are a click away
        parts.append(f'<div class="twqa-written">Written by the model {esc(answer["answerer"])} from the quoted '
                     f'sources; every sentence was checked against the source it cites (click a number).</div>')
    numbers = {c["n"] for c in answer["citations"]}
    body = with_chips(answer["answer"], numbers, turn)
    if answer["refused"]:
        parts.append(f'<div class="twqa-refusal"><span class="twqa-refusal-label">Not in the articles</span> '
                     f'{body}</div>')
    else:
        parts.append(f'<div class="twqa-answer">{body}</div>')
    for notice in answer["notices"]:
        if notice["kind"] not in LOUD_NOTICES:
            parts.append(f'<div class="twqa-quiet twqa-{esc(notice["kind"])}">{esc(flat(notice["text"]))}</div>')
    return f'<div class="twqa-msg">{"".join(parts)}</div>'


def marked(text: str, start: int, end: int, mark_id: str = "") -> str:
    """text escaped, with [start, end) wrapped in <mark>.

    Example:
    >>> marked("a<b>c", 1, 4)
    'a<mark>&lt;b&gt;</mark>c'
    """
    attr = f' id="{esc(mark_id)}"' if mark_id else ""
    return f"{esc(text[:start])}<mark{attr}>{esc(text[start:end])}</mark>{esc(text[end:])}"


def containing_span(spans: list[tuple[int, int]], start: int, end: int, size: int) -> tuple[int, int]:
    """The smallest of spans holding [start, end), else the whole text (0, size).

    Example:
    >>> containing_span([(0, 500), (10, 30)], 12, 20, 900)
    (10, 30)
    """
    holding = [s for s in spans if s[0] <= start and end <= s[1]] or [(0, size)]
    return min(holding, key=lambda s: s[1] - s[0])


def around(passage: tuple[int, int], start: int, end: int, pad: int = 240) -> tuple[int, int]:
    """The part of passage within pad characters of [start, end).

    Example:
    >>> around((0, 900), 400, 420, pad=100)
    (300, 520)
    """
    return max(passage[0], start - pad), min(passage[1], end + pad)


def byline(meta: dict) -> str:
    """Example:

    >>> byline({"author": "A", "publisher": "P"})
    'A · P'
    """
    return " · ".join(str(meta[k]) for k in ("author", "publisher") if meta.get(k))


def source_card(citation: dict, turn: int, context: str, context_start: int, meta: dict,
                cut: tuple[bool, bool] = (False, False)) -> str:
    """One citation card: number, title, author/publisher, the passage with the cited span marked, score.

    `cut` says whether the passage was shortened before or after the context shown (drawn as "…").
    """
    start, end = citation["start"] - context_start, citation["end"] - context_start
    who = byline(meta)
    lead, tail = ("…" if cut[0] else ""), ("…" if cut[1] else "")
    return (
        f'<div class="twqa-card" data-cite="{turn}-{citation["n"]}" role="button" tabindex="0" '
        f'title="Open the article at this passage">'
        f'<div class="twqa-card-head"><span class="twqa-num">[{citation["n"]}]</span> '
        f'<span class="twqa-title">{esc(citation["title"])}</span></div>'
        + (f'<div class="twqa-byline">{esc(who)}</div>' if who else "")
        + f'<div class="twqa-passage">{lead}{marked(context, start, end)}{tail}</div>'
        f'<div class="twqa-score">score {citation["score"]:.2f} · {esc(citation["source"])}</div></div>'
    )


def sources_panel(cards: list[str], answer: dict | None) -> str:
    """The sources column for the latest answer."""
    if answer is None:
        return '<div class="twqa-sources"><p class="twqa-hint">Sources for the latest answer appear here.</p></div>'
    if not cards:
        note = "No sources: the articles don't answer this." if answer["refused"] else "No sources."
        return f'<div class="twqa-sources"><p class="twqa-hint">{note}</p></div>'
    return ('<div class="twqa-sources"><p class="twqa-hint">Click a source (or an [n] in the answer) to read it '
            f'in its article.</p>{"".join(cards)}</div>')


def article_view(article, passages: int | None = None, span: tuple[int, int] | None = None,
                 n: int | None = None, token: str = "") -> str:
    """A whole article as escaped pre-wrapped file text, the cited span in <mark id="twqa-mark">."""
    meta = article.meta or {}
    facts = [byline(meta)] + [f"{k.replace('_', ' ')}: {meta[k]}" for k in ("updated", "review_status") if meta.get(k)]
    facts += [f"{passages} passages indexed" if passages is not None else "", str(article.path.name)]
    head = f'<h3 class="twqa-article-title">{esc(article.title)}</h3>'
    head += f'<div class="twqa-byline">{esc(" · ".join(f for f in facts if f))}</div>'
    if meta.get("url"):
        head += f'<div class="twqa-byline">{esc(meta["url"])}</div>'
    if span is not None:
        label = f"Cited passage [{n}]" if n is not None else "Cited passage"
        head += f'<div class="twqa-hint">{esc(label)} is highlighted below (characters {span[0]}–{span[1]}).</div>'
        body = marked(article.text, span[0], span[1], "twqa-mark")
    else:
        body = esc(article.text)
    return (f'<div class="twqa-viewer-inner" data-doc="{esc(article.id)}" data-token="{esc(token)}">{head}'
            f'<pre class="twqa-article">{body}</pre></div>')


def empty_viewer(message: str = "Click a source or an [n] marker to open its article here.") -> str:
    """The viewer before anything is opened."""
    return f'<div class="twqa-viewer-inner"><p class="twqa-hint">{esc(message)}</p></div>'


def library_list(articles: list, counts: dict[str, int]) -> str:
    """A table of the articles with their metadata and passage counts; each row opens the article."""
    rows = []
    for a in articles:
        meta = a.meta or {}
        rows.append(
            f'<tr class="twqa-lib-row" data-doc="{esc(a.id)}" role="button" tabindex="0">'
            f'<td><a href="#doc-{esc(a.id)}" class="twqa-open">{esc(a.title)}</a><div class="twqa-byline">'
            f'{esc(a.id)}</div></td><td>{esc(byline(meta))}</td><td>{esc(meta.get("updated", ""))}</td>'
            f'<td>{esc(meta.get("review_status", ""))}</td><td class="twqa-count">{counts.get(a.id, 0)}</td></tr>'
        )
    return ('<table class="twqa-library"><thead><tr><th>Article</th><th>Author / publisher</th><th>Updated</th>'
            f'<th>Review</th><th>Passages</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def status_line(message: str, kind: str = "error") -> str:
    """A visible one-line message under the input (empty string clears it)."""
    if not message:
        return ""
    return f'<div class="twqa-status twqa-status-{esc(kind)}" role="status">{esc(message)}</div>'


def item_rows(report: dict) -> list[list[str]]:
    """Per-item eval rows, failures first: id, category, ours, baseline, question, missed."""
    rows = sorted(report["items"], key=lambda r: r["passed"])  # stable: file order kept within each group
    return [[r["id"], r["category"], "pass" if r["passed"] else "FAIL",
             "pass" if r["baseline"]["passed"] else "fail", r["question"],
             "; ".join(f"{k}: {v}" for k, v in r["ours"]["misses"].items())] for r in rows]


def gate_summary(report: dict) -> str:
    """A Markdown line: items passing and the gate result with its messages."""
    passed = sum(r["passed"] for r in report["items"])
    head = f"**{passed}/{report['n_items']} items pass.** Gate: **{'passed' if not report['gate'] else 'FAILED'}**."
    return "\n".join([head] + [f"- {' '.join(str(g).split())}" for g in report["gate"]])


CSS = """
.twqa-msg { line-height: 1.5; }
.twqa-user { white-space: pre-wrap; }
.twqa-banner { border-radius: 8px; padding: 10px 12px; margin: 0 0 10px 0; font-weight: 500; }
.twqa-banner.twqa-urgent { background: #c62828; color: #fff; border: 2px solid #8e0000; font-size: 1.05em; }
.twqa-banner.twqa-see_clinician { background: #fff3cd; color: #5c4400; border: 1px solid #f0ad4e; }
.twqa-banner.twqa-dosing { background: #e8f0fe; color: #0b3a75; border: 1px solid #5b8def; }
.twqa-searched { font-size: 0.85em; color: #666; font-style: italic; margin-bottom: 6px; }
.twqa-refusal { border: 1px dashed #999; background: #f4f4f4; color: #444; padding: 8px 10px; border-radius: 6px;
  font-style: italic; }
.twqa-refusal-label { display: inline-block; font-style: normal; font-weight: 600; font-size: 0.8em;
  background: #777; color: #fff; border-radius: 4px; padding: 0 6px; margin-right: 6px; }
.twqa-quiet { font-size: 0.8em; color: #777; margin-top: 8px; }
a.twqa-chip { display: inline-block; font-size: 0.8em; font-weight: 600; padding: 0 5px; margin: 0 1px;
  border-radius: 9px; background: #e3ecfb; color: #1f4fa3 !important; text-decoration: none !important;
  cursor: pointer; line-height: 1.5; }
a.twqa-chip:hover { background: #1f4fa3; color: #fff !important; }
.twqa-sources .twqa-hint, .twqa-hint { font-size: 0.85em; color: #777; margin: 4px 0 8px 0; }
#twqa-sources { max-height: 44vh; overflow-y: auto !important; }
.twqa-card { border: 1px solid #d8dde6; border-radius: 8px; padding: 8px 10px; margin-bottom: 8px; cursor: pointer;
  background: #fff; color: #222; }
.twqa-card:hover, .twqa-card:focus { border-color: #1f4fa3; box-shadow: 0 0 0 2px #e3ecfb; outline: none; }
.twqa-card-head { font-weight: 600; }
.twqa-num { color: #1f4fa3; }
.twqa-byline { font-size: 0.8em; color: #666; }
.twqa-passage { font-size: 0.88em; margin: 6px 0; white-space: pre-wrap; color: #333; }
.twqa-passage mark, .twqa-article mark { background: #ffe066; color: #000; padding: 0 1px; border-radius: 2px; }
.twqa-score { font-size: 0.75em; color: #888; }
#twqa-viewer { max-height: 52vh; overflow-y: auto !important; border: 1px solid #d8dde6; border-radius: 8px;
  padding: 8px 12px; background: #fff; color: #222; }
#twqa-library-viewer { max-height: 75vh; overflow-y: auto !important; border: 1px solid #d8dde6; border-radius: 8px;
  padding: 8px 12px; background: #fff; color: #222; }
.twqa-article-title { margin: 4px 0; }
pre.twqa-article { white-space: pre-wrap; word-wrap: break-word; font-family: inherit; font-size: 0.9em;
  background: transparent; border: none; padding: 0; margin-top: 8px; color: #222; }
.twqa-library { width: 100%; border-collapse: collapse; font-size: 0.9em; }
.twqa-library th, .twqa-library td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e3e6eb; }
.twqa-lib-row { cursor: pointer; }
.twqa-lib-row:hover { background: #f3f6fb; }
.twqa-count { text-align: right; }
.twqa-status-error { color: #b00020; font-weight: 600; padding: 4px 2px; }
.twqa-status-info { color: #555; padding: 4px 2px; }
"""
