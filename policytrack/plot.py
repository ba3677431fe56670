"""Drawing a :class:`~policytrack.chart_data.Chart` with matplotlib.

Imported only by ``policytrack plot`` and ``publish`` (matplotlib is the
``plot`` extra and slow to import). Every drawn position is one artist with
the SVG id ``position-ID`` (its period, when coarser than a day, is a bar
``position-ID-period``), every reversal marker one artist ``reversal-FROM-TO``.

Lines of different actors at the same level would hide each other, so each
series is drawn slightly above or below its levels (a fixed lane per series);
the level labels stay on the integer levels.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from policytrack.chart_data import Chart, Panel
from policytrack.errors import InvalidValue

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}

#: How each change level is marked (matplotlib marker, colour, size), least to greatest.
MARKERS = {
    "shift": ("o", "#7f7f7f", 6),
    "partial": ("^", "#e69f00", 8),
    "full": ("X", "#d62728", 10),
}
PERIOD_BAR_HEIGHT = 0.16
LANE_SPREAD = 0.5  # the band (in levels) that the lanes of one panel share, up to 0.7 for many series


def output_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InvalidValue(f"cannot tell the format of {str(path)!r}: end the name with .png, .svg or .pdf")
    return fmt


def write_chart(chart: Chart, path: Path) -> None:
    """Write the chart to ``path`` in the format its suffix names."""
    fmt = output_format(path)
    if not path.parent.is_dir():
        raise InvalidValue(f"cannot write {str(path)!r}: folder {str(path.parent)!r} does not exist")
    figure = draw(chart, with_ids=fmt == "svg")
    try:
        _save(figure, path, fmt)
    except OSError as error:
        raise InvalidValue(f"cannot write {str(path)!r}: {error.strerror or error}") from None
    finally:
        _close(figure)


def svg_text(chart: Chart, heading: bool = True) -> str:
    """The chart as an SVG element (no XML prolog), for inlining in HTML."""
    figure = draw(chart, heading=heading)
    buffer = io.StringIO()
    try:
        _save(figure, buffer, "svg")
    finally:
        _close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def _save(figure, target, fmt: str) -> None:
    # No creation date in the file: the same data gives the same bytes.
    metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None}, "png": {}}[fmt]
    # No bbox_inches="tight": constrained layout already fits legends and notes, and "tight" costs another draw.
    figure.savefig(target, format=fmt, dpi=110, metadata=metadata)


def _close(figure) -> None:
    import matplotlib.pyplot as plt

    plt.close(figure)


def draw(chart: Chart, with_ids: bool = True, heading: bool = True):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # Text stays text in SVG (searchable, small); ids of clip paths are stable.
    # Names from the database are text, never mathtext (a "$" in a name must not be parsed).
    plt.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "policytrack", "font.size": 9, "text.parse_math": False})
    heights = [max(2.4, 0.45 * len(panel.levels) + 0.4, 0.22 * len(panel.series) + 1.5) for panel in chart.panels]
    figure, axes = plt.subplots(
        len(chart.panels), 1, figsize=(11, sum(heights) + 1.2), squeeze=False,
        gridspec_kw={"height_ratios": heights}, layout="constrained",
    )
    start, end = _time_range(chart)
    for panel, ax in zip(chart.panels, axes[:, 0]):
        _draw_panel(ax, panel, _colours(panel), start, end, chart.rollup, with_ids)
    _legend_of_levels(figure)
    title = "Positions over time" + (" (top-level actors; colour: who held the position)" if chart.rollup else "")
    if chart.as_recorded is not None:
        title += f" — as recorded at {chart.as_recorded:%Y-%m-%d %H:%M} UTC"
    if chart.notes:
        title += "\n" + "\n".join(f"Note: {line}" for line in chart.notes)
    if heading:
        figure.suptitle(title, fontsize=10, x=0.01, ha="left", gid="chart-title")
    return figure


def _in_name_order(names: dict[str, str]) -> list[str]:
    """Actor slugs in the order of their names, numbers by value ("Actor 2" before "Actor 10")."""
    import re

    def key(actor: str) -> tuple:
        parts = re.split(r"(\d+)", names[actor].casefold())
        return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts), actor

    return sorted(names, key=key)


def _colours(panel: Panel) -> dict[str, tuple[float, float, float, float]]:
    """One colour per actor holding a position drawn in the panel (in order of name)."""
    from matplotlib import colormaps

    names = {point.actor: point.actor_name for series in panel.series for point in series.points}
    actors = _in_name_order(names)
    if len(actors) <= 10:
        palette = colormaps["tab10"]
        return {actor: palette(i) for i, actor in enumerate(actors)}
    if len(actors) <= 20:
        palette = colormaps["tab20"]
        # tab20 pairs a strong and a pale shade; strong ones first, so a dozen actors stay distinct.
        order = [*range(0, 20, 2), *range(1, 20, 2)]
        return {actor: palette(order[i]) for i, actor in enumerate(actors)}
    wheel = colormaps["turbo"]
    return {actor: wheel(0.05 + 0.9 * i / (len(actors) - 1)) for i, actor in enumerate(actors)}


def _time_range(chart: Chart) -> tuple[dt.date, dt.date]:
    points = [point for panel in chart.panels for series in panel.series for point in series.points]
    first = min(point.start for point in points)
    last = max(point.period_end for point in points)
    start = chart.since or first
    if chart.until:
        return start, chart.until
    last = max(last, start)
    margin = max(dt.timedelta(days=30), (last - start) * 0.06)
    return start - (margin if chart.since is None else dt.timedelta()), last + margin


def _lanes(count: int) -> list[float]:
    if count == 1:
        return [0.0]
    step = min(0.12, max(LANE_SPREAD, min(0.7, 0.025 * count)) / (count - 1))
    return [(i - (count - 1) / 2) * step for i in range(count)]


def _draw_panel(ax, panel: Panel, colours, start: dt.date, end: dt.date, rollup: bool, with_ids: bool) -> None:
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D

    lanes = dict(zip((series.key for series in panel.series), _lanes(len(panel.series))))
    x_end = mdates.date2num(end)
    drawn_actors: dict[str, str] = {}
    steps, bars = [], []  # (id, xs, ys, colour), (id, x, y, width, colour)
    for series in panel.series:
        lane = lanes[series.key]
        previous_y = None
        for index, point in enumerate(series.points):
            following = series.points[index + 1].start if index + 1 < len(series.points) else None
            x0 = mdates.date2num(point.start)
            x1 = mdates.date2num(following) if following else x_end
            y = point.stance + lane
            xs, ys = ([x0, x0, x1], [previous_y, y, y]) if previous_y is not None else ([x0, x1], [y, y])
            colour = colours[point.actor]
            steps.append((point.id, xs, ys, colour))
            if point.precision != "day":
                # It happened within its period but before the next position: the shading stops there.
                period_end = min(mdates.date2num(point.period_end + dt.timedelta(days=1)), x1)
                bars.append((point.id, x0, y, period_end - x0, colour))
            previous_y = y
            drawn_actors.setdefault(point.actor, point.actor_name)
    marks = [
        (
            f"reversal-{change['from_position']}-{change['to_position']}", change["level"],
            mdates.date2num(change["to_on"]), change["to_stance"] + lanes.get(change["actor"], 0.0),
        )
        for change in panel.reversals
    ]
    # Many markers on one panel would hide the lines: draw them smaller.
    scale = 1.0 if len(marks) <= 60 else 0.6
    (_draw_each if with_ids else _draw_together)(ax, steps, bars, marks, scale)

    values = [value for value, _ in panel.levels]
    ax.axhline(panel.pivot, color="#555555", linewidth=0.9, linestyle=(0, (4, 3)), zorder=1, gid=f"pivot-{panel.topic}")
    ax.set_yticks(values, [_wrapped(label) for _, label in panel.levels])
    ax.set_ylim(min(values) - 0.6, max(values) + 0.6)
    ax.set_xlim(mdates.date2num(start), x_end)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="y", color="#e5e5e5", linewidth=0.8, zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    title = panel.name if panel.name == panel.topic else f"{panel.name} ({panel.topic})"
    shown = f"{len(panel.series)} of {panel.total_series}" if panel.total_series > len(panel.series) else ""
    ax.set_title(title + (f" — {shown} {'top-level actors' if rollup else 'actors'} shown" if shown else ""),
                 loc="left", fontsize=10)
    legend_order = [(actor, drawn_actors[actor]) for actor in _in_name_order(drawn_actors)]
    handles = [
        Line2D([], [], color=colours[actor], linewidth=2, label=_actor_label(actor, name)) for actor, name in legend_order
    ]
    if rollup:
        # Under rollup a colour is a sub-actor; say which line it belongs to.
        series_of = {point.actor: series.key for series in panel.series for point in series.points}
        for handle, (actor, name) in zip(handles, legend_order):
            if series_of[actor] != actor:
                handle.set_label(f"{series_of[actor]}: {_actor_label(actor, name)}")
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False,
              ncols=1 if len(handles) <= 16 else 2)


def _draw_each(ax, steps, bars, marks, scale: float) -> None:
    """One artist per position and per marker, each with its SVG id."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    for position_id, xs, ys, colour in steps:
        ax.add_line(Line2D(xs, ys, color=colour, linewidth=2, zorder=3, gid=f"position-{position_id}"))
    for position_id, x, y, width, colour in bars:
        ax.add_patch(Rectangle((x, y - PERIOD_BAR_HEIGHT / 2), width, PERIOD_BAR_HEIGHT, facecolor=colour,
                               alpha=0.35, edgecolor="none", zorder=2, gid=f"position-{position_id}-period"))
    for gid, level, x, y in marks:
        marker, colour, size = MARKERS[level]
        ax.add_line(Line2D([x], [y], linestyle="none", marker=marker, markersize=size * scale, markerfacecolor=colour,
                           markeredgecolor="white", markeredgewidth=0.8, zorder=4, gid=gid))


