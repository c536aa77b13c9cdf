"""Fetch one URL like a careful citizen: conditional GET, hard limits, no private addresses.

Every hop of a fetch is resolved once, each address is checked against the policy, and the
connection is made to that checked address (the host name only travels in the Host header and
TLS SNI/certificate check), so a DNS answer that changes between check and connect cannot
send us into the private network. Redirects are followed here, hop by hop, never by requests.

Failures raise `FetchError(kind, message)`; the caller counts them per source.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import TimeoutError as Urllib3TimeoutError
from urllib3.util import connection as urllib3_connection

from calendar_service.config import ConfigError, Settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[IPAddress]]

FetchErrorKind = Literal[
    "scheme", "url", "dns", "private_address", "timeout", "too_large", "http_status",
    "too_many_redirects", "connection", "tls", "encoding",
]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK_BYTES = 16_384
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, "
    "text/html;q=0.8, */*;q=0.5"
)
# IPv6 prefixes that carry an IPv4 address a gateway may forward to (RFC 6052 NAT64).
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class FetchError(Exception):
    """A fetch failed. `kind` is stable (for counting); `message` is for people."""

    def __init__(
        self, kind: FetchErrorKind, message: str, *, status: int | None = None,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class FetchResult:
    status: Literal["ok", "not_modified"]
    url: str  # after redirects
    body: bytes  # content-decoded (gzip undone), not charset-decoded; b"" when not modified
    content_type: str | None  # media type only, lowercased: "application/rss+xml"
    encoding: str | None  # the charset parameter of Content-Type, if any
    etag: str | None
    last_modified: str | None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))


def system_resolve(host: str, port: int) -> list[IPAddress]:
    """All addresses the system resolver gives for host, in its order, without duplicates."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    seen: dict[IPAddress, None] = {}
    for _family, _type, _proto, _name, sockaddr in infos:
        seen[ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])] = None
    return list(seen)


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    connect_timeout: float = 10.0
    read_timeout: float = 10.0  # longest silence between two received bytes
    total_timeout: float = 30.0  # the whole fetch, redirects and trickling servers included
    max_body_bytes: int = 5_000_000  # applies to received and to decoded bytes
    max_redirects: int = 5
    user_agent: str = "calendar-service/0.1"
    allowed_hosts: frozenset[str] = frozenset()  # host names allowed although private
    allowed_networks: tuple[IPNetwork, ...] = ()  # addresses allowed although private
    resolve: Resolver = system_resolve
    ca_file: str | None = None  # trust this CA bundle instead of the system's (private PKI)

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchPolicy:
        timeout = settings.fetch_timeout_seconds
        hosts, networks = parse_allow_list(settings.allow_private_hosts)
        return cls(
            connect_timeout=timeout,
            read_timeout=timeout,
            total_timeout=3 * timeout,
            max_body_bytes=settings.fetch_max_body_bytes,
            max_redirects=settings.fetch_max_redirects,
            user_agent=settings.user_agent,
            allowed_hosts=hosts,
            allowed_networks=networks,
        )

    @classmethod
    def allowing(cls, *entries: str, **changes: object) -> FetchPolicy:
        """A policy whose private-address allow list is `entries` (hosts or CIDR blocks)."""
        hosts, networks = parse_allow_list(entries)
        return cls(allowed_hosts=hosts, allowed_networks=networks, **changes)  # type: ignore[arg-type]


def parse_allow_list(entries: Iterable[str]) -> tuple[frozenset[str], tuple[IPNetwork, ...]]:
    """Split 'allow_private_hosts' into host names and networks; a bad entry is a ConfigError."""
    hosts: set[str] = set()
    networks: list[IPNetwork] = []
    for raw in entries:
        entry = raw.strip().lower()
        try:
            networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            continue
        except ValueError:
            pass
        name = entry.rstrip(".")
        if not name or any(not (c.isalnum() or c in "-._") for c in name) or name[0] == ".":
            raise ConfigError(
                f"setting 'fetch.allow_private_hosts' has an entry that is neither a host name "
                f"nor an address or CIDR block: {raw!r}"
            )
        hosts.add(name)
    return frozenset(hosts), tuple(networks)


