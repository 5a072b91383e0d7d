"""PrivateAddressGuard: the crawler does not fetch loopback, private or cloud-metadata addresses.

Links, redirects, sitemaps and feeds come from strangers; one pointing at ``http://127.0.0.1:8080/``,
``http://10.0.0.7/`` or ``http://169.254.169.254/`` would make the crawler probe the network it runs
in. Every request passes through this downloader middleware, redirected ones too (Scrapy schedules
the new request of a redirect again, so it comes back through the downloader middlewares): a host
that is, or resolves to, a non-public address is refused with IgnoreRequest, counted under
``newscrawl/refused/private_address`` and logged with its URL. Requests for other schemes than
http(s) (``file:``, ``ftp:``, ``s3:``, ``data:``, all of which Scrapy can fetch) are refused too,
under ``newscrawl/refused/unsupported_scheme``.

Names are resolved in a thread (``getaddrinfo``, every address family), cached, off the reactor. A
name that does not resolve passes: its download fails by itself, or an HTTP proxy resolves it (the
fixture sites are reached so). ``NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS = True`` lets the hosts of the
spider's start URLs through even when private: that is how a site on 127.0.0.1 is crawled on purpose.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections import OrderedDict
from typing import Any, Self
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
HOSTS_CACHED = 4096
ALLOWED_SCHEMES = frozenset({"http", "https"})


def is_public_address(address: IPAddress) -> bool:
    """Whether an address is on the public internet (not loopback, private, link-local, multicast…)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo or (None, None))[1]
        if embedded is not None and not is_public_address(embedded):
            return False
    return address.is_global and not (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def literal_address(host: str) -> IPAddress | None:
    """The address a host names literally (``10.0.0.7``, ``[::1]`` as ``::1``), else ``None``."""
    try:
        return ipaddress.ip_address(host.strip("[]").partition("%")[0])
    except ValueError:
        return None


def resolve(host: str) -> list[IPAddress]:
    """Every address ``host`` resolves to (blocking: run it in a thread); ``[]`` if it does not.

    ``getaddrinfo`` also reads the shorthand forms of IPv4 (``127.1``, ``2130706433``, ``0x7f.1``)
    as the connection would, so they cannot slip past as names.
    """
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    found = (literal_address(str(info[4][0])) for info in infos)
    return [address for address in found if address is not None]


def names_private_address(host: str) -> bool:
    """A host that is a non-public address literal or ``localhost``: known without a lookup."""
    address = literal_address(host)
    return is_local_name(host) or (address is not None and not is_public_address(address))


def is_local_name(host: str) -> bool:
    """``localhost`` and its subdomains, which are loopback whatever a resolver says (RFC 6761)."""
    host = host.rstrip(".").lower()
    return host == "localhost" or host.endswith(".localhost")


class PrivateAddressGuard:
    """Downloader middleware: refuse requests to non-public addresses (see the module's docstring)."""

    def __init__(self, crawler: Crawler, allow_start_hosts: bool) -> None:
        self.crawler = crawler
        self.allow_start_hosts = allow_start_hosts
        self._allowed_hosts: frozenset[str] | None = None
        self._verdicts: OrderedDict[str, bool] = OrderedDict()  # host → private?

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        # A bad value is refused at start (newscrawl.checks); here it is read as Scrapy reads booleans.
        guard = cls(crawler, crawler.settings.getbool("NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS"))
        # Scrapy's offsite filter drops off-site requests as they are scheduled, before any downloader
        # middleware sees them: a redirect to 10.0.0.7 would leave as "offsite", not as refused.
        crawler.signals.connect(guard.request_scheduled, signal=signals.request_scheduled)
        return guard

    def request_scheduled(self, request: Request, spider: Any) -> None:
        """Refuse, as it is scheduled, a request whose host is a non-public address by its name alone."""
        host = (urlsplit(request.url).hostname or "").lower().rstrip(".")
        if host and host not in self.allowed_hosts() and names_private_address(host):
            self._refuse(request, "private_address", f"host {host} is not a public address")

    async def process_request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ALLOWED_SCHEMES:
            self._refuse(request, "unsupported_scheme", f"scheme {parts.scheme!r}")
        host = (parts.hostname or "").lower().rstrip(".")  # "127.0.0.1." is 127.0.0.1 to a proxy
        if not host or host in self.allowed_hosts():
            return
        if await self.is_private(host):
            self._refuse(request, "private_address", f"host {host} is not a public address")

    def allowed_hosts(self) -> frozenset[str]:
        """The start URLs' hosts when ``NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS`` is on, else none."""
        if self._allowed_hosts is None:
            self._allowed_hosts = frozenset()
            if self.allow_start_hosts and self.crawler.spider is not None:
                self._allowed_hosts = frozenset(start_hosts(self.crawler.spider))
        return self._allowed_hosts

    async def is_private(self, host: str) -> bool:
        """Whether ``host`` is, or resolves to, any non-public address (cached per host)."""
        verdict = self._verdicts.get(host)
        if verdict is None:
            verdict = await self._judge(host)
            self._verdicts[host] = verdict
            if len(self._verdicts) > HOSTS_CACHED:
                self._verdicts.popitem(last=False)
        return verdict

    async def _judge(self, host: str) -> bool:
        if is_local_name(host):
            return True
        address = literal_address(host)
        if address is not None:
            return not is_public_address(address)
        addresses = await maybe_deferred_to_future(deferToThread(resolve, host))
        return any(not is_public_address(address) for address in addresses)

    def _refuse(self, request: Request, reason: str, why: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newscrawl/refused/{reason}")
        logger.warning("Refused %s: %s", request.url, why)
        raise IgnoreRequest(f"{reason}: {request.url}")


def start_hosts(spider: Any) -> set[str]:
    """The hosts of the spider's start URLs: ``spider.params.start_urls``, else ``spider.start_urls``."""
    params = getattr(spider, "params", None)
    urls = getattr(params, "start_urls", None) or getattr(spider, "start_urls", None) or ()
    return {(urlsplit(str(url)).hostname or "").lower().rstrip(".") for url in urls} - {""}
