"""Which `Host` header values the dev server answers: this computer's names only (DNS rebinding).

A web page the writer visits can point its own domain at 127.0.0.1 and then read the preview (drafts
included) from script: the browser sends that domain as the Host. So a request is answered only when its
Host names this computer: `localhost` (and `*.localhost`, RFC 6761), a loopback address, the address given
with --host and, when listening on every interface, the machine's own host name and addresses.
Listing the addresses never asks DNS for more than the host name, and that only once, with a deadline.
"""

from __future__ import annotations

import ipaddress
import itertools
import socket
import threading
from dataclasses import dataclass

WILDCARD_HOSTS = ("0.0.0.0", "::", "")
LOOKUP_SECONDS = 1.0  # how long the one getaddrinfo of our own host name may take


@dataclass(frozen=True, slots=True)
class AllowedHosts:
    """The host names and addresses (lower case, no brackets, no trailing dot) a request may name."""

    names: frozenset[str]

    def allows(self, header: str | None) -> bool:
        """True if a Host header value ('localhost:8000', '[::1]:8000', 'LOCALHOST.') names this computer."""
        host = parse_host(header) if header is not None else None
        if host is None:
            return False
        return host in self.names or host == "localhost" or host.endswith(".localhost") or _is_loopback(host)


def parse_host(header: str) -> str | None:
    """The host part of a Host header, normalised ('[::1]:80' -> '::1'); None when it is malformed."""
    value = header.strip()
    if value.startswith("["):
        inside, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not _is_port(rest)):
            return None
        host = inside
    else:
        host, colon, port = value.partition(":")
        if colon and not _is_port(colon + port):
            return None
    return normalise(host) or None


def normalise(host: str) -> str:
    """'LocalHost.' -> 'localhost', '[::1]' -> '::1': how names are compared."""
    host = host.strip().lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host.removesuffix(".")


def allowed_hosts(bind_host: str, bound_address: str) -> AllowedHosts:
    """What a server asked to listen on `bind_host` (and bound to `bound_address`) answers to."""
    names = {normalise(bind_host), normalise(bound_address)} - {""}
    if normalise(bind_host) in WILDCARD_HOSTS or _is_unspecified(bound_address):
        names |= machine_names()
    return AllowedHosts(frozenset(names - {normalise(h) for h in WILDCARD_HOSTS}))


def machine_names() -> frozenset[str]:
    """This computer's host name (also as `name.local`, its mDNS name) and the addresses of its interfaces."""
    hostname = normalise(socket.gethostname())
    short = hostname.split(".", 1)[0]
    names = {hostname, short, f"{short}.local"} - {"", ".local"}
    names |= _interface_addresses()
    names |= _resolve_with_deadline(hostname)
    return frozenset(names)


def _interface_addresses() -> set[str]:
    """The IPv4 and IPv6 addresses of this computer's interfaces, read from /proc on Linux (no DNS)."""
    found: set[str] = set()
    try:
        with open("/proc/net/fib_trie", encoding="ascii") as handle:
            lines = handle.read().splitlines()
    except OSError:
        lines = []
    for previous, line in itertools.pairwise(lines):
        if "/32 host LOCAL" in line:  # the address is on the line above: "|-- 192.168.1.20"
            found.add(previous.strip().lstrip("|-+` ").strip())
    try:
        with open("/proc/net/if_inet6", encoding="ascii") as handle:
            for line in handle:
                digits = line.split()[0] if line.split() else ""
                if len(digits) == 32:
                    found.add(str(ipaddress.IPv6Address(bytes.fromhex(digits))))
    except (OSError, ValueError):
        pass
    return {address for address in found if _is_address(address)}


def _resolve_with_deadline(hostname: str) -> set[str]:
    """The addresses the host name resolves to, or nothing if that takes longer than LOOKUP_SECONDS.

    Usually answered from /etc/hosts; without a network it can hang in DNS, so it runs in a thread that
    is left behind (a daemon) when it is slow."""
    found: set[str] = set()

    def lookup() -> None:
        try:
            infos = socket.getaddrinfo(hostname, None, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError):
            return
        found.update(normalise(str(info[4][0]).split("%", 1)[0]) for info in infos)

    if not hostname:
        return found
    thread = threading.Thread(target=lookup, name="newsgen-host-lookup", daemon=True)
    thread.start()
    thread.join(LOOKUP_SECONDS)
    return set(found) if not thread.is_alive() else set()


def _is_port(text: str) -> bool:
    """':8000' or ':' (an empty port is allowed by RFC 3986)."""
    return text.startswith(":") and (text[1:] == "" or (text[1:].isascii() and text[1:].isdigit()))


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_unspecified(host: str) -> bool:
    try:
        return ipaddress.ip_address(normalise(host)).is_unspecified
    except ValueError:
        return False
