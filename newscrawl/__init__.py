"""newscrawl: a Scrapy crawler for news portals that turns each article into one JSON Lines record."""

__version__ = "0.1.0"
