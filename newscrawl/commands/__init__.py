"""Project commands that replace Scrapy's own (``COMMANDS_MODULE``)."""
