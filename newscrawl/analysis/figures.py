"""The report page's figures, drawn with matplotlib (Agg, no display) as SVG to inline in the page.

Every artist that shows a datum carries a gid naming it (``volume-bar--<site>--<day>``,
``coverage-line--<site>--<field>``, ``threshold--<site>--<field>``, ``rank-line--<site>--<story>``,
and each axes' background ``…-axes--<site>``), which the SVG keeps as the element's id: a person can
inspect the page, and the suite checks in a browser that each figure is drawn from the data.
Axes limits are fixed where a reader (or a test) maps positions back to values.
"""

from __future__ import annotations

import functools
import io
import math
import re
from collections.abc import Callable
from datetime import date

import matplotlib

matplotlib.use("Agg")  # no display; before anything draws

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from newscrawl.analysis.report import TOP, Report, health_of

COVERAGE_LIMITS = (0.0, 1.05)  # share of articles; a little over 1 so that 100% stays visible
RANK_LIMITS = (TOP + 0.5, 0.5)  # rank 1 on top
WIDTH = 10.0  # inches
_COLOURS = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
]


def _styled(draw: Callable[[Report], Figure | None]) -> Callable[[Report], str | None]:
    """A figure drawn and saved under the page's matplotlib settings, as an SVG element to inline."""

    @functools.wraps(draw)
    def drawn(report: Report) -> str | None:
        # Text as text (smaller, selectable), ids the same for the same data.
        with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "newscrawl", "font.size": 9.0}):
            figure = draw(report)
            if figure is None:
                return None
            buffer = io.StringIO()
            figure.savefig(buffer, format="svg", metadata={"Date": None})
        text = buffer.getvalue()
        return text[text.index("<svg") :]  # no XML prologue inside HTML

    return drawn


def gid(*parts: str) -> str:
    """An SVG id from its parts, ``--`` between them; characters an id selector would need escaped go."""
    return "--".join(re.sub(r"[^A-Za-z0-9._-]+", "_", part) for part in parts)


def articles_per_day(report: Report) -> dict[str, dict[date, int]]:
    """Article records in the dataset, per site and day folder: the volume figure's bars."""
    counts: dict[str, dict[date, int]] = {}
    for facts in report.runs:
        days = counts.setdefault(facts.run.site, {})
        days[facts.run.day] = days.get(facts.run.day, 0) + facts.articles
    return counts


@_styled
def volume_svg(report: Report) -> Figure:
    """Grouped bars: articles per day, one bar per site."""
    counts = articles_per_day(report)
    days = sorted({day for per_day in counts.values() for day in per_day})
    sites = sorted(counts)
    figure = Figure(figsize=(min(16.0, max(WIDTH, 0.3 * len(days) * len(sites))), 3.6), layout="constrained")
    axes = figure.add_subplot()
    axes.patch.set_gid(gid("volume-axes"))
    width = 0.8 / max(1, len(sites))
    for number, site in enumerate(sites):
        positions = [index - 0.4 + width * (number + 0.5) for index in range(len(days))]
        heights = [counts[site].get(day, 0) for day in days]
        bars = axes.bar(positions, heights, width, label=site, color=_COLOURS[number % len(_COLOURS)])
        for bar, day in zip(bars, days, strict=True):
            bar.set_gid(gid("volume-bar", site, day.isoformat()))
    _positions_axis(axes, [str(day) for day in days], most=20)
    axes.set_xlim(-0.5, len(days) - 0.5)
    axes.set_ylabel("article records")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(loc="lower left", bbox_to_anchor=(0, 1), ncols=len(sites), frameon=False)
    return figure


