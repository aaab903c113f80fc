"""The classroom server on a training-room network: the token guard and the absence of any route
that runs a visitor's code (no browser needed)."""
import http.client
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

BIN = Path(sys.executable).with_name("recovery")
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_classroom(*args, timeout: float = 240) -> tuple[subprocess.Popen, list[str]]:
    """Start ``recovery classroom ARGS``; return the process and the lines it printed up to 'Ctrl+C'."""
    proc = subprocess.Popen([str(BIN), "classroom", *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    lines, end = [], time.monotonic() + timeout
    while time.monotonic() < end:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            raise RuntimeError("recovery classroom stopped:\n" + "".join(lines))
        lines.append(line)
        if "Ctrl+C" in line:
            return proc, lines
    proc.kill()
    raise RuntimeError("recovery classroom did not start in time:\n" + "".join(lines))


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def open_server():
    port = free_port()
    proc, lines = start_classroom("--host", "0.0.0.0", "--port", str(port))
    token = re.search(r"token=([\w-]+)", "".join(lines)).group(1)
    yield port, token, "".join(lines)
    stop(proc)


def status(port: int, path: str, cookie: str | None = None, method: str = "GET", headers=None) -> int:
    """HTTP status of one request, following redirects (as a browser would)."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method, headers=headers or {})
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


def test_open_host_prints_the_token_link(open_server):
    port, token, printed = open_server
    assert f":{port}/?token={token}" in printed and len(token) >= 20
    assert "403" in printed


@pytest.mark.parametrize("path", ["/", "/paradox", "/iceberg", "/roleplay", "/roleplay?token=wrong",
                                  "/paradox/autoload.js?bokeh-autoload-element=x", "/paradox/metadata"])
def test_without_the_token_every_page_is_refused(open_server, path):
    port, _, _ = open_server
    assert status(port, path) == 403


def test_the_websocket_refuses_a_handshake_without_the_token(open_server):
    port, token, _ = open_server
    upgrade = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Origin": f"http://127.0.0.1:{port}"}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/paradox/ws", headers=upgrade)
    assert conn.getresponse().status == 403
    conn.close()


def test_with_the_token_the_pages_open_and_the_cookie_carries_it(open_server):
    port, token, _ = open_server
    request = urllib.request.Request(f"http://127.0.0.1:{port}/paradox?token={token}")
    with urllib.request.urlopen(request, timeout=120) as response:
        assert response.status == 200
        cookie = response.headers["Set-Cookie"].split(";")[0]
        assert "SameSite=Strict" in response.headers["Set-Cookie"] and "HttpOnly" in response.headers["Set-Cookie"]
    assert status(port, "/roleplay", cookie=cookie) == 200


@pytest.mark.parametrize("path", [
    "/api/kernels", "/api/kernels/1/channels", "/api/sessions", "/api/contents", "/api/terminals",
    "/terminals/websocket/1", "/notebooks/x.ipynb", "/lab", "/tree", "/edit/x.py", "/voila/render/x.ipynb",
    "/admin", "/rest/session_info", "/liveness", "/panel-preview/render/x.py"])
def test_no_route_runs_code_even_with_the_token(open_server, path):
    port, token, _ = open_server
    sep = "&" if "?" in path else "?"
    assert status(port, f"{path}{sep}token={token}") == 404
    assert status(port, f"{path}{sep}token={token}", method="POST") in (403, 404, 405)


def test_the_server_has_only_the_apps_pages_websockets_and_static_files():
    import panel as pn

    from recovery.classroom.app import pages
    from recovery.classroom.server import TokenAuth

    server = pn.serve(pages("en"), port=0, address="127.0.0.1", show=False, start=False, admin=False,
                      auth_provider=TokenAuth("x"))
    try:
        handlers = {rule.target.__name__ for rule in server._tornado.wildcard_router.rules}
    finally:
        server.stop()
    # page HTML, Bokeh's websocket (widget changes only), metadata, autoload script, the icon,
    # static JS/CSS and component resource files, the 403 page: nothing that takes code
    allowed = {"DocHandler", "WSHandler", "MetadataHandler", "AutoloadJsHandler", "IcoHandler", "StaticHandler",
               "MultiRootStaticHandler", "ComponentResourceHandler", "RootHandler", "_Denied"}
    assert handlers <= allowed, handlers - allowed
    assert {"DocHandler", "WSHandler", "_Denied"} <= handlers


def test_loopback_needs_no_token_and_refuses_other_origins():
    port = free_port()
    proc, lines = start_classroom("--port", str(port))
    try:
        assert "token" not in "".join(lines)
        assert status(port, "/iceberg") == 200
        upgrade = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
                   "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Origin": "http://evil.example"}
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", "/iceberg/ws", headers=upgrade)
        assert conn.getresponse().status == 403
        conn.close()
    finally:
        stop(proc)
