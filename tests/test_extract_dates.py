"""Dates as the portals print them (docs/record.md, portals notes §1.2, §1.4, §7) → aware datetimes."""

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from newscrawl.extract.dates import (
    BEIJING,
    URL_DATE_TOLERANCE,
    day_near,
    find_timestamp,
    isoformat,
    join_date_pieces,
    month_number,
    parse_date,
    parse_datetime,
    parse_stated_datetime,
    plausible,
)

UTC = UTC
NEW_YORK = timezone(timedelta(hours=-5))


def bj(*parts):
    return datetime(*parts, tzinfo=BEIJING)


# --- parse_datetime: printed forms -------------------------------------------------------------

PRINTED = [
    # People's Daily article time line: "HH:MM, Month DD, YYYY", 24 h, zero-padded day.
    pytest.param("08:32, April 25, 2013", bj(2013, 4, 25, 8, 32), id="pd-2013-time-line"),
    pytest.param("14:45, January 04, 2024", bj(2024, 1, 4, 14, 45), id="pd-2024-zero-padded-day"),
    pytest.param("09:05, August 04, 2011", bj(2011, 8, 4, 9, 5), id="pd-2011-august-04"),
    pytest.param("00:00, January 16, 2012", bj(2012, 1, 16), id="pd-midnight"),
    pytest.param("23:59, December 31, 2013", bj(2013, 12, 31, 23, 59), id="pd-last-minute-of-year"),
    pytest.param(
        "(People's Daily Online) 14:45, January 04, 2024",
        bj(2024, 1, 4, 14, 45),
        id="pd-origin-line-with-source",
    ),
    pytest.param("January 04, 2024", bj(2024, 1, 4), id="date-only-zero-padded"),
    pytest.param("August 4, 2011", bj(2011, 8, 4), id="date-only-single-digit-day"),
    pytest.param("April 25th, 2013", bj(2013, 4, 25), id="ordinal-suffix"),
    pytest.param("april 25, 2013", bj(2013, 4, 25), id="lowercase-month"),
    pytest.param("Sept. 30, 2013", bj(2013, 9, 30), id="sept-dot"),
    pytest.param("Dec. 31, 2013", bj(2013, 12, 31), id="dec-dot"),
    pytest.param("25 April 2013", bj(2013, 4, 25), id="day-month-year"),
    pytest.param("25 April 2013 08:32", bj(2013, 4, 25, 8, 32), id="day-month-year-time-after"),
    # List pages and China Daily: "YYYY-MM-DD HH:MM".
    pytest.param("2023-02-17 10:32", bj(2023, 2, 17, 10, 32), id="list-page-minutes"),
    pytest.param("[2010-03-16 10:15]", bj(2010, 3, 16, 10, 15), id="china-daily-list-brackets"),
    pytest.param("Updated: 2026-05-17 20:43", bj(2026, 5, 17, 20, 43), id="china-daily-updated"),
    # Xinhua: "YYYY-MM-DD HH:MM:SS".
    pytest.param("2023-11-17 20:52:15", bj(2023, 11, 17, 20, 52, 15), id="xinhua-seconds"),
    pytest.param("2023-11-17 20:52:15 来源： 新华网", bj(2023, 11, 17, 20, 52, 15), id="xinhua-info-line"),
    pytest.param("Posted by ming at 2012-01-14 16:20:11", bj(2012, 1, 14, 16, 20, 11), id="pd-comment-stamp"),
    pytest.param("10:32 2023-02-17", bj(2023, 2, 17, 10, 32), id="time-before-iso-date"),
    pytest.param("2013/04/25", bj(2013, 4, 25), id="slashes"),
    # Global Times: "Mon DD, YYYY hh:mm AM", 12-hour clock.
    pytest.param("Feb 17, 2026 10:37 AM", bj(2026, 2, 17, 10, 37), id="gt-am"),
    pytest.param("Feb 17, 2026 10:37 PM", bj(2026, 2, 17, 22, 37), id="gt-pm"),
    pytest.param("Published: Feb 17, 2026 10:37 AM", bj(2026, 2, 17, 10, 37), id="gt-published-prefix"),
    pytest.param("Feb 17, 2026 12:05 AM", bj(2026, 2, 17, 0, 5), id="gt-12-am-is-midnight"),
    pytest.param("Feb 17, 2026 12:05 PM", bj(2026, 2, 17, 12, 5), id="gt-12-pm-is-noon"),
    pytest.param("Feb 17, 2026 1:05 pm", bj(2026, 2, 17, 13, 5), id="gt-lowercase-pm-one-digit-hour"),
    pytest.param("Feb 17, 2026 10:37PM", bj(2026, 2, 17, 22, 37), id="gt-pm-no-space"),
    pytest.param("Feb 17, 2026 10:37 p.m.", bj(2026, 2, 17, 22, 37), id="gt-pm-with-dots"),
    # Global Times 2009–2020 and its list lines: one-digit month, day and hour, seconds.
    pytest.param("2016/6/15 0:58:01", bj(2016, 6, 15, 0, 58, 1), id="gt-list-one-digit-hour"),
    pytest.param("Published: 2013-4-23 20:38:01", bj(2013, 4, 23, 20, 38, 1), id="gt-2013-dashes"),
    pytest.param("By A and B | 2023/9/26 21:00:53", bj(2023, 9, 26, 21, 0, 53), id="gt-list-line"),
    # CGTN: "HH:MM, DD-Mon-YYYY", sometimes after the section name.
    pytest.param("21:43, 03-Oct-2026", bj(2026, 10, 3, 21, 43), id="cgtn"),
    pytest.param("World 21:43, 03-Oct-2026", bj(2026, 10, 3, 21, 43), id="cgtn-with-section"),
    # Bare dates are taken at midnight.
    pytest.param("2013-04-25", bj(2013, 4, 25), id="bare-iso-date"),
    pytest.param("February 29, 2012", bj(2012, 2, 29), id="leap-day"),
    pytest.param("  08:32,\u00a0April 25, 2013 ", bj(2013, 4, 25, 8, 32), id="nbsp-and-padding"),
]


