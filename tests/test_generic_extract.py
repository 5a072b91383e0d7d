"""The generic extractor on small pages written for these tests (docs/record.md, "Generic records").

Every page goes through ``parse_html_for_generic``, the parse production uses.
"""

from __future__ import annotations

import gc
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from newscrawl.extract.dates import isoformat, parse_stated_datetime
from newscrawl.extract.generic import (
    GenericFields,
    article_evidence,
    clean_paragraphs,
    looks_like_listing,
    read_generic,
    split_names,
    strip_site_name,
)
from newscrawl.extract.metadata import parse_json_lenient, read_jsonld, read_metas
from newscrawl.page import parse_html_for_generic

URL = "https://www.northbay-ledger.example/2026/11/30/harbour-ferry-returns"
PROSE = (
    "The harbour ferry returned to service on Monday after a winter of repairs, and the first crossing "
    "left the north quay a few minutes after seven with forty passengers on board."
)


def page(head: str = "", body: str = "", lang: str = "en") -> str:
    return f'<!doctype html><html lang="{lang}"><head>{head}</head><body>{body}</body></html>'


def ld(*objects: object) -> str:
    return "".join(f'<script type="application/ld+json">{json.dumps(o)}</script>' for o in objects)


def read(html: str, url: str = URL):
    return read_generic(parse_html_for_generic(html), url)


def article_body(paragraphs: int = 5) -> str:
    return "<article>" + "".join(f"<p>{PROSE} Paragraph {n}.</p>" for n in range(paragraphs)) + "</article>"


# --- dates: a stated offset is kept, none is invented ------------------------------------------

MINUS_FIVE = timezone(timedelta(hours=-5))


@pytest.mark.parametrize(
    ("text", "expected", "iso"),
    [
        (
            "2024-01-04T14:45:00-05:00",
            datetime(2024, 1, 4, 14, 45, tzinfo=MINUS_FIVE),
            "2024-01-04T14:45:00-05:00",
        ),
        ("2024-01-04T22:45:00Z", datetime(2024, 1, 4, 22, 45, tzinfo=UTC), "2024-01-04T22:45:00+00:00"),
        ("2024-01-04T14:45:00", datetime(2024, 1, 4, 14, 45), "2024-01-04T14:45:00"),
        ("2024-01-04", datetime(2024, 1, 4), "2024-01-04T00:00:00"),
        (
            "2024-01-04T14:45:00.123+0530",
            datetime(2024, 1, 4, 14, 45, tzinfo=timezone(timedelta(hours=5, minutes=30))),
            "2024-01-04T14:45:00+05:30",
        ),
        ("2024-01-04 14:45", datetime(2024, 1, 4, 14, 45), "2024-01-04T14:45:00"),
        (
            "Thu, 04 Jan 2024 14:45:00 GMT",
            datetime(2024, 1, 4, 14, 45, tzinfo=UTC),
            "2024-01-04T14:45:00+00:00",
        ),
        ("20240104", datetime(2024, 1, 4), "2024-01-04T00:00:00"),
        ("January 4, 2024 2:45 pm", datetime(2024, 1, 4, 14, 45), "2024-01-04T14:45:00"),
        ("2024-13-40", None, None),
        ("not a date", None, None),
        ("", None, None),
    ],
)
def test_stated_datetime(text, expected, iso):
    value = parse_stated_datetime(text)
    assert value == expected
    if expected is not None:
        assert (value.tzinfo is None) == (expected.tzinfo is None)
        assert isoformat(value) == iso


# --- JSON-LD shapes -----------------------------------------------------------------------------

ARTICLE = {"@type": "NewsArticle", "headline": "Ferry returns", "datePublished": "2026-11-30T09:15:00+01:00"}

