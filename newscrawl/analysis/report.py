"""The run report's facts: what each run of a dataset folder wrote, how healthy it was, and one ranked
list's snapshots over time, gathered once for the text report, the page and its figures.

Counts come from the run's manifest (``newscrawl.extensions.RunReport``); a run whose manifest is minimal
(a killed run folded in by the next one) or unreadable has them counted from its records instead. Every
data file is read through :mod:`newscrawl.analysis.reader`, so damage is a :class:`Problem`, never a
crash, and the report says what it left out.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from newscrawl.analysis.reader import (
    EXIT_BAD_ARGUMENT,
    EXIT_CLEAN,
    EXIT_LEFT_OUT,
    Problem,
    Run,
    read_records,
    scan,
)
from newscrawl.extensions import filled_fields
from newscrawl.portals import PORTALS
from newscrawl.portals.base import Health
from newscrawl.portals.generic import GenericSite

# The list drawn as a bump chart when no --list is given: a portal's most-popular list, whatever it calls it.
DEFAULT_LIST = re.compile(r"\bmost[ -]+(popular|read|viewed)\b", re.I)
TOP = 10  # ranks drawn


@dataclass
class RunFacts:
    """One run as the report shows it."""

    run: Run
    ended: str  # the manifest's finishReason; "interrupted"; "no manifest"
    started: datetime | None
    new: int
    updated: int
    unchanged: int | None  # None: not known (no full manifest)
    known: int | None  # articles known from earlier runs, not fetched again
    articles: int  # article records read from its file
    lists: int  # list snapshots read from its file
    coverage: dict[str, float]  # share of its articles filling each field
    dropped: Counter[str]
    given_up: Counter[str]
    healthy: bool | None  # None: not judged (interrupted, no manifest)
    unhealthy: list[str]

    @property
    def health(self) -> str:
        return {True: "healthy", False: "UNHEALTHY", None: "not judged"}[self.healthy]


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a ranked list: its rank, the story (article id, else URL) and its title."""

    rank: int
    story: str
    title: str


@dataclass(frozen=True, slots=True)
class Observation:
    """A list's content as one run saw it: from its first observation to its last, on ``pages`` pages."""

    run_id: str
    first: datetime
    last: datetime
    pages: int
    entries: tuple[Entry, ...]


@dataclass
class RankedList:
    """The list of one site drawn as a bump chart, and the names that matched the rule."""

    site: str
    name: str | None  # None: no list of the site matched
    matched: list[str]
    observations: list[Observation]


@dataclass
class Report:
    root: Path
    runs: list[RunFacts]
    problems: list[Problem]
    list_rule: str  # how the ranked list was chosen, as the page says it
    ranked: dict[str, RankedList] = field(default_factory=dict)

    @property
    def damage(self) -> list[Problem]:
        """What was left out for damage; a run still being written is not damage."""
        return [problem for problem in self.problems if problem.damage]

    @property
    def exit_status(self) -> int:
        return EXIT_LEFT_OUT if self.damage else EXIT_CLEAN

    def days(self) -> dict[tuple[str, date], list[RunFacts]]:
        """The runs by site and day, in order."""
        grouped: dict[tuple[str, date], list[RunFacts]] = {}
        for facts in self.runs:
            grouped.setdefault((facts.run.site, facts.run.day), []).append(facts)
        return grouped


def health_of(site: str) -> Health:
    """The thresholds a site's runs were judged by: its portal's, else the generic site's."""
    portal = PORTALS.get(site)
    return portal.health if portal is not None else GenericSite.health


def build(root: Path, list_name: str | None = None) -> Report:
    """Read the dataset folder once: every run's facts and the ranked list's snapshots of each site."""
    found = scan(root)
    problems = list(found.problems)
    rule = f'"{list_name}"' if list_name else f"the list whose name matches /{DEFAULT_LIST.pattern}/i"
    report = Report(root, [], problems, rule)
    matches: Callable[[str], object] = _exact(list_name) if list_name else DEFAULT_LIST.search
    snapshots: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for run in found.runs:
        articles = ArticleCounts.of(read_records(run.path("articles"), "articles", problems))
        lists = 0
        if not run.path("lists").exists():  # a run writes both files, renamed together
            problems.append(Problem(run.path("lists"), "no lists file: the run's list snapshots left out"))
        else:
            for record in read_records(run.path("lists"), "lists", problems):
                lists += 1
                if matches(record["listName"]):
                    snapshots[run.site][record["listName"]].append({**record, "runId": run.run_id})
        report.runs.append(run_facts(run, articles, lists))
    for site in sorted({facts.run.site for facts in report.runs}):
        report.ranked[site] = ranked_list(site, snapshots[site])
    problems.sort(key=lambda problem: (str(problem.path), problem.reason))  # a file's problems together
    return report


def _exact(name: str) -> Callable[[str], object]:
    wanted = name.casefold()
    return lambda list_name: list_name.casefold() == wanted


@dataclass
class ArticleCounts:
    """What a run's article file holds, counted in one pass: records, new and updated, fields filled."""

    records: int = 0
    new: int = 0
    updated: int = 0
    filled: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, records: Iterable[dict[str, Any]]) -> ArticleCounts:
        counts = cls()
        for record in records:
            counts.records += 1
            counts.new += record["version"] == 1
            counts.updated += record["version"] > 1
            counts.filled.update(filled_fields(record))
        return counts

    def coverage(self) -> dict[str, float]:
        return {name: round(n / self.records, 4) for name, n in sorted(self.filled.items())}


