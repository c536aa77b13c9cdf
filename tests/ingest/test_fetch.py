"""fetch() against a real HTTP server on 127.0.0.1: the good path and every fault we guard."""

from __future__ import annotations

import gzip
import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING

import pytest
import requests

from calendar_service.config import ConfigError, Settings
from calendar_service.ingest.fetch import (
    FetchError,
    FetchPolicy,
    IPAddress,
    fetch,
    is_public_address,
    new_session,
    parse_allow_list,
)

if TYPE_CHECKING:
    from conftest import Certificate, LoopbackServer  # tests/ingest/conftest.py

LIMIT = 1_000_000


def policy(*allowed: str, **changes: object) -> FetchPolicy:
    """Short timeouts so a fault costs at most a second or two."""
    settings: dict[str, object] = {
        "connect_timeout": 1.0, "read_timeout": 0.5, "total_timeout": 1.5,
        "max_body_bytes": LIMIT, "max_redirects": 3, "user_agent": "calendar-service/test",
    }
    settings.update(changes)
    return FetchPolicy.allowing(*allowed, **settings)


LOCAL = policy("127.0.0.1")


def fetch_error(url: str, pol: FetchPolicy = LOCAL, **kwargs: object) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetch(url, policy=pol, **kwargs)  # type: ignore[arg-type]
    return caught.value


def connected_hosts(log: list[object]) -> set[str]:
    return {str(address[0]) for address in log if isinstance(address, tuple)}


# --- the good path ---------------------------------------------------------------------


def test_ok_returns_body_type_charset_validators_and_sends_our_user_agent(
    http_server: LoopbackServer,
) -> None:
    url = http_server.add("/feed", b"<rss/>", headers={
        "Content-Type": "application/rss+xml; charset=Windows-1251",
        "ETag": '"v1"', "Last-Modified": "Sat, 01 Jun 2024 10:00:00 GMT",
    })
    result = fetch(url, policy=LOCAL)
    assert (result.status, result.url, result.body) == ("ok", url, b"<rss/>")
    assert (result.content_type, result.encoding) == ("application/rss+xml", "windows-1251")
    assert (result.etag, result.last_modified) == ('"v1"', "Sat, 01 Jun 2024 10:00:00 GMT")
    sent = http_server.requests[0].headers
    assert sent["User-Agent"] == "calendar-service/test"
    assert "If-None-Match" not in sent and "If-Modified-Since" not in sent


def test_gzip_body_is_decoded(http_server: LoopbackServer) -> None:
    text = b"<p>summit</p>" * 5000
    url = http_server.add("/gz", gzip.compress(text), headers={"Content-Encoding": "gzip"})
    assert fetch(url, policy=LOCAL).body == text


@pytest.mark.parametrize("wbits", [zlib.MAX_WBITS, -zlib.MAX_WBITS], ids=["zlib", "raw"])
def test_deflate_body_is_decoded_in_both_wire_forms(
    http_server: LoopbackServer, wbits: int
) -> None:
    text = b"talks in Beijing " * 3000
    packer = zlib.compressobj(wbits=wbits)
    url = http_server.add("/deflate", packer.compress(text) + packer.flush(),
                          headers={"Content-Encoding": "deflate"})
    assert fetch(url, policy=LOCAL).body == text


def _chunked(handler: BaseHTTPRequestHandler, parts: list[bytes]) -> None:
    handler.wfile.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n"
                        b"Connection: close\r\n\r\n")
    for part in parts:
        handler.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
    handler.wfile.write(b"0\r\n\r\n")


def test_a_chunked_body_is_read_and_counted(http_server: LoopbackServer) -> None:
    url = http_server.add("/chunked", handler=lambda h: _chunked(h, [b"hello ", b"world"]))
    assert fetch(url, policy=LOCAL).body == b"hello world"
    big = http_server.add("/chunked-big", handler=lambda h: _chunked(h, [b"x" * 65536] * 40))
    assert fetch_error(big).kind == "too_large"


def test_a_body_shorter_than_its_content_length_is_a_connection_error(
    http_server: LoopbackServer,
) -> None:
    url = http_server.add("/short", b"only this", headers={"Content-Length": "1000"})
    error = fetch_error(url)
    assert error.kind == "connection" and "broke off" in error.message


def test_redirects_within_the_limit_are_followed_and_final_url_reported(
    http_server: LoopbackServer,
) -> None:
    http_server.redirect("/old", "/older", status=301)
    http_server.redirect("/older", http_server.url("/new"), status=308)
    final = http_server.add("/new", b"here")
    result = fetch(http_server.url("/old"), policy=LOCAL)
    assert (result.url, result.body) == (final, b"here")


