"""One spider per registered portal, made from the registry: ``scrapy crawl peoples_daily``.

Adding a portal is its module, its fixtures and one line in ``newscrawl.portals.PORTALS``; no spider
class is written for it. Each spider's ``parse`` carries the portal's ``scrapy check`` contracts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response

from newscrawl.portals import PORTALS
from newscrawl.portals.base import Portal
from newscrawl.spiders.portal import PortalSpider


def spider_class(portal: Portal) -> type[PortalSpider]:
    """The spider of ``portal``: named after it, kept to its hosts."""

    def parse(self: PortalSpider, response: Response, **kwargs: Any) -> Iterator[Any]:
        return PortalSpider.parse(self, response, **kwargs)

    parse.__doc__ = (
        "Article pages become records; every page's lists become snapshots and links to follow.\n\n"
        f"``scrapy check {portal.name}`` runs these contracts against the fixture portal:\n\n"
        + "\n".join(f"        {line}" for line in portal.contracts)
    )
    class_name = "".join(part.title() for part in portal.name.split("_")) + "Spider"
    attributes = {
        "__module__": __name__,
        "__doc__": f"Walks {portal.title}: its lists, sections and sources. Arguments: see README.",
        "name": portal.name,
        "portal": portal,
        "allowed_domains": sorted(portal.hosts),
        "parse": parse,
    }
    return type(class_name, (PortalSpider,), attributes)


SPIDERS: dict[str, type[PortalSpider]] = {name: spider_class(portal) for name, portal in PORTALS.items()}
globals().update({spider.__name__: spider for spider in SPIDERS.values()})  # where Scrapy looks for them