def is_public_address(ip: IPAddress) -> bool:
    """True for addresses on the public internet; False for private, loopback, link-local,
    multicast, reserved, unspecified and shared ones, also when wrapped in IPv6."""
    embedded = _embedded_ipv4(ip)
    if embedded is not None:
        return is_public_address(embedded)
    return ip.is_global and not (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
        or ip.is_reserved or ip.is_unspecified
    )


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    if isinstance(ip, ipaddress.IPv4Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def permitted_addresses(host: str, port: int, policy: FetchPolicy) -> list[IPAddress]:
    """Resolve host once and keep the addresses the policy lets us connect to.

    Raises FetchError("private_address") when none is left, naming what was refused.
    """
    name = _normal_host(host)
    try:
        addresses = [ipaddress.ip_address(name)]
    except ValueError:
        try:
            addresses = list(policy.resolve(name, port))
        except (OSError, UnicodeError) as exc:
            raise FetchError("dns", f"cannot resolve host {name!r}: {exc}") from None
    if not addresses:
        raise FetchError("dns", f"host {name!r} resolves to no address")
    allowed = [ip for ip in addresses if _address_allowed(name, ip, policy)]
    if not allowed:
        shown = ", ".join(str(ip) for ip in addresses)
        what = name if shown == name else f"{name} (resolves to {shown})"
        raise FetchError(
            "private_address",
            f"refusing {what}: not a public address; allow it in fetch.allow_private_hosts "
            "if intended",
        )
    # Connect to an IPv4-mapped address as plain IPv4: the check above judged that address.
    return [_embedded_ipv4(ip) if _is_mapped(ip) else ip for ip in allowed]  # type: ignore[misc]


def _is_mapped(ip: IPAddress) -> bool:
    return isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None


def _address_allowed(host: str, ip: IPAddress, policy: FetchPolicy) -> bool:
    if is_public_address(ip) or host in policy.allowed_hosts:
        return True
    candidates = [ip] + ([ip.ipv4_mapped] if _is_mapped(ip) else [])  # type: ignore[union-attr]
    return any(
        c.version == net.version and c in net for c in candidates for net in policy.allowed_networks
    )


def _normal_host(host: str) -> str:
    return host.strip("[]").lower().rstrip(".")


# --- connecting to the checked address ---------------------------------------------------


class _Pins:
    """(host, port) -> the checked addresses connections to it must use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._table: dict[tuple[str, int], tuple[IPAddress, ...]] = {}

    def set(self, host: str, port: int, addresses: Sequence[IPAddress]) -> None:
        with self._lock:
            self._table[(_normal_host(host), port)] = tuple(addresses)

    def get(self, host: str, port: int) -> tuple[IPAddress, ...]:
        with self._lock:
            return self._table.get((_normal_host(host), port), ())


class _PinnedConnectionMixin:
    """Connects to the pinned addresses of its host instead of resolving the name again.

    Only `_new_conn` changes, so the Host header, SNI and certificate checks still use the name.
    """

    _pins: _Pins
    host: str
    port: int
    timeout: float
    source_address: tuple[str, int] | None
    socket_options: object

    def _new_conn(self) -> socket.socket:
        addresses = self._pins.get(self.host, self.port)
        if not addresses:  # never resolve here: that would bypass the address check
            raise NewConnectionError(self, f"no checked address for {self.host}:{self.port}")  # type: ignore[arg-type]
        error: OSError | None = None
        for ip in addresses:
            try:
                return urllib3_connection.create_connection(
                    (str(ip), self.port), self.timeout, source_address=self.source_address,
                    socket_options=self.socket_options,  # type: ignore[arg-type]
                )
            except OSError as exc:  # try the next checked address
                error = exc
        if isinstance(error, TimeoutError):
            raise ConnectTimeoutError(self, f"connection to {self.host} timed out")
        raise NewConnectionError(self, f"failed to connect to {self.host}: {error}")  # type: ignore[arg-type]

    def connect(self) -> None:
        _watch_current_connection(self)
        super().connect()  # type: ignore[misc]

    def request(self, *args: object, **kwargs: object) -> None:
        _watch_current_connection(self)
        super().request(*args, **kwargs)  # type: ignore[misc]


class PinnedAdapter(HTTPAdapter):
    """A requests adapter whose connections only go to addresses `fetch` checked."""

    def __init__(self) -> None:
        self.pins = _Pins()
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        super().init_poolmanager(*args, **kwargs)  # type: ignore[arg-type]
        pins = self.pins
        http_conn = type("PinnedHTTPConnection", (_PinnedConnectionMixin, HTTPConnection),
                         {"_pins": pins})
        https_conn = type("PinnedHTTPSConnection", (_PinnedConnectionMixin, HTTPSConnection),
                          {"_pins": pins})
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("PinnedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn}),
            "https": type("PinnedHTTPSPool", (HTTPSConnectionPool,),
                          {"ConnectionCls": https_conn}),
        }

    def __getstate__(self) -> dict[str, object]:
        raise TypeError("PinnedAdapter cannot be pickled")


def new_session() -> requests.Session:
    """A session for `fetch(session=...)`: pinned connections, no proxies or .netrc from env."""
    session = requests.Session()
    session.trust_env = False
    adapter = PinnedAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


# --- the overall deadline ----------------------------------------------------------------


class _Deadline:
    """Ends the fetch when time is up, even inside a blocking read of a trickling server:
    the sockets of the connections in use are shut down, which wakes the blocked read."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expires = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._connections: list[object] = []
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        _local.deadline = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _local.deadline = None

    def watch(self, connection: object) -> None:
        with self._lock:
            self._connections.append(connection)
            fired = self.expired
        if fired:
            _shutdown(connection)

    def check(self) -> None:
        if self.expired or time.monotonic() >= self.expires:
            self.expired = True
            raise self.error()

    def error(self) -> FetchError:
        return FetchError("timeout", f"fetch took longer than {self.seconds:g} s")

    def _fire(self) -> None:
        with self._lock:
            self.expired = True
            connections = list(self._connections)
        for connection in connections:
            _shutdown(connection)


_local = threading.local()


def _watch_current_connection(connection: object) -> None:
    deadline: _Deadline | None = getattr(_local, "deadline", None)
    if deadline is not None:
        deadline.watch(connection)


def _shutdown(connection: object) -> None:
    sock = getattr(connection, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed
            sock.shutdown(socket.SHUT_RDWR)


# --- fetching ----------------------------------------------------------------------------


def fetch(
    url: str, *, policy: FetchPolicy, etag: str | None = None, last_modified: str | None = None,
    session: requests.Session | None = None,
) -> FetchResult:
    """GET url with the policy's limits; 304 gives status "not_modified" and no body."""
    own_session = session is None
    active = new_session() if session is None else session
    adapters = {active.get_adapter(p) for p in ("http://", "https://")}
    if not all(isinstance(a, PinnedAdapter) for a in adapters):
        raise TypeError("fetch() needs a session made by new_session()")
    headers = {"User-Agent": policy.user_agent, "Accept": ACCEPT,
               "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with _Deadline(policy.total_timeout) as deadline:
            return _follow(url, policy, headers, active, deadline, etag, last_modified)
    finally:
        if own_session:
            active.close()


def _follow(
    url: str, policy: FetchPolicy, headers: dict[str, str], session: requests.Session,
    deadline: _Deadline, etag: str | None, last_modified: str | None,
) -> FetchResult:
    visited = [url]
    while True:
        response = _request(url, policy, headers, session, deadline)
        with response:
            location = response.headers.get("Location")
            if response.status_code in REDIRECT_STATUSES and location:
                url = _next_hop(url, location, visited, policy)
                continue
            if response.status_code == 304:
                return FetchResult(
                    "not_modified", url, b"", None, None,
                    response.headers.get("ETag", etag),
                    response.headers.get("Last-Modified", last_modified),
                )
            if not 200 <= response.status_code < 300:
                raise _status_error(url, response)
            body = _read_body(response, policy, deadline)
            media_type, charset = _parse_content_type(response.headers.get("Content-Type"))
            return FetchResult(
                "ok", url, body, media_type, charset,
                response.headers.get("ETag"), response.headers.get("Last-Modified"),
            )


def _next_hop(url: str, location: str, visited: list[str], policy: FetchPolicy) -> str:
    target = urljoin(url, location.strip())
    if target in visited:
        chain = " -> ".join([*visited, target])
        raise FetchError("too_many_redirects", f"redirect loop: {chain}")
    if len(visited) > policy.max_redirects:
        raise FetchError(
            "too_many_redirects",
            f"more than {policy.max_redirects} redirects starting at {visited[0]}",
        )
    visited.append(target)
    return target


def _request(
    url: str, policy: FetchPolicy, headers: dict[str, str], session: requests.Session,
    deadline: _Deadline,
) -> requests.Response:
    """Check the URL and its addresses, pin them, and send the GET (headers only)."""
    try:
        prepared = requests.Request("GET", url, headers=headers).prepare()
    except (requests.exceptions.MissingSchema, requests.exceptions.InvalidSchema):
        raise FetchError("scheme", f"only http and https URLs are fetched, not {url!r}") from None
    except (requests.exceptions.InvalidURL, ValueError) as exc:
        raise FetchError("url", f"bad URL {url!r}: {exc}") from None
    parts = urlsplit(prepared.url or "")
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError("scheme", f"only http and https URLs are fetched, not {url!r}")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise FetchError("url", f"bad port in {url!r}") from None
    if not parts.hostname:
        raise FetchError("url", f"no host in {url!r}")
    addresses = permitted_addresses(parts.hostname, port, policy)
    adapter = session.get_adapter(prepared.url or url)
    assert isinstance(adapter, PinnedAdapter)
    adapter.pins.set(parts.hostname, port, addresses)
    deadline.check()
    try:
        return session.send(
            prepared, stream=True, allow_redirects=False, verify=policy.ca_file or True,
            timeout=(policy.connect_timeout, policy.read_timeout),
        )
    except requests.exceptions.InvalidURL as exc:
        raise FetchError("url", f"bad URL {url!r}: {exc}") from None
    except requests.exceptions.SSLError as exc:
        raise FetchError("tls", f"TLS failure with {parts.hostname}: {exc}") from None
    except requests.exceptions.ConnectTimeout:
        raise FetchError(
            "timeout", f"no connection to {parts.hostname} within {policy.connect_timeout:g} s"
        ) from None
    except requests.exceptions.ReadTimeout:
        raise FetchError(
            "timeout", f"{parts.hostname} sent no response within {policy.read_timeout:g} s"
        ) from None
    except (requests.exceptions.RequestException, Urllib3Error, OSError) as exc:
        if deadline.expired:
            raise deadline.error() from None
        raise FetchError("connection", f"request to {url} failed: {exc}") from None


def _status_error(url: str, response: requests.Response) -> FetchError:
    retry_after = response.headers.get("Retry-After", "")
    return FetchError(
        "http_status", f"HTTP {response.status_code} {response.reason or ''} from {url}".strip(),
        status=response.status_code,
        retry_after=int(retry_after) if retry_after.isdigit() else None,
    )


def _read_body(response: requests.Response, policy: FetchPolicy, deadline: _Deadline) -> bytes:
    """Stream the body, undoing gzip/deflate, stopping as soon as a limit is passed."""
    limit = policy.max_body_bytes
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(
            "too_large", f"Content-Length {declared} exceeds the limit of {limit} bytes"
        )
    decoder = _ContentDecoder(response.headers.get("Content-Encoding", ""), limit)
    received = 0
    raw = response.raw
    # read1 returns what one receive gave, so the deadline is checked between small reads.
    read = getattr(raw, "read1", None) or raw.read
    try:
        while True:
            deadline.check()
            chunk = read(CHUNK_BYTES, decode_content=False)
            if not chunk:
                break
            received += len(chunk)
            if received > limit:
                raise FetchError("too_large", f"body exceeds the limit of {limit} bytes")
            decoder.feed(chunk)
    except (Urllib3Error, OSError) as exc:
        if deadline.expired:
            raise deadline.error() from None
        if isinstance(exc, TimeoutError | Urllib3TimeoutError):
            raise FetchError(
                "timeout", f"body stalled for more than {policy.read_timeout:g} s"
            ) from None
        raise FetchError("connection", f"body of {response.url} broke off: {exc}") from None
    return decoder.finish()


class _ContentDecoder:
    """Undo Content-Encoding with a bound on the decoded size (a gzip bomb stops early)."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        coding = content_encoding.strip().lower()
        if coding in ("", "identity"):
            self._wbits: int | None = None
        elif coding in ("gzip", "x-gzip"):
            self._wbits = 16 + zlib.MAX_WBITS
        elif coding == "deflate":
            self._wbits = zlib.MAX_WBITS  # zlib-wrapped; raw deflate is tried on failure
        else:
            raise FetchError("encoding", f"unsupported Content-Encoding {content_encoding!r}")
        self._coding = coding
        self._limit = limit
        self._parts: list[bytes] = []
        self._size = 0
        self._fed = False
        self._inflater = zlib.decompressobj(self._wbits) if self._wbits else None

    def feed(self, data: bytes) -> None:
        self._fed = True
        if self._inflater is None:
            self._add(data)
            return
        try:
            self._inflate(data)
        except zlib.error as exc:
            if self._coding == "deflate" and self._size == 0 and self._wbits == zlib.MAX_WBITS:
                self._wbits = -zlib.MAX_WBITS
                self._inflater = zlib.decompressobj(self._wbits)
                self.feed(data)
                return
            raise FetchError("encoding", f"corrupt {self._coding} body: {exc}") from None

    def _inflate(self, data: bytes) -> None:
        assert self._inflater is not None
        while data:
            out = self._inflater.decompress(data, self._limit - self._size + 1)
            self._add(out)
            data = self._inflater.unconsumed_tail
            if self._inflater.eof and self._inflater.unused_data:  # another gzip member
                data = self._inflater.unused_data
                self._inflater = zlib.decompressobj(self._wbits or zlib.MAX_WBITS)
            elif not out and data:
                break

    def _add(self, data: bytes) -> None:
        self._size += len(data)
        if self._size > self._limit:
            raise FetchError(
                "too_large", f"decoded body exceeds the limit of {self._limit} bytes"
            )
        if data:
            self._parts.append(data)

    def finish(self) -> bytes:
        if self._inflater is not None and self._fed and not self._inflater.eof:
            raise FetchError("encoding", f"truncated {self._coding} body")
        return b"".join(self._parts)


def _parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    media, *params = value.split(";")
    charset = None
    for param in params:
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'").lower()
    return media.strip().lower() or None, charset
