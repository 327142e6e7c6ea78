"""A second newcomer's drill (drill26b): an article folder holding every kind of file, a full disk and too little
memory during an ingest, each through the real `twitchqa` process with the real model and Chroma. Every file is
indexed or named with its reason; every failure is one line and the served index keeps answering."""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from test_newcomer import TWITCHQA, assert_contract, ingest_then_ask, run

from conftest import ROOT


def test_every_file_the_ingest_does_not_read_is_named_with_its_reason(corpus_home, corpus_copy, tmp_path):
    """An article saved as HTML, PDF or .docx, or put in a subfolder, was left out without a word: the ingest said
    "indexed 5 articles" and exit 0, and the newcomer never learned why the article was missing."""
    home = tmp_path / "home"
    shutil.copytree(corpus_home, home)
    (corpus_copy / "page.html").write_text("<html><body><p>Twitching is common.</p></body></html>")
    (corpus_copy / "paper.pdf").write_bytes(b"%PDF-1.4\n")
    (corpus_copy / "notes.docx").write_bytes(b"PK\x03\x04")
    (corpus_copy / "more").mkdir()
    (corpus_copy / "more" / "deep.md").write_text("---\nid: deep\ntitle: Deep\n---\n\nTwitching.\n")
    os.mkfifo(corpus_copy / "pipe.md")
    (corpus_copy / ".DS_Store").write_bytes(b"\0\0")  # hidden files are the system's, not the user's: not named
    result = run("ingest", "--corpus", str(corpus_copy), home=home)
    err = result.stderr.decode()
    assert "Traceback" not in err and "indexed 5 articles" in result.stdout.decode(), err
    lines = err.strip().splitlines()
    named = {name: [line for line in lines if f"/{name}" in line] for name in
             ("page.html", "paper.pdf", "notes.docx", "more", "pipe.md")}
    assert all(len(found) == 1 for found in named.values()), err
    assert ".md" in named["page.html"][0] and ".txt" in named["page.html"][0], err  # the fix: what it reads
    assert "subfolder" in named["more"][0], err
    assert ".DS_Store" not in err and "README" not in err and len(lines) == 5, err
    assert result.returncode == 0, err  # nothing was wrong with an article: an ignored file is a notice
    answer = json.loads(run("ask", "--json", "Can caffeine make my muscles twitch?", home=home).stdout)
    assert not answer["refused"]
    assert_contract(answer)


@pytest.mark.parametrize("entry, says", [
    ("page.html", "not an article file"), ("paper.pdf", "not an article file"), ("notes.docx", "not an article file"),
    ("NOTES", "no extension"), ("archive/", "a subfolder"), ("notes.md/", "a subfolder"),  # drill29: was silent
    ("pipe.md|", "not a regular file"),
    (".DS_Store", None), ("README.md", None), ("a.md", None), ("notes.txt", None), ("A.MARKDOWN", None),
])
def test_the_ignored_files_table(entry, says, tmp_path):
    """ingest.load.ignored_files's table: what is named (and why) and what is passed over silently."""
    from ingest.load import ignored_files

    name = entry.rstrip("/|")
    if entry.endswith("/"):
        (tmp_path / name).mkdir()
    elif entry.endswith("|"):
        os.mkfifo(tmp_path / name)
    else:
        (tmp_path / name).write_text("x")
    notices = ignored_files(tmp_path)
    if says is None:
        assert notices == []
    else:
        assert len(notices) == 1 and notices[0].startswith(f"{tmp_path / name}: ") and says in notices[0], notices


def test_an_ingest_that_fills_the_disk_is_one_line_and_the_served_index_keeps_answering(corpus_home, corpus_copy,
                                                                                       tmp_path):
    """A data directory on a disk with 88 KB left (a tmpfs in a private mount namespace, topped up with a filler
    file): Chroma's write failed as "InternalError: Error in compaction: Failed to apply logs to the metadata
    segment", which names no disk, and the ingest ended in a 20-line traceback."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.fail("this drill needs root and `unshare` (util-linux); CI has both")
    disk = tmp_path / "disk"
    disk.mkdir()
    (corpus_copy / "new.md").write_text("---\nid: new\ntitle: New\n---\n\n" + " ".join(
        f"Muscle twitching note {i} mentions twitches after exercise and caffeine." for i in range(300)) + "\n")
    home = disk / "home"
    result = ingest_then_ask(f"mount -t tmpfs -o size=300m tmpfs {disk} && cp -a {corpus_home} {home} && "
                             f"free=$(df -k --output=avail {disk} | tail -1) && "
                             f"fallocate -l $(( (free - 88) * 1024 )) {disk}/filler", corpus_copy, home)
    err = result.stderr.decode()
    lines = err.strip().splitlines()
    assert "Traceback" not in err and len(lines) == 2 and lines[1] == "exit 1", err
    assert lines[0].startswith("twitchqa: the disk is full") and "free some space" in lines[0], err
    answer = json.loads(result.stdout)
    assert not answer["refused"]
    assert_contract(answer)


def test_an_ingest_under_a_small_address_space_limit_is_one_line_and_the_index_keeps_answering(corpus_home,
                                                                                              corpus_copy, tmp_path):
    """`ulimit -v 600000`: the ingest died in Chroma's Rust allocator ("memory allocation of 14 bytes failed",
    SIGABRT, exit 134) with nothing a user could act on; `ask` already said "not enough memory … ulimit -v"."""
    home = tmp_path / "home"
    shutil.copytree(corpus_home, home)
    (corpus_copy / "new.md").write_text("---\nid: new\ntitle: New\n---\n\nTwitching after a long run is common.\n")
    result = subprocess.run(["sh", "-c", f"ulimit -v 600000 && {TWITCHQA} ingest --corpus {corpus_copy}"], cwd=ROOT,
                            capture_output=True, timeout=600, env={**os.environ, "TWITCHQA_HOME": str(home)})
    err = result.stderr.decode()
    assert result.returncode == 1 and len(err.strip().splitlines()) == 1, (result.returncode, err)
    assert err.startswith("twitchqa: not enough memory") and "ulimit -v" in err, err
    answer = json.loads(run("ask", "--json", "Can caffeine make my muscles twitch?", home=home).stdout)
    assert not answer["refused"]
    assert_contract(answer)
