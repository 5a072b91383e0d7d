"""A deterministic synthetic People's Daily Online English portal of N articles, for benchmarks.

Every page carries the real portal's boilerplate weight (a ~130-link navigation, inline scripts, side
boxes, a long footer) and is 40–60 KB. Even-numbered articles use today's ``en.people.cn`` ``/n3/``
layout, odd-numbered ones the 2013 ``english.people.com.cn`` layout. Each article page shows three lists
of 10: "Latest News" (the next ten articles, so that the whole site is reachable from the front page),
"Most Popular", site-wide as on the real portal (one of a few rankings: a page shows the one of the
hour it was made in, ``POPULAR_EDITIONS``), and "Selections for you" (ten pseudo-random others, particular
to the page). The front page and ~40 section pages, linked from the navigation, list articles too.

The site is written once per (N, version) under ``<root>/<host>/<path>``, ready for a static server;
:func:`article_truth` says what the crawler should read off any article, without reading the page.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

VERSION = 5
CURRENT_HOST = "en.people.cn"
OLD_HOST = "english.people.com.cn"
HOSTS = (CURRENT_HOST, OLD_HOST)
LIST_SIZE = 10
PAGE_BYTES = (40_000, 60_000)

SECTIONS = {
    "90785": "China",
    "90777": "World",
    "90778": "Business",
    "90780": "Opinion",
    "90882": "Society",
    "90782": "Culture",
    "90779": "Sports",
    "90783": "Travel",
    "202936": "Sci-Tech",
}
SUBSECTIONS = [f"{section}/{300000 + n}" for n, section in enumerate(list(SECTIONS) * 4)][:32]
WIRES = ("Xinhua", "People's Daily Online", "Global Times", "China Daily", "CGTN")
REPORTERS = ("Li Hua", "Zhang Mengxu", "Wang Xiaoying", "Chen Jia", "Liu Yang", "Zhao Lei", "Sun Wei")
EDITORS = ("Yao Chun", "Gao Yinan", "Zhang Wenjie", "Wu Chengliang", "Liang Jun", "Du Mingming", "Hu Ying")
PLACES = ("BEIJING", "SHANGHAI", "GUANGZHOU", "WUHAN", "CHENGDU", "HONG KONG", "NANJING", "XI'AN")
# The vocabulary of the generated text: plain news English, deterministic.
_VOCABULARY = """
the a of to and in for on with as by at from that this new more than over after under while city
province government officials company market economy growth trade investment data report residents
village students teachers farmers workers visitors tourists experts scientists police energy power
water rail road airport port bridge station project programme plan policy reform support service
services health school hospital museum festival culture heritage technology research study digital
green solar wind electric vehicle vehicles battery chips satellite space said says announced
reported showed expected increased rose fell grew opened launched built reached signed held visited
improved expanded reduced provided helped added noted stressed percent million billion yuan year
years month months week day local national regional global public private rural urban coastal
northern southern eastern western central major key first last next several many some most all both
each other further higher lower strong steady
"""
WORDS = tuple(_VOCABULARY.split())
# Month names as the portal prints them: in full in time lines, abbreviated AP-style in datelines.
_MONTH_NAMES = "January February March April May June July August September October November December"
_DATELINE_MONTHS = "Jan. Feb. March April May June July Aug. Sept. Oct. Nov. Dec."
MONTHS = tuple(_MONTH_NAMES.split())
SHORT_MONTHS = tuple(_DATELINE_MONTHS.split())


@dataclass(frozen=True, slots=True)
class ArticleTruth:
    """What a correct extraction of article ``index`` reads."""

    index: int
    url: str
    article_id: str
    layout: str
    headline: str
    published: str  # ISO 8601 with the portal's +08:00
    editors: tuple[str, ...]
    body: str  # the paragraphs, "\n"-joined, the dateline taken off the first


@dataclass(frozen=True, slots=True)
class Site:
    """A generated site on disk."""

    root: Path
    articles: int
    listing_urls: tuple[str, ...]
    total_bytes: int

    @property
    def front_url(self) -> str:
        return f"http://{CURRENT_HOST}/"

    def article_urls(self) -> list[str]:
        return [article_url(i) for i in range(self.articles)]

    def path_of(self, url: str) -> Path:
        host, _, path = url.removeprefix("http://").partition("/")
        return self.root / host / (path or "index.html")


# --- what each article is ------------------------------------------------------------------------


def is_current(index: int) -> bool:
    return index % 2 == 0


def article_id(index: int) -> str:
    return str((20_000_000 if is_current(index) else 8_000_000) + index)


def article_day(index: int) -> date:
    start = date(2024, 1, 1) if is_current(index) else date(2012, 1, 1)
    return start + timedelta(days=index // 80)


def article_section(index: int) -> str:
    return list(SECTIONS)[index % len(SECTIONS)]


def article_url(index: int) -> str:
    if is_current(index):
        day = article_day(index)
        return f"http://{CURRENT_HOST}/n3/{day:%Y/%m%d}/c90000-{article_id(index)}.html"
    return f"http://{OLD_HOST}/{article_section(index)}/{article_id(index)}.html"


def article_headline(index: int) -> str:
    pick = random.Random(index * 7919).choice
    words = [pick(WORDS[20:]) for _ in range(6)]
    return f"{words[0].capitalize()} {' '.join(words[1:])} in report no. {index}"


def article_clock(index: int) -> tuple[int, int]:
    return 7 + index % 14, (index * 13) % 60


def article_editors(index: int) -> tuple[str, ...]:
    return (EDITORS[index % len(EDITORS)], EDITORS[(index + 3) % len(EDITORS)])


def article_truth(index: int) -> ArticleTruth:
    hour, minute = article_clock(index)
    day = article_day(index)
    return ArticleTruth(
        index=index,
        url=article_url(index),
        article_id=article_id(index),
        layout="peoples_daily.Layout2024" if is_current(index) else "peoples_daily.Layout2013",
        headline=article_headline(index),
        published=f"{day.isoformat()}T{hour:02d}:{minute:02d}:00+08:00",
        editors=article_editors(index),
        body="\n".join(_body_paragraphs(index, with_dateline=False)),
    )


def article_index(id_text: str) -> int | None:
    """The index of the article with this id, or None when no article of the site has it."""
    number = int(id_text)
    index = number - 20_000_000 if number >= 20_000_000 else number - 8_000_000
    return index if index >= 0 and id_text == article_id(index) else None


# --- text -----------------------------------------------------------------------------------------


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(12, 26))
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _body_paragraphs(index: int, with_dateline: bool = True) -> list[str]:
    rng = random.Random(index)
    paragraphs = [
        " ".join(_sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(8, 20))
    ]
    if index % 3 == 0 and with_dateline:  # wire copy opens with its dateline
        day = article_day(index) - timedelta(days=index % 2)
        place = PLACES[index % len(PLACES)]
        paragraphs[0] = f"{place}, {SHORT_MONTHS[day.month - 1]} {day.day} (Xinhua) -- {paragraphs[0]}"
    return paragraphs


def _shown_time(index: int) -> str:
    hour, minute = article_clock(index)
    day = article_day(index)
    return f"{hour:02d}:{minute:02d}, {MONTHS[day.month - 1]} {day.day:02d}, {day.year}"


# --- boilerplate shared by every page (real pages repeat theirs site-wide) -------------------------


def _navigation() -> str:
    own = [f'<a href="http://{CURRENT_HOST}/">Home</a>']
    own += [f'<a href="http://{CURRENT_HOST}/{sid}/index.html">{name}</a>' for sid, name in SECTIONS.items()]
    own += [
        f'<a href="http://{CURRENT_HOST}/{path}/index.html">{SECTIONS[path.split("/")[0]]} {n % 4 + 1}</a>'
        for n, path in enumerate(SUBSECTIONS)
    ]
    editions = ("cpc", "politics", "world", "finance", "tw", "military", "society", "culture", "sports")
    languages = ("french", "spanish", "russian", "arabic", "japanese", "korean", "german", "portuguese")
    other = [
        f'<a href="http://{name}.people.com.cn/" target="_blank">{name.capitalize()}</a>'
        for name in editions * 5
    ]
    other += [
        f'<a href="http://{lang}.peopledaily.com.cn/">{lang.capitalize()}</a>' for lang in languages * 5
    ]
    return (
        '<div class="header"><div class="w1200 nav cf">\n'
        + _columns(own + other, "nav_col")
        + "</div></div>\n"
    )


def _columns(links: list[str], css: str, per_column: int = 8) -> str:
    """Links in columns of a few, each its own ``<div>``, as mega-menus and footers lay them out."""
    return "".join(
        f'<div class="{css}">' + "\n".join(links[start : start + per_column]) + "</div>\n"
        for start in range(0, len(links), per_column)
    )


def _scripts(count: int) -> str:
    blocks = []
    for n in range(count):
        config = ", ".join(
            f'"slot{n}_{k}": {{"w": {300 + k}, "h": {250 - k}, "id": "ad-{n}-{k}"}}' for k in range(12)
        )
        blocks.append(
            "<script>\n(function(w, d) {\n  var cfg = {" + config + "};\n"
            "  w.__pd_cfg = w.__pd_cfg || {}; for (var k in cfg) { w.__pd_cfg[k] = cfg[k]; }\n"
            '  var s = d.createElement("script"); s.async = true; s.src = "/img/FOREIGN/js/stat_'
            + str(n)
            + '.js"; d.getElementsByTagName("head")[0].appendChild(s);\n})(window, document);\n</script>\n'
        )
    return "".join(blocks)


def _footer() -> str:
    partners = [
        f'<a href="http://www.partner{n}.com.cn/" target="_blank">Partner site {n}</a>' for n in range(60)
    ]
    return (
        '<div class="footer w1200">\n'
        f'<a href="http://{CURRENT_HOST}/102840/9716018.html">About People\'s Daily Online</a> | '
        f'<a href="http://{CURRENT_HOST}/102840/7560415.html">Contact us</a>\n'
        '<div class="links">' + _columns(partners, "links_col") + "</div>\n"
        "<p>Copyright by People's Daily Online. All Rights Reserved. Reproduction in whole or in part "
        "without permission is prohibited. For licensing, contact the syndication desk.</p>\n</div>\n"
    )


def _ad_slots(place: str, count: int) -> str:
    """Advertising slots: empty nested ``<div>``s that scripts fill, a good part of a real page's tree."""
    return "".join(
        f'<div class="ad_slot {place}"><div class="ad_inner" id="ad-{place}-{n}">'
        '<ins class="ad_unit"></ins></div></div>\n'
        for n in range(count)
    )