JSONLD_SHAPES = [
    pytest.param(ld({"@context": "https://schema.org", **ARTICLE}), "Ferry returns", id="plain-object"),
    pytest.param(ld([{"@type": "WebSite", "name": "Ledger"}, ARTICLE]), "Ferry returns", id="top-level-list"),
    pytest.param(
        ld({"@context": "https://schema.org", "@graph": [{"@type": "WebSite"}, ARTICLE]}),
        "Ferry returns",
        id="graph",
    ),
    pytest.param(ld({"@type": "WebPage", "mainEntity": ARTICLE}), "Ferry returns", id="webpage-main-entity"),
    pytest.param(
        ld({"@type": ["NewsArticle", "Article"], "headline": "Typed twice"}), "Typed twice", id="type-list"
    ),
    pytest.param(
        ld({"@type": "schema:ReportageNewsArticle", "headline": "Prefixed"}), "Prefixed", id="prefixed-type"
    ),
    pytest.param(ld({"@type": "BlogPosting", "headline": "A post"}), "A post", id="blog-posting"),
    pytest.param(ld({"@type": "LiveBlogPosting", "headline": "Live"}), "Live", id="live-blog"),
    pytest.param(ld({"@type": "OpinionNewsArticle", "headline": "Opinion"}), "Opinion", id="opinion"),
    pytest.param(ld({"@type": "AnalysisNewsArticle", "headline": "Analysis"}), "Analysis", id="analysis"),
    pytest.param(
        ld({"@type": "WebSite"}, {"@type": "Article", "headline": "Second block"}),
        "Second block",
        id="several-blocks",
    ),
    pytest.param(
        ld({"@type": "Article", "headline": "Plain"}, {"@type": "NewsArticle", "headline": "News"}),
        "News",
        id="news-type-preferred",
    ),
    pytest.param(
        ld({"@type": "NewsArticle", "headline": "Caf&eacute; &amp; quay"}),
        "Café & quay",
        id="entities-decoded",
    ),
    pytest.param(
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Trailing",}</script>',
        "Trailing",
        id="trailing-comma",
    ),
    pytest.param(
        '<script type="application/ld+json"><!-- {"@type": "NewsArticle", "headline": "Commented"} --></script>',
        "Commented",
        id="html-comment",
    ),
    pytest.param(
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Line\x01break"}</script>',
        "Line break",
        id="control-character",
    ),
    pytest.param(
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "One"} {"@type": "WebSite"}</script>',
        "One",
        id="two-documents-in-one-block",
    ),
    pytest.param(
        '<script type="Application/LD+JSON ">{"@type": "NewsArticle", "headline": "Case"}</script>',
        "Case",
        id="type-attribute-case",
    ),
]


@pytest.mark.parametrize(("head", "headline"), JSONLD_SHAPES)
def test_jsonld_shapes(head, headline):
    article = read_jsonld(parse_html_for_generic(page(head))).article
    assert article is not None
    assert article.headline == headline


@pytest.mark.parametrize(
    "text",
    ["{", "not json", '{"@type": "NewsArticle", "headline": }', "[" * 5000 + "]" * 5000, ""],
)
def test_broken_jsonld_is_skipped(text):
    html = page(f'<script type="application/ld+json">{text}</script>')
    # The 5,000-deep array is parsed near the recursion limit: a collection of other tests' garbage
    # there would run their finalizers without stack to spare, and pytest reports those as errors.
    gc.collect()
    gc.disable()
    try:
        assert read_jsonld(parse_html_for_generic(html)).article is None
    finally:
        gc.enable()


def test_lenient_json_reads_repaired_documents():
    assert parse_json_lenient('<!--{"a": [1, 2,],}-->') == [{"a": [1, 2]}]


AUTHORS = [
    pytest.param({"@type": "Person", "name": "Jane Doe"}, ["Jane Doe"], id="object"),
    pytest.param("Jane Doe", ["Jane Doe"], id="string"),
    pytest.param("By Jane Doe and Omar Haddad", ["Jane Doe", "Omar Haddad"], id="string-with-by-and-and"),
    pytest.param(
        [{"@type": "Person", "name": "Jane Doe"}, {"@type": "Person", "name": "Omar Haddad"}],
        ["Jane Doe", "Omar Haddad"],
        id="array",
    ),
    pytest.param([{"@id": "#jane"}], ["Jane Doe"], id="id-reference"),
    pytest.param(
        {"@type": "Person", "givenName": "Jane", "familyName": "Doe"}, ["Jane Doe"], id="given-family"
    ),
    pytest.param({"@type": "Person", "name": "Jane Doe (jdo)"}, ["Jane Doe"], id="initials-code-dropped"),
    pytest.param(
        [{"@type": "Organization", "name": "Ledger Staff"}, {"@type": "Person", "name": "Jane Doe"}],
        ["Jane Doe"],
        id="outlet-left-out",
    ),
    pytest.param({"@type": "Organization", "name": "Ledger Staff"}, ["Ledger Staff"], id="outlet-alone-kept"),
]


