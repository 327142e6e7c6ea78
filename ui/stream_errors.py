"""Keep a handled error of an event stream out of the server's log, for `twitchqa serve`.

`GET /gradio_api/call/ask/EVENT_ID` with an id the queue doesn't hold: gradio (6.x) sends the client
`event: error` / `data: "404: Not Found"` and then re-raises its HTTPException inside the stream it has begun, which
starlette turns into "RuntimeError: Caught handled exception, but response already started" and some 80 lines of
traceback in the log, for every such request (drill42: anyone could flood the log). The client has had its answer;
this middleware ends the response and drops that error. Any other error, or one before the response began, passes
through untouched.
"""
from __future__ import annotations

from starlette.exceptions import HTTPException


class QuietHandledStreamErrors:
    """ASGI middleware: a stream already answered with an HTTP error is closed, not logged as a crash."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = finished = False

        async def watched(message):
            nonlocal started, finished
            started = started or message["type"] == "http.response.start"
            finished = finished or message["type"] == "http.response.body" and not message.get("more_body", False)
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except RuntimeError as exc:
            if not (started and isinstance(exc.__cause__, HTTPException)):
                raise
            if not finished:
                await send({"type": "http.response.body", "body": b"", "more_body": False})