def _share_bar() -> str:
    icons = ("weibo", "wechat", "facebook", "twitter", "linkedin", "email", "print", "copy")
    links = "".join(
        f'<a href="javascript:void(0)" class="share_{icon}"><span class="icon"></span></a>' for icon in icons
    )
    return f'<div class="share cf">{links}</div>\n'


def _apps() -> str:
    apps = ("ios", "android", "wechat", "weibo")
    return (
        '<div class="apps cf">'
        + "".join(
            f'<div class="qr"><img src="/img/FOREIGN/qr_{app}.png" alt="{app}"><span>{app}</span></div>'
            for app in apps
        )
        + "</div>\n"
    )


# Calibrated on real news pages of 35–70 KB (median: ~520 elements, ~90 <div>s, 8 KB of script).
_HEAD_SCRIPTS = _scripts(6)
_TAIL_SCRIPTS = _scripts(6)
_NAVIGATION = _ad_slots("top", 6) + _navigation()
_FOOTER = _ad_slots("bottom", 8) + _apps() + _footer()
_SIDE_BOX = (
    _share_bar()
    + _ad_slots("side", 12)
    + (
        '<div class="w300 hot_topics"><h3>Hot topics</h3><ul>'
        + "".join(
            f'<li><a href="http://{CURRENT_HOST}/90786/{9000000 + n}.html">Photo story {n}</a></li>'
            for n in range(12)
        )
        + "</ul></div>\n"
    )
)


