"""The dashboard as an ASGI app: `streamlit run dashboard/ui/server.py` serves app.py with one addition,
headers that forbid other sites to frame it (a framed dashboard can be clickjacked: a click inside a frame
removed an article). Streamlit's own server sets no such header and has no option for one; st.App takes
middleware, so the rule lives here rather than in every deployment's proxy."""
from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

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


app = st.App(str(APP_SCRIPT), middleware=[Middleware(FrameGuard)])
