"""The run report as a person reads it: aligned text for a terminal or a cron mail, and one
self-contained HTML page (the same tables, the figures inlined as SVG, the problems listed).

Both are rendered from the same rows (:func:`run_rows`, :func:`day_notes`), so the page and the text
never say different things.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from newscrawl.analysis import figures
from newscrawl.analysis.reader import Problem
from newscrawl.analysis.report import TOP, Report, RunFacts, health_of
from newscrawl.files import write_text_atomically

RUN_COLUMNS = (
    "run",
    "started",
    "ended",
    "new",
    "updated",
    "unchanged",
    "known",
    "records",
    "lists",
    "dropped",
    "given up",
    "health",
)
_NUMERIC = frozenset(RUN_COLUMNS[3:11])
WIDTH = 110


# --- rows shared by the text and the page ---------------------------------------------------


def run_rows(runs: list[RunFacts]) -> list[list[str]]:
    """One row per run, then the day's totals when it had more than one run."""
    rows = [
        [
            facts.run.run_id,
            f"{facts.started:%H:%M:%S}" if facts.started else "?",
            facts.ended,
            str(facts.new),
            str(facts.updated),
            _maybe(facts.unchanged),
            _maybe(facts.known),
            str(facts.articles),
            str(facts.lists),
            str(sum(facts.dropped.values())),
            str(sum(facts.given_up.values())),
            facts.health,
        ]
        for facts in runs
    ]
    if len(runs) > 1:
        rows.append(
            [
                "day",
                "",
                "",
                str(sum(facts.new for facts in runs)),
                str(sum(facts.updated for facts in runs)),
                _maybe_sum(facts.unchanged for facts in runs),
                _maybe_sum(facts.known for facts in runs),
                str(sum(facts.articles for facts in runs)),
                str(sum(facts.lists for facts in runs)),
                str(sum(sum(facts.dropped.values()) for facts in runs)),
                str(sum(sum(facts.given_up.values()) for facts in runs)),
                _health_count(runs),
            ]
        )
    return rows


def day_notes(site: str, runs: list[RunFacts]) -> list[tuple[str, str]]:
    """The lines under a day's table: coverage, drops and give-ups by reason, why runs were unhealthy."""
    notes = [("coverage", ", ".join(day_coverage(site, runs)))]
    dropped = sum((facts.dropped for facts in runs), Counter[str]())
    given_up = sum((facts.given_up for facts in runs), Counter[str]())
    notes.append(("dropped", _by_reason(dropped)))
    notes.append(("given up", _by_reason(given_up)))
    for facts in runs:
        if facts.unhealthy:
            notes.append(("unhealthy", f"{facts.run.run_id}: {'; '.join(facts.unhealthy)}"))
    return notes


def day_coverage(site: str, runs: list[RunFacts]) -> list[str]:
    """Each field's share of the day's articles (the runs' coverage, weighted by articles written): the
    portal's thresholded fields first, with their threshold (``LOW`` under it), then the fields some
    articles leave empty, then those every article fills."""
    written = [(facts, facts.new + facts.updated) for facts in runs if facts.new + facts.updated]
    total = sum(count for _, count in written)
    if not total:
        return ["no articles written"]
    fields = sorted({name for facts, _ in written for name in facts.coverage})
    share = {name: sum(facts.coverage.get(name, 0.0) * n for facts, n in written) / total for name in fields}
    thresholds = health_of(site).min_coverage
    parts = [
        f"{name} {share.get(name, 0.0):.0%} (min {least:.0%}){' LOW' if share.get(name, 0.0) < least else ''}"
        for name, least in sorted(thresholds.items())
    ]
    parts.extend(f"{name} {share[name]:.0%}" for name in fields if name not in thresholds and share[name] < 1)
    full = [name for name in fields if name not in thresholds and share[name] >= 1]
    return [*parts, f"100%: {', '.join(full)}"] if full else parts


def _maybe(count: int | None) -> str:
    return "-" if count is None else str(count)


def _maybe_sum(counts: Iterator[int | None]) -> str:
    known = [count for count in counts if count is not None]
    return str(sum(known)) if known else "-"


def _health_count(runs: list[RunFacts]) -> str:
    counts = Counter(facts.health for facts in runs)
    return ", ".join(f"{count} {health}" for health, count in sorted(counts.items()))


def _by_reason(counts: Counter[str]) -> str:
    return ", ".join(f"{reason} {count}" for reason, count in sorted(counts.items())) or "none"


def headline(report: Report) -> str:
    sites = sorted({facts.run.site for facts in report.runs})
    days = sorted({facts.run.day for facts in report.runs})
    span = f", {days[0]} to {days[-1]}" if days else ""
    left_out = (
        f"{len(report.damage)} problems left data out" if report.damage else "nothing left out for damage"
    )
    return (
        f"newscrawl report of {report.root}: {len(report.runs)} runs of {len(sites)} sites{span}; {left_out}"
    )


# --- text -----------------------------------------------------------------------------------


def text(report: Report) -> str:
    """The report as aligned plain text."""
    lines = [headline(report)]
    if not report.runs:
        lines.append("no runs found")
    for (site, day), runs in report.days().items():
        lines += ["", f"{site}  {day}: {len(runs)} run{'s' if len(runs) != 1 else ''}"]
        lines += ["  " + row for row in aligned([list(RUN_COLUMNS), *run_rows(runs)])]
        for label, note in day_notes(site, runs):
            for number, line in enumerate(wrapped(note)):
                lines.append(f"  {label if number == 0 else '':<11} {line}")
    lines += _problem_lines(report)
    return "\n".join(lines) + "\n"


