"""Discovery sources: robots.txt, sitemaps (index, news, gzip, bombs, 50k URLs, hostile XML), feeds, sniffing.

Every document here is written in the test (synthetic text); the big and hostile ones are generated.
"""

from __future__ import annotations

import gzip
import subprocess
import sys
import textwrap
import tracemalloc
import zlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from newscrawl.extract.dates import parse_stated_datetime
from newscrawl.page import parse_html
from newscrawl.sources import (
    SITEMAP_MAX_BYTES,
    ChildSitemap,
    FeedEntry,
    SitemapPage,
    declares_entities,
    feed_links,
    read_feed,
    read_sitemap,
    sitemap_urls_from_robots,
    sniff,
)
from tests.helpers import ROOT

SITE = "http://www.northbay-ledger.example"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "urn:example:news"  # readers match news: children by local name, whatever the namespace
MINUS_5 = timezone(timedelta(hours=-5))
PLUS_1 = timezone(timedelta(hours=1))


def reasons(problems: list[tuple[str, str]]) -> list[str]:
    return [reason for reason, _ in problems]


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-30T09:15:00-05:00", datetime(2026, 11, 30, 9, 15, tzinfo=MINUS_5)),
        ("2026-11-30T09:15:00Z", datetime(2026, 11, 30, 9, 15, tzinfo=UTC)),
        ("2026-11-30T09:15+01:00", datetime(2026, 11, 30, 9, 15, tzinfo=PLUS_1)),
        ("2026-11-30T09:15:00.250z", datetime(2026, 11, 30, 9, 15, 0, tzinfo=UTC)),  # seconds precision
        ("2026-11-30T09:15:00", datetime(2026, 11, 30, 9, 15)),  # no offset printed: none invented
        ("2026-11-30", datetime(2026, 11, 30)),
        (" 2026-11 ", datetime(2026, 11, 1)),
        ("2026", datetime(2026, 1, 1)),
        ("2026-13-01", None),
        ("2026-W48", None),
        ("30 November 2026", datetime(2026, 11, 30)),  # printed, not machine: read, naive
        ("", None),
        (None, None),
    ],
)
def test_parse_stated_datetime_keeps_the_printed_offset(text: str | None, expected: datetime | None) -> None:
    value = parse_stated_datetime(text)
    assert value == expected
    if value is not None and expected is not None:
        assert value.utcoffset() == expected.utcoffset()


# --- robots.txt ---------------------------------------------------------------------------------

ROBOTS = """\
User-agent: *
Disallow: /search
Sitemap: https://www.northbay-ledger.example/sitemap-index.xml
sitemap: /news-sitemap.xml
  SITEMAP:   /news-sitemap.xml
# Sitemap: /commented.xml
"""


@pytest.mark.parametrize("text", [ROBOTS, ROBOTS.encode()])
def test_sitemap_urls_from_robots(text: str | bytes) -> None:
    assert sitemap_urls_from_robots(text, f"{SITE}/robots.txt") == [
        "https://www.northbay-ledger.example/sitemap-index.xml",
        f"{SITE}/news-sitemap.xml",
    ]


# --- sitemaps -----------------------------------------------------------------------------------


def urlset(*urls: str, extra_ns: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}" '
        f'xmlns:news="{NEWS_NS}" xmlns:image="urn:example:image"{extra_ns}>\n'
        + "\n".join(urls)
        + "\n</urlset>\n"
    ).encode()


NEWS_SITEMAP = urlset(
    f"""<url><loc>{SITE}/2026/11/30/harbour-bridge.html</loc>
      <lastmod>2026-11-30T14:02:00Z</lastmod>
      <image:image><image:loc>{SITE}/img/bridge.jpg</image:loc></image:image>
      <news:news>
        <news:publication><news:name>Northbay Ledger</news:name><news:language>en</news:language></news:publication>
        <news:publication_date>2026-11-30T09:15:00-05:00</news:publication_date>
        <news:title>Harbour bridge &amp; ferry: the council votes</news:title>
      </news:news></url>""",
    f"<url><loc> {SITE}/2026/11/29/market.html </loc><lastmod>2026-11-29</lastmod></url>",
    "<url><loc>/2026/11/28/relative.html</loc></url>",
    "<url><lastmod>2026-11-28</lastmod></url>",
    f"<url><loc>{SITE}/2026/11/27/bad-date.html</loc><lastmod>last Tuesday</lastmod></url>",
    "<url><loc>file:///etc/passwd</loc></url>",
)

