"""What a timeline chart shows: positions as step series and their reversals.

The rows come from the definitions in ``policytrack.queries`` that the
``v_positions`` and ``v_reversals`` views and the ``reversals`` report are
built from (live positions in reversal order, the same rollup, the same
change levels), so a chart cannot disagree with the reports. Python only
groups the rows into panels and series for drawing.

Large databases are not drawn whole: each panel shows the ``top`` series
with the most live positions and at most ``MAX_PANELS`` topics, and says so
in a note, so a chart stays readable and quick at any size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from policytrack import queries, vocabulary
from policytrack.dates import PartialDate, parse_date
from policytrack.errors import InvalidValue
from policytrack.resolve import get_actor, get_topic

#: Series drawn per topic unless ``--top`` or ``--actor`` says otherwise.
DEFAULT_TOP = 12
#: Topics drawn at most (one panel each); choose others with ``--topic``.
MAX_PANELS = 12


@dataclass
class Point:
    """One live position of a series."""

    id: int
    actor: str  # the actor who holds it (a sub-actor under rollup)
    actor_name: str
    stance: int
    label: str | None
    start: dt.date
    precision: str

    @property
    def period_end(self) -> dt.date:
        return PartialDate(self.start, self.precision).end


@dataclass
class Series:
    key: str  # actor slug (the top-level actor's under rollup)
    name: str
    points: list[Point] = field(default_factory=list)
    topic_id: int = 0
    id: int = 0


@dataclass
class Panel:
    topic: str
    name: str
    levels: list[tuple[int, str]]
    pivot: int
    series: list[Series] = field(default_factory=list)
    reversals: list[dict] = field(default_factory=list)
    total_series: int = 0


@dataclass
class Chart:
    panels: list[Panel]
    rollup: bool
    since: dt.date | None
    until: dt.date | None
    as_recorded: dt.datetime | None
    notes: list[str] = field(default_factory=list)


def chart_data(
    session: Session,
    topics: Sequence[str] = (),
    actors: Sequence[str] = (),
    rollup: bool = False,
    since: object = None,
    until: object = None,
    as_recorded: dt.datetime | None = None,
    top: int | None = None,
    level: str = "shift",
) -> Chart:
    """The panels of a timeline chart; raises when nothing matches."""
    if top is not None and top < 1:
        raise InvalidValue("--top must be at least 1")
    if level not in vocabulary.CHANGE_LEVELS:
        raise InvalidValue(f"invalid level {level!r}: choose full, partial or shift")
    since_date = parse_date(since, "--since").start if since else None
    until_date = parse_date(until, "--until").end if until else None
    if since_date and until_date and until_date < since_date:
        raise InvalidValue(f"--until ({until_date}) is before --since ({since_date})")
    topic_ids = [get_topic(session, t).id for t in topics]
    actor_ids = []
    for name in actors:
        actor = get_actor(session, name)
        while rollup and actor.parent is not None:
            actor = actor.parent
        actor_ids.append(actor.id)
    if top is None:
        top = len(set(actor_ids)) if actor_ids else DEFAULT_TOP

    chosen = session.execute(_chosen_series(topic_ids, actor_ids, rollup, as_recorded, top)).all()
    chart = Chart([], rollup, since_date, until_date, as_recorded)
    if not chosen:
        hint = " (positions of sub-actors count for their parent only with --rollup)" if actors and not rollup else ""
        raise InvalidValue("nothing to plot: no live positions match" + hint)
    by_size = sorted({(-row.topic_positions, row.topic_id, row.total) for row in chosen})
    panels = _panels(session, by_size[:MAX_PANELS])
    if len(by_size) > len(panels):
        chart.notes.append(
            f"{len(panels)} of {len(by_size)} topics shown (those with the most positions); choose with --topic"
        )
    pairs = [(row.topic_id, row.series_id) for row in chosen if row.topic_id in panels]
    rank = {(row.topic_id, row.series_id): row.rank for row in chosen}
    _add_levels(session, panels)
    _add_points(session, panels, pairs, rollup, as_recorded)
    for panel in panels.values():
        panel.series.sort(key=lambda series: rank[series.topic_id, series.id])
    _add_reversals(session, panels, pairs, rollup, as_recorded, level, since_date, until_date)
    chart.panels = list(panels.values())
    cut = [panel for panel in chart.panels if panel.total_series > len(panel.series)]
    what = "top-level actors" if rollup else "actors"
    if len(cut) == 1:
        chart.notes.append(
            f"{cut[0].topic}: the {len(cut[0].series)} of {cut[0].total_series} {what} with the most positions are "
            "drawn; choose with --actor or --top N."
        )
    elif cut:
        chart.notes.append(
            f"{len(cut)} of {len(chart.panels)} topics have more {what} than drawn (up to "
            f"{max(panel.total_series for panel in cut)}); each shows the {max(len(panel.series) for panel in cut)} "
            "with the most positions. Choose with --actor or --top N."
        )
    return chart


def _series_key(rollup: bool):
    """The column a series is keyed on, and the FROM clause that provides it."""
    p = queries.positions
    if not rollup:
        return p.c.actor_id, p
    roots = queries.actor_roots()
    return roots.c.root_id, p.join(roots, roots.c.actor_id == p.c.actor_id)


def _chosen_series(topic_ids, actor_ids, rollup, as_recorded, top):
    """Per topic, the ``top`` series with the most live positions, with the topic's series count."""
    p = queries.positions
    key, frm = _series_key(rollup)
    conditions = [queries.live(p, as_recorded)]
    if topic_ids:
        conditions.append(p.c.topic_id.in_(topic_ids))
    if actor_ids:
        conditions.append(key.in_(actor_ids))
    counts = (
        select(p.c.topic_id, key.label("series_id"), func.count().label("n"))
        .select_from(frm)
        .where(*conditions)
        .group_by(p.c.topic_id, key)
        .subquery("series_counts")
    )
    a = queries.actors
    ranked = (
        select(
            counts.c.topic_id,
            counts.c.series_id,
            counts.c.n,
            func.row_number().over(partition_by=counts.c.topic_id, order_by=(counts.c.n.desc(), a.c.slug)).label("rank"),
            func.count().over(partition_by=counts.c.topic_id).label("total"),
            func.sum(counts.c.n).over(partition_by=counts.c.topic_id).label("topic_positions"),
        )
        .join(a, a.c.id == counts.c.series_id)
        .subquery("ranked_series")
    )
    return select(ranked).where(ranked.c.rank <= top)


