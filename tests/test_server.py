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
