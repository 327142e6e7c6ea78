"""`twitchqa serve`: the web UI, once the address it is to listen on is known to work."""
from __future__ import annotations

import errno
import socket

from ingest.errors import TwitchqaError
from ui.cli_bot import build_settings, open_bot


def cmd_serve(args) -> int:
    from ui.app import launch

    settings = build_settings(args)
    check_address(settings.host, settings.port)  # before the model loads: a bad address fails fast
    launch(open_bot(settings, args), settings)
    return 0


def check_address(host: str, port: int) -> None:
    """TwitchqaError naming the fix when `serve` could not listen on host:port and reach itself there."""
    fix = "pass --host/--port or set TWITCHQA_HOST/TWITCHQA_PORT"
    if host.startswith("[") and host.endswith("]"):  # `--host [::1]`, as an address is written in a URL
        host = host[1:-1]
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
