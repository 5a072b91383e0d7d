"""Politeness that holds per host: Retry-After and robots.txt Crawl-delay on Scrapy's download slots.

Scrapy downloads each host through its own slot (``scrapy.core.downloader.Slot``): a queue, a
concurrency and a ``delay`` between requests, which AutoThrottle moves. A host's wishes belong there,
not in a middleware that sleeps (a sleeping middleware holds one of the crawl's global download places,
so one host's ``Retry-After: 5`` stalled every other host). :class:`HostPoliteness` applies them:

- a 429 or 503 with ``Retry-After`` makes the host's slot send nothing before that time (capped by
  ``NEWSCRAWL_RETRY_AFTER_MAX``); Scrapy's RetryMiddleware reschedules the retry at once, and the
  scheduler (:class:`PoliteScheduler`) keeps it, with the host's other requests, until then, so that
  they take none of the crawl's download places while other hosts go on;
- a robots.txt ``Crawl-delay`` for our agent is the host's shortest delay: AutoThrottle may raise it,
  never lower it, and the random jitter never shortens a wait below it.

The User-Agent names newscrawl and its version, and the operator's contact when
``NEWSCRAWL_CONTACT`` gives one (:func:`sign_user_agent`); without one, a crawl of a public host warns
once that it should be set.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import Any, Self
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.core.downloader import Downloader, Slot
from scrapy.crawler import Crawler
from scrapy.dupefilters import BaseDupeFilter
from scrapy.http import Response
from scrapy.robotstxt import RobotParser
from scrapy.settings import BaseSettings
from scrapy.utils.asyncio import CallLaterResult, call_later
from scrapy.utils.httpobj import urlparse_cached

from newscrawl import __version__
from newscrawl.frontier import FrontierScheduler
from newscrawl.netguard import names_private_address

logger = logging.getLogger(__name__)

RETRY_AFTER_STATUSES = frozenset({429, 503})
WAKE_MARGIN = 0.01  # s: a timer may fire a hair early; the hold must be over when the engine looks
EMAIL = re.compile(r"[^@\s()<>]+@[^@\s()<>]+\.[^@\s()<>.]+")
SIGNED_PRIORITY = 45
CONTACT_HINT = "-s NEWSCRAWL_CONTACT=mailto:you@example.org (or a URL about your crawl)"


# --- the User-Agent --------------------------------------------------------------------------


def bare_user_agent() -> str:
    """newscrawl's User-Agent without a contact: ``newscrawl/0.1.0``."""
    return f"newscrawl/{__version__}"


def contact_reference(contact: str) -> str | None:
    """The contact as the User-Agent carries it (a URL, or ``mailto:`` an address); ``None``: not one."""
    contact = contact.strip()
    address = contact.removeprefix("mailto:")
    if EMAIL.fullmatch(address):
        return f"mailto:{address}"
    parts = urlsplit(contact)
    plain = not any(char.isspace() or char in "()<>" for char in contact)
    if parts.scheme in ("http", "https") and parts.hostname and plain:
        return contact
    return None


def user_agent(contact: str) -> str:
    """``newscrawl/0.1.0 (+mailto:ops@example.org)``; the bare agent when there is no usable contact."""
    reference = contact_reference(contact) if contact else None
    return f"{bare_user_agent()} (+{reference})" if reference else bare_user_agent()


def sign_user_agent(settings: BaseSettings) -> None:
    """Put ``NEWSCRAWL_CONTACT`` into newscrawl's User-Agent; a User-Agent set to anything else stands.

    Set above "cmdline" (40): ``scrapy crawl`` merges the project's and the command line's settings into
    the crawler again after the spider's ``update_settings``, and would put the bare agent back.
    """
    contact = str(settings.get("NEWSCRAWL_CONTACT") or "")
    if contact and settings.get("USER_AGENT") == bare_user_agent():
        settings.set("USER_AGENT", user_agent(contact), priority=SIGNED_PRIORITY)


# --- Retry-After -----------------------------------------------------------------------------


def retry_after_seconds(response: Response, now: datetime | None = None) -> float | None:
    """``Retry-After`` in seconds: a number (``2``) or an HTTP date; ``None`` if absent or unreadable."""
    value = (response.headers.get(b"Retry-After") or b"").decode("latin-1").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


# --- the extension ---------------------------------------------------------------------------