def test_a_session_can_be_reused_but_only_one_made_by_new_session(
    http_server: LoopbackServer,
) -> None:
    url = http_server.add("/x", b"x")
    with new_session() as session:
        assert fetch(url, policy=LOCAL, session=session).body == b"x"
        assert fetch(url, policy=LOCAL, session=session).body == b"x"
    with requests.Session() as plain, pytest.raises(TypeError, match="new_session"):
        fetch(url, policy=LOCAL, session=plain)


# --- conditional GET -------------------------------------------------------------------


def _conditional(handler: BaseHTTPRequestHandler) -> None:
    fresh = (handler.headers.get("If-None-Match") == '"v7"'
             or handler.headers.get("If-Modified-Since") == "Sun, 02 Jun 2024 08:00:00 GMT")
    if fresh:
        handler.send_response(304)
        handler.send_header("ETag", '"v7"')
        handler.end_headers()
        return
    body = b"<rss version='2.0'><channel/></rss>"
    handler.send_response(200)
    handler.send_header("ETag", '"v7"')
    handler.send_header("Last-Modified", "Sun, 02 Jun 2024 08:00:00 GMT")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def test_conditional_get_with_etag_gives_not_modified(http_server: LoopbackServer) -> None:
    url = http_server.add("/cond", handler=_conditional)
    first = fetch(url, policy=LOCAL)
    assert first.status == "ok" and first.body
    again = fetch(url, policy=LOCAL, etag=first.etag)
    assert (again.status, again.body, again.etag) == ("not_modified", b"", '"v7"')
    assert http_server.requests[1].headers["If-None-Match"] == '"v7"'


def test_conditional_get_with_last_modified_gives_not_modified(
    http_server: LoopbackServer,
) -> None:
    url = http_server.add("/cond", handler=_conditional)
    again = fetch(url, policy=LOCAL, last_modified="Sun, 02 Jun 2024 08:00:00 GMT")
    assert again.status == "not_modified"
    assert again.last_modified == "Sun, 02 Jun 2024 08:00:00 GMT"  # kept from the caller
    changed = fetch(url, policy=LOCAL, etag='"v6"')
    assert changed.status == "ok" and changed.etag == '"v7"'


# --- faults: status, time, size --------------------------------------------------------


def test_500_is_an_http_status_error(http_server: LoopbackServer) -> None:
    url = http_server.add("/broken", b"oops", status=500)
    error = fetch_error(url)
    assert (error.kind, error.status) == ("http_status", 500)
    assert "500" in error.message and url in error.message


def test_503_reports_retry_after(http_server: LoopbackServer) -> None:
    url = http_server.add("/busy", status=503, headers={"Retry-After": "120"})
    error = fetch_error(url)
    assert (error.kind, error.status, error.retry_after) == ("http_status", 503, 120)


