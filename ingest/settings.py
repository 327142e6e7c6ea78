"""Run-time configuration, read once at the edge (flags and TWITCHQA_* variables).

Lookup order for each setting: command-line flag, then environment variable, then default.
- TWITCHQA_HOME    data directory (index, manifest, eval reports)   default: .twitchqa
- TWITCHQA_CORPUS  folder of article files                          default: corpus
- TWITCHQA_HOST    address `twitchqa serve` binds                   default: 127.0.0.1
- TWITCHQA_PORT    port `twitchqa serve` listens on                 default: 7860
- TWITCHQA_CHROMA_URL  a Chroma server holding the index (http://HOST:PORT)  default: none, Chroma embedded in the home
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from ingest.errors import SettingsError

MAX_QUESTION_CHARS = 1000


@dataclass(frozen=True)
class Settings:
    home: Path = Path(".twitchqa")
    corpus: Path = Path("corpus")
    host: str = "127.0.0.1"
    port: int = 7860
    chroma_url: str | None = None  # None: the index is an embedded Chroma in `home`

    @classmethod
    def from_env(cls, env=None, **flags) -> "Settings":
        """Settings from the environment, overridden by any flag that was given (not None)."""
        env = os.environ if env is None else env
        settings = cls(
            # an empty variable is unset, as for TWITCHQA_CHROMA_URL: `TWITCHQA_HOME=` put the index in the
            # folder `twitchqa` ran in (Path("") is "."), among the project's files (drill31)
            home=Path(env.get("TWITCHQA_HOME") or cls.home),
            corpus=Path(env.get("TWITCHQA_CORPUS") or cls.corpus),
            host=env.get("TWITCHQA_HOST", cls.host),
            port=port_number(env.get("TWITCHQA_PORT", cls.port), "TWITCHQA_PORT"),
            chroma_url=server_url(env.get("TWITCHQA_CHROMA_URL") or None, "TWITCHQA_CHROMA_URL"),
        )
        given = {key: value for key, value in flags.items() if value is not None}
        for flag in ("home", "corpus"):
            if flag in given and not str(given[flag]).strip():  # `--home ""`: an index written into the project folder
                raise SettingsError(f"--{flag} is empty: give a folder, or leave --{flag} out for the default")
        if "home" in given:
            given["home"] = Path(given["home"])
        if "corpus" in given:
            given["corpus"] = Path(given["corpus"])
        if "port" in given:
            given["port"] = port_number(given["port"], "--port")
        if "chroma_url" in given:
            given["chroma_url"] = server_url(given["chroma_url"] or None, "--chroma-url")
        settings = replace(settings, **given)
        check_home(settings.home)
        return settings


def port_number(value, source: str) -> int:
    """A TCP port from a flag or variable; SettingsError naming `source` otherwise.

    Example:

    >>> port_number("8080", "TWITCHQA_PORT")
    8080
    """
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 0 < port < 65536:
        raise SettingsError(f"{source} is {value!r}, not a port number: give a number from 1 to 65535, e.g. 7860")
    return port


def server_url(value: str | None, source: str) -> str | None:
    """A Chroma server's address as http(s)://HOST:PORT (no trailing slash); SettingsError naming `source` otherwise.

    Example:

    >>> server_url("http://10.0.0.5:8000/", "--chroma-url")
    'http://10.0.0.5:8000'
    """
    if value is None:
        return None
    fix = "give http://HOST:PORT, e.g. http://127.0.0.1:8000 (a server started with `chroma run`)"
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https"):
        raise SettingsError(f"{source} is {value!r}, not an http:// or https:// address: {fix}")
    try:
        port = parts.port
    except ValueError:
        port = -1
    if not parts.hostname or port == -1 or parts.path not in ("", "/") or parts.query or parts.fragment:
        raise SettingsError(f"{source} is {value!r}, not a server address: {fix}")
    return f"{parts.scheme}://{parts.netloc}"


def check_home(home: Path) -> None:
    """SettingsError when the data directory can't be a folder: it, or a folder above it, is a file; or when its
    path isn't UTF-8 (a Latin-1 folder name: Chroma's SQLite set-up ended the ingest in a traceback, drill28)."""
    try:
        str(home.absolute()).encode("utf-8")
    except UnicodeEncodeError:
        raise SettingsError(f"the data directory {home} has a path that is not UTF-8 text, which the index can't "
                            "open: set TWITCHQA_HOME (or --home) to a folder whose path is UTF-8") from None
    for path in (home, *home.parents):
        if path.exists():
            if not path.is_dir():
                where = "is a file" if path == home else f"lies under the file {path}"
                raise SettingsError(f"the data directory {home} {where}: set TWITCHQA_HOME (or --home) to a folder")
            return
