"""A fake OpenAI-compatible chat server on 127.0.0.1 (standard library only), for the written-answer tests.

It speaks the real protocol (`GET /v1/models`, `POST /v1/chat/completions`, JSON or server-sent events
when the request says `"stream": true`) and answers from a script: a function of the request body
returning what to do, one of

    {"text": "..."}                      a completion (finish_reason "stop", or "finish": "length")
    {"status": 500, "body": "..."}       an HTTP error
    {"raw": b"..."}                      a 200 whose body is whatever is given (malformed replies)
    {"hang": 30}                         say nothing for that many seconds
    {"runaway": True}                    stream (or return) text that never stops

Every request body is kept in `requests`, so a test can read the prompt and the token limits sent.
"""
from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL = "fake-writer-1"


class FakeServer:
    def __init__(self, script=None):
        self.script = script or (lambda body: {"text": "Nothing to say."})
        self.requests: list[dict] = []
        self.headers: list[dict] = []  # each request's headers (lower-case names)
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                if self.path.rstrip("/").endswith("/models"):
                    self.send_json({"object": "list", "data": [{"id": MODEL, "object": "model", "owned_by": "test"}]})
                else:
                    self.send_json({"error": {"message": "not found"}}, 404)

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                server.requests.append(body)
                server.headers.append({k.lower(): v for k, v in self.headers.items()})
                if not self.path.endswith("/chat/completions"):
                    return self.send_json({"error": {"message": "not found"}}, 404)
                action = server.script(body)
                if "hang" in action:
                    time.sleep(action["hang"])
                    return self.close_quietly()
                if "status" in action:
                    return self.send_json({"error": {"message": action.get("body", "server error")}}, action["status"])
                if "raw" in action:
                    return self.send_bytes(action["raw"], "application/json")
                if body.get("stream"):
                    return self.stream(action)
                text = "twitch " * 100_000 if action.get("runaway") else action["text"]
                self.send_json(completion(text, action.get("finish", "length" if action.get("runaway") else "stop")))

            def stream(self, action):
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    if action.get("runaway"):  # a server that ignores max_tokens: it never says stop
                        for _ in range(100_000):
                            self.event(chunk("twitch "))
                        return
                    for piece in re.findall(r"\S+\s*", action["text"]) or [""]:
                        self.event(chunk(piece))
                        time.sleep(action.get("pause", 0))
                    self.event(chunk("", action.get("finish", "stop")))
                    self.wfile.write(b"data: [DONE]\n\n")
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading, as it should for a runaway
                finally:
                    self.close_connection = True

            def event(self, payload: dict):
                self.wfile.write(f"data: {json.dumps(payload)}\n\n".encode())
                self.wfile.flush()

            def send_json(self, payload: dict, status: int = 200):
                self.send_bytes(json.dumps(payload).encode(), "application/json", status)

            def send_bytes(self, data: bytes, kind: str, status: int = 200):
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def close_quietly(self):
                self.close_connection = True

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "FakeServer":
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def completion(text: str, finish: str = "stop") -> dict:
    return {"id": "chatcmpl-1", "object": "chat.completion", "created": int(time.time()), "model": MODEL,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}}


def chunk(text: str, finish: str | None = None) -> dict:
    return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": int(time.time()), "model": MODEL,
            "choices": [{"index": 0, "delta": {"content": text} if text or finish is None else {},
                         "finish_reason": finish}]}


def passages(body: dict) -> dict[int, str]:
    """n -> passage text, read from the prompt the bot sent (what a real model would read)."""
    prompt = "\n".join(m["content"] for m in body["messages"] if isinstance(m.get("content"), str))
    return {int(n): text for n, text in re.findall(r'<passage n="(\d+)">(.*?)</passage>', prompt)}


def cite(body: dict, words: str) -> int:
    """The number of the passage containing `words` (so a script cites correctly whatever the order)."""
    for n, text in passages(body).items():
        if words.lower() in text.lower():
            return n
    raise AssertionError(f"no passage given contains {words!r}: {passages(body)}")