@pytest.mark.parametrize(("author", "names"), AUTHORS)
def test_jsonld_authors(author, names):
    graph = {
        "@graph": [{**ARTICLE, "author": author}, {"@type": "Person", "@id": "#jane", "name": "Jane Doe"}]
    }
    fields = read(page(ld(graph), article_body()))
    assert fields.authors == names
    assert fields.sources["authors"] == "jsonld"
    assert fields.byline is None  # authors from metadata alone leave the byline null


def test_jsonld_fields():
    obj = {
        **ARTICLE,
        "dateModified": "2026-11-30T10:00:00Z",
        "description": "The ferry is back.",
        "keywords": "ferry, harbour, ferry",
        "articleSection": ["Local", "Transport"],
        "inLanguage": "en-GB",
        "image": [{"@type": "ImageObject", "url": "/img/ferry.jpg"}],
        "publisher": {"@type": "NewsMediaOrganization", "name": "Northbay Ledger"},
    }
    fields = read(page(ld(obj), lang=""))
    assert fields.published == datetime(2026, 11, 30, 9, 15, tzinfo=timezone(timedelta(hours=1)))
    assert fields.published_raw == "2026-11-30T09:15:00+01:00"
    assert isoformat(fields.modified) == "2026-11-30T10:00:00+00:00"
    assert fields.keywords == ["ferry", "harbour"]
    assert fields.section == "Local"
    assert fields.language == "en-GB"
    assert fields.images == [("https://www.northbay-ledger.example/img/ferry.jpg", None)]
    assert fields.sources["images"] == "jsonld"
    assert fields.description == "The ferry is back."


# --- meta families ------------------------------------------------------------------------------

META_FAMILIES = [
    pytest.param(
        '<meta property="article:published_time" content="2026-11-30T09:15:00-05:00">',
        "opengraph",
        "2026-11-30T09:15:00-05:00",
        id="article-published-time",
    ),
    pytest.param(
        '<meta name="og:article:published_time" content="2026-11-30T09:15:00Z">',
        "opengraph",
        "2026-11-30T09:15:00+00:00",
        id="og-written-as-name",
    ),
    pytest.param('<meta name="pubdate" content="2026-11-30">', "meta", "2026-11-30T00:00:00", id="pubdate"),
    pytest.param(
        '<meta name="date" content="2026-11-30T09:15:00">', "meta", "2026-11-30T09:15:00", id="date"
    ),
    pytest.param(
        '<meta name="DC.date.issued" content="2026-11-30">', "meta", "2026-11-30T00:00:00", id="dublin-core"
    ),
    pytest.param(
        '<meta name="dcterms.created" content="2026-11-30T09:15:00+02:00">',
        "meta",
        "2026-11-30T09:15:00+02:00",
        id="dcterms",
    ),
    pytest.param(
        '<meta name="parsely-pub-date" content="2026-11-30T09:15:00Z">',
        "meta",
        "2026-11-30T09:15:00+00:00",
        id="parsely",
    ),
    pytest.param(
        '<meta name="citation_publication_date" content="2026/11/30">',
        "meta",
        "2026-11-30T00:00:00",
        id="citation",
    ),
    pytest.param(
        '<meta name="sailthru.date" content="2026-11-30 09:15:00">',
        "meta",
        "2026-11-30T09:15:00",
        id="sailthru",
    ),
]


@pytest.mark.parametrize(("head", "source", "iso"), META_FAMILIES)
def test_published_from_meta_families(head, source, iso):
    fields = read(page(head), "https://www.northbay-ledger.example/news/ferry")
    assert isoformat(fields.published) == iso
    assert fields.sources["datePublished"] == source


def test_metas_outside_head_are_read():
    html = page("", '<meta property="og:title" content="Meta in body">' + article_body())
    assert read_metas(parse_html_for_generic(html))["og:title"] == ["Meta in body"]
    assert read(html).headline == "Meta in body"


AUTHOR_METAS = [
    pytest.param('<meta name="author" content="Jane Doe">', ["Jane Doe"], "meta", id="author"),
    pytest.param(
        '<meta name="parsely-author" content="Jane Doe"><meta name="parsely-author" content="Omar Haddad">',
        ["Jane Doe", "Omar Haddad"],
        "meta",
        id="parsely-two",
    ),
    pytest.param('<meta name="dc.creator" content="Jane Doe">', ["Jane Doe"], "meta", id="dc-creator"),
    pytest.param(
        '<meta name="citation_author" content="Doe, Jane">',
        ["Doe", "Jane"],
        "meta",
        id="citation-comma-split",
    ),
    pytest.param(
        '<meta property="article:author" content="Jane Doe">',
        ["Jane Doe"],
        "opengraph",
        id="article-author-name",
    ),
    pytest.param(
        '<meta property="article:author" content="https://social.example/jane">',
        [],
        None,
        id="article-author-url-ignored",
    ),
]