SITEMAP_INDEX = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="{SITEMAP_NS}">
  <sitemap><loc>{SITE}/sitemaps/news.xml</loc><lastmod>2026-11-30T15:00:00+01:00</lastmod></sitemap>
  <sitemap><loc>{SITE}/sitemaps/2026-11.xml.gz</loc></sitemap>
  <sitemap><loc>{SITE}/sitemap-index.xml</loc></sitemap>
</sitemapindex>
""".encode()


def test_news_sitemap_entries() -> None:
    result = read_sitemap(NEWS_SITEMAP, f"{SITE}/news-sitemap.xml")
    assert result.kind == "urlset"
    assert result.sitemaps == []
    assert result.pages == [
        SitemapPage(
            f"{SITE}/2026/11/30/harbour-bridge.html",
            lastmod=datetime(2026, 11, 30, 14, 2, tzinfo=UTC),
            publication_date=datetime(2026, 11, 30, 9, 15, tzinfo=MINUS_5),
            title="Harbour bridge & ferry: the council votes",
        ),
        SitemapPage(f"{SITE}/2026/11/29/market.html", lastmod=datetime(2026, 11, 29)),
        SitemapPage(f"{SITE}/2026/11/28/relative.html"),
        SitemapPage(f"{SITE}/2026/11/27/bad-date.html"),
    ]
    assert result.problems == [
        ("sitemap_entry_without_loc", "a <url> without <loc>"),
        ("unreadable_date", "lastmod 'last Tuesday'"),
        ("not_http_url", "file:///etc/passwd"),
    ]
    publication_date = result.pages[0].publication_date
    assert publication_date is not None
    assert publication_date.isoformat() == "2026-11-30T09:15:00-05:00"


def test_sitemap_index_gives_child_sitemaps_with_their_urls_so_loops_can_be_seen() -> None:
    result = read_sitemap(SITEMAP_INDEX, f"{SITE}/sitemap-index.xml")
    assert result.kind == "sitemapindex"
    assert result.pages == []
    assert result.sitemaps == [
        ChildSitemap(f"{SITE}/sitemaps/news.xml", datetime(2026, 11, 30, 15, tzinfo=PLUS_1)),
        ChildSitemap(f"{SITE}/sitemaps/2026-11.xml.gz"),
        ChildSitemap(f"{SITE}/sitemap-index.xml"),  # itself: the spider's seen-set ends the loop
    ]
    assert result.problems == []


@pytest.mark.parametrize("body", [NEWS_SITEMAP, SITEMAP_INDEX])
def test_gzipped_sitemap_reads_as_the_plain_one(body: bytes) -> None:
    plain, zipped = read_sitemap(body, SITE), read_sitemap(gzip.compress(body), SITE)
    assert (zipped.kind, zipped.pages, zipped.sitemaps, zipped.problems) == (
        plain.kind,
        plain.pages,
        plain.sitemaps,
        plain.problems,
    )


def gzip_bomb(inflated: int) -> bytes:
    """A gzip stream of a sitemap's first bytes then ``inflated`` bytes of spaces, made a MiB at a time."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [compressor.compress(f'<?xml version="1.0"?><urlset xmlns="{SITEMAP_NS}">'.encode())]
    chunk = b" " * (1024 * 1024)
    parts += [compressor.compress(chunk) for _ in range(inflated // len(chunk))]
    parts.append(compressor.flush())
    return b"".join(parts)


def test_gzip_bomb_is_refused_without_being_inflated_in_full() -> None:
    inflated = 4 * SITEMAP_MAX_BYTES
    bomb = gzip_bomb(inflated)
    assert len(bomb) < inflated // 500
    tracemalloc.start()
    try:
        result = read_sitemap(bomb, f"{SITE}/sitemap.xml.gz")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reasons(result.problems) == ["oversized_sitemap"]
    assert result.pages == []
    assert peak < 2 * SITEMAP_MAX_BYTES < inflated


def test_a_small_cap_refuses_a_small_gzipped_sitemap() -> None:
    result = read_sitemap(gzip.compress(NEWS_SITEMAP), SITE, max_bytes=100)
    assert reasons(result.problems) == ["oversized_sitemap"]


@pytest.mark.parametrize(
    ("body", "expected_pages", "reason"),
    [
        # cut mid-entry: the entries read before the error are kept
        (NEWS_SITEMAP[: NEWS_SITEMAP.index(b"<url><loc>/2026/11/28") + 20], 2, "malformed_sitemap"),
        (urlset(f"<url><loc>{SITE}/a.html</loc></url>", "<url><loc>x</url>"), 1, "malformed_sitemap"),
        (b"", 0, "malformed_sitemap"),
        (b"\x1f\x8b\x08\x00garbage", 0, "malformed_sitemap"),  # gzip magic, then no gzip
        (gzip.compress(NEWS_SITEMAP)[:300], 0, "malformed_sitemap"),  # truncated gzip: what inflated
        (b"<html><body><p>Not found</p></body></html>", 0, "not_a_sitemap"),
    ],
)
def test_malformed_sitemaps_keep_what_was_read_and_say_why(
    body: bytes, expected_pages: int, reason: str
) -> None:
    result = read_sitemap(body, SITE)
    assert len(result.pages) == expected_pages
    assert reasons(result.problems)[-1] == reason
    assert all(detail and "\n" not in detail for _, detail in result.problems)


BILLION_LAUGHS = textwrap.dedent(
    """\
    <?xml version="1.0"?>
    <!DOCTYPE lolz [
      <!ENTITY lol "lol">
      <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
      <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
      <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
      <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
      <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
      <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
      <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
      <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
      <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
    ]>
    {root}
    """
)


def xxe(secret: Path, root: str) -> str:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE r [ <!ENTITY secret SYSTEM "file://{secret}"> ]>\n'
        + root.replace("PAYLOAD", "&secret;")
        + "\n"
    )


SITEMAP_ROOT = f'<urlset xmlns="{SITEMAP_NS}"><url><loc>{SITE}/PAYLOAD</loc></url></urlset>'
FEED_ROOT = f'<rss version="2.0"><channel><title>PAYLOAD</title><item><title>PAYLOAD</title><link>{SITE}/a</link></item></channel></rss>'


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("attack", ["billion laughs", "xxe"])
def test_documents_declaring_entities_are_refused(tmp_path: Path, attack: str, encoding: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN", encoding="utf-8")
    for root, read in ((SITEMAP_ROOT, read_sitemap), (FEED_ROOT, read_feed)):
        if attack == "xxe":
            text = xxe(secret, root)
        else:
            text = BILLION_LAUGHS.format(root=root.replace("PAYLOAD", "&lol9;"))
        body = text.replace('<?xml version="1.0"?>', f'<?xml version="1.0" encoding="{encoding}"?>').encode(
            encoding
        )
        assert declares_entities(body)
        result = read(body, SITE)
        assert reasons(result.problems) == ["entity_declaration"]
        assert "TOP-SECRET-TOKEN" not in repr(result)
        assert "lollol" not in repr(result)


def test_a_doctype_without_entities_is_read_without_loading_it() -> None:
    body = urlset(f"<url><loc>{SITE}/a.html</loc></url>").replace(
        b"<urlset", b'<!DOCTYPE urlset SYSTEM "http://127.0.0.1:9/none.dtd">\n<urlset', 1
    )
    result = read_sitemap(body, SITE)
    assert [page.url for page in result.pages] == [f"{SITE}/a.html"]
    assert result.problems == []


MEMORY_PROBE = """
import io, sys
from lxml import etree
from newscrawl.sources import SitemapReader


def peak_kib():
    # VmHWM, not ru_maxrss: ru_maxrss keeps the parent's peak across fork and exec.
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith("VmHWM:")).split()[1])


out = io.BytesIO()
out.write(b'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="{ns}" xmlns:news="{news}">')
for i in range(50_000):
    out.write(
        f"<url><loc>{site}/2026/11/30/story-{{i}}.html</loc><lastmod>2026-11-30T09:15:00Z</lastmod>"
        f"<news:news><news:publication_date>2026-11-30T09:15:00-05:00</news:publication_date>"
        f"<news:title>Story number {{i}}</news:title></news:news></url>".encode()
    )
out.write(b"</urlset>")
body = out.getvalue()
del out
before = peak_kib()
if sys.argv[1] == "stream":
    reader = SitemapReader(body)
    count = sum(1 for _ in reader)
    assert reader.problems == [], reader.problems
else:
    count = len(etree.fromstring(body))
print(count, peak_kib() - before)
"""


def peak_growth_kib(mode: str) -> tuple[int, int]:
    """(entries read, growth of the process's peak RSS in KiB) for a 50,000-URL news sitemap."""
    script = MEMORY_PROBE.format(ns=SITEMAP_NS, news=NEWS_NS, site=SITE)
    done = subprocess.run(
        [sys.executable, "-c", script, mode],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    count, growth = done.stdout.split()
    return int(count), int(growth)


def test_50k_url_sitemap_is_streamed_in_bounded_memory() -> None:
    """Peak RSS, not tracemalloc: libxml2 allocates the tree outside Python's allocator (Linux only).

    A full lxml tree of the 13 MB sitemap weighs ~70 MB; streaming keeps one entry at a time.
    """
    streamed, stream_growth = peak_growth_kib("stream")
    parsed, tree_growth = peak_growth_kib("tree")
    assert streamed == parsed == 50_000
    assert tree_growth > 20_000
    assert stream_growth < tree_growth / 10


def test_50k_url_sitemap_gives_every_url_in_order() -> None:
    body = urlset(*(f"<url><loc>{SITE}/s/{i}.html</loc></url>" for i in range(50_000)))
    result = read_sitemap(body, SITE)
    assert [page.url for page in result.pages] == [f"{SITE}/s/{i}.html" for i in range(50_000)]
    assert result.problems == []


# --- feeds --------------------------------------------------------------------------------------

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>Northbay Ledger — Latest</title><link>{SITE}/</link>
  <item><title>Harbour bridge vote</title><link>{SITE}/2026/11/30/harbour-bridge.html</link>
    <pubDate>Mon, 30 Nov 2026 09:15:00 -0500</pubDate></item>
  <item><title>Market day</title><link>/2026/11/29/market.html</link>
    <pubDate>Sun, 29 Nov 2026 18:00:00 GMT</pubDate></item>
  <item><title>No link at all</title></item>
  <item><title>Undated</title><link>{SITE}/2026/11/28/undated.html</link></item>
</channel></rss>
""".encode()

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Northbay Ledger</title><id>urn:example:ledger</id><updated>2026-12-01T10:00:00Z</updated>
  <entry><title>Ferry timetable</title><id>urn:example:1</id>
    <link rel="enclosure" href="{SITE}/audio/ferry.mp3"/>
    <link rel="alternate" type="text/html" href="{SITE}/2026/11/30/ferry.html"/>
    <published>2026-11-30T09:15:00+01:00</published><updated>2026-12-01T10:00:00Z</updated></entry>
  <entry><title>Library hours</title><id>urn:example:2</id><link href="/2026/11/29/library.html"/>
    <updated>2026-11-29T08:00:00</updated></entry>
</feed>
""".encode()

BROKEN_RSS = f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Broken</title>
  <item><title>First</title><link>{SITE}/first.html</link></item>
  <item><title>Fish & chips</title><link>{SITE}/second.html</link></item>
  <item><title>Third</title><link>{SITE}/third.html</link>
""".encode()


def test_rss_entries_keep_the_printed_offset() -> None:
    result = read_feed(RSS, f"{SITE}/feed.xml", "application/rss+xml")
    assert (result.version, result.title) == ("rss20", "Northbay Ledger — Latest")
    assert result.entries == [
        FeedEntry(
            f"{SITE}/2026/11/30/harbour-bridge.html",
            "Harbour bridge vote",
            published=datetime(2026, 11, 30, 9, 15, tzinfo=MINUS_5),
        ),
        FeedEntry(
            f"{SITE}/2026/11/29/market.html", "Market day", published=datetime(2026, 11, 29, 18, tzinfo=UTC)
        ),
        FeedEntry(f"{SITE}/2026/11/28/undated.html", "Undated"),
    ]
    assert result.problems == [("feed_entry_without_link", "No link at all")]
    published = result.entries[0].published
    assert published is not None
    assert published.isoformat() == "2026-11-30T09:15:00-05:00"


def test_atom_entries_take_the_alternate_link() -> None:
    result = read_feed(ATOM, f"{SITE}/atom.xml")
    assert result.version == "atom10"
    assert result.entries == [
        FeedEntry(
            f"{SITE}/2026/11/30/ferry.html",
            "Ferry timetable",
            published=datetime(2026, 11, 30, 9, 15, tzinfo=PLUS_1),
            updated=datetime(2026, 12, 1, 10, tzinfo=UTC),
        ),
        FeedEntry(f"{SITE}/2026/11/29/library.html", "Library hours", updated=datetime(2026, 11, 29, 8)),
    ]
    assert result.problems == []


def test_a_feed_served_as_html_is_read_without_complaint() -> None:
    result = read_feed(RSS, f"{SITE}/feed", "text/html; charset=iso-8859-1")
    assert len(result.entries) == 3
    assert reasons(result.problems) == ["feed_entry_without_link"]


def test_a_broken_feed_gives_its_readable_entries_and_a_reason() -> None:
    result = read_feed(BROKEN_RSS, f"{SITE}/feed.xml")
    assert [entry.url for entry in result.entries] == [
        f"{SITE}/first.html",
        f"{SITE}/second.html",
        f"{SITE}/third.html",
    ]
    assert reasons(result.problems) == ["malformed_feed"]


@pytest.mark.parametrize(
    "body", [b"<html><body><p>Our feeds moved.</p></body></html>", b"", b"\x89PNG\r\n\x1a\n\x00\x00"]
)
def test_not_a_feed(body: bytes) -> None:
    result = read_feed(body, f"{SITE}/feed.xml")
    assert result.entries == []
    assert "not_a_feed" in reasons(result.problems)


def test_feed_entries_of_other_schemes_are_dropped() -> None:
    body = RSS.replace(f"{SITE}/2026/11/30/harbour-bridge.html".encode(), b"file:///etc/passwd")
    result = read_feed(body, f"{SITE}/feed.xml")
    assert "not_http_url" in reasons(result.problems)
    assert len(result.entries) == 2


# --- feed links in HTML -------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><title>Ledger</title>
<link rel="stylesheet" href="/s.css">
<link rel="alternate" type="application/rss+xml" title="Latest" href="/feed.xml">
<link rel="alternate" type="application/atom+xml; charset=utf-8" href="https://feeds.northbay-ledger.example/atom">
<link rel="Alternate" type="Application/RSS+XML" href="/feed.xml">
<link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
<link rel="alternate" type="application/rss+xml" href="">
<link rel="alternate home" type="application/rss+xml" href="sections/city.rss">
</head><body><a href="/other.rss" type="application/rss+xml">not a link element</a></body></html>"""


def test_feed_links_are_absolute_in_page_order_once_each() -> None:
    expected = [
        f"{SITE}/feed.xml",
        "https://feeds.northbay-ledger.example/atom",
        f"{SITE}/news/sections/city.rss",
    ]
    assert feed_links(parse_html(PAGE), f"{SITE}/news/today.html") == expected


def test_feed_links_follow_a_base_element() -> None:
    page = PAGE.replace("<title>", '<base href="https://cdn.northbay-ledger.example/x/"><title>')
    assert feed_links(parse_html(page), f"{SITE}/news/today.html")[-1] == (
        "https://cdn.northbay-ledger.example/x/sections/city.rss"
    )


# --- sniffing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type", "url", "kind"),
    [
        (NEWS_SITEMAP, "application/xml", "/news-sitemap.xml", "sitemap"),
        (NEWS_SITEMAP, "text/xml", "/news-sitemap.xml", "sitemap"),
        (NEWS_SITEMAP, "text/html", "/sitemap", "sitemap"),  # mislabelled
        (SITEMAP_INDEX, None, "/sitemap-index.xml", "sitemap"),
        (gzip.compress(NEWS_SITEMAP), "application/x-gzip", "/sitemap.xml.gz", "sitemap"),
        (gzip.compress(SITEMAP_INDEX), "application/octet-stream", "/s", "sitemap"),
        (b"\xef\xbb\xbf" + NEWS_SITEMAP, "text/plain", "/s", "sitemap"),  # UTF-8 BOM
        (NEWS_SITEMAP.decode().replace("UTF-8", "UTF-16").encode("utf-16"), None, "/s", "sitemap"),
        (RSS, "application/rss+xml", "/feed.xml", "feed"),
        (RSS, "text/html; charset=utf-8", "/feed", "feed"),  # a misconfigured server
        (ATOM, "text/xml", "/atom", "feed"),
        (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="urn:x"><channel/></rdf:RDF>', None, "/rss", "feed"),
        (b"<!-- generated --><?xml-stylesheet href='s.xsl'?><rss version='2.0'/>", None, "/", "feed"),
        (PAGE.encode(), "text/html", "/", "html"),
        (b"<p>a fragment</p>", "text/html", "/", "html"),
        (b"\n<!doctype HTML>\n<html lang=en><body>x</body></html>", None, "/", "html"),
        (b"", "application/rss+xml", "/feed", "feed"),
        (b"", None, "/sitemap.xml.gz", "sitemap"),
        (b"", None, "/feed.rss", "feed"),
        (b'{"json": true}', "application/json", "/api", "other"),
        (b"\x89PNG\r\n\x1a\n", "image/png", "/logo.png", "other"),
        (b"\x1f\x8b\x08\x00not gzip at all", "application/x-gzip", "/broken.xml.gz", "other"),
    ],
)
def test_sniff(body: bytes, content_type: str | None, url: str, kind: str) -> None:
    assert sniff(body, content_type, SITE + url) == kind
