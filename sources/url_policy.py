"""The one URL policy: which URLs any fetch may reach, checked at every hop.

Why one module: anything a page links to is untrusted, so the rules for "may we fetch this?"
must be the same for the forum crawler, the feed reader, the linked-article fetcher and the
metadata lookup, and they must be re-checked after every redirect and against the address a
connection actually reached (a name can resolve to a public address when checked and to
127.0.0.1 a moment later). The rules:

* the web is reached over ``http`` and ``https`` only; a local file is read only when a
  configured source is itself that file or sits in the same folder (the offline samples);
* a host that resolves to a loopback, private, link-local, multicast, reserved or unspecified
  address is refused, unless a configured source itself lives on that host and port, or the
  host is listed in ``http.allow_hosts`` (``name`` for any port, ``name:port`` for one);
* a forum crawl stays on its configured forum's origin (scheme, host, port), or for a forum
  read from files, in the folder of its thread list.

Everything here is a pure decision on strings and addresses except ``resolve``, which asks the
system resolver; ``sources.http`` calls it for each request and each connection it opens.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from urllib.request import url2pathname

from bot.errors import SourceError

if TYPE_CHECKING:
    from bot.config import Settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]
_DEFAULT_PORTS = {"http": 80, "https": 443}


class UrlRefused(SourceError):
    """The URL policy refuses this URL (never retried: asking again gives the same answer)."""


def is_local(url: str) -> bool:
    """True for ``file:`` URLs and plain paths (no scheme, or a Windows drive letter)."""
    scheme = urlsplit(url).scheme
    return scheme == "file" or len(scheme) <= 1


def local_path(url: str, base_dir: Path) -> Path:
    """The file a local URL or path names, absolute, with ``..`` and links resolved."""
    raw = url2pathname(urlsplit(url).path) if url.startswith("file:") else url
    path = Path(raw).expanduser()
    if not path.is_absolute():
        path = base_dir / path
    return path.resolve()


def is_public(address: IPAddress) -> bool:
    """Reachable on the open internet: not loopback, private, link-local, multicast, reserved,
    shared or unspecified, including IPv4 addresses hidden inside IPv6 forms."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = address.ipv4_mapped or address.sixtofour or (address.teredo or (None, None))[1]
        if inner is not None:
            return is_public(inner)
        if address in ipaddress.ip_network("64:ff9b::/96"):  # NAT64 carries an IPv4 address
            return is_public(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return address.is_global and not address.is_multicast


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for ``host``; empty when it cannot resolve."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []  # the connection will fail on its own, with the resolver's own words
    return [str(info[4][0]) for info in infos]


def _address(text: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(text.split("%", 1)[0].strip("[]"))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Authority:
    """A host (lower-case, IPv6 without brackets) and a port; ``port`` None means any port."""

    host: str
    port: int | None

    @classmethod
    def of_url(cls, url: str) -> Authority | None:
        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            return None
        host = (parts.hostname or "").lower()
        if not host:
            return None
        return cls(host, port or _DEFAULT_PORTS.get(parts.scheme.lower()))

    @classmethod
    def of_entry(cls, entry: str) -> Authority:
        """An ``http.allow_hosts`` entry: ``name``, ``name:port``, ``[v6]`` or ``[v6]:port``."""
        found = cls.of_url(f"http://{entry.strip()}")
        if found is None or not entry.strip():
            raise ValueError(f"not a host or host:port: {entry!r}")
        has_port = entry.strip().rsplit("]", 1)[-1].count(":") == 1
        return cls(found.host, found.port if has_port else None)

    def covers(self, other: Authority) -> bool:
        return self.host == other.host and (self.port is None or self.port == other.port)


def web_origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port (the default one filled in): what a web forum crawl stays on."""
    authority = Authority.of_url(url)
    scheme = urlsplit(url).scheme.lower()
    return (scheme, authority.host, authority.port) if authority else (scheme, "", None)


@dataclass(frozen=True, slots=True)
class UrlPolicy:
    """The rules above, for one install: which authorities and folders its configuration trusts."""

    trusted: tuple[Authority, ...] = ()
    local_roots: tuple[Path, ...] = ()
    base_dir: Path = Path(".")
    resolver: Resolver = system_resolver

    @classmethod
    def from_settings(
        cls, settings: Settings, *, also: Iterable[str] = (), resolver: Resolver = system_resolver
    ) -> UrlPolicy:
        """Trust the hosts configured sources and lookups live on, and ``http.allow_hosts``;
        ``also``: the configured URLs of a source being built on its own."""
        trusted = [Authority.of_entry(entry) for entry in settings.http.allow_hosts]
        roots: list[Path] = []
        for url in [*configured_urls(settings), *also]:
            if is_local(url):
                roots.append(local_path(url, settings.base_dir).parent)
            elif (authority := Authority.of_url(url)) is not None:
                trusted.append(authority)
        return cls(tuple(dict.fromkeys(trusted)), tuple(dict.fromkeys(roots)), settings.base_dir, resolver)

    def with_base(self, base_dir: Path) -> UrlPolicy:
        return UrlPolicy(self.trusted, self.local_roots, base_dir, self.resolver)

    # -- decisions ------------------------------------------------------------------------

    def is_trusted(self, authority: Authority) -> bool:
        return any(t.covers(authority) for t in self.trusted)

    def check_local(self, url: str) -> Path:
        """The file to read, if a configured source lives in its folder; else UrlRefused."""
        path = local_path(url, self.base_dir)
        if not any(path.is_relative_to(root) for root in self.local_roots):
            raise UrlRefused(url, "refused: only http and https URLs may be fetched (see http.allow_hosts)")
        return path

    def check_web(self, url: str) -> None:
        """Scheme, host and every address the host resolves to, before any connection."""
        scheme = urlsplit(url).scheme.lower()
        if scheme not in _DEFAULT_PORTS:
            raise UrlRefused(url, f"refused: scheme {scheme!r} (only http and https are fetched)")
        authority = Authority.of_url(url)
        if authority is None:
            raise UrlRefused(url, "refused: no host, or a port that is not a number")
        if self.is_trusted(authority):
            return
        literal = _address(authority.host)
        addresses = (
            [literal]
            if literal
            else [_address(a) for a in self.resolver(authority.host, authority.port or 0)]
        )
        for address in addresses:
            if address is not None and not is_public(address):
                raise UrlRefused(url, _internal(authority.host, address))

    def check_peer(self, host: str, port: int | None, peer: str) -> None:
        """The address a connection actually reached must be public unless the host is trusted."""
        if self.is_trusted(Authority(host.lower().strip("[]"), port)):
            return
        address = _address(peer)
        if address is not None and not is_public(address):
            raise UrlRefused(f"{host}:{port}", _internal(host, address))

    def check_within(self, url: str, within: str) -> None:
        """A crawl step must stay on the origin of the URL it was configured with, or for a
        forum read from files, inside the folder of its configured file."""
        if is_local(within):
            folder = local_path(within, self.base_dir).parent
            if is_local(url) and local_path(url, self.base_dir).is_relative_to(folder):
                return
        elif not is_local(url) and web_origin(url) == web_origin(within):
            return
        raise UrlRefused(url, f"refused: outside the configured forum {within}")


def _internal(host: str, address: IPAddress) -> str:
    return (
        f"refused: {host} is a non-public address ({address}); "
        "list it in http.allow_hosts to fetch it on purpose"
    )


def configured_urls(settings: Settings) -> list[str]:
    """Every URL the operator wrote (or chose by preset) in the config: sources and lookups."""
    from sources.feed_presets import PresetError, preset_urls  # a leaf module: no cycle

    found: list[str] = []
    for source in settings.sources:
        options = source.options()
        for key in ("url", "oauth_url", "reddit_url", "short_url"):
            found += _strings([options.get(key)])
        found += _strings(options.get("urls") or ())
        if source.kind == "feed" and isinstance(options.get("preset"), str):
            picked = tuple(_strings(options.get("feeds") or ()))
            # A bad preset is reported by the source itself when it is built.
            with contextlib.suppress(PresetError, TypeError, ValueError):
                found += preset_urls(str(options["preset"]), options, picked)
    lookup = settings.lookup
    found += [lookup.idconv_url, lookup.esummary_url, lookup.crossref_url]
    return found


def _strings(values: Iterable[object]) -> list[str]:
    if isinstance(values, str):
        return [values]
    return [v for v in values if isinstance(v, str) and v]


__all__ = [
    "Authority",
    "UrlPolicy",
    "UrlRefused",
    "configured_urls",
    "is_local",
    "is_public",
    "local_path",
    "system_resolver",
    "web_origin",
]
