"""An article as a reader expects it: Markdown rendered (headings, lists, tables), with a cited
`[start, end)` span of the file highlighted exactly, and its front matter shown as a header.

The offsets point into the file, not into the rendering, so the rendering is mapped back to the
file: markdown-it gives each block its source lines (`token.map`); inside a block, each piece of
text it renders is found, in order, in those lines. Every rendered character that came from inside
the span is wrapped in <mark>; syntax the reader never sees (`- `, `|`, `##`) is not. A span that
crosses blocks (a list, table cells) becomes several <mark>s, one per piece of text.

Nothing in an article can run: raw HTML is off (markdown-it escapes it as text), images are off (an
article could otherwise make the page fetch a remote address), and links keep markdown-it's check
that refuses `javascript:` and `data:` addresses.
"""
from __future__ import annotations

import html
from bisect import bisect_right

from markdown_it import MarkdownIt

# markdown-it's commonmark preset plus tables, raw HTML off; "image" off: no remote fetches.
MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
MD.disable("image")
# Rendered pieces whose text comes from the file and can carry a highlight.
TEXT_TOKENS = ("text", "code_inline")
BLOCK_TEXT_TOKENS = ("fence", "code_block")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def line_starts(text: str) -> list[int]:
    """Offsets where each line begins, plus the end.

    Example:
    >>> line_starts("ab\\ncd")
    [0, 3, 5]
    """
    starts = [0]
    starts += [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    return starts + ([len(text)] if starts[-1] != len(text) else [])


def locate(src: str, piece: str, cursor: int, limit: int) -> tuple[list[int | None], int]:
    """The file offset of each character of `piece`, searched in src[cursor:limit], and the new cursor.

    The piece is usually verbatim in the file; when markdown-it decoded something (an escape `\\*`,
    an entity `&amp;`), each character is found on its own, in order. A character not found gets None.

    Example:
    >>> locate("a \\\\*b", "a *b", 0, 5)
    ([0, 1, 3, 4], 5)
    """
    at = src.find(piece, cursor, limit)
    if at >= 0:
        return list(range(at, at + len(piece))), at + len(piece)
    offsets: list[int | None] = []
    for ch in piece:
        at = src.find(ch, cursor, limit)
        if at < 0:
            offsets.append(None)
        else:
            offsets.append(at)
            cursor = at + 1
    return offsets, cursor


def map_tokens(tokens, src: str, base: int) -> None:
    """Store in each text token's meta["offsets"] the file offset of each of its characters.

    `src` is the text markdown-it parsed, starting at file offset `base`. Pieces are found in file
    order: a forward cursor never moves back, so table cells sharing one line are found one after
    another.
    """
    starts = line_starts(src)
    cursor = 0

    def region(token) -> tuple[int, int]:
        first, last = token.map
        return max(cursor, starts[min(first, len(starts) - 1)]), starts[min(last, len(starts) - 1)]

    for token in tokens:
        if token.type in BLOCK_TEXT_TOKENS and token.map:
            begin, limit = region(token)
            offsets, cursor = locate(src, token.content, begin, limit)
            token.meta["offsets"] = [None if o is None else o + base for o in offsets]
        elif token.type == "inline" and token.map:
            cursor, limit = region(token)
            for child in token.children or []:
                if child.type in TEXT_TOKENS:
                    offsets, cursor = locate(src, child.content, cursor, limit)
                    child.meta["offsets"] = [None if o is None else o + base for o in offsets]


def highlighted(text: str, offsets: list | None, env: dict) -> str:
    """text escaped, with the characters whose file offset lies in env["span"] wrapped in <mark>.

    The first mark of the document gets the id env["mark_id"], when one is given.
    """
    span = env.get("span")
    if not span or not offsets or len(offsets) != len(text):
        return esc(text)
    start, end = span
    out, run, inside = [], [], False
    for ch, offset in zip(text, offsets):
        now = offset is not None and start <= offset < end
        if now != inside and run:
            out.append(mark(env, "".join(run)) if inside else esc("".join(run)))
            run = []
        run.append(ch)
        inside = now
    if run:
        out.append(mark(env, "".join(run)) if inside else esc("".join(run)))
    return "".join(out)


def mark(env: dict, text: str) -> str:
    first = not env.get("marked") and env.get("mark_id")
    env["marked"] = True
    return f'<mark id="{esc(env["mark_id"])}">{esc(text)}</mark>' if first else f"<mark>{esc(text)}</mark>"


def render_text(self, tokens, idx, options, env):
    token = tokens[idx]
    return highlighted(token.content, token.meta.get("offsets"), env)


def render_code_inline(self, tokens, idx, options, env):
    token = tokens[idx]
    return f"<code>{highlighted(token.content, token.meta.get('offsets'), env)}</code>"


def render_code_block(self, tokens, idx, options, env):
    token = tokens[idx]
    return f"<pre><code>{highlighted(token.content, token.meta.get('offsets'), env)}</code></pre>\n"


MD.add_render_rule("text", render_text)
MD.add_render_rule("code_inline", render_code_inline)
MD.add_render_rule("fence", render_code_block)
MD.add_render_rule("code_block", render_code_block)


def render_body(text: str, body_start: int, span: tuple[int, int] | None = None, stop: int | None = None,
                mark_id: str = "twqa-mark") -> str:
    """The article body (text[body_start:stop]) as HTML, the file span [start, end) in <mark>s; the first
    mark gets id mark_id (the viewer scrolls to it; "" for none).

    Example:
    >>> render_body("---\\nid: a\\n---\\n# Hi\\n\\n- one\\n- two\\n", 14, (22, 31))
    '<h1>Hi</h1>\\n<ul>\\n<li><mark id="twqa-mark">one</mark></li>\\n<li><mark>two</mark></li>\\n</ul>\\n'
    """
    src = text[body_start:stop]
    env: dict = {"span": span, "mark_id": mark_id}
    tokens = MD.parse(src, env)
    map_tokens(tokens, src, body_start)
    return MD.renderer.render(tokens, MD.options, env)


def first_heading(text: str, body_start: int) -> str | None:
    """The text of the body's first block when it is a level-1 heading, else None."""
    tokens = MD.parse(text[body_start:body_start + 2000])
    if len(tokens) >= 2 and tokens[0].type == "heading_open" and tokens[0].tag == "h1":
        return tokens[1].content
    return None


def line_of(text: str, offset: int) -> int:
    """1-based line number of a file offset.

    Example:
    >>> line_of("a\\nb\\nc", 4)
    3
    """
    return bisect_right(line_starts(text), offset)
