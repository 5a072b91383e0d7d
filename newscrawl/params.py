"""Spider arguments (``-a name=value``), validated once with one-line messages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

# Where articles are found: link lists and page links, sitemaps (robots.txt's too), RSS/Atom feeds.
SOURCES = ("links", "sitemaps", "feeds")


class ArgumentError(ValueError):
    """A spider argument is wrong; the message is one line saying what and why."""


@dataclass(frozen=True, slots=True)
class SpiderParams:
    """What bounds a run: where it starts, how many articles, from which day on."""

    start_urls: tuple[str, ...]
    max_articles: int | None = None
    since: date | None = None
    depth: int | None = None  # links followed from the start pages; None: as far as they go
    sources: frozenset[str] = frozenset(SOURCES)

    KNOWN = ("start_urls", "max_articles", "since", "depth", "sources")

    @classmethod
    def parse(
        cls,
        args: dict[str, object],
        default_start_urls: tuple[str, ...],
        default_depth: int | None = None,
        hosts: frozenset[str] = frozenset(),
    ) -> SpiderParams:
        """Validate ``-a`` arguments; unknown names are refused so that typos do not pass silently.

        Names starting with ``_`` belong to the tools that run spiders (Scrapyd's ``_job``) and pass.
        ``hosts``: the spider's sites; a start URL elsewhere would crawl nothing (empty: any host).
        """
        unknown = sorted(name for name in set(args) - set(cls.KNOWN) if not name.startswith("_"))
        if unknown:
            raise ArgumentError(f"unknown spider argument {unknown[0]!r}; known: {', '.join(cls.KNOWN)}")
        return cls(
            start_urls=_start_urls(args.get("start_urls"), default_start_urls, hosts),
            max_articles=_max_articles(args.get("max_articles")),
            since=_since(args.get("since")),
            depth=_depth(args.get("depth"), default_depth),
            sources=_sources(args.get("sources")),
        )


def _start_urls(value: object, default: tuple[str, ...], hosts: frozenset[str]) -> tuple[str, ...]:
    if value is None:
        return default
    urls = value if isinstance(value, list | tuple) else str(value).split(",")
    cleaned = tuple(str(url).strip() for url in urls if str(url).strip())
    if not cleaned:
        raise ArgumentError("start_urls is empty; give one or more URLs separated by commas")
    for url in cleaned:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ArgumentError(f"start_urls: {url!r} is not an http(s) URL")
        if hosts and parts.hostname.rstrip(".") not in hosts:
            sites = ", ".join(sorted(hosts))
            raise ArgumentError(f"start_urls: {url!r} is not on this spider's hosts ({sites})")
    return cleaned


def _max_articles(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(str(value))
    except ValueError:
        raise ArgumentError(f"max_articles must be a positive whole number, not {value!r}") from None
    if number < 1:
        raise ArgumentError(f"max_articles must be a positive whole number, not {value!r}")
    return number


def _since(value: object) -> date | None:
    if value is None or value == "":
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
            raise ValueError
        return date.fromisoformat(str(value))
    except ValueError:
        raise ArgumentError(f"since must be a day as YYYY-MM-DD, not {value!r}") from None


def _depth(value: object, default: int | None) -> int | None:
    if value is None or value == "":
        return default
    text = str(value).strip()
    if not text.isdigit():
        raise ArgumentError(f"depth must be a whole number of links (0 or more), not {value!r}")
    return int(text)


def _sources(value: object) -> frozenset[str]:
    if value is None or value == "":
        return frozenset(SOURCES)
    names = {name.strip() for name in str(value).split(",") if name.strip()}
    unknown = sorted(names - set(SOURCES))
    if unknown or not names:
        raise ArgumentError(
            f"sources: {', '.join(unknown) or repr(value)} unknown; give some of {', '.join(SOURCES)}"
        )
    return frozenset(names)
