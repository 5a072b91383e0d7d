"""Scrapy settings for newscrawl, grouped by concern.

Defaults are polite towards the real portals: robots.txt and its Crawl-delay obeyed, AutoThrottle on, a
few requests per host at a time, Retry-After honoured per host, and a User-Agent that names newscrawl
and the contact you set. Settings of our own are
prefixed ``NEWSCRAWL_``.
"""

from newscrawl import __version__

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
COMMANDS_MODULE = "newscrawl.commands"

# --- politeness ------------------------------------------------------------------------------
# Where the sites' operators can reach whoever runs the crawl: your e-mail or a URL about your crawl.
# Set, it joins the User-Agent ("newscrawl/0.1.0 (+mailto:you@example.org)"); unset, the User-Agent
# names newscrawl only and a crawl of a public host warns. A USER_AGENT of your own overrides both.
NEWSCRAWL_CONTACT = ""
USER_AGENT = f"newscrawl/{__version__}"
# robots.txt rules and its Crawl-delay are obeyed; an unreachable robots.txt (5xx) disallows the host.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

# --- robustness ------------------------------------------------------------------------------
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 3
DOWNLOADER_MIDDLEWARES = {
    # Before the offsite filter (50), so that a redirect to a private address is refused as such
    # (and counted) rather than dropped as off-site; before robots.txt (100), which it never fetches.
    "newscrawl.netguard.PrivateAddressGuard": 45,
    # RFC 9309: a robots.txt answering 5xx (or unreachable) means disallow all, not allow all.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newscrawl.middlewares.RobotsTxtMiddleware": 100,
    # The outermost: sees what no retry or redirect took up, and lets the frontier forget it.
    "newscrawl.frontier.FrontierAckDownloaderMiddleware": 1,
}
SPIDER_MIDDLEWARES = {"newscrawl.frontier.FrontierAckSpiderMiddleware": 1}
# Requests to hosts that are, or resolve to, loopback, private, link-local, multicast, reserved or
# unspecified addresses (127.0.0.1, 10.x, 192.168.x, 169.254.169.254, ::1, localhost…) are refused
# and counted under newscrawl/refused/private_address (newscrawl.netguard). True: the hosts of the
# spider's start URLs are let through all the same, to crawl a site on 127.0.0.1 on purpose.
NEWSCRAWL_ALLOW_PRIVATE_START_HOSTS = False
# A 429/503 with Retry-After holds that host's download slot until then (other hosts go on), for at
# most this many seconds; 0: Retry-After is ignored. The retry itself is Scrapy's (RETRY_TIMES).
NEWSCRAWL_RETRY_AFTER_MAX = 120
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024

# --- records ---------------------------------------------------------------------------------
ITEM_PIPELINES = {
    "newscrawl.pipelines.IncrementalPipeline": 300,
    "newscrawl.pipelines.BoundsPipeline": 400,
    # List snapshots: observed on each page, written once per list and content when the spider closes.
    "newscrawl.pipelines.ListSnapshotPipeline": 800,
    # Only with NEWSCRAWL_DATA_DIR (newscrawl run --data): the dated dataset files.
    "newscrawl.dataset.DatasetPipeline": 900,
}
# Where a run's dated files go (DATA/<site>/<YYYY>/<MM>/<DD>/<runId>.*); empty: no dataset.
NEWSCRAWL_DATA_DIR = ""
# The state store and the frontier of dataset runs; empty: DATA/.state.
NEWSCRAWL_STATE_DIR = ""
# Articles published within this many days are fetched again, to catch silent edits.
NEWSCRAWL_RECHECK_DAYS = 3.0
# False: no state store is consulted: every article found is fetched and written as version 1, and
# records are not de-duplicated (requests still are). For one-off crawls, and to measure the store.
NEWSCRAWL_INCREMENTAL = True
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORTERS = {
    name: "newscrawl.exporters.RecordJsonLinesExporter" for name in ("jsonlines", "jsonl", "jl")
}
# -O x.csv: flat rows (names joined with "; ", nested fields as JSON), as newscrawl export --format csv.
FEED_EXPORTERS["csv"] = "newscrawl.exporters.RecordCsvExporter"
# The list-snapshot feed. Empty: "lists.jsonl" beside the first local article feed (-o/-O).
NEWSCRAWL_LISTS_FEED = ""
# A JSON run report written when the spider closes (counts, drops and skips by reason); empty: none.
NEWSCRAWL_REPORT_FILE = ""
LOG_FORMATTER = "newscrawl.logformatter.NewscrawlLogFormatter"
EXTENSIONS = {
    "newscrawl.extensions.RunReport": 500,
    "newscrawl.extensions.GcThresholds": 0,
    "newscrawl.progress.LiveProgress": 600,
}
# Retry-After and Crawl-delay on the hosts' download slots; after AutoThrottle (0), whose delays it floors.
EXTENSIONS["newscrawl.politeness.HostPoliteness"] = 100
# A live status line on standard error (newscrawl run sets it on a terminal).
NEWSCRAWL_PROGRESS = False

# --- crawl state ------------------------------------------------------------------------------
# One article under many URLs and hosts is one request fingerprint; requests wait in an SQLite
# frontier (JOBDIR/frontier.sqlite) that a SIGKILLed crawl resumes from (newscrawl.frontier).
REQUEST_FINGERPRINTER_CLASS = "newscrawl.fingerprint.ArticleFingerprinter"
# The frontier's scheduler, keeping back the requests of a host that Retry-After holds (politeness.py).
SCHEDULER = "newscrawl.politeness.PoliteScheduler"
DUPEFILTER_CLASS = "newscrawl.frontier.FrontierDupeFilter"
# How often the frontier (after the dataset files) commits what the crawl has done, in seconds.
NEWSCRAWL_CHECKPOINT_SECONDS = 1.0

# --- engine ----------------------------------------------------------------------------------
# Scrapy starts this many item workers for every response; a page yields ~4 items, and pipelines
# are synchronous, so more workers only cost task plumbing (the default, 100, costs ~12% of the CPU).
CONCURRENT_ITEMS = 8
# Python's cycle collector runs less often during a crawl (newscrawl.extensions.GcThresholds); "": off.
NEWSCRAWL_GC_THRESHOLDS = "50000,20,100"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False
# Scrapy's remote control: a local HTTP server that runs code inside the crawl, and writes its token
# under the user's home; a scheduled crawler needs neither.
REMOTE_CONTROL_ENABLED = False