@pytest.mark.parametrize(("text", "expected"), PRINTED)
def test_parse_datetime_printed_forms(text, expected):
    got = parse_datetime(text, BEIJING)
    assert got == expected
    assert got.utcoffset() == timedelta(hours=8)


NOT_DATES = [
    pytest.param(None, id="none"),
    pytest.param("", id="empty"),
    pytest.param("   ", id="blank"),
    pytest.param("yesterday", id="word"),
    pytest.param("no date in this sentence", id="prose"),
    pytest.param("12:30", id="time-only"),
    pytest.param("April 2013", id="month-and-year-only"),
    pytest.param("Email|Print|Comments", id="share-line"),
    # Impossible calendar dates and clocks.
    pytest.param("February 30, 2013", id="february-30"),
    pytest.param("February 29, 2013", id="february-29-non-leap"),
    pytest.param("April 31, 2013", id="april-31"),
    pytest.param("2013-13-01", id="month-13"),
    pytest.param("2013-02-29", id="iso-february-29-non-leap"),
    pytest.param("2013-00-10", id="month-0"),
    pytest.param("25:00, April 25, 2013", id="hour-25"),
    pytest.param("08:61, April 25, 2013", id="minute-61"),
]


@pytest.mark.parametrize("text", NOT_DATES)
def test_parse_datetime_rejects(text):
    assert parse_datetime(text) is None


def test_parse_datetime_takes_the_first_date():
    text = "Published: Feb 17, 2026 10:37 AM Updated: Feb 18, 2026 11:00 AM"
    assert parse_datetime(text, BEIJING) == bj(2026, 2, 17, 10, 37)


# --- timezone ----------------------------------------------------------------------------------


