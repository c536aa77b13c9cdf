"""Fixtures for ingestion tests.

- ``http_server``: a real HTTP/1.0 server on 127.0.0.1 (a ThreadingHTTPServer in a thread) with
  per-test routes: ``http_server.add(path, body, status=..., headers=...)`` for fixed answers,
  ``http_server.add(path, handler=fn)`` where ``fn(request_handler)`` writes the answer itself
  (streaming, hanging, trickling), ``http_server.redirect(path, location)``. Every request is
  recorded in ``http_server.requests`` (path and headers). ``http_server.stop`` is set at
  teardown so hanging handlers end.
- ``https_server``: the same over TLS, with ``tls_certificate`` (self-signed, for the name
  ``feed.example``, made by the openssl CLI) whose ``cert_file`` a client must trust.
- ``connect_log``: the addresses this process called ``socket.connect`` with during the test
  (through a ``sys.audit`` hook), to prove a refused address was never connected to.
"""

from __future__ import annotations

import contextlib
import ssl
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

RouteHandler = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]


@dataclass
class _Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    handler: RouteHandler | None = None


class LoopbackServer:
    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.routes: dict[str, _Route] = {}
        self.requests: list[RecordedRequest] = []
        self.stop = threading.Event()
        self.scheme = "https" if tls else "http"
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self._httpd.daemon_threads = True
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def add(
        self, path: str, body: bytes = b"", *, status: int = 200,
        headers: dict[str, str] | None = None, handler: RouteHandler | None = None,
    ) -> str:
        self.routes[path] = _Route(status, body, dict(headers or {}), handler)
        return self.url(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        return self.add(path, status=status, headers={"Location": location})

    def paths_requested(self) -> list[str]:
        return [r.path for r in self.requests]

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self.stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)


def _make_handler(server: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.requests.append(RecordedRequest(self.path, dict(self.headers.items())))
            route = server.routes.get(self.path.split("?", 1)[0])
            if route is None:
                self.send_error(404)
                return
            if route.handler is not None:
                # The client hanging up mid-answer is what fault tests expect.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    route.handler(self)
                return
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if "Content-Length" not in route.headers:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def http_server() -> Iterator[LoopbackServer]:
    server = LoopbackServer()
    server.start()
    try:
        yield server
    finally:
        server.close()


@dataclass(frozen=True)
class Certificate:
    host: str
    cert_file: str  # self-signed: also the CA file a client must trust
    key_file: str


@pytest.fixture(scope="session")
def tls_certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    """A self-signed certificate for the name feed.example, made with the openssl CLI."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "2", "-subj", "/CN=feed.example",
         "-addext", "subjectAltName=DNS:feed.example", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=30,
    )
    return Certificate("feed.example", str(cert), str(key))


@pytest.fixture
def https_server(tls_certificate: Certificate) -> Iterator[LoopbackServer]:
    """Like http_server, over TLS with the certificate of feed.example."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tls_certificate.cert_file, tls_certificate.key_file)
    server = LoopbackServer(tls=context)
    server.start()
    try:
        yield server
    finally:
        server.close()


_connect_log: list[object] | None = None
_hook_installed = False


def _audit(event: str, args: tuple[object, ...]) -> None:
    log = _connect_log
    if log is not None and event == "socket.connect":
        log.append(args[1])


@pytest.fixture
def connect_log() -> Iterator[list[object]]:
    """Addresses passed to socket.connect by this process while the test runs."""
    global _connect_log, _hook_installed
    if not _hook_installed:  # audit hooks cannot be removed: install one, switch it on and off
        sys.addaudithook(_audit)
        _hook_installed = True
    log: list[object] = []
    _connect_log = log
    try:
        yield log
    finally:
        _connect_log = None
