"""`twitchqa ask`: one question, or a JSONL file of them (one JSON answer per line); an answer for a terminal."""
from __future__ import annotations

import itertools
import json
import sys

from bot.request import check_question, check_request
from ingest.errors import TwitchqaError, printable
from ui.cli_bot import build_settings, open_bot


def render(answer: dict) -> str:
    """An answer for a terminal: notices, the answer, then its numbered sources."""
    lines = []
    for notice in answer["notices"]:
        if notice["kind"] != "disclaimer":
            lines.append(f"!! {notice['kind'].replace('_', ' ').upper()}: {notice['text']}")
    if answer["search_query"] != answer["question"]:
        lines.append(f"(searched for: {answer['search_query']})")
    if answer.get("answerer", "extractive") != "extractive":
        lines.append(f"(written by {answer['answerer']} from the sources below; each sentence checked against its source)")
    elif answer.get("fallback_reason"):
        lines.append(f"(quoted, not written: {answer['fallback_reason']})")
    lines += [answer["answer"], ""]
    if answer["citations"]:
        lines.append("Sources:")
        for c in answer["citations"]:
            # a file named `line\nbreak.md` printed its source on two lines (drill28)
            lines.append(f"[{c['n']}] {printable(c['title'])} — {printable(c['source'])}:{c['start']}-{c['end']}")
            lines.append(f"    “{' '.join(c['text'].split())}”")
        lines.append("")
    lines += [n["text"] for n in answer["notices"] if n["kind"] == "disclaimer"]
    return "\n".join(lines)


# The longest line a question can need: 1,000 characters of question and 20,000 of history (bot.request), each
# at most 6 bytes as a JSON escape (\uXXXX), plus 40 messages' keys: ~130 KB. 1 MB leaves room for other fields (a
# gold item's facts). A longer line is skipped as it is read: `ask --jsonl /dev/zero`, or a 3 GB line with no
# newline, read the whole line into memory first and ended the run "not enough memory" (3.5 GB; drill29).
MAX_LINE_BYTES = 1_000_000
BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"))  # longest first: a UTF-32-LE BOM begins with UTF-16-LE's


class LineTooLong(TwitchqaError):
    """One line of a JSONL file is longer than any question needs (see MAX_LINE_BYTES)."""


def read_jsonl(path: str):
    """(line number, line as bytes, or LineTooLong) for each non-blank line of a JSONL question file ('-' is stdin).

    Bytes, not text: a line that isn't UTF-8 is then one bad line (see parse_line), not a decoding
    error that ends the whole file. A file with a UTF-16 or UTF-32 byte order mark (what Windows PowerShell's `>`
    writes) is decoded as such: each of its lines was two lines skipped as "not UTF-8" (drill29).
    """
    handle = sys.stdin.buffer if path == "-" else open_bytes(path)
    with handle:
        if path != "-":  # on this handle: `--jsonl <(cmd)` is a pipe, and a second open read what was left of it
            check_not_binary(path, handle.peek(8192)[:8192])
        start = handle.peek(4)[:4] if hasattr(handle, "peek") else b""
        encoding = next((name for bom, name in BOMS if start.startswith(bom)), None)
        if encoding is not None:
            import io

            handle = io.TextIOWrapper(handle, encoding=encoding, errors="surrogateescape", newline=None)
        number = 0
        while True:
            line = handle.readline(MAX_LINE_BYTES + 1)
            if not line:
                return
            number += 1
            if isinstance(line, str):
                line = line.encode("utf-8", "surrogateescape")
            # a file saved as "UTF-8 with BOM" (Notepad): its first question was skipped (drill28); and such files joined
            # by `cat a.jsonl b.jsonl` put the BOM at the start of a line further on, "not JSON" (drill34)
            line = line.removeprefix(b"\xef\xbb\xbf")
            if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                size = len(line) + skip_line(handle)
                yield number, LineTooLong(f"the line is {size:,} bytes long; the limit is {MAX_LINE_BYTES:,}: "
                                          "a question is at most 1,000 characters")
            elif line.strip():
                yield number, line


def skip_line(handle) -> int:
    """Read on past the end of the current line, keeping nothing; its length read so far (newline excluded)."""
    skipped = 0
    while True:
        chunk = handle.readline(MAX_LINE_BYTES)
        if not chunk:
            return skipped
        if chunk.endswith(b"\n" if isinstance(chunk, bytes) else "\n"):
            return skipped + len(chunk) - 1
        skipped += len(chunk)


