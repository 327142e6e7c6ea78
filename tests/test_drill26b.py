"""A second newcomer's drill (drill26b): an article folder holding every kind of file, a full disk and too little
memory during an ingest, each through the real `twitchqa` process with the real model and Chroma. Every file is
indexed or named with its reason; every failure is one line and the served index keeps answering."""
from __future__ import annotations

import json
import os
import shutil

import pytest

from test_newcomer import assert_contract, run

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
    ("NOTES", "no extension"), ("archive/", "a subfolder"), ("pipe.md|", "not a regular file"),
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