def test_a_time_without_offset_and_no_zone_named_stays_naive():
    got = parse_datetime("08:32, April 25, 2013")
    assert got == datetime(2013, 4, 25, 8, 32)
    assert got.tzinfo is None
    assert isoformat(got) == "2013-04-25T08:32:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2024-01-04T14:45:00-05:00", "2024-01-04T14:45:00-05:00", id="iso-negative-offset"),
        pytest.param("2024-01-04T22:45:00Z", "2024-01-04T22:45:00+00:00", id="iso-z-is-utc"),
        pytest.param("2024-01-04T22:45:00.250Z", "2024-01-04T22:45:00+00:00", id="iso-fraction"),
        pytest.param("2026-02-17T10:37:00+0800", "2026-02-17T10:37:00+08:00", id="iso-compact-offset"),
        pytest.param("2026-02-17T10:37+05:30", "2026-02-17T10:37:00+05:30", id="iso-no-seconds"),
        pytest.param("2023.01.19 00:06 GMT+8", "2023-01-19T00:06:00+08:00", id="cgtn-gmt-plus-8"),
        pytest.param("16:07(GMT+8) October 09, 2001", "2001-10-09T16:07:00+08:00", id="gmt-in-parentheses"),
        pytest.param("Nov 30, 2026 09:15 UTC", "2026-11-30T09:15:00+00:00", id="utc-word"),
        pytest.param("2026-11-30 09:15 GMT-3", "2026-11-30T09:15:00-03:00", id="iso-space-gmt-minus"),
    ],
)
@pytest.mark.parametrize("tz", [None, BEIJING], ids=["no-zone", "beijing"])
def test_a_stated_offset_is_kept_whatever_zone_is_named(text, expected, tz):
    assert isoformat(parse_datetime(text, tz)) == expected


def test_an_out_of_range_offset_gives_no_time_rather_than_a_wrong_one():
    assert parse_datetime("2024-01-04T14:45:00+25:00") is None
    assert parse_stated_datetime("2024-01-04T14:45:00+25:00") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thu, 04 Jan 2024 14:45:00 EST", "2024-01-04T14:45:00-05:00"),
        ("Thu, 04 Jan 2024 14:45:00 PDT", "2024-01-04T14:45:00-07:00"),
        ("Thu, 04 Jan 2024 14:45:00 GMT", "2024-01-04T14:45:00+00:00"),
        ("Thu, 04 Jan 2024 14:45:00 +0100", "2024-01-04T14:45:00+01:00"),
    ],
)
def test_an_e_mail_date_keeps_the_zone_it_names(text, expected):
    assert isoformat(parse_stated_datetime(text)) == expected


@pytest.mark.parametrize(
    ("printed", "url_date", "expected"),
    [
        pytest.param(
            datetime(2569, 5, 17, 9, 30), date(2026, 5, 17), datetime(2026, 5, 17, 9, 30), id="buddhist-era"
        ),
        pytest.param(datetime(2569, 5, 17, 9, 30), None, None, id="buddhist-era-no-url-date"),
        pytest.param(
            datetime(2569, 5, 17, 9, 30), date(2026, 6, 18), datetime(2026, 6, 18, 9, 30), id="url-date-whole"
        ),
        pytest.param(datetime(26, 5, 17), date(2026, 5, 18), datetime(2026, 5, 18), id="two-digit-year"),
        pytest.param(
            datetime(2026, 5, 17, 9, 30), date(2026, 5, 19), datetime(2026, 5, 17, 9, 30), id="plausible-kept"
        ),
        pytest.param(datetime(1990, 1, 1), None, datetime(1990, 1, 1), id="first-year"),
        pytest.param(datetime(2027, 12, 31), None, datetime(2027, 12, 31), id="next-year"),
        pytest.param(datetime(2028, 1, 1), None, None, id="year-after-next"),
        pytest.param(None, date(2026, 5, 17), None, id="none"),
    ],
)
def test_an_impossible_year_is_taken_from_the_url_or_rejected(printed, url_date, expected):
    assert plausible(printed, url_date, today=date(2026, 12, 1)) == expected


@pytest.mark.parametrize(
    ("tz", "offset"),
    [
        pytest.param(UTC, "+00:00", id="utc"),
        pytest.param(NEW_YORK, "-05:00", id="minus-five"),
        pytest.param(timezone(timedelta(hours=5, minutes=30)), "+05:30", id="half-hour"),
        pytest.param(BEIJING, "+08:00", id="beijing-explicit"),
    ],
)
def test_parse_datetime_honours_tz(tz, offset):
    got = parse_datetime("2023-02-17 10:32", tz)
    assert got.tzinfo is tz
    assert (got.hour, got.minute) == (10, 32)  # the printed wall-clock time, not converted
    assert isoformat(got) == f"2023-02-17T10:32:00{offset}"