def check_not_binary(path: str, head: bytes) -> None:
    """TwitchqaError when the start of a question file (`head`) holds NUL bytes where no BOM explains them: a binary
    file (`ask --jsonl /bin/ls` gave a "not UTF-8" line for each of its ~900 lines), or UTF-16 without a BOM.

    Checked on the handle the lines are then read from. It opened the file a second time for this (drill29), so
    `ask --jsonl <(cmd)`, a pipe, lost what this read: its questions were never asked and it exited 0 (drill31)."""
    nul = head.find(b"\x00")
    if nul >= 0 and not any(head.startswith(bom) for bom, _ in BOMS):
        raise TwitchqaError(f"{printable(path)}: holds binary data (a NUL byte at offset {nul}), not "
                            'JSON lines: give a text file of {"question": str, "history": [...]} lines, saved as UTF-8')


def parse_line(line: bytes) -> tuple:
    """(question, history) of one JSONL line; TwitchqaError naming what is wrong with it."""
    try:
        item = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise TwitchqaError(f"not UTF-8 (byte {line[exc.start]:#04x} at {exc.start}): save the file as UTF-8") from None
    except RecursionError:
        raise TwitchqaError("the JSON nests too deeply") from None
    except ValueError:
        raise TwitchqaError('not JSON: expected {"question": str, "history": [...]}') from None
    if not isinstance(item, dict) or "question" not in item:
        raise TwitchqaError('expected {"question": str, "history": [...]}')
    check_request(item["question"], item.get("history"))
    return item["question"], item.get("history")


def open_bytes(path: str):
    try:
        return open(path, "rb")
    except OSError as exc:
        raise TwitchqaError(f"cannot read {path}: {exc.strerror}") from None


def cmd_ask(args) -> int:
    if isinstance(args.question, list):  # the words of an unquoted question (cli_parser)
        args.question = " ".join(args.question) if args.question else None
    if (args.question is None) == (args.jsonl is None):
        raise TwitchqaError("give either a QUESTION or --jsonl FILE")
    if args.question is not None:
        check_request(args.question)  # before the model loads: a bad question fails fast
        check_question(args.question)
    if args.jsonl is not None:
        lines = read_jsonl(args.jsonl)
        # before the model loads, a missing, binary or empty file fails fast (stdin: the model loads while lines come)
        first = next(lines, None) if args.jsonl != "-" else None
        if first is None and args.jsonl != "-":
            raise TwitchqaError(no_questions(args.jsonl))
        bot = open_bot(build_settings(args), args)
        return ask_each(bot, args.jsonl, itertools.chain([first] if first else [], lines))
    bot = open_bot(build_settings(args), args)
    answer = bot.ask(args.question).to_dict()
    emit(json.dumps(answer, ensure_ascii=False, indent=2) if args.json else render(answer))
    return 0


def emit(text: str) -> None:
    """Print one answer and flush it; TwitchqaError when the output can't take it (`> /dev/full`, or a file on a full
    disk). That error read "set TWITCHQA_HOME to a folder on another disk" (drill28): the output was full, not the
    data directory. A reader that went away (BrokenPipeError) is left to the CLI, which ends quietly."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise TwitchqaError(f"cannot write the answer to standard output ({exc.strerror or exc}): free some space "
                            "on the disk it goes to, or send it elsewhere") from None


def no_questions(path: str) -> str:
    """The line for a question file with no question in it (empty, or blank lines only)."""
    where = "standard input" if path == "-" else printable(path)
    return f'{where}: holds no questions (it is empty or blank): give one {{"question": str}} JSON object per line'


def ask_each(bot, path: str, lines=None) -> int:
    """One JSON answer per good line; a bad line is reported on stderr and answered by an error object in its place,
    `{"line": N, "error": "..."}`, not fatal.

    The bad line left no output (drill42), so the Nth answer no longer belonged to the Nth question of the file; now
    each question line gives exactly one output line, in order (a blank line is no question and gives none).
    Exit code 1 when any line was skipped, so a script notices. A file with no question at all is one line and exit
    code 1: it exited 0 and printed nothing (drill29), so a user who gave the wrong file got no word. Empty standard
    input gets the same line but exit code 0: a pipe that had no questions to send is not an error.
    """
    skipped = asked = 0
    for number, line in read_jsonl(path) if lines is None else lines:
        asked += 1
        try:
            if isinstance(line, LineTooLong):
                raise line
            answer = bot.ask(*parse_line(line))
        except TwitchqaError as exc:
            print(f"twitchqa: {printable(path)}:{number}: {printable(exc)} (skipped)", file=sys.stderr, flush=True)
            skipped += 1
            emit(json.dumps({"line": number, "error": printable(exc)}, ensure_ascii=False))
            continue
        emit(json.dumps(answer.to_dict(), ensure_ascii=False))
    if not asked:
        print(f"twitchqa: {no_questions(path)}", file=sys.stderr, flush=True)
        return 0 if path == "-" else 1
    return 1 if skipped else 0