def _silent_after_headers(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    handler.wfile.flush()
    handler.server_stop.wait(10)  # type: ignore[attr-defined]


def _silent(handler: BaseHTTPRequestHandler) -> None:
    handler.server_stop.wait(10)  # type: ignore[attr-defined]


def _with_stop(server: LoopbackServer, fn):  # type: ignore[no-untyped-def]
    def handler(h: BaseHTTPRequestHandler) -> None:
        h.server_stop = server.stop  # type: ignore[attr-defined]
        fn(h)
    return handler


@pytest.mark.parametrize("behaviour", [_silent, _silent_after_headers],
                         ids=["no-response", "headers-then-silence"])
def test_a_hanging_server_times_out(http_server: LoopbackServer, behaviour) -> None:  # type: ignore[no-untyped-def]
    url = http_server.add("/hang", handler=_with_stop(http_server, behaviour))
    started = time.monotonic()
    error = fetch_error(url)
    elapsed = time.monotonic() - started
    assert error.kind == "timeout"
    assert elapsed < 1.4  # the read timeout (0.5 s) fired, not the overall deadline


def _trickle_body(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.end_headers()
    while not handler.server_stop.is_set():  # type: ignore[attr-defined]
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(0.1)


def _trickle_headers(handler: BaseHTTPRequestHandler) -> None:
    handler.wfile.write(b"HTTP/1.0 200 OK\r\n")
    for i in range(1000):
        if handler.server_stop.is_set():  # type: ignore[attr-defined]
            return
        handler.wfile.write(f"X-Slow-{i}: y\r\n".encode())
        handler.wfile.flush()
        time.sleep(0.1)


@pytest.mark.parametrize("behaviour", [_trickle_body, _trickle_headers],
                         ids=["body", "headers"])
def test_a_trickling_server_is_cut_off_at_the_overall_deadline(
    http_server: LoopbackServer, behaviour,  # type: ignore[no-untyped-def]
) -> None:
    url = http_server.add("/trickle", handler=_with_stop(http_server, behaviour))
    started = time.monotonic()
    error = fetch_error(url)
    elapsed = time.monotonic() - started
    assert error.kind == "timeout" and "1.5 s" in error.message
    assert 1.4 < elapsed < 3.0  # each byte came within the read timeout; the deadline ended it


class _Streamer:
    """Sends `total` bytes in 64 KiB chunks and records how many went out before we hung up."""

    def __init__(self, total: int, *, declare_length: bool) -> None:
        self.total, self.declare_length = total, declare_length
        self.sent = 0
        self.done = threading.Event()

    def __call__(self, handler: BaseHTTPRequestHandler) -> None:
        chunk = b"a" * 65536
        try:
            handler.send_response(200)
            if self.declare_length:
                handler.send_header("Content-Length", str(self.total))
            handler.end_headers()
            while self.sent < self.total:
                handler.wfile.write(chunk)
                self.sent += len(chunk)
        finally:
            self.done.set()


@pytest.mark.parametrize("declare_length", [False, True], ids=["streamed", "content-length"])
def test_a_50_mb_body_is_refused_early(
    http_server: LoopbackServer, declare_length: bool
) -> None:
    streamer = _Streamer(50 * 1024 * 1024, declare_length=declare_length)
    url = http_server.add("/huge", handler=streamer)
    error = fetch_error(url)
    assert error.kind == "too_large"
    assert ("Content-Length" in error.message) == declare_length
    assert streamer.done.wait(5)
    # We hung up long before the end: what went out is the limit plus socket buffers.
    assert streamer.sent < 20 * 1024 * 1024


def test_a_gzip_bomb_stops_at_the_decoded_limit(http_server: LoopbackServer) -> None:
    packer = zlib.compressobj(wbits=16 + zlib.MAX_WBITS)
    zeros = bytes(1024 * 1024)
    bomb = b"".join(packer.compress(zeros) for _ in range(50)) + packer.flush()
    assert len(bomb) < LIMIT  # small on the wire: only the decoded size can catch it
    url = http_server.add("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    error = fetch_error(url)
    assert error.kind == "too_large" and "decoded" in error.message


def test_a_truncated_gzip_body_is_an_encoding_error(http_server: LoopbackServer) -> None:
    packed = gzip.compress(b"visit " * 10000)
    url = http_server.add("/cut", packed[: len(packed) // 2], headers={"Content-Encoding": "gzip"})
    assert fetch_error(url).kind == "encoding"


def test_unknown_content_encoding_is_refused(http_server: LoopbackServer) -> None:
    url = http_server.add("/br", b"\x0b\x02\x80", headers={"Content-Encoding": "br"})
    error = fetch_error(url)
    assert error.kind == "encoding" and "br" in error.message


def test_a_server_that_never_accepts_gives_a_connect_timeout() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)  # never accepted: once the queue is full, new SYNs are dropped
        port = listener.getsockname()[1]
        fillers = [socket.socket() for _ in range(3)]
        try:
            for filler in fillers:
                filler.setblocking(False)
                filler.connect_ex(("127.0.0.1", port))
            time.sleep(0.1)
            started = time.monotonic()
            error = fetch_error(f"http://127.0.0.1:{port}/")
            assert error.kind == "timeout" and "no connection" in error.message
            assert time.monotonic() - started < 1.4  # the connect timeout, 1 s
        finally:
            for filler in fillers:
                filler.close()


def test_a_shared_session_recovers_after_a_fault(http_server: LoopbackServer) -> None:
    http_server.add("/flaky", handler=_with_stop(http_server, _silent_after_headers))
    with new_session() as session:
        assert fetch_error(http_server.url("/flaky"), session=session).kind == "timeout"
        boom = http_server.add("/boom", status=500)
        assert fetch_error(boom, session=session).kind == "http_status"
        http_server.add("/flaky", b"good again")
        result = fetch(http_server.url("/flaky"), policy=LOCAL, session=session)
    assert result.body == b"good again"


def test_connection_refused_is_a_connection_error(http_server: LoopbackServer) -> None:
    with socket.socket() as probe:  # a port nobody listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert fetch_error(f"http://127.0.0.1:{port}/").kind == "connection"


# --- faults: redirects -----------------------------------------------------------------


def test_a_redirect_loop_is_stopped(http_server: LoopbackServer) -> None:
    http_server.redirect("/a", "/b")
    http_server.redirect("/b", "/a")
    error = fetch_error(http_server.url("/a"))
    assert error.kind == "too_many_redirects" and "loop" in error.message
    assert http_server.paths_requested() == ["/a", "/b"]


def test_redirects_past_the_limit_are_refused(http_server: LoopbackServer) -> None:
    for i in range(10):
        http_server.redirect(f"/hop{i}", f"/hop{i + 1}")
    error = fetch_error(http_server.url("/hop0"))  # the policy allows 3 redirects
    assert error.kind == "too_many_redirects"
    assert http_server.paths_requested() == ["/hop0", "/hop1", "/hop2", "/hop3"]


@pytest.mark.parametrize("target", [
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.1/admin",
    "http://[::ffff:10.0.0.1]/",
    "http://[fe80::1]/",
])
def test_a_redirect_to_a_private_address_is_refused_without_connecting(
    http_server: LoopbackServer, connect_log: list[object], target: str
) -> None:
    url = http_server.redirect("/go", target)
    error = fetch_error(url)
    assert error.kind == "private_address"
    assert connected_hosts(connect_log) == {"127.0.0.1"}  # only our own server


def test_a_redirect_to_a_file_url_is_refused(http_server: LoopbackServer) -> None:
    url = http_server.redirect("/go", "file:///etc/passwd")
    assert fetch_error(url).kind == "scheme"


# --- faults: schemes and addresses -----------------------------------------------------


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "ftp://127.0.0.1/feed.xml", "gopher://127.0.0.1/", "data:,hello",
    "127.0.0.1/feed.xml",
])
def test_only_http_and_https_are_fetched(url: str, connect_log: list[object]) -> None:
    error = fetch_error(url)
    assert error.kind == "scheme"
    assert connect_log == []


@pytest.mark.parametrize("url", [
    "http://[::ffff:10.0.0.1]/", "http://[::ffff:127.0.0.1]:1/", "http://[::1]/",
    "http://0.0.0.0/", "http://169.254.169.254/", "http://224.0.0.1/",
])
def test_private_literal_addresses_are_refused_without_connecting(
    url: str, connect_log: list[object]
) -> None:
    error = fetch_error(url, policy())
    assert error.kind == "private_address"
    assert connect_log == []


def test_localhost_is_resolved_and_checked(
    http_server: LoopbackServer, connect_log: list[object]
) -> None:
    http_server.add("/x", b"x")
    url = f"http://localhost:{http_server.port}/x"
    assert fetch_error(url, policy()).kind == "private_address"  # nothing allowed
    assert connect_log == []
    assert fetch(url, policy=policy("127.0.0.1")).body == b"x"  # its address is allowed
    assert fetch(url, policy=policy("localhost")).body == b"x"  # its name is allowed
    assert connected_hosts(connect_log) <= {"127.0.0.1", "::1"}
    assert http_server.requests[0].headers["Host"] == f"localhost:{http_server.port}"


def test_a_cidr_block_allows_only_its_addresses(
    http_server: LoopbackServer, connect_log: list[object]
) -> None:
    url = http_server.add("/x", b"x")
    assert fetch(url, policy=policy("127.0.0.0/8")).body == b"x"
    assert fetch_error(url, policy("10.0.0.0/8")).kind == "private_address"


class _Resolver:
    """A DNS whose answers we script: the seam a rebinding attacker would use."""

    def __init__(self, *answers: str) -> None:
        self.answers = [ipaddress.ip_address(a) for a in answers]
        self.calls: list[str] = []

    def __call__(self, host: str, port: int) -> Sequence[IPAddress]:
        self.calls.append(host)
        return [self.answers[min(len(self.calls), len(self.answers)) - 1]]


def test_the_connection_goes_to_the_checked_address_with_the_name_in_host(
    http_server: LoopbackServer, connect_log: list[object]
) -> None:
    http_server.add("/x", b"x")
    resolver = _Resolver("127.0.0.1")
    # feed.example does not exist in DNS: success proves nobody resolved it a second time.
    result = fetch(f"http://feed.example:{http_server.port}/x",
                   policy=policy("127.0.0.1", resolve=resolver))
    assert result.body == b"x" and resolver.calls == ["feed.example"]
    assert connect_log == [("127.0.0.1", http_server.port)]
    assert http_server.requests[0].headers["Host"] == f"feed.example:{http_server.port}"


def test_dns_rebinding_between_hops_is_caught(
    http_server: LoopbackServer, connect_log: list[object]
) -> None:
    http_server.redirect("/first", "/second")
    http_server.add("/second", b"secret")
    resolver = _Resolver("127.0.0.1", "10.0.0.1")  # the second answer points inside
    error = fetch_error(f"http://feed.example:{http_server.port}/first",
                        policy("127.0.0.1", resolve=resolver))
    assert error.kind == "private_address" and "10.0.0.1" in error.message
    assert resolver.calls == ["feed.example", "feed.example"]
    assert http_server.paths_requested() == ["/first"]


@pytest.mark.parametrize("host", ["2130706433", "0x7f.0.0.1", "017700000001", "127.1"])
def test_numeric_host_spellings_are_judged_by_the_address_they_resolve_to(
    host: str, connect_log: list[object]
) -> None:
    error = fetch_error(f"http://{host}/", policy())
    assert error.kind == "private_address" and "127.0.0.1" in error.message
    assert connect_log == []


@pytest.mark.parametrize("url", ["http://", "http://127.0.0.1:99999/", "http://[::1/"])
def test_malformed_urls_are_url_errors(url: str, connect_log: list[object]) -> None:
    assert fetch_error(url).kind == "url"
    assert connect_log == []


def test_an_unknown_host_is_a_dns_error() -> None:
    assert fetch_error("http://no-such-host.invalid/", policy()).kind == "dns"


# --- the address rules -----------------------------------------------------------------


@pytest.mark.parametrize("address", [
    "10.0.0.1", "172.16.5.4", "192.168.1.1", "127.0.0.1", "169.254.169.254", "0.0.0.0",
    "100.64.0.1", "224.0.0.1", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1",
    "fc00::1", "ff02::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
    "2002:a00:1::1", "64:ff9b::a00:1", "2001:db8::1",
])
def test_non_public_addresses(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", [
    "93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2002:808:808::1",
])
def test_public_addresses(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))