# --- isoformat ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("08:32, April 25, 2013", "2013-04-25T08:32:00+08:00", id="record-example"),
        pytest.param("2023-11-17 20:52:15", "2023-11-17T20:52:15+08:00", id="seconds-kept"),
        pytest.param("January 04, 2024", "2024-01-04T00:00:00+08:00", id="midnight"),
        pytest.param("Feb 17, 2026 10:37 PM", "2026-02-17T22:37:00+08:00", id="pm"),
        pytest.param("21:43, 03-Oct-2026", "2026-10-03T21:43:00+08:00", id="cgtn"),
        pytest.param(None, None, id="none"),
        pytest.param("garbage", None, id="garbage"),
    ],
)
def test_isoformat_of_parsed(text, expected):
    assert isoformat(parse_datetime(text, BEIJING)) == expected


def test_isoformat_drops_microseconds():
    assert isoformat(datetime(2013, 4, 25, 8, 32, 1, 999999, tzinfo=BEIJING)) == "2013-04-25T08:32:01+08:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("2024-01-04", date(2024, 1, 4), id="iso"),
        pytest.param("January 04, 2024", date(2024, 1, 4), id="long"),
        pytest.param("23:59, December 31, 2013", date(2013, 12, 31), id="with-time"),
        pytest.param("nope", None, id="garbage"),
        pytest.param(None, None, id="none"),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


# --- month_number ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("April", 4, id="full"),
        pytest.param("april", 4, id="lower"),
        pytest.param("APRIL", 4, id="upper"),
        pytest.param("Apr", 4, id="three-letter"),
        pytest.param("Apr.", 4, id="three-letter-dot"),
        pytest.param("January", 1, id="january"),
        pytest.param("Jan.", 1, id="jan-dot"),
        pytest.param("May", 5, id="may"),
        pytest.param("Sept.", 9, id="sept-dot"),
        pytest.param("Sept", 9, id="sept"),
        pytest.param("Sep", 9, id="sep"),
        pytest.param("SEPT.", 9, id="sept-upper"),
        pytest.param("September", 9, id="september"),
        pytest.param("Oct", 10, id="oct"),
        pytest.param("Dec.", 12, id="dec-dot"),
        pytest.param("dec", 12, id="dec-lower"),
        pytest.param("December", 12, id="december"),
        pytest.param("Monday", None, id="weekday"),
        pytest.param("Mon", None, id="weekday-abbrev"),
        pytest.param("Smarch", None, id="not-a-month"),
        pytest.param("Septem", None, id="truncated-month"),
        pytest.param("Xinhua", None, id="agency"),
        pytest.param("", None, id="empty"),
        pytest.param("4", None, id="digit"),
    ],
)
def test_month_number(name, expected):
    assert month_number(name) == expected