@pytest.mark.parametrize(("head", "names", "source"), AUTHOR_METAS)
def test_authors_from_metas(head, names, source):
    fields = read(page(head))
    assert fields.authors == names
    assert fields.sources.get("authors") == source


# --- priorities -----------------------------------------------------------------------------------

HEAD_ALL = (
    ld({"@type": "NewsArticle", "headline": "From JSON-LD", "datePublished": "2026-11-30T08:00:00Z",
        "author": {"@type": "Person", "name": "Jane Doe"}})
    + '<meta property="og:title" content="From OpenGraph">'
    + '<meta property="article:published_time" content="2026-11-29T08:00:00Z">'
    + '<meta name="author" content="Meta Person">'
    + "<title>From title | Northbay Ledger</title>"
)  # fmt: skip
BODY_ALL = '<article><h1>From h1</h1><p class="byline">By Omar Haddad</p><time datetime="2026-11-28">x</time></article>'


@pytest.mark.parametrize(
    ("head", "body", "headline", "source"),
    [
        pytest.param(HEAD_ALL, BODY_ALL, "From JSON-LD", "jsonld", id="jsonld-first"),
        pytest.param(
            '<meta property="og:title" content="From OpenGraph"><title>T</title>',
            BODY_ALL,
            "From OpenGraph",
            "opengraph",
            id="og-second",
        ),
        pytest.param("<title>From title</title>", BODY_ALL, "From h1", "h1", id="h1-third"),
        pytest.param(
            "<title>From title | Northbay Ledger</title>",
            "",
            "From title",
            "title",
            id="title-last-suffix-off",
        ),
        pytest.param(
            ld({"@type": "NewsArticle", "headline": "Ferry returns to the…"}),
            "<h1>Ferry returns to the north quay</h1>",
            "Ferry returns to the north quay",
            "h1",
            id="cut-jsonld-headline-gives-way",
        ),
    ],
)
def test_headline_priority(head, body, headline, source):
    fields = read(page(head, body))
    assert (fields.headline, fields.sources["headline"]) == (headline, source)


def test_author_and_date_priorities():
    fields = read(page(HEAD_ALL, BODY_ALL))
    assert fields.authors == ["Jane Doe"]
    # The byline shown in the body is recorded even when JSON-LD names the authors.
    assert fields.byline == "By Omar Haddad"
    assert isoformat(fields.published) == "2026-11-30T08:00:00+00:00"
    no_jsonld = HEAD_ALL.split("</script>", 1)[1]
    fields = read(page(no_jsonld, BODY_ALL))
    assert (fields.authors, fields.sources["authors"]) == (["Omar Haddad"], "byline")
    assert (isoformat(fields.published), fields.sources["datePublished"]) == (
        "2026-11-29T08:00:00+00:00",
        "opengraph",
    )
    fields = read(page("", BODY_ALL))
    assert (isoformat(fields.published), fields.sources["datePublished"]) == ("2026-11-28T00:00:00", "time")
    fields = read(page("", "<p>nothing</p>"))
    assert (isoformat(fields.published), fields.sources["datePublished"]) == ("2026-11-30T00:00:00", "url")


def test_modified_priority():
    head = '<meta property="article:modified_time" content="2026-12-01T10:00:00+01:00"><meta name="last-modified" content="2026-12-02">'
    fields = read(page(head))
    assert (isoformat(fields.modified), fields.sources["dateModified"]) == (
        "2026-12-01T10:00:00+01:00",
        "opengraph",
    )
    fields = read(page('<meta name="last-modified" content="2026-12-02">'))
    assert (isoformat(fields.modified), fields.sources["dateModified"]) == ("2026-12-02T00:00:00", "meta")