def wrapped(note: str) -> list[str]:
    """A note over lines of the report's width, broken after a comma (a field and its share stay together)."""
    width, lines = WIDTH - 14, [""]
    for part in note.split(", "):
        candidate = f"{lines[-1]}, {part}" if lines[-1] else part
        if len(candidate) <= width or not lines[-1]:
            lines[-1] = candidate
        else:
            lines[-1] += ","
            lines.append(part)
    return lines


def aligned(rows: list[list[str]]) -> list[str]:
    """Columns padded to their widest cell; counts right-aligned."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    return [
        "  ".join(
            cell.rjust(width) if RUN_COLUMNS[column] in _NUMERIC else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in rows
    ]


def _problem_lines(report: Report) -> list[str]:
    lines = []
    writing = [problem for problem in report.problems if not problem.damage]
    for title, problems in (("left out for damage", report.damage), ("still being written", writing)):
        if problems:
            lines += ["", f"{title}: {len(problems)}"]
            lines += [f"  {problem}" for problem in problems]
    return lines


# --- the page -------------------------------------------------------------------------------

_STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 1100px; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.2em; margin-top: 2em; } h3 { font-size: 1em; }
table { border-collapse: collapse; margin: .4em 0; font-variant-numeric: tabular-nums; }
th, td { padding: .15em .6em; border-bottom: 1px solid #ddd; text-align: left; }
td.n { text-align: right; } tr.total td { font-weight: 600; }
dl { display: grid; grid-template-columns: 7em 1fr; margin: .3em 0 1em; } dt { color: #666; }
dd { margin: 0; } .bad { color: #b00; } figure { margin: 0; } svg { max-width: 100%; height: auto; }
figcaption { color: #555; margin: .3em 0 1em; }
"""


def page(report: Report, generated: datetime | None = None) -> str:
    """The report as one self-contained HTML page: no script, no link, nothing fetched."""
    generated = generated or datetime.now(UTC)
    title = f"newscrawl report: {report.root.name or report.root}"
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f"<p>{_e(headline(report))}. Generated {generated:%Y-%m-%d %H:%M} UTC.</p>",
        *_problems_section(report),
        *_figures(report),
        '<h2 id="runs">Runs per site and day</h2>',
    ]
    for (site, day), runs in report.days().items():
        parts += [f"<h3>{_e(site)} {day}</h3>", _table(run_rows(runs), total=len(runs) > 1), "<dl>"]
        parts += [f"<dt>{_e(label)}</dt><dd>{_e(note)}</dd>" for label, note in day_notes(site, runs)]
        parts.append("</dl>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _figures(report: Report) -> Iterator[str]:
    if not report.runs:
        return
    yield '<h2 id="volume">Articles per day</h2>'
    yield _figure(figures.volume_svg(report), "Article records in the dataset, per day folder and site.")
    yield '<h2 id="coverage">Field coverage per run</h2>'
    yield _figure(
        figures.coverage_svg(report),
        "The share of each run's articles that fill each field the portal holds to a threshold; the dashed "
        "line in the same colour is that threshold. A field dropping under its line is what a changed "
        "layout looks like first.",
    )
    yield '<h2 id="ranks">Top ranks over time</h2>'
    yield f"<p>List drawn for each site: {_e(report.list_rule)}, the name seen most often.</p><ul>"
    for site, ranked in report.ranked.items():
        if ranked.name is None:
            yield f"<li>{_e(site)}: no list matching.</li>"
        else:
            others = [name for name in ranked.matched if name != ranked.name]
            also = f" (also matching: {', '.join(others)})" if others else ""
            count = len(ranked.observations)
            yield f"<li>{_e(site)}: “{_e(ranked.name)}”, {count} observations{_e(also)}.</li>"
    yield "</ul>"
    svg = figures.ranks_svg(report)
    if svg is not None:
        yield _figure(
            svg,
            f"Each line is one story, each point its rank in one observation: a content of the list as a "
            f"run saw it, at its first sighting. Rank 1 on top; top {TOP} only.",
        )


def _figure(svg: str | None, caption: str) -> str:
    return f"<figure>{svg or ''}<figcaption>{_e(caption)}</figcaption></figure>"


def _problems_section(report: Report) -> Iterator[str]:
    writing = [problem for problem in report.problems if not problem.damage]
    if not report.problems:
        return
    yield '<h2 id="problems">Left out</h2>'
    for title, problems, css in (
        ("For damage", report.damage, "bad"),
        ("Runs still being written (reported, not damage)", writing, ""),
    ):
        if problems:
            yield f'<h3 class="{css}">{_e(title)}: {len(problems)}</h3><ul>'
            yield from (_problem_item(problem) for problem in problems)
            yield "</ul>"


def _problem_item(problem: Problem) -> str:
    why = str(problem).removeprefix(f"{problem.path}: ")
    return f"<li><code>{_e(str(problem.path))}</code>: {_e(why)}</li>"


def _table(rows: list[list[str]], total: bool) -> str:
    head = "".join(f"<th>{_e(column)}</th>" for column in RUN_COLUMNS)
    body = []
    for number, row in enumerate(rows):
        css = ' class="total"' if total and number == len(rows) - 1 else ""
        cells = "".join(
            f'<td class="n">{_e(cell)}</td>' if column in _NUMERIC else f"<td>{_e(cell)}</td>"
            for column, cell in zip(RUN_COLUMNS, row, strict=True)
        )
        body.append(f"<tr{css}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def write_page(path: Path, content: str) -> None:
    """Never a half page (:func:`newscrawl.files.atomic_file`)."""
    write_text_atomically(path, content)
