"""The extraction gold set (tests/data/extract/) is itself checked.

A wrong gold line would skew every figure `python -m benchmarks extract`
prints, and no extractor test would notice. So each gold position must be
something an analyst could record from its article: a quote found in one
sentence of the text (as the benchmark matches it), an actor, topic and stance
the catalog knows, a valid kind, and a date no later than the article and
inside the actor's active period.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml

from policytrack.bulk.yamlio import BundleLoader
from policytrack.dates import parse_date
from policytrack.errors import PolicytrackError
from policytrack.extract.words import sentences
from policytrack.quotes import normalize_text
from policytrack.vocabulary import position_kind

GOLD_DIR = Path(__file__).parent / "data" / "extract"
SEEDS = Path(__file__).parent.parent / "seeds" / "landmines.yaml"
# The scale `init` creates; the gold catalog only adds cues to it.
BUILT_IN_SCALES = {"support": {"strongly oppose", "oppose", "neutral", "support", "strongly support"}}


def _load(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=BundleLoader)


def _catalog() -> dict:
    scales = {slug: set(labels) for slug, labels in BUILT_IN_SCALES.items()}
    actors: dict[str, tuple[dt.date | None, dt.date | None]] = {}
    topics: dict[str, str] = {}
    for bundle in (_load(SEEDS), _load(GOLD_DIR / "catalog.yaml")):
        for scale in bundle.get("scales") or []:
            if "levels" in scale:
                scales[scale["slug"]] = {str(label) for label in scale["levels"].values()}
        for actor in bundle.get("actors") or []:
            actors[actor["slug"]] = (
                _optional_date(actor.get("active_from")), _optional_date(actor.get("active_until"))
            )
        for topic in bundle.get("topics") or []:
            topics[topic["slug"]] = topic.get("scale", "support")
    return {"scales": scales, "actors": actors, "topics": topics}


def _optional_date(value: object) -> dt.date | None:
    return None if value is None else parse_date(value).start


def _articles() -> list[dict]:
    articles = []
    for path in sorted(GOLD_DIR.glob("*.yaml")):
        if path.name == "catalog.yaml":
            continue
        record = _load(path)
        record["name"] = path.stem
        record["text"] = (path.parent / record["source"]["text_file"]).read_text(encoding="utf-8")
        articles.append(record)
    return articles


CATALOG = _catalog()
ARTICLES = _articles()


def gold_problems(gold: dict, article: dict, catalog: dict = CATALOG) -> list[str]:
    """What is wrong with one gold position of an article (nothing when it is sound)."""
    problems = []
    text = article["text"]
    quote = normalize_text(str(gold.get("quote") or ""))
    if not quote or quote not in normalize_text(text):
        problems.append("quote not in the article")
    elif not any(quote in normalize_text(text[start:end]) for start, end in sentences(text)):
        problems.append("quote not inside one sentence")
    actor = gold.get("actor")
    if actor not in catalog["actors"]:
        problems.append(f"unknown actor {actor!r}")
    scale = catalog["topics"].get(gold.get("topic"))
    if scale is None:
        problems.append(f"unknown topic {gold.get('topic')!r}")
    elif str(gold.get("stance")) not in catalog["scales"][scale]:
        problems.append(f"stance {gold.get('stance')!r} not on scale {scale}")
    try:
        position_kind(gold.get("kind"))
    except PolicytrackError:
        problems.append(f"invalid kind {gold.get('kind')!r}")
    if gold.get("on") is not None:
        try:
            on = parse_date(gold["on"])
        except PolicytrackError:
            problems.append(f"invalid date {gold['on']!r}")
        else:
            if on.start > parse_date(article["source"]["published_on"]).start:
                problems.append(f"dated {on}, after the article")
            if actor in catalog["actors"] and not on.overlaps(*catalog["actors"][actor]):
                problems.append(f"dated {on}, outside {actor}'s active period")
    return problems


@pytest.mark.parametrize("article", ARTICLES, ids=[a["name"] for a in ARTICLES])
def test_every_gold_position_is_sound(article):
    assert isinstance(article.get("held_out"), bool)
    assert {"slug", "title", "published_on", "text_file"} <= set(article["source"])
    assert article["gold"], "an article with no gold positions measures nothing"
    problems = {
        f"{gold['actor']} {gold['topic']} {str(gold.get('quote'))[:40]!r}": found
        for gold in article["gold"] if (found := gold_problems(gold, article))
    }
    assert problems == {}


def test_each_catalog_slug_is_defined_once():
    # import merges a second definition into the first, so a repeated slug would hide a clash of
    # two writers' actors or topics
    bundle = _load(GOLD_DIR / "catalog.yaml")
    for section in ("scales", "actors", "topics"):
        slugs = [record["slug"] for record in bundle.get(section) or []]
        assert sorted({slug for slug in slugs if slugs.count(slug) > 1}) == [], section


def test_each_catalog_phrase_is_text():
    # an unquoted "£35,000" in a YAML list is two items, "£35" and the number 0, which `import` refuses
    bundle = _load(GOLD_DIR / "catalog.yaml")
    phrases = [phrase for topic in bundle.get("topics") or [] for phrase in topic.get("keywords") or []]
    phrases += [phrase for actor in bundle.get("actors") or [] for phrase in actor.get("aliases") or []]
    phrases += [phrase for scale in bundle.get("scales") or [] for listed in (scale.get("cues") or {}).values()
                for phrase in listed]
    assert [phrase for phrase in phrases if not isinstance(phrase, str)] == []


def test_the_catalog_imports_over_the_seed_data(tmp_path):
    # writers working apart can each give an alias another's actor already has ("National
    # Council"): import refuses that, and the benchmark could not run
    from policytrack.bulk.importer import import_files
    from policytrack.bulk.seeds import SEED_BUNDLES, seeds_dir
    from policytrack.db import Database

    database = Database(str(tmp_path / "gold.db"))
    database.upgrade()
    with database.session(write=True) as session:
        import_files(session, [seeds_dir() / name for name in SEED_BUNDLES] + [GOLD_DIR / "catalog.yaml"])
    database.dispose()


def test_the_gold_set_has_articles_on_both_sides_of_the_split():
    assert {article["held_out"] for article in ARTICLES} <= {True, False}
    assert len(ARTICLES) >= 10


# One sound gold line (the seed article's November 2024 delivery by the Biden
# administration, in office until 2025-01-20) and single mistakes, each of which must be caught.
_SEED = next(a for a in ARTICLES if a["name"] == "seed-caliber-2024-11-21")
_SOUND = next(g for g in _SEED["gold"] if g["actor"] == "biden-admin" and g["topic"] == "apl-transfer")
_MISTAKES = {  # the change, and the problem it must be reported as
    "quote not verbatim": ({"quote": "for lifting the restrictions on the use of such mines"}, "quote not in the article"),
    "quote across two sentences": ({}, "quote not inside one sentence"),
    "unknown actor": ({"actor": "biden-administration"}, "unknown actor"),
    "unknown topic": ({"topic": "apl-usage"}, "unknown topic"),
    "stance off the scale": ({"stance": "oppose"}, "not on scale apl-policy"),
    "invalid kind": ({"kind": "act"}, "invalid kind"),
    "impossible date": ({"on": "2024-13-01"}, "invalid date"),
    "date after the article": ({"on": "2024-12"}, "after the article"),
    "date outside the active period": ({"on": "2016-06-21"}, "outside biden-admin's active period"),
}


def test_a_sound_gold_line_passes():
    assert gold_problems(_SOUND, _SEED) == []
    assert gold_problems({**_SOUND, "on": "2021"}, _SEED) == []  # overlaps the term begun 2021-01-20
    assert gold_problems({**_SOUND, "on": "2024-11-21"}, _SEED) == []  # the day of the article


@pytest.mark.parametrize("mistake", sorted(_MISTAKES))
def test_each_single_mistake_is_caught(mistake):
    change, expected = _MISTAKES[mistake]
    gold = {**copy.deepcopy(_SOUND), **change}
    if mistake == "quote across two sentences":
        text = _SEED["text"]
        end = text.index("reckless.") + len("reckless.")
        gold["quote"] = text[end - 20 : end + 25]
    problems = gold_problems(gold, _SEED)
    assert len(problems) == 1 and expected in problems[0], problems
