"""The `twitchqa` command: a thin layer over the library. Errors become one line and exit code 1."""
from __future__ import annotations

import argparse
import errno
import json
import os
import socket
import sys

from ingest.errors import TwitchqaError
from bot.request import check_question, check_request

EXAMPLE = "Why do my muscles twitch?"


def build_settings(args):
    from ingest.settings import Settings

    return Settings.from_env(home=getattr(args, "home", None), corpus=getattr(args, "corpus", None),
                             host=getattr(args, "host", None), port=getattr(args, "port", None),
                             chroma_url=getattr(args, "chroma_url", None))


# A cold ask ran in 1.5 GB of address space (prlimit --as) and not always in 1.3; below that the native
# libraries (Chroma's, OpenBLAS, onnxruntime) abort or print their own lines, each in its own way, so a
# limit set with ulimit -v is read before any of them loads.
ADDRESS_SPACE_NEEDED = 1_500_000_000


def check_address_space() -> None:
    """MemoryError when `ulimit -v` leaves less address space than a bot needs."""
    import resource

    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY and soft < ADDRESS_SPACE_NEEDED:
        raise MemoryError(f"address space limited to {soft / 1e9:.2f} GB")


def open_bot(settings, args=None):
    from ingest.embed import MODEL_ID
    from ingest.manifest import ready_manifest

    check_address_space()

    if not settings.chroma_url:  # a server's manifest is read from the server, by the bot
        ready_manifest(settings.home, MODEL_ID)  # before the bot's imports: no index fails fast
    from bot.pipeline import Bot
    from bot.written import ModelSettings

    # --llm/--model, else TWITCHQA_LLM_URL/_MODEL (the API key only from TWITCHQA_LLM_API_KEY): a model writes.
    writer = ModelSettings.from_env(url=getattr(args, "llm", None), model=getattr(args, "model", None))
    return Bot.open(settings.home, chroma_url=settings.chroma_url, writer=writer)


def cmd_ingest(args) -> int:
    from ingest.embed import Embedder
    from ingest.index import sync
    from ingest.onnx_export import ensure

    settings = build_settings(args)
    embedder = Embedder()
    report = sync(settings.corpus, settings.home, embedder, rebuild=args.rebuild, progress=not args.json,
                  chroma_url=settings.chroma_url)
    try:
        ensure(embedder, settings.home)  # the torch-free query encoder `ask` and `serve` start with
    except Exception as exc:  # the index is built: without the file, questions use the torch model (slower start)
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
        print(f"twitchqa: could not export the fast query encoder ({reason}); questions will use the torch model",
              file=sys.stderr)
    if report.generation is not None and not settings.chroma_url:  # a server's mirror derives its own (bot.derived)
        try:
            from bot.derived import prepare

            prepare(settings.home, embedder.model_id)  # the first `ask`/`serve` then reads it, as later ones do
        except Exception as exc:  # the index is built: without the files, the first open derives them
            reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
            print(f"twitchqa: could not prepare the bot's derived files ({reason}); the first question derives them",
                  file=sys.stderr)
    if args.json:
        print(json.dumps({k: v for k, v in report.to_dict().items() if k != "errors"}))
    else:
        print(f"indexed {report.articles} articles into {report.passages} passages in {settings.chroma_url or settings.home}: "
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
    if answer.get("answerer", "extractive") != "extractive":
        lines.append(f"(written by {answer['answerer']} from the sources below; each sentence checked against its source)")
    elif answer.get("fallback_reason"):
        lines.append(f"(quoted, not written: {answer['fallback_reason']})")
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
    """(line number, line as bytes) for each non-blank line of a JSONL question file ('-' is stdin).

    Bytes, not text: a line that isn't UTF-8 is then one bad line (see parse_line), not a decoding
    error that ends the whole file.
    """
    handle = sys.stdin.buffer if path == "-" else open_bytes(path)
    with handle:
        for number, line in enumerate(handle, 1):
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
    from ui import terminal

    bot = open_bot(build_settings(args), args)
    texts = {doc_id: article.text for doc_id, article in bot.articles().items()}  # for the sources' line numbers
    print(terminal.wrap("twitchqa chat: ask about muscle twitching. " + terminal.HELP, terminal.width()))
    # Bytes that aren't UTF-8 arrive as lone surrogates, which check_request names, instead of a decoding
    # error that would also lose the lines read ahead with them.
    sys.stdin.reconfigure(errors="surrogateescape")
    history: list[dict] = []
    asked: list[str] = []
    answer = None
    while True:
        try:
            question = input("\nyou> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not question:
            return 0
        shown = terminal.command(question, answer, texts, terminal.width())
        if shown is not None:
            print(shown)
            continue
        try:
            check_request(question)
            answer = bot.ask(question, history).to_dict()
        except TwitchqaError as exc:
            print(f"twitchqa: {exc}")
            continue
        print("\n" + terminal.turn(answer, asked, texts, terminal.width()))
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer["answer"]}]
        asked.append(question)


def cmd_serve(args) -> int:
    from ui.app import launch

    settings = build_settings(args)
    check_address(settings.host, settings.port)  # before the model loads: a bad address fails fast
    launch(open_bot(settings, args), settings)
    return 0


