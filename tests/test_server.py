"""The ASGI additions of dashboard/ui/server.py, driven without a network: frame headers on every response, and
an upload's too-long file name shortened with the body's length kept right."""
import asyncio

from dashboard.ui.server import KEPT_NAME_CHARS, FrameGuard, LongNameGuard, shorten_filename


def run(middleware, scope, body_chunks):
    """Send `body_chunks` through `middleware` to an app that records what it received; returns (scope, body,
    response headers)."""
    seen = {}

    async def app(scope, receive, send):
        parts, more = [], True
        while more:
            m = await receive()
            parts.append(m.get("body", b""))
            more = m.get("more_body", False)
        seen["scope"], seen["body"] = scope, b"".join(parts)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    messages = [{"type": "http.request", "body": c, "more_body": i < len(body_chunks) - 1}
                for i, c in enumerate(body_chunks)]
    sent = []

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    asyncio.run(middleware(app)(scope, receive, send))
    return seen["scope"], seen["body"], dict(sent[0]["headers"])


def upload(name: str) -> bytes:
    return (f'--b\r\nContent-Disposition: form-data; name="{name}"; filename="{name}"\r\n'
            f"Content-Type: text/plain\r\n\r\n").encode() + "نص المقالة".encode() + b"\r\n--b--\r\n"


def test_frame_headers_are_added():
    _, _, headers = run(FrameGuard, {"type": "http", "method": "GET", "path": "/", "headers": []}, [b""])
    assert headers[b"content-security-policy"] == b"frame-ancestors 'self'" and headers[b"x-frame-options"] == b"SAMEORIGIN"


def test_a_long_upload_name_is_shortened_and_the_length_follows():
    body = upload("مقال-" + "ا" * 5000 + ".txt")
    scope = {"type": "http", "method": "PUT", "path": "/_stcore/upload_file/s/1",
             "headers": [(b"content-length", str(len(body)).encode())]}
    seen_scope, seen_body, _ = run(LongNameGuard, scope, [body[:3000], body[3000:]])
    assert len(seen_body) < 1000 and seen_body.endswith("نص المقالة".encode() + b"\r\n--b--\r\n")
    assert dict(seen_scope["headers"])[b"content-length"] == str(len(seen_body)).encode()
    for param in (b' name="', b'filename="'):  # the uploader sends the name twice
        name = seen_body.split(param)[1].split(b'"')[0].decode()
        assert name.endswith("….txt") and len(name) == KEPT_NAME_CHARS + len("….txt")


def test_an_ordinary_upload_passes_unchanged():
    body = upload("article.txt")
    scope = {"type": "http", "method": "PUT", "path": "/_stcore/upload_file/s/1",
             "headers": [(b"content-length", str(len(body)).encode())]}
    assert run(LongNameGuard, scope, [body])[1] == body
    assert shorten_filename(b'filename="a.txt"') == b'filename="a.txt"'


def gate(path, method="GET", cookie=None, body=b"", kind="http", client="10.0.0.1", password="s3cret"):
    """One request through PasswordGate: (status or websocket close code, headers, body, whether the app ran)."""
    from dashboard.ui.auth import PasswordGate

    ran = []

    async def app(scope, receive, send):
        ran.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"app"})

    headers = [(b"cookie", f"dashboard_session={cookie}".encode())] if cookie else []
    scope = {"type": kind, "method": method, "path": path, "headers": headers, "client": (client, 5000)}
    sent = []

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        sent.append(message)

    middleware = gate.cache.setdefault(password, PasswordGate(app, password))
    middleware.app = app
    asyncio.run(middleware(scope, receive, send))
    first = sent[0]
    if first["type"] == "websocket.close":
        return first["code"], {}, b"", bool(ran)
    return first["status"], dict(first["headers"]), b"".join(m.get("body", b"") for m in sent[1:]), bool(ran)


gate.cache = {}


def test_without_the_password_every_door_is_closed():
    """A session that never signed in could upload (PUT /_stcore/upload_file), fetch /media downloads, read
    /_stcore/metrics and open the page's WebSocket."""
    for path, method in (("/_stcore/upload_file/s/1", "PUT"), ("/media/abc.csv", "GET"), ("/_stcore/metrics", "GET"),
                         ("/static/js/main.js", "GET")):
        status, _, _, ran = gate(path, method)
        assert (status, ran) == (401, False), path
    assert gate("/_stcore/stream", kind="websocket")[0] == 1008
    status, _, page, ran = gate("/")
    assert status == 200 and not ran and b'name="password"' in page
    assert gate("/_stcore/health")[3]  # says only "ok", for a proxy's probe


def test_signing_in_gives_a_cookie_that_opens_them():
    status, headers, _, _ = gate("/_dashboard/sign-in", "POST", body=b"password=s3cret", client="10.0.0.2")
    assert status == 303 and headers[b"location"] == b"/"
    cookie = headers[b"set-cookie"].decode().split(";")[0].split("=", 1)[1]
    assert "HttpOnly" in headers[b"set-cookie"].decode() and "SameSite=Strict" in headers[b"set-cookie"].decode()
    assert gate("/media/abc.csv", cookie=cookie)[3] and gate("/_stcore/stream", kind="websocket", cookie=cookie)[3]
    forged = cookie.split(".")[0] + "." + "0" * 64
    assert gate("/media/abc.csv", cookie=forged)[0] == 401
    assert gate("/media/abc.csv", cookie=cookie, password="other")[0] == 401  # a new password signs everyone out


def test_wrong_passwords_are_limited_per_address():
    from dashboard.ui.auth import FAILURES_ALLOWED, cookie_ok, session_cookie

    for _ in range(FAILURES_ALLOWED):
        assert gate("/_dashboard/sign-in", "POST", body=b"password=guess", client="10.0.0.3")[0] == 401
    status, headers, _, _ = gate("/_dashboard/sign-in", "POST", body=b"password=s3cret", client="10.0.0.3")
    assert status == 429 and int(headers[b"retry-after"]) > 0  # even the right one waits
    assert gate("/_dashboard/sign-in", "POST", body=b"password=s3cret", client="10.0.0.4")[0] == 303
    assert not cookie_ok(session_cookie("s3cret", now=0), "s3cret")  # expired
