"""newscrawl spiders: one per portal, all built on :class:`newscrawl.spiders.portal.PortalSpider`."""
