"""Pure extraction helpers: functions over text and lxml elements, no Scrapy imports.

Portal layouts (``newscrawl.portals``) call these; each has table-driven tests in ``tests/``.
"""
