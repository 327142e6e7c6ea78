"""HTML for the web UI, as pure functions of answer-contract dicts and articles.

Every piece of article or user text goes through `esc` (html.escape) before it is placed in
markup; the article viewer renders Markdown with raw HTML off (ui.article), so nothing in an
article can run and the cited characters are still marked exactly.
"""
from __future__ import annotations

import html
import re

from bot.shown import LEVEL_LABEL, is_lab_range
from ui import article as md
from ui.style import CSS  # noqa: F401  (the page's CSS; ui.app hands it to launch)

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


def followed_up(answer: dict, earlier: list[str]) -> str | None:
    """The earlier question this answer's search was glued to, when the bot read it as a follow-up.

    The bot searches a follow-up as the earlier question, (the earlier reply,) then this one
    (bot.followup.readings); a spelling fix alone changes the search but follows nothing.

    Example:
    >>> followed_up({"question": "What level?", "search_query": "Low potassium? What level?"}, ["Low potassium?"])
    'Low potassium?'
    >>> followed_up({"question": "potasium", "search_query": "potassium"}, ["Low potassium?"]) is None
    True
    """
    query = answer["search_query"]
    if query == answer["question"]:
        return None
    for asked in reversed(earlier):
        asked = asked.strip()
        if asked and query.startswith(asked + " "):
            return asked
    return None


def answer_message(answer: dict, turn: int, earlier: list[str] = (), cards: list[str] = (),
                   cards_open: bool = False) -> str:
    """The assistant's turn: loud notices, "Read as a follow-up to", the answer (or refusal), quiet notices,
    then its own source `cards` (source_card(..., in_chat=True)) in a collapsible block.

    `earlier` holds the questions asked before this one, oldest first. The block shows only on a phone
    (CSS): there the sources sit under the answer they belong to; a desktop shows them in the side panel.
    """
    parts = [banner(n) for n in answer["notices"] if n["kind"] in LOUD_NOTICES]
    asked = followed_up(answer, list(earlier))
    if asked:
        parts.append(f'<div class="twqa-searched">Read as a follow-up to: “{esc(flat(asked))}”</div>')
    if answer.get("answerer", "extractive") != "extractive":  # --llm: say who wrote it; the quotes are a click away
        parts.append(f'<div class="twqa-written">Written by the model {esc(answer["answerer"])} from the quoted '
                     f'sources; every sentence was checked against the source it cites (click a number).</div>')
    numbers = {c["n"] for c in answer["citations"]}
    body = with_chips(answer["answer"], numbers, turn)
    if answer["refused"]:
        label = "Not in English" if (answer.get("refusal_reason") or "").startswith("not in English") \
            else "Not in the articles"  # bot.language: the articles may well cover it (drill36)
        parts.append(f'<div class="twqa-refusal"><span class="twqa-refusal-label">{label}</span> {body}</div>')
    else:
        parts.append(f'<div class="twqa-answer">{body}</div>')
    for notice in answer["notices"]:
        if notice["kind"] not in LOUD_NOTICES:
            parts.append(f'<div class="twqa-quiet twqa-{esc(notice["kind"])}">{esc(flat(notice["text"]))}</div>')
    if cards:
        parts.append(message_sources(cards, cards_open))
    return f'<div class="twqa-msg">{"".join(parts)}</div>'


def message_sources(cards: list[str], is_open: bool = False) -> str:
    """An answer's source cards under it, in a <details> its summary opens and closes.

    (The chat's sanitizer keeps <details>, ids and classes but drops data-* and aria-* attributes:
    the cards link to "#cite-turn-n", which the page's click listener opens.)
    """
    label = f"Sources for this answer ({len(cards)})" if len(cards) != 1 else "Source for this answer (1)"
    return (f'<details class="twqa-msg-sources"{" open" if is_open else ""}><summary>{label}</summary>'
            f'{"".join(cards)}</details>')


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


def whole_lines(text: str, passage: tuple[int, int], begin: int, end: int, slack: int = 240) -> tuple[int, int]:
    """[begin, end) widened to whole lines (so a table row or list item renders as one) when the line's
    edge lies inside the passage and within slack characters.

    Example:
    >>> whole_lines("ab\\n| x | y |\\ncd", (0, 16), 5, 9)
    (3, 12)
    """
    first = text.rfind("\n", 0, begin) + 1
    last = text.find("\n", end)
    last = len(text) if last < 0 else last
    return (first if first >= passage[0] and begin - first <= slack else begin,
            last if last <= passage[1] and last - end <= slack else end)


def byline(meta: dict) -> str:
    """Who says it: the author and the publisher the article names.

    >>> byline({"author": "A", "publisher": "P"})
    'A · P'
    """
    return " · ".join(str(meta[k]) for k in ("author", "publisher") if meta.get(k))


