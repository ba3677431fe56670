"""Rendering the pages and putting them in place.

The whole site is rendered into a temporary folder inside DIR first; only
when every page is written does each file replace its old version
(``os.replace``: a reader sees the old page or the new one, never half of
one). Then the files that the previous run wrote and this one did not are
removed. The list of written files is kept in ``MANIFEST``: a file that
policytrack did not write is never replaced or deleted, and a page name
that would overwrite one is refused before anything changes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sqlalchemy.orm import Session

from policytrack import __version__
from policytrack.dates import format_date, format_timestamp, utcnow
from policytrack.errors import Conflict, InvalidValue
from policytrack.publish import data

MANIFEST = ".policytrack-publish.json"
MAX_ACTOR_PAGES = 250


@dataclass
class Published:
    folder: Path
    written: list[str]
    removed: list[str]
    notes: list[str]


def publish_site(
    session: Session,
    folder: Path,
    topics=(),
    actors=(),
    as_recorded: dt.datetime | None = None,
    rollup: bool = False,
) -> Published:
    """Write the site for the topics and actors in scope to ``folder``; ``rollup`` draws and
    lists each topic's changes with actors counted as their top-level actors."""
    where = data.scope(session, topics, actors, as_recorded, rollup)
    if folder.exists() and not folder.is_dir():
        raise InvalidValue(f"{str(folder)!r} is a file, not a folder")
    if not folder.parent.is_dir():
        raise InvalidValue(f"cannot publish to {str(folder)!r}: folder {str(folder.parent)!r} does not exist")
    pages, notes = _render(session, where, actors, topics)
    previous = _previous_files(folder)
    for name in pages:
        if (folder / name).exists() and name not in previous:
            raise Conflict(
                f"{str(folder / name)!r} exists and was not written by policytrack publish; "
                "move it away or publish to another folder"
            )
    return Published(folder, *_put_in_place(folder, pages, previous), notes)


def _previous_files(folder: Path) -> set[str]:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {name for name in manifest.get("files", []) if _is_safe(name)}


def _is_safe(name: str) -> bool:
    """A relative path inside the folder (a hand-edited manifest cannot reach outside it)."""
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts


def _put_in_place(folder: Path, pages: dict[str, bytes], previous: set[str]) -> tuple[list[str], list[str]]:
    folder.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".publish-", dir=folder))
    try:
        for name, content in pages.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        manifest = {"generator": f"policytrack {__version__}", "files": sorted(pages)}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        for name in sorted(pages):
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, folder / name)
        removed = []
        for name in sorted(previous - set(pages)):
            try:
                (folder / name).unlink()
                removed.append(name)
            except FileNotFoundError:
                pass
        for name in removed:
            _remove_empty_parents(folder, folder / name)
        os.replace(staging / MANIFEST, folder / MANIFEST)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(pages), removed


def _remove_empty_parents(folder: Path, path: Path) -> None:
    parent = path.parent
    while parent != folder:
        try:
            parent.rmdir()  # only when empty: a folder holding anything else stays
        except OSError:
            return
        parent = parent.parent


# Rendering -----------------------------------------------------------------


def environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("policytrack.publish", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date"] = lambda value, precision="day": format_date(value, precision or "day")
    env.filters["web_link"] = _web_link
    env.filters["thousands"] = lambda number: f"{number:,}"
    env.filters["counted"] = lambda number, noun: f"{number:,} {noun}{'' if number == 1 else 's'}"
    return env


def _web_link(url: str | None) -> str | None:
    """Only http(s) urls become links (never ``javascript:`` and the like)."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def _render(session: Session, where, actor_names, topic_names) -> tuple[dict[str, bytes], list[str]]:
    env = environment()
    topics = data.topic_list(session, where)
    actors = data.actor_list(session, where)
    if not topics:
        raise InvalidValue("nothing to publish: no live positions match")
    common = {
        "generated_at": utcnow().strftime("%Y-%m-%d %H:%M UTC"),
        "as_recorded": format_timestamp(where.as_recorded) if where.as_recorded else None,
        "version": __version__,
        "limits": {"topics": list(topic_names), "actors": list(actor_names)},
        "max_rows": data.MAX_ROWS,
    }
    # Past MAX_ACTOR_PAGES, the actors with the most positions get pages (and their parents,
    # whose pages tell their sub-actors' story); the index says so.
    paged = sorted((a for a in actors if a["positions"]), key=lambda a: (-a["positions"], a["slug"]))[:MAX_ACTOR_PAGES]
    published_actors = {actor["slug"] for actor in paged} | {actor["slug"] for actor in actors if not actor["positions"]}
    notes: list[str] = []
    held = sum(1 for actor in actors if actor["positions"])
    if held > MAX_ACTOR_PAGES:
        notes.append(
            f"pages for the {MAX_ACTOR_PAGES} of {held:,} actors with the most positions; "
            "publish --actor A for others"
        )
    common["actor_note"] = notes[0] if notes else None
    pages: dict[str, bytes] = {}

    def page(name: str, template: str, **context) -> None:
        root = "../" * name.count("/")
        html = env.get_template(template).render(root=root, actors_published=published_actors, **common, **context)
        pages[name] = html.encode("utf-8")

    latest, total_changes = data.latest_changes(session, where, limit=data.LATEST_ON_INDEX)
    page("index.html", "index.html", topics=topics, actors=actors, latest=latest, total_changes=total_changes,
         counts=data.counts(session, where))
    for topic in topics:
        changes, change_total = data.latest_changes(session, where, topic_id=topic["id"], rollup=where.rollup)
        positions, position_total = data.latest_positions(session, where, topic_id=topic["id"])
        chart, chart_notes = _chart(session, topic["slug"], actor_names, where)
        notes += [f"{topic['slug']}: {line}" for line in chart_notes]
        page(f"topics/{topic['slug']}.html", "topic.html", topic=topic, rollup=where.rollup, chart=chart, chart_notes=chart_notes,
             changes=changes, change_total=change_total, positions=positions, position_total=position_total)
    for actor in (a for a in actors if a["slug"] in published_actors):
        children = data.sub_actors(session, actor["id"])
        # A state's page tells its whole story: its administrations' positions and changes as one actor.
        rollup = bool(children) and actor["parent"] is None
        changes, change_total = data.latest_changes(session, where, actor_id=actor["id"], rollup=rollup)
        positions, position_total = data.latest_positions(session, where, actor_id=actor["id"], rollup=rollup)
        page(f"actors/{actor['slug']}.html", "actor.html", actor=actor, children=children, rollup=rollup,
             changes=changes, change_total=change_total, positions=positions, position_total=position_total)
    pages["style.css"] = (Path(__file__).parent / "templates" / "style.css").read_bytes()
    return pages, notes


def _chart(session: Session, topic: str, actors, where) -> tuple[str | None, list[str]]:
    """The topic's chart as inline SVG (None without matplotlib: the page says so)."""
    import importlib.util

    if importlib.util.find_spec("matplotlib") is None:
        return None, ["no chart: install the plot extra (pip install 'policytrack[plot]')"]
    from policytrack.chart_data import chart_data
    from policytrack.plot import svg_text

    chart = chart_data(session, topics=[topic], actors=actors, as_recorded=where.as_recorded, rollup=where.rollup)
    return svg_text(chart, heading=False), chart.notes