def _panels(session: Session, by_size) -> dict[int, Panel]:
    """One panel per topic, largest first."""
    t, s = queries.topics, queries.scales
    query = select(t.c.id, t.c.slug, t.c.name, s.c.pivot).join(s, s.c.id == t.c.scale_id)
    found = {row.id: row for row in session.execute(query.where(t.c.id.in_([topic_id for _, topic_id, _ in by_size])))}
    return {
        topic_id: Panel(found[topic_id].slug, found[topic_id].name, [], found[topic_id].pivot, total_series=total)
        for _, topic_id, total in by_size
    }


def _add_levels(session: Session, panels: dict[int, Panel]) -> None:
    t, levels = queries.topics, queries.scale_levels
    query = (
        select(t.c.id, levels.c.value, levels.c.label)
        .join(levels, levels.c.scale_id == t.c.scale_id)
        .where(t.c.id.in_(list(panels)))
        .order_by(t.c.id, levels.c.value)
    )
    for topic_id, value, label in session.execute(query):
        panels[topic_id].levels.append((value, label))


def _add_points(session: Session, panels: dict[int, Panel], pairs, rollup: bool, as_recorded) -> None:
    """Live positions of the chosen series, from the ``v_positions`` definition, in reversal order."""
    rows = queries.position_rows().subquery("v_positions")
    p, key_actor = queries.positions, queries.actors.alias("series_actor")
    series_id, frm = _series_key(rollup)
    query = (
        select(
            p.c.topic_id, series_id.label("series_id"), key_actor.c.slug.label("series"),
            key_actor.c.name.label("series_name"), rows.c.id, rows.c.actor, rows.c.actor_name, rows.c.stance,
            rows.c.stance_label, rows.c.effective_on, rows.c.date_precision,
        )
        .select_from(frm.join(rows, rows.c.id == p.c.id))
        .join(key_actor, key_actor.c.id == series_id)
        .where(queries.live(p, as_recorded), tuple_(p.c.topic_id, series_id).in_(pairs))
        .order_by(p.c.topic_id, series_id, p.c.effective_on, p.c.recorded_at, p.c.id)
    )
    series: dict[tuple[int, int], Series] = {}
    for row in session.execute(query):
        key = (row.topic_id, row.series_id)
        if key not in series:
            series[key] = Series(row.series, row.series_name, topic_id=row.topic_id, id=row.series_id)
            panels[row.topic_id].series.append(series[key])
        series[key].points.append(
            Point(row.id, row.actor, row.actor_name, row.stance, row.stance_label, row.effective_on, row.date_precision)
        )


def _add_reversals(session, panels, pairs, rollup, as_recorded, level, since, until) -> None:
    """The changes of the chosen series, from the query of the ``reversals`` report.

    One query per series: each reads only that series' positions through the
    (actor, topic) index, where one query over everything would compute the
    changes of every actor in the database to keep a dozen.
    """
    for topic_id, series_id in pairs:
        query = queries.reversals(
            as_recorded=as_recorded, rollup=rollup, actor_id=series_id, topic_id=topic_id, level=level,
            since=since, until=until, ordered=True,
        )
        panels[topic_id].reversals.extend(dict(row) for row in session.execute(query).mappings())