def check_address(host: str, port: int) -> None:
    """TwitchqaError naming the fix when `serve` could not listen on host:port and reach itself there."""
    fix = "pass --host/--port or set TWITCHQA_HOST/TWITCHQA_PORT"
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise TwitchqaError(f"cannot serve on {host}: {exc.strerror}: {fix}") from None
    with socket.socket(family, kind, proto) as server, socket.socket(family, kind, proto) as client:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            server.bind(address)
            server.listen()
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise TwitchqaError(f"port {port} on {host} is in use: {fix}") from None
            raise TwitchqaError(f"cannot listen on {host}:{port} ({exc.strerror}): {fix}") from None
        # The web server checks that it can reach itself; without a working loopback it can't.
        local = ("127.0.0.1" if family == socket.AF_INET else "::1") if host in ("0.0.0.0", "::") else address[0]
        client.settimeout(5)
        try:
            client.connect((local, *address[1:]))
        except OSError as exc:
            raise TwitchqaError(f"cannot reach {local}:{port} on this machine ({exc.strerror or exc}): bring the "
                                "loopback interface up (`ip link set lo up`)") from None


def cmd_eval(args) -> int:
    from evals.run import command

    settings = build_settings(args)
    return command(args, lambda: open_bot(settings, args), settings.home)


def cmd_bench(args) -> int:
    from evals.bench import command

    settings = build_settings(args)
    return command(args, settings.home, settings.corpus)


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--home", help="data directory (default: $TWITCHQA_HOME or .twitchqa)")
    common.add_argument("--chroma-url", metavar="URL", help="keep the index on the Chroma server at URL, "
                        "http://HOST:PORT (default: $TWITCHQA_CHROMA_URL, else embedded in the data directory)")
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

    p = sub.add_parser("bench", parents=[common], help="measure speed and memory, also on bigger synthetic libraries",
                       description="Cold start, warm latency by stage against the bare query embedding, Bot.open, "
                                   "memory and ingest, on the index in --home and on synthetic libraries.")
    p.add_argument("--corpus", help="the articles the synthetic libraries are made from (default: $TWITCHQA_CORPUS or corpus)")
    p.add_argument("--scale", default="", help="sizes of synthetic libraries to add, e.g. 100,1000 (10000: the "
                                               "reduced-text check; each is ingested once and kept in --out)")
    p.add_argument("--out", help="folder for bench.json, bench.png and the synthetic libraries (default: DATA_DIR/bench)")
    p.add_argument("--json", action="store_true", help="print the whole report as JSON")
    p.set_defaults(run=cmd_bench)

    p = sub.add_parser("eval", parents=[common], help="run the answer-quality evals",
                       description="Run a gold question set, print metrics, write a report, apply the gate.")
    p.set_defaults(run=cmd_eval)
    try:
        from evals.arguments import add_arguments  # not evals.run: that imports matplotlib

        add_arguments(p)
    except ImportError:  # evals/ is optional in an installed copy
        pass
    for name in ("ask", "chat", "serve", "eval"):  # a language model writes the answers (opt-in, bot.written)
        llm = sub.choices[name].add_argument_group("written answers (opt-in)")
        llm.add_argument("--llm", metavar="URL", help="an OpenAI-compatible server (Ollama: http://127.0.0.1:11434/v1) "
                         "that writes the answer from the quotes; every sentence is checked against what it cites "
                         "(default: $TWITCHQA_LLM_URL; API key: $TWITCHQA_LLM_API_KEY)")
        llm.add_argument("--model", help="the model's name on that server (default: $TWITCHQA_LLM_MODEL, else the "
                                         "first it lists)")
    return top


# Running out of disk or memory can surface from any library (Chroma's SQLite, torch, the importer),
# each with its own exception; these words and error numbers tell them apart from a bug.
DISK_FULL = "the disk is full ({what}): free some space, or set TWITCHQA_HOME to a folder on another disk"
NO_MEMORY = ("not enough memory ({what}): the model and the index need about 0.7 GB resident and 1.5 GB of "
             "address space; close other programs or raise the limit (ulimit -v)")
DISK_WORDS = ("disk is full", "no space left on device")
MEMORY_WORDS = ("cannot allocate memory", "can't allocate memory", "failed to map segment", "can't start new thread",
                "bad_alloc")  # C++ libraries (onnxruntime) say std::bad_alloc


def out_of_resources(exc: Exception) -> str | None:
    """One line for a full disk or too little memory, whatever library hit it; None for anything else.

    Example:

    >>> out_of_resources(OSError(28, "No space left on device"))[:16]
    'the disk is full'
    """
    what = f"{type(exc).__name__}: {exc}".splitlines()[0][:200].rstrip(": ")
    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, errno.EDQUOT) or any(w in what.lower() for w in DISK_WORDS):
        return DISK_FULL.format(what=what)
    if isinstance(exc, MemoryError) or code == errno.ENOMEM or any(w in what.lower() for w in MEMORY_WORDS):
        return NO_MEMORY.format(what=what)
    return None


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    code = run(args)
    if argv is None and args.command == "ask":  # run as the program (the console script passes no argv)
        leave(code)
    return code


def leave(code: int) -> None:
    """Exit now, skipping the interpreter's teardown: `ask` has nothing left to write but its output.

    Freeing ~180,000 objects and the native libraries (torch's or onnxruntime's threads, Chroma's Rust
    runtime) took 1.4 s after the answer was printed (5 s with torch on a loaded 2-core machine).
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # the reader went away, or the stream is closed: nothing to lose
            pass
    os._exit(code)


def run(args) -> int:
    """The command's exit code; a TwitchqaError or a full disk becomes one line on stderr."""
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
    except Exception as exc:
        line = out_of_resources(exc)
        if line is None:
            raise  # a bug: keep its traceback
        print(f"twitchqa: {line}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