def provenance(meta: dict) -> str:
    """Who says it, when it was updated and its review status, as the article's front matter gives them.

    Nothing is filled in: a field the article doesn't give is said to be missing or left out. The review
    status is a badge in the article's own words (e.g. "pending human review"), so an answer site whose
    text no one has checked stands apart from a clinician's signed article at a glance.

    Example:
    >>> provenance({"publisher": "P", "updated": "2025-06-19", "review_status": "pending human review"})
    '<div class="twqa-prov"><span class="twqa-who">P</span> · <span>updated 2025-06-19</span> <span class="twqa-badge" title="The article says: pending human review">⚠ pending human review</span></div>'
    """
    who = byline(meta)
    parts = [f'<span class="twqa-who">{esc(who)}</span>' if who
             else '<span class="twqa-who twqa-unknown">author and publisher not given</span>']
    if meta.get("updated"):
        parts.append(f'<span>updated {esc(meta["updated"])}</span>')
    badge = ""
    if meta.get("review_status"):
        status = str(meta["review_status"])
        badge = (f' <span class="twqa-badge" title="The article says: {esc(status)}">⚠ {esc(status)}</span>')
    if meta.get("publisher_says"):  # the page's own words about who writes it, e.g. "Our Medical A.I. is used…"
        says = str(meta["publisher_says"])
        badge += (f' <span class="twqa-badge twqa-says" title="The site says: {esc(says)}">the site says: '
                  f'“{esc(first_words(says))}”</span>')
    return f'<div class="twqa-prov">{" · ".join(parts)}{badge}</div>'


def first_words(text: str, n: int = 4) -> str:
    """The first n words, with "…" when cut (a badge stays short; its title holds the whole quote).

    >>> first_words("Our Medical A.I. is used by doctors."), first_words("Short one.")
    ('Our Medical A.I. is…', 'Short one.')
    """
    words = text.split()
    return " ".join(words[:n]) + ("…" if len(words) > n else "")


def lab_label(quote: str) -> str:
    """Above a quote that gives a lab range without saying it is a level (the bot's own test, the label the
    answer uses): "is 800mg a day ok?" must not read "Magnesium (Mg) | 0.65-1.05 mmol/L" as a dose.

    Example:
    >>> lab_label("| Magnesium (Mg) | 0.65-1.05 mmol/L |")
    '<div class="twqa-lab">Blood level (a lab range, not a dose)</div>'
    """
    return f'<div class="twqa-lab">{esc(LEVEL_LABEL.rstrip(":"))}</div>' if is_lab_range(quote) else ""


def details(*facts: str) -> str:
    """Scores and offsets, for the curious, behind a toggle."""
    shown = " · ".join(esc(f) for f in facts if f)
    return f'<details class="twqa-details"><summary>Details</summary><div>{shown}</div></details>'


def source_card(citation: dict, turn: int, context: str, context_start: int, meta: dict,
                cut: tuple[bool, bool] = (False, False), markdown: bool = False, in_chat: bool = False) -> str:
    """One citation card: number and title (a button opening the article there), provenance, the
    passage with the cited span marked, and the score and offsets behind "Details".

    `cut` says whether the passage was shortened before or after the context shown (drawn as "…");
    `markdown`: the context is rendered like the article viewer (a table row as a table), else plain text;
    `in_chat`: the card goes under its answer in the chat, whose sanitizer drops data-* attributes, so
    the title is a link to "#cite-turn-n" and the card's id differs from the side panel's.
    """
    start, end = citation["start"] - context_start, citation["end"] - context_start
    lead, tail = ("…" if cut[0] else ""), ("…" if cut[1] else "")
    cite = f'{turn}-{citation["n"]}'
    if markdown:
        shown = md.render_body(context, 0, (start, end), mark_id="")
        passage = f'<div class="twqa-passage twqa-article">{esc(lead)}{shown}{esc(tail)}</div>'
    else:
        passage = f'<div class="twqa-passage">{lead}{marked(context, start, end)}{tail}</div>'
    label = f'<span class="twqa-num">[{citation["n"]}]</span> <span class="twqa-title">{esc(citation["title"])}</span>'
    if in_chat:
        head = (f'<div class="twqa-card" id="twqa-chatcard-{cite}"><div class="twqa-card-head">'
                f'<a class="twqa-open-cite" href="#cite-{cite}" title="Open the article at this passage">{label}</a>'
                '</div>')
    else:
        head = (f'<div class="twqa-card" data-cite="{cite}" id="twqa-card-{cite}"><div class="twqa-card-head">'
                f'<button type="button" class="twqa-open-cite" data-cite="{cite}" '
                f'title="Open the article at this passage">{label}</button></div>')
    return (
        head
        + provenance(meta)
        + lab_label(citation.get("text", ""))
        + passage
        + details(f'score {citation["score"]:.2f}', f'characters {citation["start"]}–{citation["end"]}',
                  citation["source"])
        + "</div>"
    )