@_styled
def coverage_svg(report: Report) -> Figure:
    """Per site: each thresholded field's coverage per run, and the portal's threshold as a dashed line."""
    sites = sorted({facts.run.site for facts in report.runs})
    figure = Figure(figsize=(WIDTH, 2.8 * len(sites)), layout="constrained")
    for axes, site in zip(_rows(figure, len(sites)), sites, strict=True):
        axes.patch.set_gid(gid("coverage-axes", site))
        runs = [facts for facts in report.runs if facts.run.site == site]
        thresholds = health_of(site).min_coverage
        for number, (name, least) in enumerate(sorted(thresholds.items())):
            colour = _COLOURS[number % len(_COLOURS)]
            shares = [facts.coverage.get(name, 0.0) if facts.articles else float("nan") for facts in runs]
            (line,) = axes.plot(range(len(runs)), shares, marker="o", color=colour, label=name, clip_on=False)
            line.set_gid(gid("coverage-line", site, name))
            rule = axes.axhline(least, color=colour, linestyle="--", linewidth=1.0)
            rule.set_gid(gid("threshold", site, name))
        labels = [f"{facts.started:%m-%d %H:%M}" if facts.started else facts.run.run_id for facts in runs]
        _runs_axis(axes, labels)
        axes.set_ylim(*COVERAGE_LIMITS)
        axes.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{y:.0%}"))
        axes.set_title(f"{site}: coverage per run (dashed: the portal's threshold)", loc="left")
        axes.legend(loc="lower left", frameon=False, ncols=len(thresholds))
    return figure


@_styled
def ranks_svg(report: Report) -> Figure | None:
    """Per site with a ranked list: the top ranks per observation, one line per story (rank 1 on top)."""
    drawn = [ranked for ranked in report.ranked.values() if ranked.observations]
    if not drawn:
        return None
    figure = Figure(figsize=(WIDTH, 4.2 * len(drawn)), layout="constrained")
    for axes, ranked in zip(_rows(figure, len(drawn)), drawn, strict=True):
        axes.patch.set_gid(gid("ranks-axes", ranked.site))
        stories: dict[str, list[float]] = {}
        titles: dict[str, str] = {}
        for index, seen in enumerate(ranked.observations):
            for entry in seen.entries:
                ranks = stories.setdefault(entry.story, [float("nan")] * len(ranked.observations))
                ranks[index] = entry.rank
                titles[entry.story] = entry.title
        for number, (story, ranks) in enumerate(stories.items()):
            colour = _COLOURS[number % len(_COLOURS)]
            (line,) = axes.plot(range(len(ranks)), ranks, marker="o", color=colour, linewidth=2)
            line.set_gid(gid("rank-line", ranked.site, story))
            last = max(index for index, rank in enumerate(ranks) if rank == rank)  # NaN != NaN
            axes.annotate(
                _short(titles[story]),
                (last, ranks[last]),
                xytext=(6, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
                color=colour,
            )
        labels = [f"{seen.first:%m-%d %H:%M}" for seen in ranked.observations]
        _runs_axis(axes, labels)
        axes.set_ylim(*RANK_LIMITS)
        axes.set_yticks(range(1, TOP + 1))
        axes.set_ylabel("rank")
        axes.set_title(f'{ranked.site}: "{ranked.name}", top {TOP} per observation', loc="left")
    return figure


def _rows(figure: Figure, count: int) -> list[Axes]:
    return [figure.add_subplot(count, 1, number + 1) for number in range(count)]


def runs_xlim(count: int) -> tuple[float, float]:
    """x limits of ``count`` runs or observations at 0, 1, …, with room on the right for titles."""
    return -0.5, max(count, 1) - 0.5 + 0.6


def _runs_axis(axes: Axes, labels: list[str]) -> None:
    """x: one position per run or observation, labelled by its time, at most ~12 labels."""
    axes.set_xlim(*runs_xlim(len(labels)))
    _positions_axis(axes, labels, most=12)


def _positions_axis(axes: Axes, labels: list[str], most: int) -> None:
    """Ticks at positions 0, 1, … labelled, every n-th one so that at most ``most`` show."""
    step = max(1, math.ceil(len(labels) / most))
    axes.set_xticks(range(0, len(labels), step), labels[::step])
    if len(labels[::step]) > 6:
        axes.tick_params(axis="x", labelrotation=30)


def _short(title: str, most: int = 40) -> str:
    return title if len(title) <= most else title[: most - 1].rstrip() + "…"