class HostPoliteness:
    """Holds a host's download slot until its ``Retry-After`` and keeps its delay at its Crawl-delay.

    Listed after AutoThrottle in ``EXTENSIONS`` (which builds, and so connects, in that order): its
    ``response_downloaded`` receiver runs after AutoThrottle's, so the Crawl-delay floor is put back
    before the slot sends its next request.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.max_wait = settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX", 120.0)
        self.robots_agent = settings.get("ROBOTSTXT_USER_AGENT") or ""
        self.default_agent = settings.get("USER_AGENT") or ""
        self.warn_contact = settings.get("USER_AGENT") == bare_user_agent()
        self.not_before: dict[str, float] = {}  # slot key → monotonic time its next request may leave
        self.floors: dict[str, float] = {}  # slot key → shortest delay (robots.txt Crawl-delay)
        self._held: dict[str, Slot] = {}  # the slot carrying our hold, per key (a slot may be rebuilt)
        self._wakes: list[CallLaterResult] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler)
        connect = crawler.signals.connect
        connect(extension.request_reached_downloader, signal=signals.request_reached_downloader)
        connect(extension.response_downloaded, signal=signals.response_downloaded)
        connect(extension.robots_parsed, signal=signals.robots_parsed)
        connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def holds(self, key: str) -> bool:
        """Whether the slot ``key`` may send nothing yet (its host's Retry-After is not over)."""
        return self.not_before.get(key, 0.0) > monotonic()

    # --- signals --------------------------------------------------------------------------

    def request_reached_downloader(self, request: Request, spider: Any) -> None:
        """A request joins its slot's queue: the slot (maybe new) gets the host's floor and hold."""
        if self.warn_contact:
            self._warn_without_contact(urlparse_cached(request).hostname or "")
        key, slot = self._slot(request)
        if slot is None:
            return
        self._apply_floor(key, slot)
        until = self.not_before.get(key)
        if until is not None and until <= monotonic():
            del self.not_before[key]
            self._held.pop(key, None)
        elif until is not None and self._held.get(key) is not slot:
            self._block(key, slot, until)

    def response_downloaded(self, response: Response, request: Request, spider: Any) -> None:
        """Before the slot sends its next request: a Retry-After holds it; the floor is put back."""
        key, slot = self._slot(request)
        if slot is None:
            return
        if response.status in RETRY_AFTER_STATUSES:
            wait = retry_after_seconds(response)
            if wait:
                self._retry_after(key, slot, wait, response.url)
        self._apply_floor(key, slot)

    def robots_parsed(self, robotparser: RobotParser, request: Request) -> None:
        """The host's Crawl-delay for our agent, if its robots.txt states one, becomes its floor."""
        # The agent RobotsTxtMiddleware asks about: ROBOTSTXT_USER_AGENT, the request's, the default.
        header = (request.headers.get(b"User-Agent") or b"").decode("latin-1")
        agent = self.robots_agent or header or self.default_agent
        delay = robotparser.crawl_delay(agent)
        if not delay or delay <= 0:
            return
        key, slot = self._slot(request)
        self.floors[key] = float(delay)
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("newscrawl/crawl_delay/hosts")
        stats.max_value("newscrawl/crawl_delay/longest_s", float(delay))
        logger.info("robots.txt of %s asks for %s s between requests (Crawl-delay): obeyed", key, delay)
        if slot is not None:
            self._apply_floor(key, slot)

    def spider_closed(self, spider: Any) -> None:
        for wake in self._wakes:
            wake.cancel()

    # --- slots ----------------------------------------------------------------------------

    def _retry_after(self, key: str, slot: Slot, wait: float, url: str) -> None:
        stats = self.crawler.stats
        assert stats is not None
        if wait > self.max_wait:
            stats.inc_value("newscrawl/retry_after/capped")
            logger.info("Retry-After of %s s from %s capped at %s s", wait, url, self.max_wait)
            wait = self.max_wait
        if wait <= 0:
            return
        stats.inc_value("newscrawl/retry_after/waits")
        stats.max_value("newscrawl/retry_after/longest_s", wait)
        until = monotonic() + wait
        if until > self.not_before.get(key, 0.0):
            self.not_before[key] = until
            self._block(key, slot, until)
            self._wakes = [*self._wakes[-63:], call_later(wait + WAKE_MARGIN, self._wake_engine)]

    def _block(self, key: str, slot: Slot, until: float) -> None:
        """The slot sends nothing before ``until``: Scrapy's own "blocked until" call, moved later.

        Scrapy's Downloader holds a slot's queue while ``slot.latercall`` is pending (the delay between
        requests); that call is replaced by one at ``until``, after which the slot works its queue again
        and waits its normal delay if that is not yet over.
        """
        downloader = self._downloader()
        if slot.latercall:
            slot.latercall.cancel()
        slot.latercall = call_later(max(0.0, until - monotonic()), downloader._latercall, slot)
        self._held[key] = slot

    def _wake_engine(self) -> None:
        """A hold is over: the engine asks the scheduler again now, not at its next heartbeat (5 s).

        The held host's requests wait in the scheduler, which answers "nothing ready" while only they
        are left; Scrapy's engine has no public call for "look again", so its own is used if there.
        """
        engine_slot = getattr(self.crawler.engine, "_slot", None)
        nextcall = getattr(engine_slot, "nextcall", None)
        if nextcall is not None:
            nextcall.schedule()

    def _apply_floor(self, key: str, slot: Slot) -> None:
        """Keep the slot's delay, and its shortest jittered wait, at or above the host's Crawl-delay."""
        floor = self.floors.get(key)
        if floor is None:
            return
        slot.delay = max(slot.delay, floor)
        # A wait is delay × (1 ± jitter): the jitter is narrowed so that the shortest is the floor.
        slot.jitter = max(0.0, min(slot.jitter, 1.0 - floor / slot.delay))

    def _slot(self, request: Request) -> tuple[str, Slot | None]:
        downloader = self._downloader()
        key = request.meta.get(Downloader.DOWNLOAD_SLOT) or downloader.get_slot_key(request)
        return key, downloader.slots.get(key)

    def _downloader(self) -> Downloader:
        assert self.crawler.engine is not None
        return self.crawler.engine.downloader

    def _warn_without_contact(self, host: str) -> None:
        """Once a crawl, at its first request to a public host, if the User-Agent names no contact."""
        if not host or names_private_address(host):
            return
        self.warn_contact = False
        logger.warning(
            "The User-Agent names no contact for the operators of %s and the other sites crawled: "
            "set NEWSCRAWL_CONTACT to your e-mail or a URL, e.g. %s",
            host,
            CONTACT_HINT,
        )


# --- the scheduler ---------------------------------------------------------------------------

HELD_SCAN = 64  # requests looked at in one call for one not held
HELD_MAX = 1000  # requests of held hosts kept aside in memory (each stays a frontier row)


class PoliteScheduler(FrontierScheduler):
    """The frontier's scheduler, keeping back the requests of hosts a Retry-After holds.

    Handed to the downloader, a request for a held host would wait in the host's slot while counting
    against CONCURRENT_REQUESTS: four such retries would stop every other host of a 4-place crawl.
    Here they wait aside, by host, taking no place; they are handed out first once the hold is over
    (:class:`HostPoliteness` has the engine look again then). While only held hosts have requests, none
    is ready: the Scheduler's contract allows it. Each stays a frontier row, in flight, so a killed
    crawl fetches it again.
    """

    def __init__(self, crawler: Crawler, dupefilter: BaseDupeFilter) -> None:
        super().__init__(crawler, dupefilter)
        self.held: dict[str, deque[Request]] = {}
        self.held_count = 0

    def has_pending_requests(self) -> bool:
        return self.held_count > 0 or super().has_pending_requests()

    def next_request(self) -> Request | None:
        politeness = self._politeness()
        if politeness is None:
            return super().next_request()
        if (released := self._released(politeness)) is not None:
            return released
        for _ in range(HELD_SCAN):
            if self.held_count >= HELD_MAX:
                return None
            request = super().next_request()
            if request is None:
                return None
            key = self._slot_key(request)
            if not politeness.holds(key):
                return request
            self.held.setdefault(key, deque()).append(request)
            self.held_count += 1
        return None

    def _released(self, politeness: HostPoliteness) -> Request | None:
        for key, waiting in self.held.items():
            if not politeness.holds(key):
                request = waiting.popleft()
                self.held_count -= 1
                if not waiting:
                    del self.held[key]
                return request
        return None

    def _politeness(self) -> HostPoliteness | None:
        try:
            return self.crawler.get_extension(HostPoliteness)
        except RuntimeError:  # no extensions (a scheduler built alone)
            return None

    def _slot_key(self, request: Request) -> str:
        assert self.crawler.engine is not None
        downloader = self.crawler.engine.downloader
        return str(request.meta.get(Downloader.DOWNLOAD_SLOT) or downloader.get_slot_key(request))