@pytest.mark.parametrize(
    ("head", "expected", "source"),
    [
        (
            '<link rel="canonical" href="/news/ferry"><meta property="og:url" content="https://x.example/og">',
            "https://www.northbay-ledger.example/news/ferry",
            "html",
        ),
        (
            '<meta property="og:url" content="https://www.northbay-ledger.example/og">',
            "https://www.northbay-ledger.example/og",
            "opengraph",
        ),
        ("", URL, "url"),
    ],
)
def test_canonical_url(head, expected, source):
    fields = read(page(head))
    assert (fields.canonical_url, fields.sources["canonicalUrl"]) == (expected, source)


@pytest.mark.parametrize(
    ("lang", "head", "expected", "source"),
    [
        ("en-GB", ld({**ARTICLE, "inLanguage": "fr"}), "en-GB", "html"),
        ("", ld({**ARTICLE, "inLanguage": "fr"}), "fr", "jsonld"),
        ("", '<meta property="og:locale" content="de_AT">', "de-AT", "opengraph"),
        ("", "", "und", None),
    ],
)
def test_language(lang, head, expected, source):
    fields = read(page(head, lang=lang))
    assert (fields.language, fields.sources.get("inLanguage")) == (expected, source)


def test_section_keywords_description_fallbacks():
    head = (
        '<meta property="article:section" content="Harbour">'
        '<meta property="article:tag" content="ferry"><meta property="article:tag" content="quay">'
        '<meta property="article:tag" content="ferry">'
        '<meta property="og:description" content="OG description">'
    )
    fields = read(page(head))
    assert (fields.section, fields.sources["section"]) == ("Harbour", "opengraph")
    assert (fields.keywords, fields.sources["keywords"]) == (["ferry", "quay"], "opengraph")
    assert (fields.description, fields.sources["description"]) == ("OG description", "opengraph")
    fields = read(
        page(head + '<meta name="keywords" content="a, b"><meta name="description" content="Plain">')
    )
    assert (fields.keywords, fields.description) == (["a", "b"], "Plain")


def test_figures_and_captions():
    body = (
        '<article><figure><img src="/a.jpg"><figcaption>  The  quay </figcaption></figure>'
        '<figure><img data-src="b.jpg"></figure><figure><p>no image</p></figure></article>'
    )
    fields = read(page('<meta property="og:image" content="/og.jpg">', body))
    assert fields.images == [
        ("https://www.northbay-ledger.example/a.jpg", "The quay"),
        ("https://www.northbay-ledger.example/2026/11/30/b.jpg", None),
    ]
    assert fields.sources["images"] == "figure"
    fields = read(page('<meta property="og:image" content="/og.jpg">'))
    assert (fields.images, fields.sources["images"]) == (
        [("https://www.northbay-ledger.example/og.jpg", None)],
        "opengraph",
    )


# --- title suffix ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "names", "expected"),
    [
        ("Ferry returns | Northbay Ledger", ["Northbay Ledger"], "Ferry returns"),
        ("Ferry returns - Northbay Ledger", ["northbay ledger"], "Ferry returns"),
        ("Ferry returns – Northbay Ledger", ["Northbay Ledger"], "Ferry returns"),
        ("Northbay Ledger: Ferry returns", ["Northbay Ledger"], "Ferry returns"),
        ("Ferry returns | Harbour | Northbay Ledger", ["Northbay Ledger"], "Ferry returns | Harbour"),
        ("Ferry returns - Northbay-Ledger.example", [], "Ferry returns"),  # the host's own name
        ("Ferry returns - Quay news", ["Northbay Ledger"], "Ferry returns - Quay news"),  # not the site
        ("Ferry returns: a - b", [], "Ferry returns: a - b"),
        ("Northbay Ledger", ["Northbay Ledger"], "Northbay Ledger"),
    ],
)
def test_strip_site_name(title, names, expected):
    assert strip_site_name(title, names, "https://www.northbay-ledger.example/x") == expected


def test_headline_suffix_from_site_name_meta():
    head = '<meta property="og:site_name" content="Northbay Ledger"><meta property="og:title" content="Ferry returns | Northbay Ledger">'
    assert read(page(head)).headline == "Ferry returns"


