"""The `twitchqa` command: a thin layer over the library. Errors become one line and exit code 1."""
from __future__ import annotations

import argparse
import json
import sys

from ingest.errors import TwitchqaError

EXAMPLE = "Why do my muscles twitch?"


def build_settings(args):
    from ingest.settings import Settings

    return Settings.from_env(home=getattr(args, "home", None), corpus=getattr(args, "corpus", None),
                             host=getattr(args, "host", None), port=getattr(args, "port", None))


def open_bot(settings):
    from bot.pipeline import Bot

    return Bot.open(settings.home)


def cmd_ingest(args) -> int:
    from ingest.embed import Embedder
    from ingest.index import sync

    settings = build_settings(args)
    report = sync(settings.corpus, settings.home, Embedder(), rebuild=args.rebuild, progress=not args.json)
    if args.json:
        print(json.dumps({k: v for k, v in report.to_dict().items() if k != "errors"}))
    else:
        print(f"indexed {report.articles} articles into {report.passages} passages in {settings.home}: "
              f"{report.embedded} embedded, {report.deleted} deleted, {report.seconds:.1f} s")
    for error in report.errors:
        print(f"twitchqa: skipped {error}", file=sys.stderr)
    return 1 if report.errors else 0


def render(answer: dict) -> str:
    """An answer for a terminal: notices, the answer, then its numbered sources."""
    lines = []
    for notice in answer["notices"]:
        if notice["kind"] != "disclaimer":
            lines.append(f"!! {notice['kind'].replace('_', ' ').upper()}: {notice['text']}")
    if answer["search_query"] != answer["question"]:
        lines.append(f"(searched for: {answer['search_query']})")
    lines += [answer["answer"], ""]
    if answer["citations"]:
        lines.append("Sources:")
        for c in answer["citations"]:
            lines.append(f"[{c['n']}] {c['title']} — {c['source']}:{c['start']}-{c['end']}")
            lines.append(f"    “{' '.join(c['text'].split())}”")
        lines.append("")
    lines += [n["text"] for n in answer["notices"] if n["kind"] == "disclaimer"]
    return "\n".join(lines)


def read_jsonl(path: str):
    """(line number, line) for each non-blank line of a JSONL question file ('-' is stdin)."""
    handle = sys.stdin if path == "-" else open_text(path)
    with handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield number, line


def parse_line(line: str) -> tuple:
    """(question, history) of one JSONL line; TwitchqaError when it has another shape."""
    try:
        item = json.loads(line)
        return item["question"], item.get("history")
    except (ValueError, KeyError, TypeError):
        raise TwitchqaError('expected {"question": str, "history": [...]}') from None


def open_text(path: str):
    try:
        return open(path, encoding="utf-8")
    except OSError as exc:
        raise TwitchqaError(f"cannot read {path}: {exc.strerror}") from None


def cmd_ask(args) -> int:
    if (args.question is None) == (args.jsonl is None):
        raise TwitchqaError("give either a QUESTION or --jsonl FILE")
    if args.question is not None:
        from bot.pipeline import check_question

        check_question(args.question)  # before the model loads: a bad question fails fast
    elif args.jsonl != "-":
        open_text(args.jsonl).close()  # before the model loads: a missing file fails fast
    bot = open_bot(build_settings(args))
    if args.jsonl is not None:
        return ask_each(bot, args.jsonl)
    answer = bot.ask(args.question).to_dict()
    print(json.dumps(answer, ensure_ascii=False, indent=2) if args.json else render(answer))
    return 0


def ask_each(bot, path: str) -> int:
    """One JSON answer per good line; a bad line is reported on stderr and skipped, not fatal.

    Exit code 1 when any line was skipped, so a script notices.
    """
    skipped = 0
    for number, line in read_jsonl(path):
        try:
            answer = bot.ask(*parse_line(line))
        except TwitchqaError as exc:
            print(f"twitchqa: {path}:{number}: {exc} (skipped)", file=sys.stderr, flush=True)
            skipped += 1
            continue
        print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
    return 1 if skipped else 0


def cmd_chat(args) -> int:
    bot = open_bot(build_settings(args))
    print("twitchqa chat: ask about muscle twitching. Empty line or Ctrl-D to quit.")
    history: list[dict] = []
    while True:
        try:
            question = input("\nyou> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not question:
            return 0
        try:
            answer = bot.ask(question, history).to_dict()
        except TwitchqaError as exc:
            print(f"twitchqa: {exc}")
            continue
        print("\n" + render(answer))
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer["answer"]}]


def cmd_serve(args) -> int:
    from ui.app import launch

    settings = build_settings(args)
    launch(open_bot(settings), settings)
    return 0


def cmd_eval(args) -> int:
    from evals.run import command

    settings = build_settings(args)
    return command(args, lambda: open_bot(settings), settings.home)


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--home", help="data directory (default: $TWITCHQA_HOME or .twitchqa)")
    top = argparse.ArgumentParser(
        prog="twitchqa",
        description="Answers questions about muscle twitching from a small set of articles, citing the "
                    "exact passages. Runs offline.",
        epilog=f'Start with: twitchqa ingest, then twitchqa ask "{EXAMPLE}"',
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", parents=[common], help="index the articles in the corpus folder",
                       description="Index the corpus: embed new or changed passages, delete removed ones.")
    p.add_argument("--corpus", help="folder of article files (default: $TWITCHQA_CORPUS or corpus)")
    p.add_argument("--rebuild", action="store_true", help="drop the index and build it again")
    p.add_argument("--json", action="store_true", help="print a JSON summary instead of text")
    p.set_defaults(run=cmd_ingest)

    p = sub.add_parser("ask", parents=[common], help="answer one question (or a JSONL file of them)",
                       description="Answer a question from the articles, with numbered sources.")
    p.add_argument("question", nargs="?", help=f'the question, e.g. "{EXAMPLE}"')
    p.add_argument("--json", action="store_true", help="print the JSON answer contract")
    p.add_argument("--jsonl", metavar="FILE", help='answer each {"question", "history"} line of FILE '
                                                   "('-' for stdin), one JSON answer per line; a bad line is "
                                                   "reported and skipped")
    p.set_defaults(run=cmd_ask)

    p = sub.add_parser("chat", parents=[common], help="a conversation in the terminal",
                       description="Ask questions in turn; follow-ups use the conversation so far.")
    p.set_defaults(run=cmd_chat)

    p = sub.add_parser("serve", parents=[common], help="start the web UI",
                       description="Serve the web UI (chat, sources, article viewer, library, evals).")
    p.add_argument("--host", help="address to bind (default: $TWITCHQA_HOST or 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default: $TWITCHQA_PORT or 7860)")
    p.set_defaults(run=cmd_serve)

    p = sub.add_parser("eval", parents=[common], help="run the answer-quality evals",
                       description="Run a gold question set, print metrics, write a report, apply the gate.")
    p.set_defaults(run=cmd_eval)
    try:
        from evals.run import add_arguments

        add_arguments(p)
    except ImportError:  # evals/ is optional in an installed copy
        pass
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except TwitchqaError as exc:
        print(f"twitchqa: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("twitchqa: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (`twitchqa ask … | head`): nothing left to say
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
