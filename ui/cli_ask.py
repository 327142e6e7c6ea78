"""`twitchqa ask`: one question, or a JSONL file of them (one JSON answer per line); an answer for a terminal."""
from __future__ import annotations

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


def read_jsonl(path: str):
    """(line number, line as bytes) for each non-blank line of a JSONL question file ('-' is stdin).

    Bytes, not text: a line that isn't UTF-8 is then one bad line (see parse_line), not a decoding
    error that ends the whole file.
    """
    handle = sys.stdin.buffer if path == "-" else open_bytes(path)
    with handle:
        for number, line in enumerate(handle, 1):
            if number == 1:  # a file saved as "UTF-8 with BOM" (Notepad): its first question was skipped (drill28)
                line = line.removeprefix(b"\xef\xbb\xbf")
            if line.strip():
                yield number, line


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
    if (args.question is None) == (args.jsonl is None):
        raise TwitchqaError("give either a QUESTION or --jsonl FILE")
    if args.question is not None:
        check_request(args.question)  # before the model loads: a bad question fails fast
        check_question(args.question)
    elif args.jsonl != "-":
        open_bytes(args.jsonl).close()  # before the model loads: a missing file fails fast
    bot = open_bot(build_settings(args), args)
    if args.jsonl is not None:
        return ask_each(bot, args.jsonl)
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


def ask_each(bot, path: str) -> int:
    """One JSON answer per good line; a bad line is reported on stderr and skipped, not fatal.

    Exit code 1 when any line was skipped, so a script notices.
    """
    skipped = 0
    for number, line in read_jsonl(path):
        try:
            answer = bot.ask(*parse_line(line))
        except TwitchqaError as exc:
            print(f"twitchqa: {printable(path)}:{number}: {printable(exc)} (skipped)", file=sys.stderr, flush=True)
            skipped += 1
            continue
        emit(json.dumps(answer.to_dict(), ensure_ascii=False))
    return 1 if skipped else 0