# --- bylines --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("By Jane Doe and Omar Haddad", ["Jane Doe", "Omar Haddad"]),
        ("By Jane Doe, Omar Haddad & Li Wei", ["Jane Doe", "Omar Haddad", "Li Wei"]),
        ("Von Anna Beispiel und Max Muster", ["Anna Beispiel", "Max Muster"]),
        ("Por Ana Ejemplo y Luis Modelo", ["Ana Ejemplo", "Luis Modelo"]),
        ("Par Jeanne Exemple", ["Jeanne Exemple"]),
        ("Author: Jane Doe", ["Jane Doe"]),
        ("By Jane Doe, November 30, 2026 09:15", ["Jane Doe"]),
        ("Foto: Jane Doe", []),
        ("Updated 5 minutes ago", []),
        ("jane@ledger.example", []),
        ("By Carla Mendes | Staff writer", ["Carla Mendes"]),
        ("By Jane Doe, Reuters", ["Jane Doe"]),
        ("Di Maio", ["Di Maio"]),
        ("Von Miller", ["Von Miller"]),
        ("By Jane Doe, Senior Correspondent", ["Jane Doe"]),
        ("Written by Ana Ruiz and Ben Okafor", ["Ana Ruiz", "Ben Okafor"]),
    ],
)
def test_split_names(text, names):
    assert split_names(text) == names


BYLINES = [
    pytest.param('<p class="byline">By Jane Doe</p>', "By Jane Doe", ["Jane Doe"], id="byline-class"),
    pytest.param('<span class="article-author">Jane Doe</span>', "Jane Doe", ["Jane Doe"], id="author-class"),
    pytest.param('<a rel="author" href="/x">Jane Doe</a>', "Jane Doe", ["Jane Doe"], id="rel-author"),
    pytest.param('<span itemprop="author">Jane Doe</span>', "Jane Doe", ["Jane Doe"], id="itemprop-author"),
    pytest.param(
        'von <a href="/autoren/jane-doe">Jane Doe</a>', "Jane Doe", ["Jane Doe"], id="author-page-link"
    ),
    pytest.param(
        "<h1>Ferry</h1><div>By Jane Doe and Omar Haddad</div>",
        "By Jane Doe and Omar Haddad",
        ["Jane Doe", "Omar Haddad"],
        id="by-line-under-headline",
    ),
    pytest.param(
        "<h1>Ferry</h1><p class='credit'>Written by Ana Ruiz and Ben Okafor</p>",
        "Written by Ana Ruiz and Ben Okafor",
        ["Ana Ruiz", "Ben Okafor"],
        id="written-by-line-under-headline",
    ),
    pytest.param(
        "<h1>Ferry</h1><div>By Jane Doe · 15:00, 10-Jun-2024</div>",
        "By Jane Doe",
        ["Jane Doe"],
        id="the-time-printed-in-the-byline-is-taken-out",
    ),
    pytest.param(
        '<p class="byline">By Jane Doe | Updated: November 30, 2026</p>',
        "By Jane Doe",
        ["Jane Doe"],
        id="an-updated-time-in-the-byline-is-taken-out",
    ),
    pytest.param('<div class="author-bio">' + PROSE + "</div>", None, [], id="bio-card-is-not-a-byline"),
    pytest.param('<div class="author-avatar">Jane Doe</div>', None, [], id="avatar-is-not-a-byline"),
]


@pytest.mark.parametrize(("body", "byline", "names"), BYLINES)
def test_bylines(body, byline, names):
    fields = read(page("", f"<article>{body}</article>"))
    assert fields.byline == byline
    assert fields.authors == names


def test_an_outlet_in_the_byline_is_the_source_agency_not_an_author():
    fields = read(page("", "<article><p class='byline'>By Jane Doe, Reuters</p></article>"))
    assert (fields.authors, fields.source_agency) == (["Jane Doe"], "Reuters")
    assert fields.sources["sourceAgency"] == "byline"


# --- body -----------------------------------------------------------------------------------------


def test_a_byline_paragraph_with_its_time_is_still_no_body_text():
    fields = GenericFields(headline="Harbour ferry returns", byline="By Jane Doe")
    lines = ["Harbour ferry returns", "By Jane Doe · 09:15, 30-Nov-2026", f"{PROSE} Part 1."]
    assert clean_paragraphs(lines, fields) == [f"{PROSE} Part 1."]


def test_body_from_trafilatura_without_headline_byline_or_tail_labels():
    body = (
        "<article><h1>Harbour ferry returns</h1><p class='byline'>By Jane Doe</p>"
        + "".join(f"<p>{PROSE} Part {n}.</p>" for n in range(4))
        + "<p>Comments</p></article>"
    )
    root = parse_html_for_generic(page("<title>Harbour ferry returns</title>", body))
    before = len(list(root.iter()))
    fields = read_generic(root, URL)
    assert len(list(root.iter())) == before  # trafilatura worked on a copy
    assert fields.paragraphs == [f"{PROSE} Part {n}." for n in range(4)]
    assert fields.sources["articleBody"] == "body"


