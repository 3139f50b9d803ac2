"""The password gate of a shared deployment (DASHBOARD_PASSWORD), at the server, in front of every route.

Streamlit's own check runs inside a page's session, so without this a visitor who never signed in could still
upload files (`PUT /_stcore/upload_file/…`), fetch downloads (`/media/…`), read `/_stcore/metrics` and open the
page's WebSocket. Here every HTTP request and WebSocket needs a signed cookie; the sign-in page is the only thing
served without one (and `/_stcore/health`, which says only "ok"). The cookie holds an expiry and its HMAC under a
key derived from the password and a secret made at start-up: a restart or a new password signs everyone out.
Failed sign-ins are limited per client address.
"""
from __future__ import annotations

import hashlib
import hmac
import html
import os
import secrets
import time
from urllib.parse import parse_qs

COOKIE = "dashboard_session"
SESSION_SECONDS = 12 * 3600  # a working day: then the analyst signs in again
SIGN_IN_PATH = "/_dashboard/sign-in"
OPEN_PATHS = frozenset({SIGN_IN_PATH, "/_stcore/health"})
FAILURES_ALLOWED = 5  # wrong passwords from one address within FAILURE_WINDOW_SECONDS before it must wait
FAILURE_WINDOW_SECONDS = 300
MAX_FORM_BYTES = 4096  # a sign-in form is a password field, nothing more
_START_SECRET = secrets.token_bytes(32)


def _key(password: str) -> bytes:
    return hashlib.sha256(_START_SECRET + password.encode("utf-8")).digest()


def session_cookie(password: str, now: float | None = None) -> str:
    expiry = str(int((time.time() if now is None else now) + SESSION_SECONDS))
    return f"{expiry}.{hmac.new(_key(password), expiry.encode(), 'sha256').hexdigest()}"


def cookie_ok(value: str | None, password: str, now: float | None = None) -> bool:
    """Whether a cookie value was signed for this password by this server, and has not expired."""
    expiry, _, mac = (value or "").partition(".")
    if not expiry.isdigit() or int(expiry) < (time.time() if now is None else now):
        return False
    return hmac.compare_digest(mac, hmac.new(_key(password), expiry.encode(), "sha256").hexdigest())


def _cookie_of(headers) -> str | None:
    for name, value in headers:
        if name.lower() == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, v = part.strip().partition("=")
                if key == COOKIE:
                    return v
    return None


def _page(message: str = "") -> bytes:
    note = f'<p class="note">{html.escape(message)}</p>' if message else ""
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>Sign in · تسجيل الدخول</title>
<style>body{{font-family:sans-serif;max-width:26rem;margin:4rem auto}}input{{font-size:1rem;padding:.4rem}}
.note{{color:#a00}}</style></head><body><h1>Arabic news dashboard · لوحة الأخبار</h1>{note}
<form method="post" action="{SIGN_IN_PATH}"><label>Password · كلمة المرور<br>
<input type="password" name="password" autofocus required></label> <button type="submit">Sign in · دخول</button>
</form></body></html>""".encode("utf-8")


async def _respond(send, status: int, body: bytes, headers: list[tuple[bytes, bytes]] = ()):
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/html; charset=utf-8" if body.startswith(b"<!doctype")
                             else b"text/plain; charset=utf-8"), (b"cache-control", b"no-store"), *headers]})
    await send({"type": "http.response.body", "body": body})


class PasswordGate:
    """ASGI middleware: with DASHBOARD_PASSWORD set, every route but OPEN_PATHS needs a valid session cookie.
    A page request without one gets the sign-in page; anything else 401; a WebSocket is closed before it opens."""

    def __init__(self, app, password: str | None = None):
        self.app = app
        self.password = password if password is not None else os.environ.get("DASHBOARD_PASSWORD", "")
        self.failures: dict[str, list[float]] = {}

    async def __call__(self, scope, receive, send):
        if not self.password or scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        if cookie_ok(_cookie_of(scope.get("headers", [])), self.password):
            return await self.app(scope, receive, send)
        if scope["type"] == "websocket":
            return await send({"type": "websocket.close", "code": 1008})
        if path == SIGN_IN_PATH and scope["method"] == "POST":
            return await self._sign_in(scope, receive, send)
        if path in OPEN_PATHS:
            if path == SIGN_IN_PATH:
                return await _respond(send, 200, _page())
            return await self.app(scope, receive, send)
        if scope["method"] == "GET" and not path.startswith(("/_stcore/", "/media/", "/static/", "/component/")):
            return await _respond(send, 200, _page())
        return await _respond(send, 401, b"sign in first\n")

    async def _sign_in(self, scope, receive, send):
        client = (scope.get("client") or ("?", 0))[0]
        now = time.time()
        recent = [t for t in self.failures.get(client, []) if now - t < FAILURE_WINDOW_SECONDS]
        self.failures[client] = recent
        if len(recent) >= FAILURES_ALLOWED:
            wait = int(FAILURE_WINDOW_SECONDS - (now - recent[0])) + 1
            return await _respond(send, 429, _page(f"Too many wrong passwords: wait {wait} s · محاولات كثيرة"),
                                  [(b"retry-after", str(wait).encode())])
        body, more = b"", True
        while more and len(body) <= MAX_FORM_BYTES:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False) and message["type"] == "http.request"
        given = parse_qs(body[:MAX_FORM_BYTES].decode("utf-8", "replace")).get("password", [""])[0]
        if hmac.compare_digest(given.encode("utf-8"), self.password.encode("utf-8")):
            secure = any(k == b"x-forwarded-proto" and v == b"https" for k, v in scope.get("headers", []))
            cookie = f"{COOKIE}={session_cookie(self.password)}; Path=/; HttpOnly; SameSite=Strict; " \
                     f"Max-Age={SESSION_SECONDS}" + ("; Secure" if secure else "")
            return await _respond(send, 303, b"", [(b"location", b"/"), (b"set-cookie", cookie.encode())])
        recent.append(now)
        return await _respond(send, 401, _page("Wrong password · كلمة المرور غير صحيحة"))
