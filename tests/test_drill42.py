"""drill42, a new user's and an operator's drill: `eval` against a data directory with no index, through the real
`twitchqa` process."""
from __future__ import annotations

import os
import subprocess

from test_newcomer import TWITCHQA


def test_an_eval_that_finds_no_index_leaves_no_empty_report_folder(tmp_path):
    """`eval --home DIR` with no index said "no index" and left an empty DIR/eval/ (and DIR) behind."""
    home = tmp_path / "new-home"
    result = subprocess.run([TWITCHQA, "eval", "--home", str(home)], capture_output=True, timeout=600,
                            env={k: v for k, v in os.environ.items() if k != "TWITCHQA_HOME"})
    err = result.stderr.decode()
    assert result.returncode == 1 and err.count("\n") == 1 and "no index in" in err, err
    assert not home.exists()
    # ...and a report folder that was there before is kept
    (tmp_path / "kept" / "eval").mkdir(parents=True)
    result = subprocess.run([TWITCHQA, "eval", "--home", str(tmp_path / "kept")], capture_output=True, timeout=600)
    assert result.returncode == 1 and (tmp_path / "kept" / "eval").is_dir()