@pytest.mark.parametrize(
    "furniture",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "Anzeige",
        "Read more: Ferry fares rise again",
        "See also: the bridge",
    ],
)
def test_furniture_lines_anywhere_in_the_body_are_left_out(furniture):
    body = "<article><h1>Harbour ferry returns</h1>" + "".join(
        f"<p>{PROSE} Part {n}.</p>" + (f"<p>{furniture}</p>" if n == 1 else "") for n in range(4)
    )
    fields = read(page("", body + "</article>"))
    assert fields.paragraphs == [f"{PROSE} Part {n}." for n in range(4)]


@pytest.mark.parametrize(
    ("last", "editors_raw", "kept"),
    [
        ("<p>(Editor: Priya Nair, Tom Beck)</p>", "(Editor: Priya Nair, Tom Beck)", None),
        ("<p>Editor: Sam Whitaker</p>", "Editor: Sam Whitaker", None),
        (
            "<p>The ferry runs daily. (Web editor: Li Wei)</p>",
            "(Web editor: Li Wei)",
            "The ferry runs daily.",
        ),
        (
            "<p>The editor of the Ledger said the ferry matters.</p>",
            None,
            "The editor of the Ledger said the ferry matters.",
        ),
    ],
)
def test_an_editor_credit_closing_the_body_is_taken_out_of_it(last, editors_raw, kept):
    body = "<article><h1>Harbour ferry returns</h1>" + "".join(f"<p>{PROSE} Part {n}.</p>" for n in range(4))
    fields = read(page("", body + last + "</article>"))
    assert fields.editors_raw == editors_raw
    assert fields.paragraphs == [f"{PROSE} Part {n}." for n in range(4)] + ([kept] if kept else [])
    assert ("editors" in fields.sources) == (editors_raw is not None)


def test_empty_page():
    fields = read("")
    assert fields.paragraphs == []
    assert fields.headline is None
    assert fields.language == "und"
    assert fields.sources == {"canonicalUrl": "url", "datePublished": "url"}


# --- article evidence -----------------------------------------------------------------------------

LISTING = (
    "<main>"
    + "".join(f'<article><a href="/n/{n}">Teaser headline {n}</a></article>' for n in range(8))
    + "</main>"
)
LINK_WALL = (
    "<main>"
    + "".join(f'<p><a href="/n/{n}">A headline about the harbour {n}</a></p>' for n in range(60))
    + "</main>"
)


@pytest.mark.parametrize(
    ("head", "body", "evidence"),
    [
        pytest.param(ld(ARTICLE), "", "jsonld:newsarticle", id="jsonld-article"),
        pytest.param(
            ld({"@type": "WebPage", "mainEntity": {"@type": "BlogPosting"}}),
            "",
            "jsonld:blogposting",
            id="jsonld-main-entity",
        ),
        pytest.param('<meta property="og:type" content="article">', "", "opengraph:article", id="og-article"),
        pytest.param("", article_body(), "article-element", id="article-with-text"),
        pytest.param("", article_body(2), None, id="article-too-short"),
        pytest.param("", LISTING, None, id="listing-cards"),
        pytest.param(
            '<meta property="og:type" content="article">', LISTING, None, id="listing-cards-despite-og"
        ),
        pytest.param("", LINK_WALL + article_body(), None, id="mostly-links"),
        pytest.param('<meta property="og:type" content="video.other">', article_body(), None, id="video-og"),
        pytest.param(ld({"@type": "VideoObject", "name": "Clip"}), article_body(), None, id="video-jsonld"),
        pytest.param("", "<p>Hello</p>", None, id="nothing"),
    ],
)
def test_article_evidence(head, body, evidence):
    assert article_evidence(parse_html_for_generic(page(head, body)), URL) == evidence


@pytest.mark.parametrize(
    ("body", "listing"),
    [
        pytest.param(LISTING, True, id="teaser-cards"),
        pytest.param(LINK_WALL, True, id="link-wall"),
        pytest.param(article_body(), False, id="article"),
        pytest.param(LINK_WALL + article_body(8), False, id="article-with-menus"),
        pytest.param("<p>Hello</p>", False, id="nothing"),
    ],
)
def test_looks_like_listing(body, listing):
    assert looks_like_listing(parse_html_for_generic(page("", body))) is listing