def _head(title: str, extra: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title} - People's Daily Online</title>\n{extra}"
        '<link rel="stylesheet" href="/img/FOREIGN/2021/12/212801/page.css">\n'
        + _HEAD_SCRIPTS
        + "</head>\n<body>\n"
    )


# --- pages ----------------------------------------------------------------------------------------


def _link(index: int, from_host: str) -> str:
    url = article_url(index)
    href = url.removeprefix(f"http://{from_host}") if url.startswith(f"http://{from_host}/") else url
    return f'<a href="{href}">{article_headline(index)}</a>'


# "Most Popular" rankings a crawl of the site meets: pages made at different hours show different ones.
POPULAR_EDITIONS = 20


def _article_lists(index: int, n: int) -> tuple[list[int], list[int], list[int]]:
    rng = random.Random(-index - 1)
    latest = [(index + k) % n for k in range(1, LIST_SIZE + 1)]
    edition = random.Random(index * POPULAR_EDITIONS // n)
    popular = [edition.randrange(n) for _ in range(LIST_SIZE)]
    selections = [rng.randrange(n) for _ in range(LIST_SIZE)]
    return latest, popular, selections


def _pad_to_band(page: str, index: int) -> str:
    """Real templates vary in weight; pad light pages as real ones are padded, with inline script data.

    The portal's pages carry recommendation and advertising data as JavaScript literals; the padding
    is such a literal, so it adds bytes to parse but no elements, as on the real pages.
    """
    low = PAGE_BYTES[0] + 4_000 + (index * 7919) % 14_000
    missing = low - len(page)
    if missing <= 0:
        return page
    entry = '{"id": %d, "title": "Recommended reading", "img": "/NMediaFile/2024/rec_%d.jpg", "pos": %d},\n'
    entries = "".join(entry % (index + n, n, n) for n in range(missing // len(entry) + 1))
    script = f"<script>\nvar pd_recommend = [\n{entries}];\n</script>\n"
    return page.replace("</body>", script + "</body>", 1)


def current_article_page(index: int, n: int) -> str:
    latest, popular, selections = _article_lists(index, n)
    paragraphs = "".join(f"<p>{text}</p>\n" for text in _body_paragraphs(index))
    reporter = REPORTERS[index % len(REPORTERS)]
    wire = WIRES[index % len(WIRES)]
    headline = article_headline(index)
    day = article_day(index)
    meta = (
        f'<meta name="keywords" content="{SECTIONS[article_section(index)]},news">\n'
        f'<meta name="publishdate" content="{day.isoformat()}">\n'
        f'<link rel="canonical" href="{article_url(index)}">\n'
    )

    def box(css: str, heading: str, indexes: list[int]) -> str:
        items = "".join(f"<li>{_link(i, CURRENT_HOST)}</li>" for i in indexes)
        return f'<div class="w300 {css} cf"><h2>{heading}</h2><ul>{items}</ul></div>\n'

    page = (
        _head(headline, meta)
        + _NAVIGATION
        + '<div class="main">\n'
        + f'<div class="w860 route cf"><a href="http://{CURRENT_HOST}/">Home</a>&gt;&gt;'
        + f'<a href="http://{CURRENT_HOST}/{article_section(index)}/index.html">{SECTIONS[article_section(index)]}</a></div>\n'
        + '<div class="w860 d2txtCon cf">\n'
        + f"<h1>{headline}</h1>\n"
        + f'<div class="origin cf">By {reporter} ({wire}) <span>{_shown_time(index)}</span></div>\n'
        + paragraphs
        + f'<div class="edit cf">(Web editor: {", ".join(article_editors(index))})</div>\n</div>\n'
        + box("latest", "Latest News", latest)
        + box("popular", "Most Popular", popular)
        + box("p2_related", "Selections for you", selections)
        + _SIDE_BOX
        + "</div>\n"
        + _FOOTER
        + _TAIL_SCRIPTS
        + "</body>\n</html>\n"
    )
    return _pad_to_band(page, index)


def old_article_page(index: int, n: int) -> str:
    latest, popular, selections = _article_lists(index, n)
    paragraphs = "".join(f"<p>{text}</p>\n" for text in _body_paragraphs(index))
    headline = article_headline(index)
    day = article_day(index)
    meta = f'<meta name="publishdate" content="{day.isoformat()}">\n'
    source = (
        "" if index % 3 == 0 else f'<div class="wb_6" id="p_origin">({WIRES[index % len(WIRES)]})</div>\n'
    )

    def box(heading: str, indexes: list[int]) -> str:
        items = "".join(f"<li>{_link(i, OLD_HOST)}</li>" for i in indexes)
        return f'<div class="wb_14"><h3>{heading}</h3><ol>{items}</ol></div>\n'

    ticker = "&nbsp;".join(_link(i, OLD_HOST) for i in latest)
    page = (
        _head(headline, meta)
        + _NAVIGATION
        + f'<div class="w980 wb_2 clear"><span class="wb_2_t">Latest News:</span>&nbsp;&nbsp;{ticker}</div>\n'
        + '<div class="w980 wb_10 clear">\n<div class="wb_12 wb_left">\n'
        + f'<h1 id="p_title">{headline}</h1>\n'
        + source
        + f'<div class="wb_7" id="p_publishtime">{_shown_time(index)}</div>\n'
        + f'<div class="wb_3" id="p_content">\n{paragraphs}</div>\n'
        + '<div class="wb_4 clear"><a href="#">Email</a>|<a href="#">Print</a>|'
        + '<a href="#comments">Comments</a>'
        + f"(Editor:{'、'.join(article_editors(index))})</div>\n</div>\n"
        + '<div class="wb_11 wb_right">\n'
        + box("Selections for you", selections)
        + box("Most Popular", popular)
        + _SIDE_BOX
        + "</div>\n</div>\n"
        + _FOOTER
        + _TAIL_SCRIPTS
        + "</body>\n</html>\n"
    )
    return _pad_to_band(page, index)


def listing_page(title: str, indexes: list[int], block: str) -> str:
    items = "".join(f"<li>{_link(i, CURRENT_HOST)}</li>\n" for i in indexes)
    return (
        _head(title)
        + _NAVIGATION
        + f'<div class="main"><div class="{block}"><h2>{title}</h2><ul>\n{items}</ul></div>\n'
        + _SIDE_BOX
        + "</div>\n"
        + _FOOTER
        + _TAIL_SCRIPTS
        + "</body>\n</html>\n"
    )


def front_page(n: int) -> str:
    latest = listing_page("Latest News", list(range(min(30, n))), "p1_2")
    popular = "".join(f"<li>{_link(i, CURRENT_HOST)}</li>" for i in range(30, min(FRONT_PAGE_ARTICLES, n)))
    box = f'<div class="p1_3"><h2>Most Popular</h2><ul>{popular}</ul></div>\n'
    return latest.replace('<div class="main">', f'<div class="main">{box}', 1)


FRONT_PAGE_ARTICLES = 40  # "Latest News" (the first 30) and "Most Popular" (the next 10)


def section_indexes(number: int, n: int) -> list[int]:
    """The 30 articles the ``number``-th section page lists."""
    return [(number * 97 + k * 31) % n for k in range(30)]


def listed_articles(n: int) -> set[int]:
    """The articles the front page and the section pages link: what a run reading no article can see."""
    sections = len([*SECTIONS, *SUBSECTIONS])
    return {*range(min(FRONT_PAGE_ARTICLES, n)), *(i for s in range(sections) for i in section_indexes(s, n))}


# --- writing the site ------------------------------------------------------------------------------


def generate(n: int, root: Path) -> Site:
    """The site of ``n`` articles under ``root``, written unless a complete copy is already there."""
    done = root / "site.json"
    if done.exists():
        info = json.loads(done.read_text())
        if info.get("version") == VERSION and info.get("articles") == n:
            return Site(root, n, tuple(info["listing_urls"]), info["total_bytes"])
    total = 0
    made: set[Path] = set()

    def write(url: str, html: str) -> None:
        nonlocal total
        path = Site(root, n, (), 0).path_of(url)
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        data = html.encode("utf-8")
        path.write_bytes(data)
        total += len(data)

    for host in HOSTS:
        write(f"http://{host}/robots.txt", "User-agent: *\nDisallow: /rss_mobile/\n")
    write(f"http://{CURRENT_HOST}/", front_page(n))
    listing_urls = [f"http://{CURRENT_HOST}/{path}/index.html" for path in [*SECTIONS, *SUBSECTIONS]]
    for number, url in enumerate(listing_urls):
        write(url, listing_page(f"Section {number}", section_indexes(number, n), "foreign_d2list"))
    for index in range(n):
        page = current_article_page(index, n) if is_current(index) else old_article_page(index, n)
        write(article_url(index), page)
    info = {"version": VERSION, "articles": n, "listing_urls": listing_urls, "total_bytes": total}
    done.write_text(json.dumps(info))
    return Site(root, n, tuple(listing_urls), total)
