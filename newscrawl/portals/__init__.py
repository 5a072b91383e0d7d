"""Portal modules by name: one module per portal, one class per layout era."""

from __future__ import annotations

from newscrawl.portals.base import Portal
from newscrawl.portals.cgtn import PORTAL as CGTN
from newscrawl.portals.china_daily import PORTAL as CHINA_DAILY
from newscrawl.portals.global_times import PORTAL as GLOBAL_TIMES
from newscrawl.portals.peoples_daily import PORTAL as PEOPLES_DAILY
from newscrawl.portals.xinhua import PORTAL as XINHUA

PORTALS: dict[str, Portal] = {
    PEOPLES_DAILY.name: PEOPLES_DAILY,
    GLOBAL_TIMES.name: GLOBAL_TIMES,
    XINHUA.name: XINHUA,
    CHINA_DAILY.name: CHINA_DAILY,
    CGTN.name: CGTN,
}


def portal_for_url(url: str) -> Portal | None:
    """The portal serving ``url``'s host, if newscrawl has a module for it."""
    return next((portal for portal in PORTALS.values() if portal.is_own_host(url)), None)