# --- day_near: the year of a dateline ----------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "day", "anchor", "expected"),
    [
        pytest.param(4, 24, date(2013, 4, 25), date(2013, 4, 24), id="day-before"),
        pytest.param(4, 25, date(2013, 4, 25), date(2013, 4, 25), id="same-day"),
        pytest.param(4, 26, date(2013, 4, 25), date(2013, 4, 26), id="one-day-after-allowed"),
        pytest.param(4, 27, date(2013, 4, 25), date(2012, 4, 27), id="two-days-after-is-last-year"),
        pytest.param(12, 31, date(2014, 1, 1), date(2013, 12, 31), id="dec-31-on-jan-1-previous-year"),
        pytest.param(12, 30, date(2014, 1, 1), date(2013, 12, 30), id="dec-30-on-jan-1-previous-year"),
        pytest.param(1, 1, date(2014, 1, 1), date(2014, 1, 1), id="jan-1-on-jan-1"),
        pytest.param(3, 1, date(2014, 2, 28), date(2014, 3, 1), id="one-day-after-across-month"),
        pytest.param(2, 29, date(2024, 3, 1), date(2024, 2, 29), id="feb-29-leap-year"),
        pytest.param(2, 29, date(2024, 2, 29), date(2024, 2, 29), id="feb-29-same-day"),
        pytest.param(2, 29, date(2024, 2, 28), date(2024, 2, 29), id="feb-29-one-day-after"),
        pytest.param(2, 29, date(2023, 3, 1), None, id="feb-29-non-leap-context"),
        pytest.param(2, 30, date(2024, 3, 1), None, id="feb-30-never"),
        pytest.param(13, 1, date(2024, 3, 1), None, id="month-13"),
        # A dateline one day ahead across New Year (e.g. WELLINGTON on a late Dec. 31 Beijing page).
        pytest.param(1, 1, date(2013, 12, 31), date(2014, 1, 1), id="jan-1-on-dec-31-next-year"),
    ],
)
def test_day_near(month, day, anchor, expected):
    assert day_near(month, day, anchor) == expected


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        pytest.param("08:32, April 25, 2013 GMT+08", timedelta(hours=8), id="hours-only"),
        pytest.param("2013-04-25 08:32+08", timedelta(hours=8), id="iso-hours-only"),
        pytest.param("2013-04-25 08:32+0530", timedelta(hours=5, minutes=30), id="iso-hours-minutes"),
        pytest.param("08:32, April 25, 2013 GMT+0830", timedelta(hours=8, minutes=30), id="hours-minutes"),
        pytest.param("08:32, April 25, 2013 GMT+14", timedelta(hours=14), id="largest-offset"),
        pytest.param("08:32, April 25, 2013 GMT+15", None, id="beyond-the-largest"),
        pytest.param("08:32, April 25, 2013 UTC+05:59", timedelta(hours=5, minutes=59), id="minute-59"),
        pytest.param("08:32, April 25, 2013 UTC+05:60", None, id="minute-60"),
    ],
)
def test_a_stated_offset_is_kept_within_its_range(text: str, offset: timedelta | None) -> None:
    value = parse_datetime(text, None)
    assert value is not None
    assert value.utcoffset() == offset


def test_seconds_printed_are_kept() -> None:
    assert parse_datetime("08:32:15, April 25, 2013", BEIJING) == bj(2013, 4, 25, 8, 32, 15)


# --- join_date_pieces: a date printed in separate elements (portals notes §2, §7) --------------------


@pytest.mark.parametrize(
    ("pieces", "joined"),
    [
        # news.cn's header: span.year > em, span.day > em "/" em, span.time.
        pytest.param(["2023", "11", "/", "17", "20:52:15"], "2023-11-17 20:52:15", id="news-cn-header"),
        pytest.param(
            ["\n  2023 ", "\n", "11", " / ", "17", "\n", "20:52:15 "], "2023-11-17 20:52:15", id="spaced"
        ),
        pytest.param(["2024", "05", "21", "09:30"], "2024-05-21 09:30", id="year-month-day-time"),
        pytest.param(["2024", "5", "-", "1"], "2024-05-01", id="no-clock-single-digits"),
        pytest.param(["2023年", "11月", "17日", "20:52"], "2023-11-17 20:52", id="cjk-units"),
        pytest.param(["Time: ", "2023", "11/17", "8:05"], "2023-11-17 8:05", id="label-before"),
        pytest.param(["2023-11-17 20:52:15"], "2023-11-17 20:52:15", id="one-piece"),
    ],
)
def test_join_date_pieces(pieces: list[str], joined: str) -> None:
    assert join_date_pieces(pieces) == joined
    assert parse_datetime(joined, BEIJING) is not None


@pytest.mark.parametrize(
    "pieces",
    [
        pytest.param([], id="nothing"),
        pytest.param(["2023"], id="year-alone"),
        pytest.param(["2023", "13", "/", "01"], id="month-13"),
        pytest.param(["2023", "02", "/", "30"], id="february-30"),
        pytest.param(["11/17", "2023"], id="year-last"),
        pytest.param(["Source: Xinhua"], id="no-digits"),
    ],
)
def test_join_date_pieces_refuses_what_is_no_date(pieces: list[str]) -> None:
    assert join_date_pieces(pieces) is None


