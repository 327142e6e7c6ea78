"""A cap on the size of a request's body, for `twitchqa serve`: a hostile or careless client can't make the
server hold a body of any size in memory.

A 300 MB question sent to the API grew the server from 0.85 to 1.48 GB resident, and it stayed there (drill29):
a few such requests at once would take the machine's memory. gradio caps uploaded files (max_file_size, 5 MB
here), not other bodies. The largest request the page or the API needs is a 5 MB question-file upload (multipart,
a little more); an API question is at most 1,000 characters with 20,000 of history (bot.request), ~130 KB.
"""
from __future__ import annotations

import json

from starlette.exceptions import HTTPException

MAX_BODY_BYTES = 8_000_000


def refusal(size: str, limit: int = MAX_BODY_BYTES) -> str:
    """The one line a client gets for a body over the limit."""
    return (f"the request body is {size}; the limit is {limit:,}: a question is at most 1,000 characters, "
            "an uploaded question file at most 5 MB")


class TooLarge(HTTPException):
    """The body read so far is over the limit (a chunked body, which announces no length).

    An HTTPException (413, with the line), not a bare exception: FastAPI reads the body inside the route and turned
    any other exception from receive() into its own 400 "There was an error parsing the body", a response already
    started, so a chunked 40 MB body never got this module's line (drill29). FastAPI re-raises an HTTPException
    from the body read, and its handler answers with the status and detail given here."""

    def __init__(self, limit: int):
        super().__init__(status_code=413, detail=refusal(f"over {limit:,} bytes", limit))


class BodyLimit:
    """ASGI middleware answering 413, with one line saying why, to a body over `limit` bytes."""

    def __init__(self, app, limit: int = MAX_BODY_BYTES):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        announced = dict(scope.get("headers") or []).get(b"content-length", b"")
        if announced.isdigit() and int(announced) > self.limit:
            return await self.refuse(send, f"{int(announced):,} bytes")
        received, started = 0, False

        async def counted():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise TooLarge(self.limit)
            return message

        async def watched(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except TooLarge:
            if not started:
                await self.refuse(send, f"over {self.limit:,} bytes")

    async def refuse(self, send, size: str) -> None:
        body = json.dumps({"detail": refusal(size, self.limit)}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