def sources_panel(cards: list[str], answer: dict | None, markdown: str = "") -> str:
    """The sources column for the latest answer; with `markdown` (the answer and its quotes) a copy button."""
    head = '<h3 class="twqa-panel-title">Sources</h3>'
    if answer is None:
        return f'<div class="twqa-sources">{head}<p class="twqa-hint">Sources for the latest answer appear here.</p></div>'
    copy = ""
    if markdown:
        copy = ('<div class="twqa-copy-row"><button type="button" class="twqa-copy">Copy answer with its quotes'
                '</button> <span class="twqa-copy-said" aria-live="polite"></span>'
                f'<textarea class="twqa-copy-text" readonly hidden aria-label="The answer with its quotes, as Markdown">'
                f'{esc(markdown)}</textarea></div>')
    if not cards:
        note = "No sources: the articles don't answer this." if answer["refused"] else "No sources."
        return f'<div class="twqa-sources">{head}<p class="twqa-hint">{note}</p>{copy}</div>'
    return (f'<div class="twqa-sources">{head}<p class="twqa-hint">Click a source (or an [n] in the answer) to read '
            f'it in its article.</p>{"".join(cards)}{copy}</div>')


def article_view(article, passages: int | None = None, span: tuple[int, int] | None = None,
                 n: int | None = None, token: str = "", score: float | None = None, cite: str = "") -> str:
    """A whole article rendered from its Markdown, its front matter as a header, the cited span in <mark>s.

    `cite` ("turn-n") names the source that opened it: the "Back to the answer" button returns there.
    """
    meta = article.meta or {}
    back = (f'<button type="button" class="twqa-back" data-back="{esc(cite)}">← Back to the answer</button>'
            if cite else "")
    head = f'{back}<h3 class="twqa-article-title" tabindex="-1">{esc(article.title)}</h3>{provenance(meta)}'
    if meta.get("url"):
        url = str(meta["url"])
        link = (f'<a href="{esc(url)}" rel="noopener noreferrer nofollow" target="_blank">{esc(url)}</a>'
                if url.startswith(("https://", "http://")) else esc(url))
        head += f'<div class="twqa-prov">Original: {link}</div>'
    if meta.get("publisher_says"):
        head += f'<div class="twqa-prov">The site says: “{esc(meta["publisher_says"])}”</div>'
    facts = [f"{passages} passages indexed" if passages is not None else "", str(article.path.name)]
    if span is not None:
        label = f"Cited passage [{n}]" if n is not None else "Cited passage"
        head += f'<p class="twqa-hint">{esc(label)} is highlighted below.</p>' + \
            lab_label(article.text[span[0]:span[1]])
        lines = f"lines {md.line_of(article.text, span[0])}–{md.line_of(article.text, max(span[0], span[1] - 1))}"
        facts = [f"characters {span[0]}–{span[1]} ({lines})",
                 f"score {score:.2f}" if score is not None else ""] + facts
    head += details(*facts)
    body = md.render_body(article.text, article.body_start, span) if article.markdown else \
        f'<pre class="twqa-plain">{marked(article.text, *span, "twqa-mark") if span else esc(article.text)}</pre>'
    return (f'<div class="twqa-viewer-inner" data-doc="{esc(article.id)}" data-token="{esc(token)}">'
            f'<header class="twqa-article-head">{head}</header><div class="twqa-article">{body}</div></div>')


def empty_viewer(message: str = "Click a source or an [n] marker to open its article here.") -> str:
    """The viewer before anything is opened."""
    return (f'<div class="twqa-viewer-inner"><h3 class="twqa-panel-title">Article</h3>'
            f'<p class="twqa-hint">{esc(message)}</p></div>')


def library_list(articles: list, counts: dict[str, int]) -> str:
    """The articles as a list (it fits a phone): title as a button that opens it, provenance, passages."""
    items = []
    for a in articles:
        items.append(
            f'<li class="twqa-lib-row" data-doc="{esc(a.id)}"><button type="button" class="twqa-open" '
            f'data-doc="{esc(a.id)}">{esc(a.title)}</button>{provenance(a.meta or {})}'
            f'<div class="twqa-byline"><span class="twqa-count">{counts.get(a.id, 0)}</span> passages · '
            f'{esc(a.id)}</div></li>'
        )
    return f'<ul class="twqa-library">{"".join(items)}</ul>'


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
