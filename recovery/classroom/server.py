"""Serving the classroom app safely on a training-room network.

On a loopback address (the default, 127.0.0.1) only the trainer's laptop can connect and no
token is asked. On any other address (``--host 0.0.0.0`` lets trainees join from their phones)
every page and the websocket need the token printed at start: given once in the URL
(``?token=...``), then kept in a same-site cookie. Requests without it are sent to ``/denied``,
which answers 403. The server has no admin page, no kernels, no notebooks and no terminals:
only the app's own pages, its websocket and its static JavaScript and CSS.

>>> needs_token("127.0.0.1"), needs_token("0.0.0.0")
(False, True)
"""
from __future__ import annotations

import ipaddress
import secrets
import socket

from bokeh.server.auth_provider import AuthProvider
from tornado.web import RequestHandler

__all__ = ["serve", "needs_token", "TokenAuth", "COOKIE"]

COOKIE = "recovery_classroom"


def needs_token(host: str) -> bool:
    """True unless ``host`` is a loopback address (or ``localhost``).

    Parameters
    ----------
    host : str
        The address the app listens on.

    Returns
    -------
    bool
        True unless ``host`` is a loopback address.

    Examples
    --------
    >>> needs_token("127.0.0.1"), needs_token("0.0.0.0")
    (False, True)
    """
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        raise ValueError(f"host = {host!r} is not an IP address; use 127.0.0.1 (this laptop only) or "
                         "0.0.0.0 (every network of this laptop, with a token)") from None


class _Denied(RequestHandler):
    def get(self):
        self.set_status(403)
        self.finish("403: this classroom needs the link with its token; ask the trainer for it.")


class TokenAuth(AuthProvider):
    """Bokeh auth hook: a visitor is let in with ``?token=TOKEN`` in the URL or the cookie set
    the first time they came with it."""

    def __init__(self, token: str):
        self._token = token
        super().__init__()

    @property
    def get_user(self):
        def user(handler):
            offered = handler.get_argument("token", None) or handler.get_cookie(COOKIE)
            if not offered or not secrets.compare_digest(offered, self._token):
                return None
            if handler.get_cookie(COOKIE) != self._token and not getattr(handler, "ws_connection", None):
                handler.set_cookie(COOKIE, self._token, httponly=True, samesite="Strict")
            return "trainee"
        return user

    @property
    def login_url(self):
        return "/denied"

    @property
    def login_handler(self):
        return _Denied


def _addresses() -> list[str]:
    """This machine's addresses others may reach it on (for the printed links)."""
    found = set()
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(info[4][0])
    except OSError:
        pass
    return sorted(a for a in found if not ipaddress.ip_address(a).is_loopback) or [socket.gethostname()]


def serve(lang: str = "en", port: int = 5006, host: str = "127.0.0.1", show: bool = False) -> None:
    """Start the classroom app and block until interrupted; prints the address to open.

    Parameters
    ----------
    lang : {'en', 'zh'}, default 'en'
        Language of every label.
    port : int, default 5006
        The port.
    host : str, default '127.0.0.1'
        The address to listen on; any but loopback needs a token.
    show : bool, default False
        Open a browser.

    Examples
    --------
    >>> serve("zh", port=5007)  # doctest: +SKIP
    """
    token = secrets.token_urlsafe(16) if needs_token(host) else None
    import panel as pn

    from recovery.classroom.app import pages, warm

    warm()
    options = {"address": host, "port": port, "show": False, "start": False, "admin": False,
               "title": "Service recovery classroom", "websocket_max_message_size": 2**20}
    if token is None:
        options["websocket_origin"] = [f"127.0.0.1:{port}", f"localhost:{port}"]
    else:
        # the websocket is guarded by the token cookie (same-site only), so any Host may connect
        options["websocket_origin"] = ["*"]
        options["auth_provider"] = TokenAuth(token)
    server = pn.serve(pages(lang), **options)
    query = f"?token={token}&lang={lang}" if token else f"?lang={lang}"
    where = ["127.0.0.1"] if token is None else ["127.0.0.1", *_addresses()]
    print("Service recovery classroom is running. Open:", flush=True)
    for address in where:
        print(f"  http://{address}:{server.port}/{query}", flush=True)
    if token:
        print("Trainees need the link with the token; without it every page answers 403.", flush=True)
    print("Stop with Ctrl+C.", flush=True)
    server.start()
    if show:
        server.io_loop.add_callback(server.show, "/")
    server.io_loop.start()
