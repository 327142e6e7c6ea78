"""One line for a request the web server can't read (`twitchqa serve`), in the shape of the API's other errors.

Malformed JSON sent to the API got FastAPI's validation detail: a list of objects with `type`, `loc`, `msg`,
`input` and `ctx` (drill29), which a client has to take apart to learn that its JSON was broken. The status stays
422; the detail is now one line saying what is wrong and what the endpoint takes. A body sent with another content
type (text/plain, a form) gets 415 and a line naming the header to send.
"""
from __future__ import annotations

EXPECTED = 'send JSON like {"data": ["QUESTION", HISTORY]} (HISTORY optional: a list of {"role", "content"} messages)'


def describe(errors: list[dict]) -> str:
    """One line for FastAPI's validation errors (the first one; a broken body has one).

    >>> describe([{"type": "json_invalid", "loc": ("body", 1), "msg": "JSON decode error",
    ...            "ctx": {"error": "Expecting property name enclosed in double quotes"}}])[:101]
    'the request body is not valid JSON (Expecting property name enclosed in double quotes at character 1)'
    >>> describe([{"type": "missing", "loc": ("body", "data"), "msg": "Field required"}])[:56]
    'the request body does not fit: body.data: Field required'
    >>> describe([{"type": "missing", "loc": ("body",), "msg": "Field required"}])[:42]
    'the request body is empty: send JSON like '
    """
    if not errors:
        return f"the request could not be read: {EXPECTED}"
    first = errors[0]
    where = [str(part) for part in first.get("loc", ())]
    if first.get("type") == "json_invalid":
        reason = (first.get("ctx") or {}).get("error", "JSON decode error")
        at = f" at character {where[1]}" if len(where) > 1 else ""
        return f"the request body is not valid JSON ({reason}{at}): {EXPECTED}"
    if first.get("type") == "missing" and where == ["body"]:
        return f"the request body is empty: {EXPECTED}"
    message = " ".join(str(first.get("msg", "invalid")).split())
    return f"the request body does not fit: {'.'.join(where) or 'body'}: {message}: {EXPECTED}"


def not_json(content_type: str | None) -> str | None:
    """The line for a body sent as something other than JSON, or None when its content type is JSON.

    A JSON body sent as text/plain or a form (curl's -d) got "the request body does not fit: body: Input should be a
    valid dictionary or object to extract fields from: …" (drill42), which says nothing of the header that was wrong.

    >>> not_json("text/plain; charset=utf-8").split(": send")[0]
    'the request must be JSON with the header "Content-Type: application/json" (this one was text/plain)'
    >>> not_json(None).split(": send")[0]
    'the request must be JSON with the header "Content-Type: application/json" (it had none)'
    >>> not_json("application/json; charset=utf-8") is None, not_json("application/vnd.api+json") is None
    (True, True)
    """
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind == "application/json" or (kind.startswith("application/") and kind.endswith("+json")):
        return None
    had = f"this one was {kind}" if kind else "it had none"
    return f'the request must be JSON with the header "Content-Type: application/json" ({had}): {EXPECTED}'


async def unreadable(request, exc):
    """FastAPI's handler for RequestValidationError: {"detail": one line}, 422; 415 for a body that isn't sent as
    JSON (its content type says so)."""
    from fastapi.responses import JSONResponse

    wrong_type = not_json(request.headers.get("content-type"))
    if wrong_type is not None:
        return JSONResponse({"detail": wrong_type}, status_code=415)
    return JSONResponse({"detail": describe(exc.errors())}, status_code=422)


def handlers() -> dict:
    """The exception handlers `TwitchqaBlocks.launch` gives the app."""
    from fastapi.exceptions import RequestValidationError

    return {RequestValidationError: unreadable}
