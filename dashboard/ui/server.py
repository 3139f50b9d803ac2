"""The dashboard as an ASGI app: `streamlit run dashboard/ui/server.py` serves app.py with two additions
Streamlit's own server has no option for (st.App takes middleware, so they live here rather than in every
deployment's proxy):
- headers that forbid other sites to frame it (a framed dashboard can be clickjacked: a click inside a frame
  removed an article);
- upload file names shortened when they are too long for the multipart parser (a 5,000-character name was
  refused with a bare "400" and the file silently dropped);
- with DASHBOARD_PASSWORD set, the password gate in front of every route (auth.py)."""
from __future__ import annotations

import re
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from dashboard.ui.auth import PasswordGate

APP_SCRIPT = Path(__file__).resolve().parents[2] / "app.py"
FRAME_HEADERS = [  # frame-ancestors for current browsers, X-Frame-Options for old ones
    (b"content-security-policy", b"frame-ancestors 'self'"),
    (b"x-frame-options", b"SAMEORIGIN"),
]


class FrameGuard:
    """ASGI middleware adding FRAME_HEADERS to every HTTP response (WebSocket traffic passes untouched)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []), *(h for h in FRAME_HEADERS if h[0] not in names)]
            await send(message)

        return await self.app(scope, receive, send_with_headers)


UPLOAD_PATH = "/_stcore/upload_file/"
MAX_NAME_BYTES = 1_000  # python-multipart refuses a part-header line over 4,224 bytes; names are cut well below
KEPT_NAME_CHARS = 120  # characters of a too-long name kept (its extension is kept too)
MAX_BODY_BYTES = 21 * 2**20  # an upload body worth reading here: the 20 MB limit and the multipart framing
_NAME_PARAM = re.compile(rb'\b((?:file)?name)="([^"\r\n]*)"')  # Streamlit's uploader puts the name in both


def shorten_filename(header_block: bytes) -> bytes:
    """The part headers with a too-long name="…" or filename="…" cut to KEPT_NAME_CHARS characters, «…» and
    the extension."""
    def cut(m: re.Match) -> bytes:
        if len(m.group(2)) <= MAX_NAME_BYTES:
            return m.group(0)
        name = m.group(2).decode("utf-8", "replace")
        stem, dot, ext = name.rpartition(".")
        short = stem[:KEPT_NAME_CHARS] + "…" + dot + ext[:10] if dot else name[:KEPT_NAME_CHARS] + "…"
        return m.group(1) + b'="' + short.encode("utf-8") + b'"'
    return _NAME_PARAM.sub(cut, header_block)


class LongNameGuard:
    """ASGI middleware: an upload whose part headers carry a too-long file name is read, its name shortened
    (shorten_filename) and passed on with the right Content-Length; every other request passes untouched."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "PUT" or UPLOAD_PATH not in scope["path"]:
            return await self.app(scope, receive, send)
        chunks, size, more = [], 0, True
        while more and size <= MAX_BODY_BYTES:
            message = await receive()
            if message["type"] != "http.request":  # the client left: nothing to fix
                return await self.app(scope, _replay(b"", True, receive), send)
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if not more:
            head_end = body.find(b"\r\n\r\n", 0, 64 * 1024)
            if head_end > 0:
                fixed = shorten_filename(body[:head_end])
                if len(fixed) != head_end:
                    body = fixed + body[head_end:]
                    scope = dict(scope, headers=[(k, str(len(body)).encode() if k.lower() == b"content-length" else v)
                                                 for k, v in scope["headers"]])
        return await self.app(scope, _replay(body, more, receive), send)


def _replay(body: bytes, more: bool, receive):
    """A receive() that gives the `body` already read first, then hands over to the real one (the rest of the
    stream when `more`, else the client's eventual disconnect)."""
    sent = False

    async def replayed():
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": more}
    return replayed


app = st.App(str(APP_SCRIPT), middleware=[Middleware(FrameGuard), Middleware(PasswordGate), Middleware(LongNameGuard)])
