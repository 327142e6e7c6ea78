"""bot.on_disk: an article's file is read again whenever it may have changed since it was found unchanged."""
import os
import time

from bot.on_disk import OnDisk


def test_a_file_just_written_is_read_again_so_an_edit_at_once_of_the_same_size_is_seen(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("Twitching is common.", encoding="utf-8")
    check = OnDisk()
    assert check.holds(path, "Twitching is common.")
    assert path not in check.verified  # racy: its times are within RACY of the read
    path.write_text("Twitching is CommoN.", encoding="utf-8")  # the same size, within the same timestamp tick
    assert not check.holds(path, "Twitching is common.")


def test_an_older_file_found_unchanged_is_not_read_again_until_its_status_moves(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("Twitching is common.", encoding="utf-8")
    old = time.time_ns() - 10_000_000_000
    os.utime(path, ns=(old, old))
    time.sleep(2.1)  # the change time (set by utime, not settable) is RACY old too
    check = OnDisk()
    assert check.holds(path, "Twitching is common.") and path in check.verified
    assert check.holds(path, "Twitching is common.")
    path.write_text("Twitching is CommoN.", encoding="utf-8")
    os.utime(path, ns=(old, old))  # the modification time set back: the change time still moved
    assert not check.holds(path, "Twitching is common.")
    path.unlink()
    assert not check.holds(path, "Twitching is common.")


def test_a_file_that_cannot_be_read_or_decoded_does_not_hold_the_text(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(b"\xff\xfe broken")
    assert not OnDisk().holds(path, "broken")
    assert not OnDisk().holds(tmp_path / "missing.md", "x")
