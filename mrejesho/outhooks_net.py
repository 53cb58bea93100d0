"""The network side of webhooks out, guarded against server-side request forgery.

An institution's manager types the URL, so it may point anywhere: at the database, at the
cloud's metadata service (169.254.169.254), at an admin page on the private network. So a
URL is https in production (http is allowed in development and tests); its host is resolved
here, and every address it resolves to must be a public (global unicast) one: private,
loopback, link-local, multicast, reserved, unspecified and shared addresses are refused,
IPv4-mapped IPv6 included. The connection then goes to the very address that was checked
(the host name is kept for the Host header and TLS), so a second DNS answer cannot swap in
another. Redirects are never followed, each step waits at most TIMEOUT seconds, and at most
MAX_RESPONSE bytes of the answer are read. Loopback is allowed only where the setting
WEBHOOK_OUT_ALLOW_LOOPBACK is on (the tests' own receiver); nothing else is ever allowed.
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

TIMEOUT = 3.0  # seconds to connect, and for each read
MAX_RESPONSE = 4096  # bytes of the receiver's answer read at most
URL_MAX = 254  # the outbox's address column


class Refused(ValueError):
    """The URL may not be called; the message says why (kept as the row's last error)."""


def check_url(url: str, *, https_only: bool) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of an acceptable URL, or Refused."""
    if not url or len(url) > URL_MAX or any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise Refused("not a URL")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise Refused("not a URL") from exc
    allowed = ("https",) if https_only else ("https", "http")
    if parts.scheme not in allowed:
        raise Refused("the URL must start with https://" if https_only
                      else "the URL must start with https:// or http://")
    if not parts.hostname or parts.username is not None or parts.password is not None:
        raise Refused("the URL needs a host and no user name or password")
    port = port or (443 if parts.scheme == "https" else 80)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.scheme, parts.hostname, port, path


def resolve(host: str, port: int, *, allow_loopback: bool) -> str:
    """The first address of host when every address it resolves to may be called, else
    Refused (a name with one private address among public ones is refused)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise Refused(f"cannot resolve {host}") from exc
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise Refused(f"cannot resolve {host}")
    for address in addresses:
        if not allowed(address, allow_loopback=allow_loopback):
            raise Refused(f"{host} resolves to a refused address ({address})")
    return addresses[0]


def allowed(address: str, *, allow_loopback: bool = False) -> bool:
    """Whether an IP address may be called: a global unicast one (or loopback when
    allow_loopback)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return allow_loopback
    return ip.is_global and not (ip.is_multicast or ip.is_private or ip.is_link_local
                                 or ip.is_reserved or ip.is_unspecified)


class _Pinned(http.client.HTTPConnection):
    """An HTTP connection to an address already checked, whatever the host name says."""

    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedTLS(_Pinned):
    """The same over TLS, the certificate checked against the host name."""

    def connect(self):
        super().connect()
        context = ssl.create_default_context()
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str], *, https_only: bool,
         allow_loopback: bool, timeout: float = TIMEOUT) -> tuple[int, bytes]:
    """POST body to url through the guard; returns (status, at most MAX_RESPONSE bytes of
    the answer). Refused for a URL or address that may not be called; OSError (timeouts
    included) and http.client.HTTPException when the exchange fails."""
    scheme, host, port, path = check_url(url, https_only=https_only)
    address = resolve(host, port, allow_loopback=allow_loopback)
    kind = _PinnedTLS if scheme == "https" else _Pinned
    connection = kind(host, port, address, timeout)
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read(MAX_RESPONSE)
    finally:
        connection.close()