@pytest.mark.parametrize(
    ("printed", "url_date", "later", "expected"),
    [
        pytest.param(
            datetime(2025, 5, 17, 9, 30),
            date(2026, 5, 17),
            False,
            datetime(2026, 5, 17, 9, 30),
            id="a-year-off",
        ),
        pytest.param(
            datetime(2026, 5, 11, 9, 30),
            date(2026, 5, 17),
            False,
            datetime(2026, 5, 17, 9, 30),
            id="six-days-before",
        ),
        pytest.param(
            datetime(2026, 5, 14, 9, 30),
            date(2026, 5, 17),
            False,
            datetime(2026, 5, 14, 9, 30),
            id="three-days-before-kept",
        ),
        pytest.param(
            datetime(2026, 5, 20, 9, 30),
            date(2026, 5, 17),
            False,
            datetime(2026, 5, 20, 9, 30),
            id="three-days-after-kept",
        ),
        pytest.param(
            datetime(2026, 5, 21, 9, 30),
            date(2026, 5, 17),
            False,
            datetime(2026, 5, 17, 9, 30),
            id="four-days-after",
        ),
        pytest.param(
            datetime(2026, 7, 1, 9, 30),
            date(2026, 5, 17),
            True,
            datetime(2026, 7, 1, 9, 30),
            id="modified-weeks-after-kept",
        ),
        pytest.param(
            datetime(2026, 5, 1, 9, 30),
            date(2026, 5, 17),
            True,
            datetime(2026, 5, 17, 9, 30),
            id="modified-before-publication",
        ),
        pytest.param(
            datetime(2569, 5, 17, 9, 30),
            date(2026, 5, 17),
            True,
            datetime(2026, 5, 17, 9, 30),
            id="modified-buddhist-era",
        ),
        pytest.param(
            datetime(2025, 5, 17, 9, 30), None, False, datetime(2025, 5, 17, 9, 30), id="no-url-date-kept"
        ),
        pytest.param(
            datetime(2026, 5, 16, 22, 0, tzinfo=timezone(timedelta(hours=-5))),
            date(2026, 5, 17),
            False,
            datetime(2026, 5, 16, 22, 0, tzinfo=timezone(timedelta(hours=-5))),
            id="another-zone-a-day-off-kept",
        ),
    ],
)
def test_the_url_date_wins_over_a_printed_date_far_from_it(printed, url_date, later, expected):
    tolerance = URL_DATE_TOLERANCE  # a portal whose URL date is the publication day
    assert plausible(printed, url_date, today=date(2026, 12, 1), later=later, tolerance=tolerance) == expected


def test_a_time_is_a_publication_time_unless_said_to_be_later() -> None:
    """Without ``later``, a time weeks after the URL's date is as wrong as one weeks before it."""
    weeks_after = datetime(2026, 7, 1, 9, 30)
    got = plausible(weeks_after, date(2026, 5, 17), today=date(2026, 12, 1), tolerance=URL_DATE_TOLERANCE)
    assert got == datetime(2026, 5, 17, 9, 30)


def test_without_a_tolerance_only_an_impossible_year_gives_way_to_the_url_date() -> None:
    far = datetime(2025, 5, 17, 9, 30)
    assert plausible(far, date(2026, 5, 17), today=date(2026, 12, 1)) == far


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        pytest.param("2023.01.19 00:06 GMT+8", "2023.01.19 00:06 GMT+8", id="cgtn-amp"),
        pytest.param("Updated 2018-03-20 13:00 GMT+8 by desk", "2018-03-20 13:00 GMT+8", id="iso-then-words"),
        pytest.param("21:43, 03-Oct-2026 (UTC+05:30)", "21:43, 03-Oct-2026 (UTC+05:30)", id="in-parentheses"),
        pytest.param("April 25, 2013 08:32 GMT -5", "April 25, 2013 08:32 GMT -5", id="spaced"),
        pytest.param("08:32, April 25, 2013 GMT+8", "08:32, April 25, 2013 GMT+8", id="clock-first"),
        pytest.param("(Xinhua) 08:32, April 25, 2013 Views: 3", "08:32, April 25, 2013", id="no-zone"),
        pytest.param("2013-04-25 08:32 GMTX", "2013-04-25 08:32", id="not-a-zone"),
    ],
)
def test_find_timestamp_keeps_the_offset_printed_after_the_clock(text: str, printed: str) -> None:
    span = find_timestamp(text)
    assert span is not None
    assert text[span[0] : span[1]] == printed