def run_facts(run: Run, articles: ArticleCounts, lists: int) -> RunFacts:
    """A run's counts from its manifest, or from its records where the manifest does not give them."""
    manifest = run.manifest or {}
    full = "coverage" in manifest and not run.interrupted
    if full:
        return RunFacts(
            run=run,
            ended=str(manifest.get("finishReason", "?")),
            started=_time(manifest.get("startedAt")),
            new=int(manifest.get("newArticles", 0)),
            updated=int(manifest.get("updatedArticles", 0)),
            unchanged=int(manifest.get("unchangedArticles", 0)),
            known=int(manifest.get("knownArticlesNotFetched", 0)),
            articles=articles.records,
            lists=lists,
            coverage={name: float(share) for name, share in manifest["coverage"].items()},
            dropped=Counter(manifest.get("dropped") or {}),
            given_up=Counter(str(entry.get("reason", "?")) for entry in manifest.get("givenUp") or []),
            healthy=bool(manifest.get("healthy")),
            unhealthy=[str(reason) for reason in manifest.get("unhealthy") or []],
        )
    return RunFacts(
        run=run,
        ended="interrupted" if run.interrupted else "no manifest",
        started=_run_id_time(run.run_id),
        new=articles.new,
        updated=articles.updated,
        unchanged=None,
        known=None,
        articles=articles.records,
        lists=lists,
        coverage=articles.coverage(),
        dropped=Counter(),
        given_up=Counter(),
        healthy=None,
        unhealthy=[],
    )


def _time(text: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text))
    except ValueError:
        return None


def _run_id_time(run_id: str) -> datetime | None:
    """``20261202T043504Z-…``: a run id starts with its start time (``newscrawl.dataset.new_run_id``)."""
    return _time(run_id[:16].replace("Z", "+00:00")) if re.match(r"\d{8}T\d{6}Z", run_id) else None


def ranked_list(site: str, by_name: dict[str, list[dict[str, Any]]]) -> RankedList:
    """The site's list to draw: of the names matching the rule, the one seen in the most snapshots."""
    matched = sorted(by_name, key=lambda name: (-len(by_name[name]), name))
    if not matched:
        return RankedList(site, None, [], [])
    return RankedList(site, matched[0], matched, observations(by_name[matched[0]]))


def observations(snapshots: list[dict[str, Any]]) -> list[Observation]:
    """Each content a list showed in each run, once, at its first observation, oldest first.

    Snapshots are one per run and content (schema 1 files are read as one per page, each its own
    observation: :data:`newscrawl.analysis.reader.UPGRADES`); entries past the top 10 are not drawn, so
    two contents that differ only there are one observation.
    """
    seen: dict[tuple[str, tuple[Entry, ...]], Observation] = {}
    for record in snapshots:
        entries = tuple(
            Entry(item["rank"], item.get("articleId") or item["url"], item["title"])
            for item in sorted(record["items"], key=lambda item: item["rank"])
            if item["rank"] <= TOP
        )
        first = datetime.fromisoformat(record["observedAt"])
        last = datetime.fromisoformat(record["lastObservedAt"])
        pages = int(record["pageCount"])
        key = (record["runId"], entries)
        if (known := seen.get(key)) is not None:
            first, last, pages = min(first, known.first), max(last, known.last), pages + known.pages
        seen[key] = Observation(record["runId"], first, last, pages, entries)
    return sorted(seen.values(), key=lambda seen_once: (seen_once.first, seen_once.run_id))


# --- the command -------------------------------------------------------------------------------


def add_parser(commands: Any) -> None:
    report = commands.add_parser("report", help="what the runs of a dataset folder wrote, and how they went")
    report.add_argument("data", metavar="DATA_DIR", help="the dataset folder (newscrawl run --data)")
    report.add_argument("--html", metavar="FILE", help="also write the report as one self-contained page")
    report.add_argument(
        "--list",
        metavar="NAME",
        help="the ranked list drawn over time (default: the one named like most popular, most read)",
    )


def main(args: argparse.Namespace) -> int:
    """``newscrawl report``: the text on stdout, each problem on stderr, the page when asked for."""
    from newscrawl.analysis import render  # matplotlib: imported by this command only

    data, page = Path(args.data), Path(args.html) if args.html is not None else None
    if problem := argument_problem(data, page):
        sys.stderr.write(f"newscrawl report: error: {problem}\n")
        return EXIT_BAD_ARGUMENT
    report = build(data, args.list)
    sys.stdout.write(render.text(report))
    for left_out in report.problems:
        sys.stderr.write(f"newscrawl report: {left_out}\n")
    if page is not None:
        try:
            render.write_page(page, render.page(report))
        except OSError as error:
            sys.stderr.write(f"newscrawl report: --html {page}: {error.strerror or error}\n")
            return EXIT_BAD_ARGUMENT
    return report.exit_status


def argument_problem(data: Path, page: Path | None) -> str | None:
    """What is wrong with ``newscrawl report``'s arguments, in one line; None: nothing."""
    if not data.is_dir():
        return f"DATA_DIR {data} is not a folder" if data.exists() else f"DATA_DIR {data} does not exist"
    if page is None:
        return None
    folder = page.parent
    if page.is_dir():
        return f"--html {page} is a folder, not a file"
    if not folder.is_dir():
        return f"--html {page}: the folder {folder} does not exist"
    if not os.access(folder, os.W_OK | os.X_OK) or (page.exists() and not os.access(page, os.W_OK)):
        return f"--html {page}: cannot write in {folder}"
    return None
