"""A web server on 127.0.0.1 for the download tests: no network needed, every request counted.

    with Loopback({"/cat.png": Reply(png, kind="image/png")}) as server:
        nst.load_img(server.url("/cat.png"))
        assert server.hits["/cat.png"] == 1

A route is a path (the query string is ignored) mapped to a ``Reply``, or to a
function of the route's hit count that returns one (for a server that fails
once, then works). Any other path gets 404.
"""

from __future__ import annotations

import dataclasses
import http.server
import socket
import threading
from collections.abc import Callable
from urllib.parse import urlsplit


@dataclasses.dataclass
class Reply:
    """What the server answers: ``cut`` announces the whole body, sends a third and hangs up."""

    body: bytes = b""
    kind: str = "application/octet-stream"
    status: int = 200
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    delay_s: float = 0.0
    cut: bool = False


def redirect(to: str) -> Reply:
    return Reply(status=302, headers={"Location": to})


class Loopback:
    """Serves ``routes`` in a thread while the ``with`` block runs; ``hits`` counts requests per path."""

    def __init__(self, routes: dict[str, Reply | Callable[[int], Reply]]):
        self.routes, self.hits, self.stop = routes, {}, threading.Event()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep the test output quiet
                pass

            def do_GET(self):
                path = urlsplit(self.path).path
                server.hits[path] = server.hits.get(path, 0) + 1
                reply = server.routes.get(path, Reply(b"not found", "text/plain", 404))
                if callable(reply):
                    reply = reply(server.hits[path])
                if reply.delay_s:
                    server.stop.wait(reply.delay_s)  # returns at once when the server closes
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.kind)
                self.send_header("Content-Length", str(len(reply.body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(reply.body[: len(reply.body) // 3] if reply.cut else reply.body)
                if reply.cut:
                    self.wfile.flush()
                    self.close_connection = True

        class Quiet(http.server.ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):  # a client that gave up
                pass

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, route: str) -> str:
        return self.base + route

    def __enter__(self) -> Loopback:
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now (bound, noted, closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def closed_port_url(route: str = "/cat.jpg") -> str:
    """An address on 127.0.0.1 where nothing listens (connection refused)."""
    return f"http://127.0.0.1:{free_port()}{route}"


class Silent:
    """An address on 127.0.0.1 that takes connections and never answers, as a hung network does.

        with Silent() as silent:
            download(silent.url("/model.tar.gz"), timeout=0.5)   # DownloadError after 0.5 s
    """

    def __enter__(self) -> Silent:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)  # the kernel completes the handshake; nobody reads or writes
        self.base = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        return self

    def url(self, route: str) -> str:
        return self.base + route

    def __exit__(self, *exc):
        self.socket.close()
