"""The terminal chat's output: the answer wrapped to the terminal, the sources one line each, the full
quotes on request (`:quote 2`, `:sources`). `twitchqa ask` keeps its own fuller format (ui.cli_ask.render).

The answer already holds every quote, so printing each quote again under Sources (as `ask` does) made
a turn about 25 lines long; here a turn is the answer plus one line per source.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
import textwrap

from ui.render import followed_up

MAX_WIDTH = 100  # wider lines are hard to read even on a wide terminal
COMMAND = re.compile(r"^[:/](quote|q|sources|s|help|h)\b\s*(.*)$", re.IGNORECASE)
# One word after ':' or '/', and nothing else or only numbers (":quot 1", drill43t: asked as a question, and its
# refusal replaced the answer whose source was wanted): a command
UNKNOWN = re.compile(r"^([:/][a-z]+)(?:\s+[\d\s,]*)?$", re.IGNORECASE)
HELP = ":quote N shows the full quote of source N, :sources every quote; :quit or Ctrl-D quits."
# An empty line quit the chat and its conversation was gone: Enter pressed twice, or once more while an answer was
# being found (the terminal keeps it for the next prompt), ended it without a word (drill29). An empty line is
# now nothing, as at a shell's prompt; these leave.
QUIT = re.compile(r"^[:/]?(quit|exit|bye)$", re.IGNORECASE)


def width() -> int:
    """Columns to wrap to: the terminal's ($COLUMNS when set), at most MAX_WIDTH."""
    return max(20, min(MAX_WIDTH, shutil.get_terminal_size((80, 24)).columns))


def styled() -> bool:
    """Whether notices may be drawn in bold (and an emergency in red): stdout is a terminal, NO_COLOR
    (no-color.org) is not set and TERM is not "dumb". A pipe or a file gets plain text."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


# Shown while an answer is being found, then erased: the chat showed nothing for 0.6 s here, longer on a slower
# machine, and a first-time user could not tell a slow answer from a hung program (ui32, ui33).
SEARCHING = "searching the articles…"


def searching_shown() -> bool:
    """Whether to show SEARCHING: stdout is a terminal whose TERM is not "dumb" (a dumb terminal may not move back
    to the start of the line). A pipe or a file never gets it. It is plain text, erased with spaces, so NO_COLOR
    (no escape codes) holds too."""
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb" and width() > len(SEARCHING)


class Searching:
    """`with Searching(): ...`: SEARCHING on the current line while the block runs, erased when it ends (an error
    or Ctrl-C included), leaving the cursor at the start of that same, now empty, line."""

    def __init__(self, shown: bool | None = None):
        self.shown = searching_shown() if shown is None else shown

    def __enter__(self):
        if self.shown:
            sys.stdout.write(SEARCHING)
            sys.stdout.flush()
        return self

    def __exit__(self, *exc) -> None:
        if self.shown:  # back to the line's start, blank it, back again: no escape code needed
            sys.stdout.write("\r" + " " * len(SEARCHING) + "\r")
            sys.stdout.flush()


# Bold red for an emergency, bold for the other notices (ANSI SGR), each line reset at its end.
EMPHASIS = {"urgent": "\x1b[1;31m"}
BOLD, RESET = "\x1b[1m", "\x1b[0m"


def wrap(text: str, columns: int, indent: str = "") -> str:
    """text wrapped to columns, never inside a word (a long address stays whole on its own line).

    Example:
    >>> wrap("one two three", 8)
    'one two\\nthree'
    """
    text = re.sub(r"[ \t\n\r\f\v]+", " ", text).strip()  # not str.split(): it would take a no-break space too
    return textwrap.fill(text, columns, initial_indent=indent, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False)


def line_number(citation: dict, texts: dict[str, str]) -> int | str:
    """The line of its article where a citation starts; `texts` maps doc_id -> the article's text."""
    text = texts.get(citation["doc_id"])
    return text.count("\n", 0, citation["start"]) + 1 if text else "?"


def location(citation: dict, texts: dict[str, str]) -> str:
    """"file:line" of a citation, as a compiler names a place in a file."""
    return f"{citation['source']}:{line_number(citation, texts)}"


def turn(answer: dict, earlier: list[str], texts: dict[str, str], columns: int, style: bool = False) -> str:
    """One chat turn: notices, the follow-up it was read as, the wrapped answer, one line per source.

    The notices stand apart from the answer: a blank line after them, and with `style` (see styled()) in bold,
    an emergency in bold red. The "!! URGENT:" line ran straight into the answer's first line, in the same
    plain text (ui32, a real terminal at 80 columns)."""
    out = []
    for notice in answer["notices"]:
        if notice["kind"] != "disclaimer":
            text = wrap(f"!! {notice['kind'].replace('_', ' ').upper()}: {notice['text']}", columns)
            if style:
                start = EMPHASIS.get(notice["kind"], BOLD)
                text = "\n".join(f"{start}{line}{RESET}" for line in text.splitlines())
            out.append(text)
    if out:
        out.append("")
    asked = followed_up(answer, earlier)
    if asked:
        out.append(wrap(f"(read as a follow-up to: “{asked}”)", columns))
    out += [wrap(answer["answer"], columns), ""]
    if answer["citations"]:
        out.append(wrap("Sources: type :quote N for a full quote, :sources for all", columns))
        for c in answer["citations"]:
            # a no-break space keeps "line 13" together when the title wraps
            out.append(wrap(f"[{c['n']}] {c['title']}, line\u00a0{line_number(c, texts)}", columns,
                            indent=" " * (len(str(c["n"])) + 3)).lstrip())
    out += [wrap(n["text"], columns) for n in answer["notices"] if n["kind"] == "disclaimer"]
    return "\n".join(out)


def quotes(answer: dict | None, which: str, texts: dict[str, str], columns: int) -> str:
    """The full quotes asked for: `which` is a number, several ("1 3"), or empty for all."""
    if not answer:
        return "No sources yet: ask a question first."
    if not answer["citations"]:  # a refusal, say (drill42: "No sources yet: ask a question first" after one)
        return "The last answer quotes no sources."
    by_n = {c["n"]: c for c in answer["citations"]}
    wanted = [int(n) for n in re.findall(r"\d+", which)] or list(by_n)
    out = []
    for n in wanted:
        c = by_n.get(n)
        if c is None:
            out.append(wrap(f"There is no source [{n}]; this answer has {', '.join(f'[{k}]' for k in by_n)}.", columns))
            continue
        out.append(wrap(f"[{n}] {c['title']} — {location(c, texts)}", columns))
        out.append(wrap(f"“{c['text']}”", columns, indent="    "))
    return "\n".join(out)


def command(line: str, answer: dict | None, texts: dict[str, str], columns: int) -> str | None:
    """The output of a chat command (`:quote 2`, `/sources`, `:help`), or None when the line is a question.

    Example:
    >>> command(":help", None, {}, 100) == HELP
    True
    >>> command("why?", None, {}, 80) is None
    True
    """
    match = COMMAND.match(line.strip())
    if not match:
        unknown = UNKNOWN.match(line.strip())  # `:sourcse` was asked as a question and refused as not covered
        # wrapped like the rest: at 80 columns the help ran 7 characters past the edge (ui32)
        return wrap(f"unknown command {unknown.group(1)}: {HELP}", columns) if unknown else None
    name = match.group(1).lower()
    if name in ("help", "h"):
        return wrap(HELP, columns)
    return quotes(answer, match.group(2) if name in ("quote", "q") else "", texts, columns)
