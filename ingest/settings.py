"""Run-time configuration, read once at the edge (flags and TWITCHQA_* variables).

Lookup order for each setting: command-line flag, then environment variable, then default.
- TWITCHQA_HOME    data directory (index, manifest, eval reports)   default: .twitchqa
- TWITCHQA_CORPUS  folder of article files                          default: corpus
- TWITCHQA_HOST    address `twitchqa serve` binds                   default: 127.0.0.1
- TWITCHQA_PORT    port `twitchqa serve` listens on                 default: 7860
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

MAX_QUESTION_CHARS = 1000


@dataclass(frozen=True)
class Settings:
    home: Path = Path(".twitchqa")
    corpus: Path = Path("corpus")
    host: str = "127.0.0.1"
    port: int = 7860

    @classmethod
    def from_env(cls, env=None, **flags) -> "Settings":
        """Settings from the environment, overridden by any flag that was given (not None)."""
        env = os.environ if env is None else env
        settings = cls(
            home=Path(env.get("TWITCHQA_HOME", cls.home)),
            corpus=Path(env.get("TWITCHQA_CORPUS", cls.corpus)),
            host=env.get("TWITCHQA_HOST", cls.host),
            port=int(env.get("TWITCHQA_PORT", cls.port)),
        )
        given = {key: value for key, value in flags.items() if value is not None}
        if "home" in given:
            given["home"] = Path(given["home"])
        if "corpus" in given:
            given["corpus"] = Path(given["corpus"])
        return replace(settings, **given)
