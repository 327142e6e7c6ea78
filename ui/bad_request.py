"""One line for a request the web server can't read (`twitchqa serve`), in the shape of the API's other errors.

Malformed JSON sent to the API got FastAPI's validation detail: a list of objects with `type`, `loc`, `msg`,
`input` and `ctx` (drill29), which a client has to take apart to learn that its JSON was broken. The status stays
422; the detail is now one line saying what is wrong and what the endpoint takes.
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


async def unreadable(request, exc):
    """FastAPI's handler for RequestValidationError: 422 with {"detail": one line}."""
    from fastapi.responses import JSONResponse

    return JSONResponse({"detail": describe(exc.errors())}, status_code=422)


def handlers() -> dict:
    """The exception handlers `TwitchqaBlocks.launch` gives the app."""
    from fastapi.exceptions import RequestValidationError

    return {RequestValidationError: unreadable}
