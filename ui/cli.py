"""The `twitchqa` command: a thin layer over the library. Errors become one line and exit code 1.

The flags are in ui.cli_parser, each command in its own ui.cli_<command> module.
"""
from __future__ import annotations

import errno
import os
import sys

from ingest.errors import TwitchqaError, printable, short_reason
from ui.cli_parser import parser


# Running out of disk or memory can surface from any library (Chroma's SQLite, torch, the importer),
# each with its own exception; these words and error numbers tell them apart from a bug.
DISK_FULL = "the disk is full ({what}): free some space, or set TWITCHQA_HOME to a folder on another disk"
NO_MEMORY = ("not enough memory ({what}): the model and the index need about 0.7 GB resident and 1.5 GB of "
             "address space (an ingest that embeds: 2.5 GB); close other programs or raise the limit (ulimit -v)")
DISK_WORDS = ("disk is full", "no space left on device")
MEMORY_WORDS = ("cannot allocate memory", "can't allocate memory", "failed to map segment", "can't start new thread",
                "bad_alloc", "out of memory")  # C++ libraries (onnxruntime) say std::bad_alloc; Chroma's SQLite
# "(code: 7) out of memory" (an ingest under ulimit -v, drill26b)


def out_of_resources(exc: Exception) -> str | None:
    """One line for a full disk or too little memory, whatever library hit it; None for anything else.

    Example:

    >>> out_of_resources(OSError(28, "No space left on device"))[:16]
    'the disk is full'
    >>> out_of_resources(RuntimeError("Database error: (code: 7) out of memory"))[:19]
    'not enough memory ('
    >>> out_of_resources(RuntimeError("the memory-mapped file is out of date")) is None
    True
    """
    line = f"{type(exc).__name__}: {exc}".splitlines()[0].lower()
    what = short_reason(exc, 200).rstrip(": ")  # cut at a word: a cut at 200 characters ended "… returned from dat"
    code = getattr(exc, "errno", None)
    if code in (errno.ENOSPC, errno.EDQUOT) or any(w in line for w in DISK_WORDS):
        return DISK_FULL.format(what=what)
    if isinstance(exc, MemoryError) or code == errno.ENOMEM or any(w in line for w in MEMORY_WORDS):
        return NO_MEMORY.format(what=what)
    return None


# Commands whose product is what they print: with file descriptor 1 closed (`twitchqa ask Q >&-`) Python sets
# sys.stdout to None, print() writes nothing without a word, and `ask` lost its answer and ended in a traceback
# (drill28). `ingest` (its product is the index) and `serve` (the web page) still run.
PRINTING = ("ask", "chat", "eval", "bench")
STDOUT_CLOSED = ("standard output is closed, so `twitchqa {command}` has nowhere to print: send it to a file or a "
                 "pipe (`> answers.txt`), or drop the `>&-`")

STDIN_CLOSED = ("standard input is closed, so `twitchqa {command}` has nothing to read: type at a terminal, pipe the "
                "questions in, or give --jsonl FILE")


def main(argv: list[str] | None = None) -> int:
    if sys.stderr is None:
        sys.stderr = null_stream(2)
    args = parser().parse_args(argv)
    if sys.stdout is None and args.command in PRINTING:
        if sys.stderr is not None:
            print(f"twitchqa: {STDOUT_CLOSED.format(command=args.command)}", file=sys.stderr)
        return 1
    if sys.stdin is None and (args.command == "chat" or getattr(args, "jsonl", None) == "-"):
        # `chat <&-` ended in a traceback after the model loaded (sys.stdin is None then; drill28)
        print(f"twitchqa: {STDIN_CLOSED.format(command=args.command)}", file=sys.stderr)
        return 1
    if sys.stdout is None:  # uvicorn's logging asks sys.stdout.isatty() and `serve >&-` ended in a traceback
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 (the process's own stdout, open until it ends)
    args.program = argv is None  # run as the program: its process ends with the command (see quick_teardown)
    code = run(args)
    if argv is None and args.command == "ask":  # run as the program (the console script passes no argv)
        leave(code)
    if argv is None and args.command == "ingest":
        quick_teardown()
    return code


def null_stream(fd: int):
    """/dev/null opened onto descriptor `fd`, which was closed when the process started (`twitchqa ask Q 2>&-`).

    With stderr closed Python sets sys.stderr to None and print(file=None) writes to stdout, so the error line
    landed in the answer's place (drill28); and the next file opened (Chroma's SQLite, say) would get descriptor 2,
    where native libraries write their warnings. A closed stderr then loses the line, as it does for any Unix
    tool; the exit code still says it failed.
    """
    null = os.open(os.devnull, os.O_WRONLY)
    if null != fd:  # a lower descriptor was closed as well
        os.dup2(null, fd)
        os.close(null)
    return open(fd, "w", errors="backslashreplace", closefd=False)  # noqa: SIM115 (open until the process ends)


def quick_teardown() -> None:
    """Let the interpreter's teardown skip the cyclic garbage collector over what is loaded now.

    At exit CPython clears every module and collects cycles; with torch, transformers and chromadb loaded
    that walked millions of objects: 1.2 CPU-s of a five-article `twitchqa ingest`'s 13.5 (a process that only
    loads the model and encodes 16 texts: 5.6 CPU-s to 4.4 with this; measured here). The ingest has written
    and closed everything by now (ingest.index.sync closes its Chroma client), so unlike `ask`'s os._exit this
    still runs the destructors that reference counts reach; what is frozen is only never collected as cycles,
    and the process ends.
    """
    import gc

    gc.freeze()


def leave(code: int) -> None:
    """Exit now, skipping the interpreter's teardown: `ask` has nothing left to write but its output.

    Freeing ~180,000 objects and the native libraries (torch's or onnxruntime's threads, Chroma's Rust
    runtime) took 1.4 s after the answer was printed (5 s with torch on a loaded 2-core machine).
    """
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # that descriptor was closed before the process started
            continue
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
        print(f"twitchqa: {printable(exc)}", file=sys.stderr)  # one line, whatever a file name holds
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