def _draw_together(ax, steps, bars, marks, scale: float) -> None:
    """The same picture from a few collections: far quicker for PNG and PDF, which carry no ids."""
    from matplotlib.collections import LineCollection, PolyCollection

    ax.add_collection(LineCollection(
        [list(zip(xs, ys)) for _, xs, ys, _ in steps], colors=[c for *_, c in steps], linewidths=2, zorder=3
    ))
    h = PERIOD_BAR_HEIGHT / 2
    ax.add_collection(PolyCollection(
        [[(x, y - h), (x + w, y - h), (x + w, y + h), (x, y + h)] for _, x, y, w, _ in bars],
        facecolors=[c for *_, c in bars], alpha=0.35, edgecolors="none", zorder=2,
    ))
    for level, (marker, colour, size) in MARKERS.items():
        points = [(x, y) for _, mark_level, x, y in marks if mark_level == level]
        if points:
            ax.scatter(*zip(*points), marker=marker, s=(size * scale) ** 2, c=colour, edgecolors="white", linewidths=0.8,
                       zorder=4)


def _wrapped(label: str | None) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(label or "", 26, max_lines=2, placeholder="…"))


def _actor_label(slug: str, name: str) -> str:
    name = name if len(name) <= 40 else name[:39] + "…"
    return name if name.lower() == slug else f"{name} ({slug})"


def _legend_of_levels(figure) -> None:
    from matplotlib.artist import Artist
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Artist] = [
        Line2D([], [], linestyle="none", marker=marker, markersize=size, markerfacecolor=colour,
               markeredgecolor="white", label=f"{level} change")
        for level, (marker, colour, size) in reversed(MARKERS.items())
    ]
    handles.append(Line2D([], [], color="#555555", linewidth=0.9, linestyle=(0, (4, 3)), label="pivot (no position)"))
    handles.append(Patch(facecolor="#888888", alpha=0.35, label="date known to the month or year"))
    figure.legend(handles=handles, loc="outside lower left", ncols=len(handles), fontsize=8, frameon=False)