def test_allow_list_parses_hosts_and_networks_and_rejects_junk() -> None:
    hosts, networks = parse_allow_list(["127.0.0.1", "10.0.0.0/8", "LocalHost.", "::1"])
    assert hosts == {"localhost"}
    assert [str(n) for n in networks] == ["127.0.0.1/32", "10.0.0.0/8", "::1/128"]
    with pytest.raises(ConfigError, match="allow_private_hosts"):
        parse_allow_list(["http://10.0.0.1/"])


def test_policy_from_settings() -> None:
    settings = Settings(
        database_url="sqlite://", fetch_timeout_seconds=4.0, fetch_max_body_bytes=1234,
        fetch_max_redirects=2, user_agent="ua/1", allow_private_hosts=("127.0.0.1",),
    )
    pol = FetchPolicy.from_settings(settings)
    assert (pol.connect_timeout, pol.read_timeout, pol.total_timeout) == (4.0, 4.0, 12.0)
    assert (pol.max_body_bytes, pol.max_redirects, pol.user_agent) == (1234, 2, "ua/1")
    assert pol.allowed_networks == (ipaddress.ip_network("127.0.0.1/32"),)


# --- TLS with a pinned address ---------------------------------------------------------


def test_tls_verifies_the_name_while_connecting_to_the_pinned_address(
    https_server: LoopbackServer, tls_certificate: Certificate, connect_log: list[object]
) -> None:
    https_server.add("/feed", b"secure")
    port = https_server.port
    tls = {"ca_file": tls_certificate.cert_file}
    # Connected to 127.0.0.1, yet SNI and the certificate check used feed.example.
    good = fetch(f"https://feed.example:{port}/feed",
                 policy=policy("127.0.0.1", resolve=_Resolver("127.0.0.1"), **tls))
    assert good.body == b"secure"
    assert connected_hosts(connect_log) == {"127.0.0.1"}
    assert https_server.requests[0].headers["Host"] == f"feed.example:{port}"
    # The same address under another name: the certificate does not match, so no fetch.
    wrong_name = fetch_error(f"https://other.example:{port}/feed",
                             policy("127.0.0.1", resolve=_Resolver("127.0.0.1"), **tls))
    assert wrong_name.kind == "tls"
    # Without trusting the private CA, verification is on and fails.
    untrusted = fetch_error(f"https://feed.example:{port}/feed",
                            policy("127.0.0.1", resolve=_Resolver("127.0.0.1")))
    assert untrusted.kind == "tls"
    assert len(https_server.requests) == 1
