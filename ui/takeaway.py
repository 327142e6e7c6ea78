"""What a user takes away from an answer: the answer with its quotes as Markdown (for a doctor), and
"this answer is wrong" feedback appended to feedback.jsonl, ready to become an eval item.

A feedback line is a gold item with the expected part left for the user to fill in (the README's
"Reporting a wrong answer" lists the fields); `twitchqa eval --questions feedback.jsonl` reads it.
"""
from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

from bot.shown import LEVEL_LABEL, is_lab_range

FEEDBACK_FILE = "feedback.jsonl"
MAX_COMMENT_CHARS = 2000  # a comment is a sentence or two; the file must not grow without bound per click


def quote_block(text: str) -> str:
    """A Markdown blockquote of text, one '> ' per line.

    Example:
    >>> quote_block("a\\n\\nb")
    '> a\\n>\\n> b'
    """
    return "\n".join(f"> {line}".rstrip() for line in text.split("\n"))


def answer_markdown(answer: dict, metas: dict[str, dict]) -> str:
    """The answer, then each quote with its title, author/publisher and original address (when given).

    `metas` maps doc_id -> the article's front matter.
    """
    lines = [f"**Question:** {answer['question']}", "", answer["answer"], ""]
    for c in answer["citations"]:
        meta = metas.get(c["doc_id"], {})
        who = " · ".join(str(meta[k]) for k in ("author", "publisher") if meta.get(k))
        facts = [f"*{c['title']}*"] + ([who] if who else []) + \
            ([f"updated {meta['updated']}"] if meta.get("updated") else []) + \
            ([f"review status: {meta['review_status']}"] if meta.get("review_status") else []) + \
            ([f"the site says: “{meta['publisher_says']}”"] if meta.get("publisher_says") else []) + \
            ([LEVEL_LABEL.rstrip(":")] if is_lab_range(c["text"]) else [])
        lines += [f"[{c['n']}] " + " — ".join(facts)]
        if meta.get("url"):
            lines.append(f"<{meta['url']}>")
        lines += [quote_block(c["text"]), ""]
    lines += [n["text"] for n in answer["notices"]]
    return "\n".join(lines).rstrip() + "\n"


def feedback_item(answer: dict, history: list[dict], comment: str = "") -> dict:
    """One feedback line: what was asked and answered, the comment, and the expected part to fill in."""
    return {
        "id": f"feedback-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}",
        "feedback": "this answer is wrong",
        "category": "",  # to fill in: answerable, followup, uncovered, offtopic, urgent, see_clinician, dosing
        "question": answer["question"],
        "history": history,
        "comment": comment.strip()[:MAX_COMMENT_CHARS],
        "answer": answer["answer"],
        "refused": answer["refused"],
        "citations": [{k: c[k] for k in ("n", "doc_id", "start", "end", "text")} for c in answer["citations"]],
        "notices": [n["kind"] for n in answer["notices"]],
        "reported": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def append_feedback(home: Path, item: dict) -> Path:
    """Append one item to HOME/feedback.jsonl (one line, written in one call) and return the file."""
    path = Path(home) / FEEDBACK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path
