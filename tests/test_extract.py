"""``policytrack extract``: candidates from a source's stored text, the draft bundle, and its import."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from policytrack.extract.when import find_dates

SEED = "caliber-2024-11-21"

CATALOG = """
scales:
  - slug: apl-policy
    name: Landmine policy
    pivot: 0
    levels: {-2: ban, -1: restrict, 0: no stated policy, 1: permit, 2: supply}
    cues: {restrict: [limit the use], permit: [lift restrictions], supply: [send, sent, deliver]}
actors:
  - {slug: us, name: United States, kind: state, aliases: [Washington, USA]}
  - {slug: biden-admin, name: Biden administration, kind: government, parent: us,
     active_from: 2021-01-20, active_until: 2025-01-20}
  - {slug: joe-biden, name: Joe Biden, kind: person}
  - {slug: jake-sullivan, name: Jake Sullivan, kind: person}
  - {slug: ukraine, name: Ukraine, kind: state, aliases: [Kyiv]}
  - {slug: hrw, name: Human Rights Watch, kind: organisation}
  - {slug: zelensky-gov, name: Zelensky government, kind: government, active_from: 2019-05-20,
     aliases: [Volodymyr Zelensky]}
  - {slug: rada, name: Parliament of Ukraine, kind: agency, parent: ukraine, aliases: [Ukrainian lawmakers]}
topics:
  - {slug: apl-transfer, name: Transfer of landmines, scale: apl-policy, keywords: [landmines, anti-personnel mines]}
  - {slug: aid-bill, name: The aid bill, scale: support, keywords: [aid bill, aid bill 2024]}
"""


def article(cli, tmp_path, text: str, published: str = "2024-11-21", slug: str = "story") -> str:
    bundle = tmp_path / "catalog.yaml"
    if not bundle.exists():
        bundle.write_text(CATALOG)
        cli("import", str(bundle))
    path = tmp_path / f"{slug}.txt"
    path.write_text(text)
    cli("source", "add", "--title", slug, "--slug", slug, "--published", published, "--text-file", str(path))
    return slug


def import_bundle(cli, path, text: str) -> None:
    """Writes a bundle (catalog entries a test adds to CATALOG, an edited draft) and imports it."""
    path.write_text(text)
    cli("import", str(path))


def read_draft(text: str) -> dict:
    """A draft as import reads it (a bare ``on`` is a key, not YAML 1.1's boolean)."""
    from policytrack.bulk.yamlio import BundleLoader

    return yaml.load(text, Loader=BundleLoader)


def candidates(cli, source: str, *extra: str) -> list[dict]:
    return json.loads(cli("extract", source, "--format", "json", *extra).stdout)


# The seed article (the issue's "done when") --------------------------------


def test_seed_article_proposes_the_known_positions(cli):
    cli("init", "--seed")
    found = candidates(cli, SEED)
    keyed = {(c["actor"], c["topic"], c["stance_label"], c["on"], c["date_precision"]) for c in found}
    assert ("biden-admin", "apl-use", "restrict", "2022-01-01", "year") in keyed  # "two years ago"
    assert ("biden-admin", "apl-transfer", "supply", "2024-11-01", "month") in keyed  # as seeds/landmines.yaml codes it
    assert not [c for c in found if c["actor"] == "joe-biden" and "authorized the delivery" in c["quote"]]
    assert not {"russia", "ukraine"} & {c["actor"] for c in found}  # the adversary and the recipient did not act
    assert ("biden-admin", "atacms-strikes-russia", "support", "2024-11-18", "day") in keyed
    assert ("trump-admin", "apl-use", "permit", None, None) in keyed  # lifting restrictions: the text gives no date
    for candidate in found:
        assert set(candidate) == {"actor", "topic", "stance", "stance_label", "on", "date_precision", "date_text",
                                  "kind", "quote", "sentence", "confidence", "reasons"}
        assert 0 < candidate["confidence"] <= 1 and candidate["reasons"]


def test_candidate_quotes_are_accepted_by_check_after_import(cli, tmp_path):
    cli("init", "--seed")
    draft = read_draft(cli("extract", SEED, "--format", "yaml").stdout)
    for position in draft["positions"]:
        position["on"] = position["on"] or "2024-11"
        position["stance"] = position["stance"] or "permit"
    import_bundle(cli, tmp_path / "draft.json", json.dumps(draft))
    findings = json.loads(cli("check", "--format", "json", expect=None).stdout)
    assert not [f for f in findings if f["code"].startswith("quote")], findings


# Draft bundle -> edit -> import ------------------------------------------------


def test_draft_with_null_date_is_refused_naming_the_position(cli, tmp_path, unchanged):
    cli("init", "--seed")
    draft = tmp_path / "draft.yaml"
    result = cli("extract", SEED, "--topic", "apl-use", "-o", str(draft))
    assert "draft position(s)" in result.stderr
    text = draft.read_text()
    assert "# cue \"lifting restrictions\" -> permit" in text  # the reasons are comments
    with unchanged():
        error = cli.fails("import", str(draft)).stderr
    assert "positions[1] (joe-biden apl-use): on (the date) is required" in error


def test_draft_with_null_stance_is_refused_naming_the_position(cli, tmp_path, unchanged):
    source = article(cli, tmp_path, "Washington declined to send landmines to Ukraine on Monday.")
    draft = tmp_path / "draft.yaml"
    cli("extract", source, "-o", str(draft))
    with unchanged():
        error = cli.fails("import", str(draft)).stderr
    assert "positions[0] (us apl-transfer 2024-11-18): stance is required" in error


def test_edited_draft_imports_with_the_quotes_as_evidence(cli, tmp_path):
    cli("init", "--seed")
    draft = read_draft(cli("extract", SEED, "--actor", "trump-admin", "--format", "yaml").stdout)
    [position] = draft["positions"]
    position["on"] = "2020-01-31"
    import_bundle(cli, tmp_path / "draft.json", json.dumps(draft))
    [row] = cli.json("timeline", "--actor", "trump-admin")
    assert (row["stance_label"], row["effective_on"], row["kind"]) == ("permit", "2020-01-31", "action")
    assert {"source": SEED, "quote": position["evidence"][0]["quote"]} in row["sources"]


def test_actor_and_topic_narrow_the_candidates(cli):
    cli("init", "--seed")
    assert {c["actor"] for c in candidates(cli, SEED, "--actor", "the Biden administration")} == {"biden-admin"}
    assert {c["topic"] for c in candidates(cli, SEED, "--topic", "atacms-strikes-russia")} == {"atacms-strikes-russia"}


def test_table_and_jsonl_formats(cli):
    cli("init", "--seed")
    table = cli("extract", SEED).stdout
    assert "atacms-strikes-russia" in table and "2024-11-18" in table and "?" in table
    lines = cli("extract", SEED, "-f", "jsonl").stdout.strip().splitlines()
    assert len(lines) == len(candidates(cli, SEED)) and json.loads(lines[0])["actor"]


def test_extract_errors(cli, unchanged, tmp_path):
    cli("init", "--seed")
    with unchanged():
        assert "unknown source" in cli.fails("extract", "nope").stderr
        assert "has no stored text" in cli.fails("extract", "dod-news-2020-02-03").stderr
        cli.fails("extract", SEED, "--actor", "nobody")
        cli.fails("extract", SEED, "--format", "xml", code=2)
        cli.fails("extract", SEED, "-o", str(tmp_path / "no" / "such" / "dir.yaml"))


# Reading sentences ----------------------------------------------------------


def test_possessive_names_an_actor_and_objects_are_not_actors(cli, tmp_path):
    source = article(cli, tmp_path, "Washington's decision to send landmines to Kyiv was confirmed on Monday.")
    [candidate] = candidates(cli, source)
    assert (candidate["actor"], candidate["stance_label"], candidate["on"]) == ("us", "supply", "2024-11-18")
    assert 'actor "Washington" (name of us)' in candidate["reasons"]


def test_a_name_inside_a_longer_title_is_not_the_state(cli, tmp_path):
    source = article(cli, tmp_path, "US President Joe Biden said anti-personnel mines would help Ukraine last week.")
    [candidate] = candidates(cli, source)
    assert (candidate["actor"], candidate["kind"], candidate["on"], candidate["date_precision"]) == (
        "biden-admin", "statement", "2024-11-01", "month")  # Joe Biden in office, not "US"


def test_each_actor_of_a_coordinated_subject_list_is_a_candidate(cli, tmp_path):
    source = article(cli, tmp_path, "The envoys of Washington, Kyiv and the Biden administration recommended on "
                                    "Monday that landmines be sent.")
    found = candidates(cli, source)
    # a comma ends a name of the list: "Washington, Kyiv" is not a title as "US President" is
    assert [(c["actor"], c["kind"], c["on"]) for c in found] == [
        ("us", "statement", "2024-11-18"), ("ukraine", "statement", "2024-11-18"),
        ("biden-admin", "statement", "2024-11-18")]


def test_a_persons_act_of_office_is_the_act_of_the_government_named_after_them(cli, tmp_path):
    source = article(cli, tmp_path, "US President Joe Biden authorized the delivery of landmines to Ukraine on Monday. "
                                    "Joe Biden said on Monday that landmines would save lives. "
                                    "In 2019, Joe Biden ordered landmines for his museum. "
                                    "During his campaign, Joe Biden said that landmines were needed.")
    found = candidates(cli, source)
    assert [(c["actor"], c["kind"], c["on"]) for c in found] == [
        ("biden-admin", "action", "2024-11-18"),  # authorised in office: the administration's act
        ("biden-admin", "statement", "2024-11-18"),  # and his words in office
        ("joe-biden", "action", "2019-01-01"),  # no Biden administration in office in 2019
        ("joe-biden", "statement", None),  # a candidate speaks for himself
    ]


GOES_BY_ONE_NAME = """
actors:
  - {slug: lula, name: Luiz Inácio Lula da Silva, kind: person, aliases: [Lula]}
  - {slug: lula-gov, name: Lula government, kind: government, active_from: 2023-01-01}
"""


def test_the_one_name_a_person_goes_by_names_the_government_named_after_them(cli, tmp_path):
    source = article(cli, tmp_path, "Luiz Inácio Lula da Silva sent anti-personnel mines to Kyiv on Monday.")
    (tmp_path / "lula.yaml").write_text(GOES_BY_ONE_NAME)
    cli("import", str(tmp_path / "lula.yaml"))
    [candidate] = candidates(cli, source)
    assert (candidate["actor"], candidate["kind"]) == ("lula-gov", "action")


def test_the_conjuncts_of_a_subject_share_the_predicate_after_its_apposition(cli, tmp_path):
    source = article(cli, tmp_path, "Washington and Kyiv, which argued for years that landmines were needed, "
                                    "sent landmines on Monday.")
    found = candidates(cli, source)
    assert [(c["actor"], c["kind"], c["stance_label"]) for c in found] == [
        ("us", "action", "supply"), ("ukraine", "action", "supply")]


def test_an_office_of_a_state_speaks_for_its_government_unless_the_office_holder_is_named(cli, tmp_path):
    source = article(cli, tmp_path, "Washington's defence secretary said on Monday that landmines would be sent. "
                                    "Ukraine's foreign minister said on Monday that landmines were needed. "
                                    "Washington's envoy, Jake Sullivan, said on Monday that landmines were needed.")
    found = candidates(cli, source)
    # the government below the state in office at the date, else the state; a named office holder is theirs
    assert [c["actor"] for c in found] == ["biden-admin", "ukraine", "jake-sullivan"]


@pytest.mark.parametrize("sentence, kind", [
    ("Kyiv wants to deliver landmines.", "statement"),  # intended, not done
    ("Kyiv is ready to send landmines.", "statement"),
    ("Kyiv said the ban on landmines was wrong.", "statement"),  # "the ban" names an act, nobody bans
    ("Kyiv said it would deliver landmines.", "action"),  # a decision announced
    ("Kyiv held talks for months without offering to deliver landmines.", "statement"),  # nothing delivered
    ("Kyiv defended landmines for months.", "statement"),  # words for a policy
    ("The rule on landmines was set by Kyiv.", "action"),
])
def test_an_act_intended_or_named_by_a_noun_is_not_done(cli, tmp_path, sentence, kind):
    [candidate] = candidates(cli, article(cli, tmp_path, sentence))
    assert candidate["kind"] == kind


def test_a_passive_agent_did_the_participle_at_the_date_nearest_it(cli, tmp_path):
    source = article(cli, tmp_path, "The rule, which gives Kyiv until January 19 to send back landmines, was "
                                    "signed by President Joe Biden in April last year.")
    found = {c["actor"]: c for c in candidates(cli, source)}
    # signing is an act of office: the administration's, in April 2023, not on January 19
    assert (found["biden-admin"]["kind"], found["biden-admin"]["on"], found["biden-admin"]["date_precision"]) == (
        "action", "2023-04-01", "month")


def test_a_pronoun_names_the_last_person_named_and_their_government(cli, tmp_path):
    source = article(cli, tmp_path, "Joe Biden spoke in Kyiv on Monday. He said that landmines would save lives. "
                                    "His administration sent landmines on Tuesday.")
    found = candidates(cli, source)
    assert [(c["actor"], c["kind"]) for c in found] == [("biden-admin", "statement"), ("biden-admin", "action")]
    assert 'actor "He" (pronoun of biden-admin)' in found[0]["reasons"]


def test_a_clause_without_a_topic_goes_on_with_the_topic_of_the_clause_before(cli, tmp_path):
    source = article(cli, tmp_path, "The delivery is a turnaround for Joe Biden, who had refused to send landmines: "
                                    "he authorised the delivery on Monday.")
    [candidate] = candidates(cli, source)
    assert (candidate["actor"], candidate["kind"], candidate["on"]) == ("biden-admin", "action", "2024-11-18")


def test_an_actor_after_a_preposition_and_an_article_is_not_who_acted(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv received landmines from the United States on Monday.")
    assert [c["actor"] for c in candidates(cli, source)] == ["ukraine"]


TWO_TERMS = """
actors:
  - {slug: trump-admin, name: Trump administration (2017-2021), kind: government, parent: us,
     active_from: 2017-01-20, active_until: 2021-01-20, aliases: [the Trump administration]}
  - {slug: trump-admin-2025, name: Trump administration (2025-), kind: government, parent: us,
     active_from: 2025-01-20}
"""


def test_a_government_named_out_of_its_period_is_the_one_of_that_name_in_office(cli, tmp_path):
    source = article(cli, tmp_path, "On March 3, the Trump administration stopped sending landmines. "
                                    "The Trump administration sent landmines in June 2019. "
                                    "Trump administration officials sent landmines on Monday.",
                     published="2025-03-12")
    import_bundle(cli, tmp_path / "terms.yaml", TWO_TERMS)
    found = candidates(cli, source)
    # The alias names the first administration; in 2025 the second one is meant.
    assert [(c["actor"], c["on"]) for c in found] == [
        ("trump-admin-2025", "2025-03-03"), ("trump-admin", "2019-06-01"), ("trump-admin-2025", "2025-03-10")]
    assert 'actor "the Trump administration" (name of trump-admin-2025)' in found[0]["reasons"]
    draft = read_draft(cli("extract", source, "--format", "yaml").stdout)
    assert [position["actor"] for position in draft["positions"]] == ["trump-admin-2025", "trump-admin",
                                                                      "trump-admin-2025"]
    # --review shows and records the actors the draft names (the first has no stance: skipped)
    result = cli("extract", source, "--review", input="s\na\na\n")
    assert "actor trump-admin-2025 | topic apl-transfer | stance ? | date 2025-03-03" in result.stdout
    rows = cli.json("timeline")
    assert sorted((r["actor"], r["effective_on"]) for r in rows) == [
        ("trump-admin", "2019-06-01"), ("trump-admin-2025", "2025-03-10")]


CARNEY = """
actors:
  - {slug: carney-gov, name: Carney government, kind: government, active_from: 2025-03-14, aliases: [Carney]}
  - {slug: mark-carney, name: Mark Carney, kind: person}
"""


def test_a_government_named_before_it_took_office_is_the_person_it_is_named_after(cli, tmp_path):
    source = article(cli, tmp_path, "Carney sent landmines on Friday. Carney promised in January to send landmines. "
                                    "Carney promised in March to send landmines.", published="2025-03-15")
    import_bundle(cli, tmp_path / "carney.yaml", CARNEY)
    # In January he was a candidate; "March" may be his government's, which took office on the 14th.
    assert [(c["actor"], c["on"]) for c in candidates(cli, source)] == [
        ("carney-gov", "2025-03-14"), ("mark-carney", "2025-01-01"), ("carney-gov", "2025-03-01")]


def test_a_states_government_is_the_government_below_it_in_office_at_the_date(cli, tmp_path):
    source = article(cli, tmp_path, "The United States' government sent landmines on Monday. "
                                    "Washington's government sent landmines in 2019. "
                                    "Ukraine's government sent landmines on Monday. "
                                    "Washington's minority government sent landmines on Tuesday.")
    # biden-admin is in office in 2024; no government below us in 2019, none below ukraine; a word may
    # qualify the government
    assert [(c["actor"], c["on"]) for c in candidates(cli, source)] == [
        ("biden-admin", "2024-11-18"), ("us", "2019-01-01"), ("ukraine", "2024-11-18"), ("biden-admin", "2024-11-19")]


def test_a_surname_stands_for_the_government_in_office_and_for_the_person_campaigning(cli, tmp_path):
    source = article(cli, tmp_path, "Biden said landmines were needed. On November 18, Biden ordered landmines sent. "
                                    "As a candidate, Biden said landmines were wrong.")
    found = candidates(cli, source)
    assert [(c["actor"], c["kind"]) for c in found] == [
        ("biden-admin", "statement"), ("biden-admin", "action"), ("joe-biden", "statement")]


def test_an_actor_named_as_owner_recipient_or_object_is_not_the_one_who_acted(cli, tmp_path):
    source = article(cli, tmp_path, "The decision to send landmines to Kyiv was driven by Ukraine's evolving needs. "
                                    "Washington has sent Ukraine landmines since 2022. "
                                    "While Washington has sent Kyiv tanks, the decision to send landmines is new.")
    found = candidates(cli, source)
    assert [(c["actor"], c["stance_label"], c["on"]) for c in found] == [("us", "supply", "2022-01-01")]


def test_the_one_asked_is_an_object_the_one_after_said_is_the_speaker(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv asked Washington for landmines on Monday. "
                                    "Landmines will be sent next week, said Washington.")
    assert [c["actor"] for c in candidates(cli, source)] == ["ukraine", "us"]


def test_a_speaker_who_is_an_actor_is_coded_for_what_they_report(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv will send landmines to the front, Washington said on Monday. "
                                    "Kyiv and Washington will send landmines, a spokesman said.")
    assert [(c["actor"], c["kind"], c["on"]) for c in candidates(cli, source)] == [
        ("us", "action", "2024-11-18"), ("ukraine", "action", None), ("us", "action", None)]


def test_the_one_judged_for_an_act_is_its_agent(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv criticised Washington on Monday for sending landmines.")
    found = {c["actor"]: c for c in candidates(cli, source)}
    assert found["us"]["stance_label"] == "supply"
    assert found["ukraine"]["kind"] == "statement"


def test_the_agent_of_a_passive_verb_acted(cli, tmp_path):
    source = article(cli, tmp_path, "The decision to send landmines was announced by the Biden administration on Monday. "
                                    "The plan to send landmines was drawn up for Kyiv.")
    assert [(c["actor"], c["stance_label"], c["on"]) for c in candidates(cli, source)] == [
        ("biden-admin", "supply", "2024-11-18")]  # "for Kyiv": the beneficiary did not act


def test_each_conjunct_of_a_passive_agent_acted(cli, tmp_path):
    source = article(cli, tmp_path, "Landmines were sent by Washington and Kyiv on Monday.")
    assert [(c["actor"], c["stance_label"], c["on"]) for c in candidates(cli, source)] == [
        ("us", "supply", "2024-11-18"), ("ukraine", "supply", "2024-11-18")]


def test_an_apposition_of_the_actor_is_not_what_it_did(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv, which has not sent landmines since 2022, said on Monday that landmines "
                                    "were needed. Washington, the main donor of landmines, sent them in June 2023.")
    found = candidates(cli, source)
    assert [(c["actor"], c["kind"], c["stance_label"], c["on"]) for c in found] == [
        ("ukraine", "statement", "permit", "2024-11-18"),  # said they were needed; the relative clause's sending is not Kyiv's act
        ("us", "action", "supply", "2023-06-01")]


def test_a_judgement_is_an_act(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv ruled on Monday that landmines were unlawful.")
    assert [(c["actor"], c["kind"]) for c in candidates(cli, source)] == [("ukraine", "action")]


def test_announcing_the_noun_of_an_act_is_an_act(cli, tmp_path):
    source = article(cli, tmp_path, "Washington announced its exit from the landmines pact on Monday. "
                                    "Kyiv announced that landmines were needed.")
    assert [(c["actor"], c["kind"]) for c in candidates(cli, source)] == [("us", "action"), ("ukraine", "statement")]


def test_a_participle_after_a_comma_does_not_make_an_act_a_statement(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv limited the use of landmines in 2023, saying civilians were at risk. "
                                    "Washington criticised landmines on Monday, saying civilians were at risk.")
    assert [(c["actor"], c["stance_label"], c["kind"]) for c in candidates(cli, source)] == [
        ("ukraine", "restrict", "action"), ("us", "restrict", "statement")]  # "at risk": a misgiving


def test_a_level_done_without_a_verb_that_acts_or_speaks_is_an_act(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv limited the use of landmines in 2023. "
                                    "Washington criticised the plan to limit the use of landmines. "
                                    "Kyiv welcomed the decision to send landmines on Monday.")
    # welcoming, like praising, is said, though the decision it welcomes is an act; criticising
    # a plan to restrict stands for the level across the pivot
    assert [(c["actor"], c["stance_label"], c["kind"]) for c in candidates(cli, source)] == [
        ("ukraine", "restrict", "action"), ("us", "permit", "statement"), ("ukraine", "supply", "statement")]


def test_what_a_state_says_it_will_do_is_an_act_what_a_group_says_is_a_statement(cli, tmp_path):
    source = article(cli, tmp_path, "Washington said on Monday that it would send landmines. "
                                    "Human Rights Watch said on Monday that it would send landmines to clear them.")
    assert [(c["actor"], c["kind"]) for c in candidates(cli, source)] == [("us", "action"), ("hrw", "statement")]


def test_what_a_person_says_they_will_do_is_an_act_only_while_their_government_is_in_office(cli, tmp_path):
    source = article(cli, tmp_path, "Joe Biden said in 2020 that he would limit the use of landmines. "
                                    "Joe Biden said on Monday that he would send landmines.")
    assert [(c["actor"], c["on"], c["kind"]) for c in candidates(cli, source)] == [
        ("joe-biden", "2020-01-01", "statement"), ("joe-biden", "2024-11-18", "action")]


def test_who_condemns_an_act_stands_for_the_opposite_level(cli, tmp_path):
    source = article(cli, tmp_path, "Human Rights Watch criticised the decision to lift restrictions on landmines. "
                                    "Kyiv welcomed the decision to lift restrictions on landmines.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [
        ("hrw", "restrict"), ("ukraine", "permit")]


def test_who_judges_the_decision_judges_the_act_the_article_reports(cli, tmp_path):
    source = article(cli, tmp_path, "Washington lifted restrictions on landmines on Monday. "
                                    "Kyiv had sent landmines in 2023. "
                                    "Human Rights Watch condemned the decision. Kyiv welcomed the move.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [
        ("us", "permit"), ("ukraine", "supply"), ("hrw", "restrict"), ("ukraine", "permit")]


def test_who_passes_the_law_takes_the_level_of_the_act_reported_not_of_the_headline(cli, tmp_path):
    source = article(cli, tmp_path, "Washington sends landmines\n"
                                    "Washington lifted restrictions on landmines on Monday. "
                                    "Kyiv passed the bill in March. Kyiv welcomed the decision.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [
        ("us", "permit"), ("ukraine", "permit"), ("ukraine", "permit")]


def test_an_act_word_after_a_determiner_and_an_adjective_is_a_noun(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv discussed a possible ban on landmines. Kyiv discussed the landmines and banned them.")
    assert [(c["actor"], c["kind"]) for c in candidates(cli, source)] == [("ukraine", "statement"), ("ukraine", "action")]


def test_opposing_is_said_even_when_it_is_a_cue(cli, tmp_path):
    article(cli, tmp_path, "Nothing happened.", slug="first")  # imports the catalog
    cli("scale", "cue", "apl-policy", "ban", "opposed")
    source = article(cli, tmp_path, "Kyiv has long opposed landmines.")
    assert [(c["actor"], c["stance_label"], c["kind"]) for c in candidates(cli, source)] == [
        ("ukraine", "ban", "statement")]


def test_an_act_in_protest_stands_against_the_act_reported_or_the_policy_named(cli, tmp_path):
    source = article(cli, tmp_path, "Washington sent landmines on Monday. "
                                    "Human Rights Watch quit the talks in protest. "
                                    "Kyiv quit the coalition in protest at the plan.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [
        ("us", "supply"), ("hrw", "ban"), ("ukraine", "restrict")]


def test_a_reaction_to_an_act_dated_by_its_year_stands_against_that_act(cli, tmp_path):
    # "the 2018 shift" is the act told for 2018, not the first act the article tells (the news)
    source = article(cli, tmp_path, "Washington sent landmines on Monday. "
                                    "In 2018 Washington had limited the use of landmines. "
                                    "Kyiv had warned against the 2018 shift and quit the talks in protest. "
                                    "Human Rights Watch quit the talks in protest.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [
        ("us", "supply"), ("us", "restrict"), ("ukraine", "permit"), ("hrw", "ban")]


def test_the_kind_is_read_in_the_actors_clause_not_after_but_or_though(cli, tmp_path):
    source = article(cli, tmp_path, "In 2023 Kyiv formally limited the use of landmines, though it said little more. "
                                    "Kyiv eased the landmines rules in 2024.")
    assert [(c["actor"], c["kind"]) for c in candidates(cli, source)] == [("ukraine", "action"), ("ukraine", "action")]


def test_that_and_a_keywords_head_noun_refer_back_and_a_follower_did_the_same(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv introduced the aid bill in 2023. "
                                    "Washington sent landmines on Monday. "
                                    "Human Rights Watch rejected that bill in 2024, and Kyiv followed later that year. "
                                    "Washington sent landmines on Tuesday. "
                                    "Human Rights Watch argued that bill payments would rise.")
    found = candidates(cli, source)
    assert [(c["actor"], c["topic"], c["stance_label"]) for c in found] == [
        ("ukraine", "aid-bill", "support"), ("us", "apl-transfer", "supply"), ("hrw", "aid-bill", "oppose"),
        ("ukraine", "aid-bill", "oppose"), ("us", "apl-transfer", "supply"), ("hrw", "apl-transfer", None)]
    assert 'keyword "that bill"' in found[2]["reasons"]
    # "argued that bill payments would rise": a conjunction, not "that bill"


def test_back_as_the_adverb_of_another_verb_is_not_the_cue_back(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv scaled the aid bill back to its first size. "
                                    "Kyiv will back the aid bill.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("ukraine", None), ("ukraine", "support")]


def test_a_warning_is_a_misgiving_and_warning_about_an_act_is_against_it(cli, tmp_path):
    source = article(cli, tmp_path, "Human Rights Watch warned that the aid bill would cost lives. "
                                    "Human Rights Watch warned that withdrawing the aid bill would cost lives.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("hrw", "oppose"), ("hrw", "support")]


def test_a_cue_that_refuses_the_cue_after_it_stands_across_from_it(cli, tmp_path):
    # "voted against the repeal" is for the bill; the cue "vote against" alone would oppose it
    source = article(cli, tmp_path, "Kyiv voted against the repeal of the aid bill. "
                                    "Washington suspended a plan to withdraw the aid bill. "
                                    "Kyiv voted against the aid bill.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [
        ("ukraine", "support"), ("us", "support"), ("ukraine", "oppose")]


def test_backing_a_measure_named_by_what_it_does_takes_its_side(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv introduced the aid bill in 2023. "
                                    "The repeal bill passed on Monday, and Washington voted in favour. "
                                    "Human Rights Watch repealed the aid bill, passing a repeal bill.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [
        ("ukraine", "support"), ("us", "oppose"), ("hrw", "oppose")]


def test_a_participle_that_describes_a_noun_is_not_what_the_actor_did(cli, tmp_path):
    article(cli, tmp_path, "Nothing happened.", slug="first")  # imports the catalog
    cli("scale", "cue", "support", "support", "impose", "ban")
    cli("scale", "cue", "support", "oppose", "lift", "end")
    # "the most sweeping curbs imposed by the world's biggest donor": not what Kyiv did
    source = article(cli, tmp_path, "Kyiv has lifted its ban on the aid bill, ending one of the most sweeping curbs "
                                    "imposed by the world's biggest donor.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("ukraine", "oppose")]


def test_the_bill_is_the_first_policy_of_a_sentence_before_that_named_several(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv passed the aid bill on Monday, to pay for landmines. "
                                    "Washington approved the bill too.")
    assert [(c["actor"], c["topic"], c["stance_label"]) for c in candidates(cli, source)][-1] == (
        "us", "aid-bill", "support")


def test_a_vote_told_without_a_date_is_the_vote_told_before_with_one(cli, tmp_path):
    source = article(cli, tmp_path, "Ukrainian lawmakers voted on Tuesday to pass the aid bill. "
                                    "Kyiv said the aid bill was needed. "
                                    "Human Rights Watch voted against the aid bill. "
                                    "Human Rights Watch criticised the aid bill.")
    assert [(c["actor"], c["on"], c["date_precision"]) for c in candidates(cli, source)] == [
        ("rada", "2024-11-19", "day"), ("ukraine", None, None), ("hrw", "2024-11-19", "day"), ("hrw", None, None)]


def test_suing_is_an_act_though_sued_stems_apart_from_sue(cli, tmp_path):
    source = article(cli, tmp_path, "Human Rights Watch sued, arguing that the aid bill was unlawful.")
    assert [(c["actor"], c["kind"]) for c in candidates(cli, source)] == [("hrw", "action")]


def test_a_misgiving_about_the_decision_is_against_the_act_reported(cli, tmp_path):
    source = article(cli, tmp_path, "Washington sent landmines on Monday. "
                                    "Human Rights Watch said it was disappointed and that the decision was hasty. "
                                    "Kyiv said it was worried about landmines.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [
        ("us", "supply"), ("hrw", "ban"), ("ukraine", "restrict")]


def test_welcoming_a_named_owners_decision_judges_the_act_reported(cli, tmp_path):
    source = article(cli, tmp_path, "Washington limited the use of landmines on Monday. "
                                    "Kyiv said it welcomed Washington's decision.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("us", "restrict"), ("ukraine", "restrict")]


def test_a_ruling_that_the_policy_breaks_the_rules_is_against_it(cli, tmp_path):
    source = article(cli, tmp_path, "Human Rights Watch ruled on Monday that the aid bill breaks the rules Kyiv backed. "
                                    "Human Rights Watch ruled on Tuesday that the aid bill did not break the rules Kyiv backed.")
    # not broken: no ruling against it; the cue of the clause stands
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("hrw", "oppose"), ("hrw", "support")]


def test_with_no_cue_a_misgiving_a_need_or_a_court_challenge_gives_the_stance(cli, tmp_path):
    source = article(cli, tmp_path, "Human Rights Watch said it was concerned about the aid bill. "
                                    "Human Rights Watch said it was not concerned about the aid bill. "
                                    "Kyiv said the aid bill was needed. "
                                    "Kyiv said the aid bill would not be needed. "
                                    "Human Rights Watch threatened to take Kyiv to court over the aid bill. "
                                    "Kyiv said it was unfortunate that the aid bill had been tabled.")
    found = candidates(cli, source)
    assert [(c["actor"], c["stance_label"]) for c in found] == [
        ("hrw", "oppose"), ("hrw", None), ("ukraine", "support"), ("ukraine", "oppose"), ("hrw", "oppose"),
        ("ukraine", "oppose")]
    assert '"concerned" is a misgiving -> oppose' in found[0]["reasons"]


def test_accusing_someone_of_something_is_against_the_act_reported(cli, tmp_path):
    source = article(cli, tmp_path, "Washington sent landmines on Monday. "
                                    "Human Rights Watch accused Washington of breaking its word.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("us", "supply"), ("hrw", "ban")]


def test_a_cue_outweighs_a_misgiving(cli, tmp_path):
    source = article(cli, tmp_path, "Human Rights Watch, concerned about the delay, backed the aid bill.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("hrw", "support")]


def test_members_from_a_body_opening_a_clause_speak_for_it(cli, tmp_path):
    source = article(cli, tmp_path, "Some lawmakers from Human Rights Watch backed the aid bill. "
                                    "Kyiv discussed the aid bill with lawmakers from Human Rights Watch.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("hrw", "support"), ("ukraine", None)]


def test_a_year_in_the_name_of_a_policy_is_not_its_date(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv passed the aid bill 2024 on Monday.")
    assert [(c["actor"], c["on"], c["date_precision"]) for c in candidates(cli, source)] == [
        ("ukraine", "2024-11-18", "day")]


def test_a_state_named_in_what_another_actor_says_is_not_an_actor_of_its_own(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv said on Monday that Washington would send landmines. "
                                    "Kyiv told reporters that landmines were needed, and Washington sent landmines.")
    found = [(c["actor"], c["sentence"][:9]) for c in candidates(cli, source)]
    assert ("ukraine", "Kyiv said") in found and ("us", "Kyiv said") not in found
    assert ("us", "Kyiv told") in found  # in a clause of its own, after ", and"


def test_a_body_named_bare_is_the_body_of_the_state_the_text_is_about(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv asked for landmines on Monday. "
                                    "Parliament voted to limit the use of landmines on Tuesday. "
                                    "Lawmakers voted to limit the use of landmines on Wednesday.")
    assert [(c["actor"], c["on"]) for c in candidates(cli, source)] == [
        ("ukraine", "2024-11-18"), ("rada", "2024-11-19"), ("rada", "2024-11-20")]


def test_a_governments_office_named_bare_is_the_home_states_government(cli, tmp_path):
    article(cli, tmp_path, "Nothing happened.", slug="first")  # imports the catalog
    import_bundle(cli, tmp_path / "extra.yaml",
                  "actors:\n  - {slug: ukraine-gov, name: Government of Ukraine, kind: government, parent: ukraine,"
                  " aliases: [\"Ukraine's Treasury\"]}\n")
    source = article(cli, tmp_path, "Kyiv asked for landmines on Monday. The Treasury sent landmines on Tuesday.")
    assert [c["actor"] for c in candidates(cli, source)] == ["ukraine", "ukraine-gov"]


def test_a_body_named_bare_is_nobody_before_the_text_names_its_state_or_when_it_is_anothers(cli, tmp_path):
    source = article(cli, tmp_path, "Parliament voted to limit the use of landmines on Tuesday. "
                                    "Kyiv asked for landmines on Monday. "
                                    "Lawmakers from Human Rights Watch voted to limit the use of landmines on Wednesday.")
    assert [c["actor"] for c in candidates(cli, source)] == ["ukraine", "hrw"]  # the lawmakers are HRW's, not the Rada


def test_an_alias_that_is_a_bare_body_name_is_the_home_states_body_in_a_text_about_another_state(cli, tmp_path):
    article(cli, tmp_path, "Nothing happened.", slug="first")  # imports the catalog
    import_bundle(cli, tmp_path / "extra.yaml",
                  "actors:\n  - {slug: us-congress, name: United States Congress, kind: agency, parent: us, aliases: [Congress]}\n"
                  "  - {slug: ukraine-congress, name: Congress of Ukraine, kind: agency, parent: ukraine}\n")
    source = article(cli, tmp_path, "Kyiv asked for landmines on Monday. Congress voted to limit the use of landmines. "
                                    "Washington's Congress voted to limit the use of landmines.")
    found = [(c["actor"], c["sentence"][:10]) for c in candidates(cli, source)]
    assert found[:2] == [("ukraine", "Kyiv asked"), ("ukraine-congress", "Congress v")]
    assert ("us-congress", "Washington") in found and ("ukraine-congress", "Washington") not in found
    source = article(cli, tmp_path, "Washington asked for landmines on Monday. Congress voted to limit the use of landmines.",
                     slug="at-home")
    assert [c["actor"] for c in candidates(cli, source)] == ["us", "us-congress"]


def test_who_passes_a_bill_that_is_the_topic_supports_it_whatever_the_act_reported(cli, tmp_path):
    source = article(cli, tmp_path, "Washington withdrew the aid bill on Monday. Kyiv passed the bill on Tuesday.")
    assert [(c["actor"], c["topic"], c["stance_label"]) for c in candidates(cli, source)] == [
        ("us", "aid-bill", "oppose"), ("ukraine", "aid-bill", "support")]


def test_a_states_office_by_its_title_speaks_for_its_government_unless_the_holder_is_known(cli, tmp_path):
    source = article(cli, tmp_path, "US Secretary of State Antony Blinken praised landmines on Monday. "
                                    "US President Joe Biden praised landmines on Monday.")
    found = candidates(cli, source)
    assert [(c["actor"], c["kind"]) for c in found] == [("biden-admin", "statement"), ("biden-admin", "statement")]
    assert '"praised" -> statement' in found[0]["reasons"]  # "State" of the title is no verb


def test_his_government_is_the_government_a_leaders_name_stands_for(cli, tmp_path):
    source = article(cli, tmp_path, "Volodymyr Zelensky praised landmines on Monday. His government sent landmines on Tuesday.")
    assert [(c["actor"], c["kind"]) for c in candidates(cli, source)] == [
        ("zelensky-gov", "statement"), ("zelensky-gov", "action")]


def test_the_bill_in_a_sentence_of_one_topic_is_that_topic(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv backed the bill; Washington had promised to send landmines.")
    assert [c["actor"] for c in candidates(cli, source)] == ["ukraine", "us"]


def test_a_groups_leader_named_after_it_speaks_for_it(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv sent landmines on Monday. "
                                    "Human Rights Watch leader Mary Anne Jean Smith criticised the shipment on Tuesday.")
    assert [(c["actor"], c["on"]) for c in candidates(cli, source)] == [("ukraine", "2024-11-18"), ("hrw", "2024-11-19")]


def test_calling_an_act_or_the_policy_wrong_stands_against_it(cli, tmp_path):
    source = article(cli, tmp_path, "Washington sent landmines on Monday. Kyiv called the shipment a mistake. "
                                    "Human Rights Watch called the landmines illegal.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [
        ("us", "supply"), ("ukraine", "ban"), ("hrw", "restrict")]


def test_a_keyword_that_refers_back_names_its_topic_only_once_the_text_has_named_it(cli, tmp_path):
    article(cli, tmp_path, "Nothing happened.", slug="first")  # imports the catalog
    cli("topic", "keyword", "aid-bill", "the bill")
    assert candidates(cli, article(cli, tmp_path, "Kyiv passed the bill on Monday.", slug="other")) == []
    source = article(cli, tmp_path, "Washington praised the aid bill. Kyiv passed the bill on Monday.")
    assert [(c["actor"], c["topic"]) for c in candidates(cli, source)] == [("us", "aid-bill"), ("ukraine", "aid-bill")]


def test_a_name_of_several_actors_is_the_one_of_the_home_state_or_not_of_another(cli, tmp_path):
    article(cli, tmp_path, "Nothing happened.", slug="first")  # imports the catalog
    import_bundle(cli, tmp_path / "extra.yaml",
                  "actors:\n"  # aliases are unique; names without their brackets may not be
                  "  - {slug: italy, name: Italy, kind: state}\n"
                  "  - {slug: pd-italy, name: Democratic Party (Italy), kind: organisation}\n"
                  "  - {slug: dp-ukraine, name: Democratic Party of Ukraine, kind: organisation, aliases: [Democratic Party]}\n"
                  "  - {slug: democrats-ukraine, name: Democrats (Ukraine), kind: organisation, parent: ukraine}\n"
                  "  - {slug: democrats-us, name: Democrats (United States), kind: organisation}\n")
    ukrainian = article(cli, tmp_path, "Kyiv asked for landmines on Monday. "
                                       "The Democratic Party criticised the landmines on Tuesday. "
                                       "The Democrats criticised the landmines on Wednesday.", slug="ukrainian")
    assert [c["actor"] for c in candidates(cli, ukrainian)] == ["ukraine", "dp-ukraine", "democrats-ukraine"]
    unplaced = article(cli, tmp_path, "The Democratic Party criticised the landmines on Tuesday.", slug="unplaced")
    assert candidates(cli, unplaced) == []  # no state yet: either party, so neither


def test_judging_something_else_then_saying_a_level_is_that_level(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv criticised the ruling and said it would back the aid bill. "
                                    "Washington criticised the aid bill and said it would back landmines.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source, "--topic", "aid-bill")] == [
        ("ukraine", "support"),  # the ruling is a court's, not the bill
        ("us", "oppose")]


def test_on_the_support_scale_lifting_a_level_is_the_other_side(cli, tmp_path):
    article(cli, tmp_path, "Nothing happened.", slug="first")  # imports the catalog
    cli("scale", "cue", "support", "oppose", "lift", "pause")
    source = article(cli, tmp_path, "Washington will lift its pause on the aid bill on Monday. "
                                    "Kyiv ordered a pause on the aid bill on Monday.", slug="lifted")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("us", "support"), ("ukraine", "oppose")]


def test_a_person_named_as_an_object_is_the_subject_of_a_relative_clause_after_it(cli, tmp_path):
    source = article(cli, tmp_path, "It was a defeat for Joe Biden, then the president, who had sent landmines in 2022. "
                                    "Kyiv said landmines were a gift for Joe Biden, the president.")
    assert [(c["actor"], c["stance_label"], c["on"]) for c in candidates(cli, source)] == [
        ("biden-admin", "supply", "2022-01-01"), ("ukraine", None, None)]


def test_a_party_named_by_its_states_possessive_is_that_states_when_named_bare(cli, tmp_path):
    article(cli, tmp_path, "Nothing happened.", slug="first")  # imports the catalog
    import_bundle(cli, tmp_path / "extra.yaml",
                  "actors:\n  - {slug: servant-party, name: Servant of the People, kind: organisation,"
                  " aliases: [\"Ukraine's Servants\"]}\n")
    ukrainian = article(cli, tmp_path, "Kyiv asked for landmines on Monday. The Servants criticised the aid bill.",
                        slug="ukrainian")
    assert [c["actor"] for c in candidates(cli, ukrainian)] == ["ukraine", "servant-party"]
    american = article(cli, tmp_path, "Washington asked for landmines on Monday. The Servants criticised the aid bill.",
                       slug="american")
    assert [c["actor"] for c in candidates(cli, american)] == ["us"]


def test_the_state_a_headline_names_first_is_the_one_the_text_is_about(cli, tmp_path):
    article(cli, tmp_path, "Nothing happened.", slug="first")  # imports the catalog
    cli("actor", "alias", "rada", "Parliament")
    text = ("Ukraine votes on the aid bill as Washington watches\n\n"
            "Washington asked for landmines. Washington sent landmines. Parliament passed the aid bill on Monday.")
    assert [c["actor"] for c in candidates(cli, article(cli, tmp_path, text, slug="headed"))] == ["us", "us", "rada"]


def test_with_no_cue_of_its_own_an_actor_stands_where_its_relative_clause_does(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv, which had long opposed the aid bill, said the vote came too late.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("ukraine", "oppose")]


def test_on_the_support_scale_refusing_one_side_is_the_other_on_other_scales_nothing(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv declined to back the aid bill on Monday. "
                                    "Washington would not withdraw the aid bill on Monday. "
                                    "Washington declined to send landmines on Monday.")
    assert [(c["actor"], c["topic"], c["stance_label"]) for c in candidates(cli, source)] == [
        ("ukraine", "aid-bill", "oppose"), ("us", "aid-bill", "support"), ("us", "apl-transfer", None)]


def test_a_threat_to_act_is_a_statement(cli, tmp_path):
    source = article(cli, tmp_path, "Washington threatened to send landmines on Monday.")
    assert [(c["actor"], c["stance_label"], c["kind"]) for c in candidates(cli, source)] == [
        ("us", "supply", "statement")]


def test_an_owner_of_an_act_named_after_the_verb_still_acted(cli, tmp_path):
    source = article(cli, tmp_path, "This contradicts Washington's decision to send landmines in 2022.")
    [candidate] = candidates(cli, source)
    assert (candidate["actor"], candidate["stance_label"], candidate["on"]) == ("us", "supply", "2022-01-01")


@pytest.mark.parametrize("sentence", [
    "Washington stopped sending landmines to Ukraine on Monday.",
    "Washington ceased to deliver landmines on Monday.",
    "Washington suspended sending landmines on Monday.",
])
def test_cessation_does_not_propose_the_level_of_the_cue(cli, tmp_path, sentence):
    [candidate] = candidates(cli, article(cli, tmp_path, sentence))
    assert (candidate["stance"], candidate["on"]) == (None, "2024-11-18")
    assert any("negated by" in reason for reason in candidate["reasons"])


def test_failure_unlikelihood_and_ruling_out_negate_the_cue(cli, tmp_path):
    source = article(cli, tmp_path, "Washington ruled out sending landmines on Monday. "
                                    "Kyiv failed to deliver landmines. "
                                    "Washington is unlikely to send landmines.")
    found = candidates(cli, source)
    assert [(c["actor"], c["stance_label"]) for c in found] == [("us", None), ("ukraine", None), ("us", None)]
    assert 'cue "sending" negated by "ruled out"' in found[0]["reasons"]
    assert 'cue "deliver" negated by "failed"' in found[1]["reasons"]


def test_has_yet_to_is_not_yet_done_and_does_not_open_a_clause(cli, tmp_path):
    source = article(cli, tmp_path, "Washington has yet to send landmines. Kyiv asked for landmines, yet Washington sent landmines.")
    found = candidates(cli, source)
    assert [(c["actor"], c["stance_label"]) for c in found] == [("us", None), ("ukraine", None), ("us", "supply")]
    assert 'cue "send" negated by "yet to"' in found[0]["reasons"]


def test_a_reversal_negates_only_the_cue_it_reverses(cli, tmp_path):
    source = article(cli, tmp_path, "Washington decided on Monday to reverse sending landmines. "
                                    "Washington lifted restrictions and sent landmines in June 2023.")
    first, second = candidates(cli, source)
    assert first["stance_label"] is None and 'cue "sending" negated by "reverse"' in first["reasons"]
    assert second["stance_label"] in ("permit", "supply") and not [r for r in second["reasons"] if "negated" in r]


def test_negation_and_dates_are_bound_to_their_own_clause(cli, tmp_path):
    source = article(cli, tmp_path, "Washington did not send landmines to Ukraine in 2021, but sent them in March 2024.")
    [candidate] = candidates(cli, source)
    assert (candidate["stance_label"], candidate["on"], candidate["date_precision"], candidate["date_text"]) == (
        "supply", "2024-03-01", "month", "March 2024")
    assert 'cue "send" negated by "not"' in candidate["reasons"]


def test_the_cue_that_governs_the_keyword_gives_the_stance(cli, tmp_path):
    # "chose to send envoys to limit the use of mines": the mines are limited, not sent
    source = article(cli, tmp_path, "Washington chose to send envoys to limit the use of anti-personnel mines.")
    [candidate] = candidates(cli, source)
    assert candidate["stance_label"] == "restrict"


def test_a_judgement_before_the_cue_of_the_judged_act_is_not_governed_by_it(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv criticised Washington for refusing to send and deliver landmines.")
    found = {c["actor"]: c for c in candidates(cli, source)}
    assert "ukraine" in found and found["ukraine"]["kind"] == "statement"


def test_the_topic_of_an_earlier_sentence_carries_to_an_actor_that_acts_or_speaks(cli, tmp_path):
    source = article(cli, tmp_path, "Washington sent anti-personnel mines to Kyiv on Monday. The weather was cold. "
                                    "Ukraine welcomed the decision. Officials of Ukraine were tired.")
    found = candidates(cli, source)
    assert [(c["actor"], c["topic"]) for c in found] == [("us", "apl-transfer"), ("ukraine", "apl-transfer")]
    assert "topic of the sentence before" in found[1]["reasons"]


def test_a_headline_is_not_coded_its_body_is(cli, tmp_path):
    source = article(cli, tmp_path, "Washington to send landmines to Ukraine\nWashington sent landmines to Ukraine on Monday.")
    assert [(c["actor"], c["on"]) for c in candidates(cli, source)] == [("us", "2024-11-18")]
    alone = article(cli, tmp_path, "Washington sent landmines to Ukraine", slug="one-line")  # no body: not a headline
    assert [c["actor"] for c in candidates(cli, alone)] == ["us"]


def test_cues_and_keywords_match_on_word_stems_and_irregular_forms_only_when_listed(cli, tmp_path):
    source = article(cli, tmp_path, "Washington is sending a landmine to Ukraine. Washington sends landmines. "
                                    "Washington sent landmines.")
    found = candidates(cli, source)
    assert [c["stance_label"] for c in found] == ["supply", "supply", "supply"]
    assert 'cue "sending" -> supply' in found[0]["reasons"] and 'keyword "landmine"' in found[0]["reasons"]
    assert 'cue "sent" -> supply' in found[2]["reasons"]  # "sent" is listed: the stem of "send" does not reach it
    cli("scale", "add", "aid-scale", "--name", "Aid", "--level", "0=none", "--level", "1=give", "--cue", "give=give")
    cli("topic", "add", "aid", "--name", "Aid", "--scale", "aid-scale", "--keyword", "aid")
    source = article(cli, tmp_path, "Washington gave aid. Washington is giving aid.", slug="aid")
    # "giving" has the stem of "give"; the irregular "gave" does not, and no one listed it
    assert [c["stance_label"] for c in candidates(cli, source, "--topic", "aid")] == [None, "give"]


@pytest.mark.parametrize("sentence", [
    "Washington declined to send landmines to Ukraine.",
    "Washington would not lift restrictions on landmines.",
    "Washington refused to deliver anti-personnel mines.",
    "Washington has never sent landmines abroad.",
])
def test_negation_and_refusal_do_not_propose_the_level_of_the_cue(cli, tmp_path, sentence):
    [candidate] = candidates(cli, article(cli, tmp_path, sentence))
    assert candidate["stance"] is None
    assert any("negated by" in reason for reason in candidate["reasons"])


def test_an_action_is_never_dated_after_publication(cli, tmp_path):
    [candidate] = candidates(cli, article(cli, tmp_path, "Washington will send landmines to Ukraine in 2030."))
    assert (candidate["kind"], candidate["on"], candidate["stance_label"]) == ("action", None, "supply")


def test_a_statement_is_not_dated_by_the_future_it_is_about_but_by_another_date(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv said on Monday that landmines would be cleared by 2030.")
    [candidate] = candidates(cli, source)
    assert (candidate["kind"], candidate["on"], candidate["date_text"]) == ("statement", "2024-11-18", "on Monday")
    source = article(cli, tmp_path, "Kyiv said that landmines would be cleared by 2030.", slug="later")
    [candidate] = candidates(cli, source)
    assert candidate["on"] is None
    assert 'date "2030" is after publication: what the sentence is about, not when it was done or said' in (
        candidate["reasons"])


def test_a_sentence_without_a_date_says_so(cli, tmp_path):
    [candidate] = candidates(cli, article(cli, tmp_path, "Washington sent landmines to Ukraine."))
    assert (candidate["on"], candidate["date_precision"], candidate["date_text"]) == (None, None, None)
    assert "no date in the sentence" in candidate["reasons"]


PUBLISHED = dt.date(2024, 11, 21)  # a Thursday


@pytest.mark.parametrize("sentence, date, precision, text", [
    ("It was decided on November 18.", "2024-11-18", "day", "November 18"),
    ("It was decided on 18 November 2023.", "2023-11-18", "day", "18 November 2023"),
    ("It was decided in June 2022.", "2022-06-01", "month", "June 2022"),
    ("It was decided two years ago.", "2022-01-01", "year", "two years ago"),
    ("It was decided 3 months ago.", "2024-08-01", "month", "3 months ago"),
    ("It was decided last week.", "2024-11-01", "month", "last week"),
    ("It was decided last month.", "2024-10-01", "month", "last month"),
    ("It was decided last year.", "2023-01-01", "year", "last year"),
    ("It was decided on Monday.", "2024-11-18", "day", "on Monday"),
    ("It was decided on Thursday.", "2024-11-21", "day", "on Thursday"),
    ("It was decided earlier this month.", "2024-11-01", "month", "earlier this month"),
    ("It was decided this week.", "2024-11-01", "month", "this week"),
    ("It was decided earlier.", "2024-11-01", "month", "earlier"),
    ("It was decided yesterday.", "2024-11-20", "day", "yesterday"),
    ("The rule has applied since 2020.", "2020-01-01", "year", "2020"),
    ("It was decided in May.", "2024-05-01", "month", "in May"),
    ("It was decided on December 30.", "2023-12-30", "day", "December 30"),  # not after publication
    # a day or month ahead of a word that looks ahead is the coming one (after publication)
    ("Households would receive a final cheque in December.", "2024-12-01", "month", "in December"),
    ("The charge is set to zero from December 1.", "2024-12-01", "day", "December 1"),
    ("The union called a general strike for December 4.", "2024-12-04", "day", "December 4"),
    ("It voted for the plan on December 3.", "2023-12-03", "day", "December 3"),  # "for" the plan, not the date
])
def test_date_phrases_resolve_against_the_publication_date(sentence, date, precision, text):
    [found] = find_dates(sentence, PUBLISHED)
    assert (found.date.start.isoformat(), found.date.precision, found.text) == (date, precision, text)


@pytest.mark.parametrize("sentence, before, expected", [
    ("It was published in November last year.", None, [("November last year", "2023-11-01", "month")]),
    ("It was published in April this year.", None, [("April this year", "2024-04-01", "month")]),
    ("It stopped collecting it from January 1 last year.", None, [("January 1 last year", "2023-01-01", "day")]),
    ("It stopped collecting it on 3 March this year.", None, [("3 March this year", "2024-03-03", "day")]),
    ("Issued in June 2020 and passed in September that year.", None,
     [("June 2020", "2020-06-01", "month"), ("September that year", "2020-09-01", "month")]),
    ("It was frozen in 2019 and lifted the following year.", None,
     [("2019", "2019-01-01", "year"), ("the following year", "2020-01-01", "year")]),
    # the date before, in an earlier sentence
    ("They suspended their payments that August.", dt.date(2019, 3, 1), [("that August.", "2019-08-01", "month")]),
    ("They suspended their payments that year.", None, []),  # nothing before it to refer to
    # counted from the date before, no finer than it
    ("Announced on November 7, it was introduced two weeks later.", None,
     [("November 7", "2024-11-07", "day"), ("two weeks later", "2024-11-21", "day")]),
    ("It began in 2019 and ended two years later.", None, [("2019", "2019-01-01", "year"), ("two years later", "2021-01-01", "year")]),
    ("It ended three months later.", dt.date(2019, 3, 1), [("three months later", "2019-06-01", "month")]),
    ("It ended three days later.", None, []),
    ("That may be so.", dt.date(2019, 3, 1), []),
])
def test_date_phrases_that_refer_to_a_year_named_before(sentence, before, expected):
    found = find_dates(sentence, PUBLISHED, before)
    assert [(phrase.text, phrase.date.start.isoformat(), phrase.date.precision) for phrase in found] == expected


@pytest.mark.parametrize("sentence, day_before, expected", [
    ("In the same statement, Kyiv asked for more.", dt.date(2024, 11, 19), [("In the same statement", "2024-11-19", "day")]),
    ("Hours after the announcement, Kyiv thanked it.", dt.date(2024, 11, 19), [("Hours after", "2024-11-19", "day")]),
    ("At the same moment, Kyiv thanked it.", dt.date(2024, 11, 19), [("At the same moment", "2024-11-19", "day")]),
    # the day named before it in the sentence, not the day of an earlier sentence
    ("It signed on November 12 and later that day sent them.", dt.date(2024, 11, 19),
     [("November 12", "2024-11-12", "day"), ("later that day", "2024-11-12", "day")]),
    ("Hours after the announcement, Kyiv thanked it.", None, []),  # no day before it to refer to
    # the event of the clause after a day: a day before it
    ("It took effect on November 21, a day after Kyiv signed it.", None,
     [("November 21", "2024-11-21", "day"), ("a day after", "2024-11-20", "day")]),
    ("A day after the vote, Kyiv signed it.", dt.date(2024, 11, 19), []),  # the vote is not dated
])
def test_date_phrases_that_refer_to_the_day_of_an_event_told_before(sentence, day_before, expected):
    found = find_dates(sentence, PUBLISHED, dt.date(2024, 6, 1), day_before)
    assert [(phrase.text, phrase.date.start.isoformat(), phrase.date.precision) for phrase in found] == expected


def test_numbers_that_are_not_years_are_not_dates():
    assert find_dates("Lawmakers voted 287 to 55 for 14 Leopard 2A6 tanks costing 1,500 million.", PUBLISHED) == []


def test_a_date_something_now_is_compared_with_is_not_a_date():
    assert find_dates("Prices rose to their highest level since 2008.", PUBLISHED) == []
    assert find_dates("It was the first time since March 2020 that aid was cut.", PUBLISHED) == []
    assert [phrase.text for phrase in find_dates("Prices have risen since 2008.", PUBLISHED)] == ["2008"]
    assert [phrase.text for phrase in find_dates("a misdemeanour for first offenders since 2017", PUBLISHED)] == ["2017"]


# --review -------------------------------------------------------------------


def test_review_accept_edit_skip_records_in_one_go_with_the_quote(cli, tmp_path):
    source = article(cli, tmp_path, "Washington sent landmines to Ukraine on Monday. Kyiv said landmines were welcome.")
    # first: accept as proposed; second: edit its stance, then its date, then accept
    answers = "a\ne\nstance\npermit\ne\ndate\n2024-11\na\n"
    result = cli("extract", source, "--review", input=answers)
    assert "[Washington] [sent] [landmines]" in result.stdout  # the matched words are marked
    rows = cli.json("timeline")
    assert [(r["actor"], r["stance_label"], r["effective_on"], r["date_precision"]) for r in rows] == [
        ("ukraine", "permit", "2024-11-01", "month"), ("us", "supply", "2024-11-18", "day")]
    us = next(r for r in rows if r["actor"] == "us")
    assert us["sources"] == [{"source": source, "quote": "Washington sent landmines to Ukraine on Monday."}]
    assert "recorded position" in result.stderr


def test_review_prints_the_reversal_notice(cli, tmp_path):
    source = article(cli, tmp_path, "Washington sent landmines to Ukraine on Monday.")
    cli("record", "--actor", "us", "--topic", "apl-transfer", "--stance", "restrict", "--on", "2022-06",
        "--source", source)
    result = cli("extract", source, "--review", input="a\n")
    assert "full change for us on apl-transfer: restrict" in result.stderr


def test_review_quit_or_skip_without_accepting_writes_nothing(cli, tmp_path, unchanged):
    source = article(cli, tmp_path, "Washington sent landmines to Ukraine on Monday. Kyiv said landmines were welcome.")
    with unchanged():
        assert "nothing recorded" in cli("extract", source, "--review", input="q\n").stderr
        cli("extract", source, "--review", input="s\ns\n")


def test_review_refuses_bad_edits_and_incomplete_candidates_then_goes_on(cli, tmp_path):
    source = article(cli, tmp_path, "Washington declined to send landmines to Ukraine.")
    answers = "a\ne\nstance\nlukewarm\ne\nactor\nnobody\ne\nstance\nrestrict\na\ne\ndate\n2024-11-20\na\n"
    result = cli("extract", source, "--review", input=answers)
    assert "needs stance and date: edit first" in result.stdout
    assert 'stance "lukewarm" is not on scale "apl-policy"' in result.stdout
    assert 'unknown actor "nobody"' in result.stdout
    [row] = cli.json("timeline")
    assert (row["actor"], row["stance_label"], row["effective_on"]) == ("us", "restrict", "2024-11-20")


# --model (llm) ----------------------------------------------------------------


class FakeModel:
    """Stands in for a language model: answers what the test sets, records the prompt."""

    answer = "[]"
    prompts: list[str] = []


@pytest.fixture
def fake_model():
    import llm
    from llm.plugins import pm

    class Fake(llm.Model):
        model_id = "fake-extractor"

        def execute(self, prompt, stream, response, conversation):
            FakeModel.prompts.append(prompt.prompt)
            yield FakeModel.answer

    class Plugin:
        @llm.hookimpl
        def register_models(self, register):
            register(Fake())

    plugin = Plugin()
    pm.register(plugin, name="policytrack-test-fake-model")
    FakeModel.prompts = []
    yield FakeModel
    pm.unregister(plugin)


def test_model_answers_are_validated_and_invented_quotes_dropped(cli, fake_model):
    cli("init", "--seed")
    fake_model.answer = json.dumps([
        {"actor": "the Biden administration", "topic": "atacms-strikes-russia", "stance": "support",
         "on": "2024-11-18", "kind": "action", "quote": "Biden also authorised Ukraine's use of ATACMS missiles"},
        {"actor": "biden-admin", "topic": "apl-use", "stance": "sideways", "on": "2030", "kind": "action",
         "quote": "decided to limit the use of anti-personnel mines"},
        {"actor": "us", "topic": "apl-use", "stance": "ban", "on": "2024", "quote": "The US banned all mines."},
        {"actor": "nobody", "topic": "apl-use", "stance": "ban", "quote": "Earlier, US President"},
    ])
    result = cli("extract", SEED, "--model", "fake-extractor", "--format", "json")
    found = json.loads(result.stdout)
    assert "dropped 2 answer(s)" in result.stderr
    assert [(c["actor"], c["stance_label"], c["on"], c["date_precision"]) for c in found] == [
        ("biden-admin", "support", "2024-11-18", "day"), ("biden-admin", None, None, None)]
    assert found[0]["sentence"].startswith("On the evening of November 18")
    prompt = fake_model.prompts[0]
    assert "biden-admin: Biden administration (also: the Biden administration)" in prompt
    assert "apl-use: Use of anti-personnel landmines (ban, restrict, no stated policy, permit, supply)" in prompt
    assert "Washington had previously hesitated" in prompt


def test_model_answers_resolve_a_government_at_the_date_as_the_rule_based_extractor_does(cli, fake_model, tmp_path):
    cli("init", "--seed")
    import_bundle(cli, tmp_path / "terms.yaml", TWO_TERMS)
    quote = "The Trump administration lifted restrictions on the use of such mines."
    story = tmp_path / "story.txt"
    story.write_text(quote)
    cli("source", "add", "--title", "Later", "--slug", "later", "--published", "2025-03-12", "--text-file", str(story))
    fake_model.answer = json.dumps([
        {"actor": "the Trump administration", "topic": "apl-use", "stance": "permit", "on": "2020-01",
         "kind": "action", "quote": quote},
        {"actor": "the Trump administration", "topic": "apl-use", "stance": "permit", "on": "2025-02",
         "kind": "statement", "quote": quote},
        # a date after the article is what the sentence is about, not when it was said: undated
        {"actor": "the Trump administration", "topic": "apl-use", "stance": "permit", "on": "2026-01",
         "kind": "statement", "quote": quote},
    ])
    found = candidates(cli, "later", "--model", "fake-extractor")
    assert [(c["actor"], c["on"]) for c in found] == [
        ("trump-admin", "2020-01-01"), ("trump-admin-2025", "2025-02-01"), ("trump-admin-2025", None)]
    assert "date 2026-01 is after publication: what the sentence is about, not when it was done or said" in (
        found[2]["reasons"])


def test_model_errors_are_one_line(cli, fake_model, monkeypatch, unchanged):
    import sys

    cli("init", "--seed")
    with unchanged():
        fake_model.answer = "I cannot help with that."
        assert "did not answer with a JSON list" in cli.fails("extract", SEED, "--model", "fake-extractor").stderr
        assert 'unknown model "no-such-model"' in cli.fails("extract", SEED, "--model", "no-such-model").stderr
        monkeypatch.setitem(sys.modules, "llm", None)  # as without the extra installed
        assert "needs the llm extra" in cli.fails("extract", SEED, "--model", "fake-extractor").stderr


def test_review_interrupted_records_nothing(cli, tmp_path, unchanged):
    source = article(cli, tmp_path, "Washington sent landmines to Ukraine on Monday. Kyiv said landmines were welcome.")
    with unchanged():
        assert "review interrupted: nothing recorded" in cli.fails("extract", source, "--review", input="a\n").stderr


def test_the_government_and_an_office_without_a_state_are_the_home_states_government(cli, tmp_path):
    source = article(cli, tmp_path, "Washington sent landmines on Monday. "
                                    "The government said on Tuesday that it would send more landmines. "
                                    "Defence Secretary Lloyd Austin said on Tuesday that landmines were needed. "
                                    "Joe Biden said the government would send landmines.")
    # the state the text is about (the one named most) has its government in office at the date; the
    # government Biden speaks of is what he says, not a second candidate
    assert [(c["actor"], c["on"]) for c in candidates(cli, source)] == [
        ("us", "2024-11-18"), ("biden-admin", "2024-11-19"), ("biden-admin", "2024-11-19"), ("joe-biden", None)]


def test_the_government_a_clause_speaks_of_is_not_who_acted(cli, tmp_path):
    source = article(cli, tmp_path, "Washington sent landmines on Monday. "
                                    "Critics said on Tuesday the government had sent landmines. "
                                    "The treaty, which the government signed, bans landmines.")
    assert [c["actor"] for c in candidates(cli, source)] == ["us"]


def test_a_groups_leader_speaks_for_it_unless_the_leader_is_named(cli, tmp_path):
    source = article(cli, tmp_path, "Human Rights Watch's acting leader, Jane Doe, criticised the landmines on Monday. "
                                    "Kyiv's new leader, Jake Sullivan, criticised the landmines on Monday.")
    assert [c["actor"] for c in candidates(cli, source)] == ["hrw", "jake-sullivan"]


def test_the_government_of_no_state_named_is_nobody(cli, tmp_path):
    source = article(cli, tmp_path, "The government said on Tuesday that it would send landmines. "
                                    "Defence Secretary Lloyd Austin said landmines were needed.")
    assert candidates(cli, source) == []


def test_a_name_after_its_states_possessive_is_that_states_actor(cli, tmp_path):
    import_bundle(cli, tmp_path / "parties.yaml",
                  "actors:\n"
                  "  - {slug: labour-uk, name: Labour Party, kind: organisation, aliases: [Labour]}\n"
                  "  - {slug: labour-ua, name: Ukrainian Labour Party, kind: organisation,"
                  " aliases: [\"Ukraine's Labour\"]}\n")
    source = article(cli, tmp_path, "Ukraine's opposition Labour criticised the landmines on Monday. "
                               "Labour criticised the landmines on Monday.")
    # "Labour" is the British party's alias; with Ukraine's possessive before it, Ukraine's party
    assert [c["actor"] for c in candidates(cli, source)] == ["labour-ua", "labour-uk"]


def test_the_ending_verb_a_topic_is_named_by_does_what_it_names(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv voted on Monday to abolish the prayer holiday. "
                                    "Washington voted on Monday to abolish the mine tax. "
                                    "Human Rights Watch said on Monday it would axe the prayer holiday. "
                                    "Rada voted on Monday to withdraw the prayer holiday.")
    import_bundle(cli, tmp_path / "topics.yaml",
                  "scales:\n  - {slug: support, cues: {oppose: [abolish, axe]}}\n"
                  "topics:\n"
                  "  - {slug: holiday-abolition, name: Abolishing the prayer holiday, scale: support,"
                  " keywords: [prayer holiday]}\n"
                  "  - {slug: mine-tax, name: The mine tax, scale: support, keywords: [mine tax]}\n")
    # abolishing the holiday is the topic "Abolishing the prayer holiday", and so is axing it (a
    # synonym), not withdrawing it; abolishing the tax is against the tax
    assert [(c["actor"], c["topic"], c["stance_label"]) for c in candidates(cli, source)] == [
        ("ukraine", "holiday-abolition", "support"), ("us", "mine-tax", "oppose"),
        ("hrw", "holiday-abolition", "support"), ("rada", "holiday-abolition", "oppose")]


def test_a_cue_for_or_against_a_measure_against_the_topic_is_composed_with_it(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv vetoed a resolution that would have overturned the aid bill on Monday. "
                                    "Washington backed a motion to overturn the aid bill on Monday. "
                                    "Rada vetoed the aid bill on Monday.")
    import_bundle(cli, tmp_path / "cues.yaml", "scales:\n  - {slug: support, cues: {oppose: [veto, overturn]}}\n")
    # vetoing what would overturn the bill is for it; backing it, against; vetoing the bill, against
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [
        ("ukraine", "support"), ("us", "oppose"), ("rada", "oppose")]


# Rules made from the sixth batch (tuned on from 2026-12-07) ------------------------


def test_a_promise_takes_the_stance_of_what_is_promised(cli, tmp_path):
    source = article(cli, tmp_path, "Washington promised on Monday to scrap the aid bill.")
    cli("scale", "cue", "support", "support", "promise")
    [found] = candidates(cli, source)
    assert (found["actor"], found["stance_label"], found["kind"]) == ("us", "oppose", "statement")
    assert 'cue "scrap" -> oppose' in found["reasons"]


def test_a_state_inside_a_longer_name_is_not_the_state(cli, tmp_path):
    source = article(cli, tmp_path, "The Bank of Ukraine sent landmines on Monday. "
                                    "The Government of Ukraine sent landmines on Tuesday.")
    # the bank is a body of its own; the government of Ukraine is Ukraine's, not the home government
    assert [(c["actor"], c["on"]) for c in candidates(cli, source)] == [("ukraine", "2024-11-19")]


def test_an_act_called_wrong_stands_across_the_pivot_from_it(cli, tmp_path):
    source = article(cli, tmp_path, "Human Rights Watch said withdrawing the aid bill was a step backwards. "
                                    "Kyiv said withdrawing the aid bill was overdue.")
    found = candidates(cli, source)
    assert [(c["actor"], c["stance_label"]) for c in found] == [("hrw", "support"), ("ukraine", "oppose")]
    assert '"withdrawing" is called wrong -> support' in found[0]["reasons"]


def test_a_cue_word_that_names_a_time_is_no_cue(cli, tmp_path):
    source = article(cli, tmp_path, "By the end of the session, Human Rights Watch said the aid bill was needed. "
                                    "Kyiv said it would end the aid bill.")
    cli("scale", "cue", "support", "oppose", "end")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("hrw", "support"), ("ukraine", "oppose")]


def test_actors_listed_after_a_comma_and_act_in_a_clause_of_their_own(cli, tmp_path):
    source = article(cli, tmp_path, "Washington backed the aid bill in 2019, and Kyiv and Human Rights Watch "
                                    "challenged it in court.")
    found = {c["actor"]: (c["stance_label"], c["on"], c["kind"]) for c in candidates(cli, source)}
    assert found == {"us": ("support", "2019-01-01", "action"), "ukraine": ("oppose", None, "action"),
                     "hrw": ("oppose", None, "action")}
    source = article(cli, tmp_path, "Human Rights Watch backed the aid bill in 2019, and the Ukrainian lawmakers "
                                    "withdrew it on Monday.", slug="later")
    found = {c["actor"]: (c["stance_label"], c["on"]) for c in candidates(cli, source)}
    assert found == {"hrw": ("support", "2019-01-01"), "rada": ("oppose", "2024-11-18")}


def test_an_actor_that_describes_who_acted_did_not_act(cli, tmp_path):
    source = article(cli, tmp_path, "A Kyiv-backed group sent landmines on Monday. "
                                    "Human Rights Watch said the Kyiv-based group had sent landmines.")
    assert [c["actor"] for c in candidates(cli, source)] == ["hrw"]


def test_an_act_named_by_its_noun_and_called_wrong_stands_across_the_pivot(cli, tmp_path):
    source = article(cli, tmp_path, "Human Rights Watch said the withdrawal of the aid bill was a devastating blow.")
    [found] = candidates(cli, source)
    assert (found["actor"], found["stance_label"]) == ("hrw", "support")


def test_a_topic_of_a_state_the_text_never_names_is_not_proposed(cli, tmp_path):
    source = article(cli, tmp_path, "Washington backed the aid bill on Monday.")
    import_bundle(cli, tmp_path / "japan.yaml",
                  "actors:\n  - {slug: japan, name: Japan, kind: state, aliases: [Tokyo]}\n"
                  "topics:\n  - {slug: japan-aid-bill, name: Japan's aid bill, scale: support, keywords: [aid bill]}\n")
    assert [(c["actor"], c["topic"]) for c in candidates(cli, source)] == [("us", "aid-bill")]
    # once the text names Japan (as actor or not), its bill may be meant
    source = article(cli, tmp_path, "Aid to Tokyo grew. Washington backed the aid bill on Monday.", slug="japan")
    assert [(c["actor"], c["topic"]) for c in candidates(cli, source)] == [("us", "aid-bill"), ("us", "japan-aid-bill")]
    # a text that has named no state yet may be about either
    source = article(cli, tmp_path, "Human Rights Watch backed the aid bill on Monday.", slug="no-state")
    assert [c["topic"] for c in candidates(cli, source)] == ["aid-bill", "japan-aid-bill"]


def test_the_decision_called_wrong_stands_across_the_pivot_from_the_act_reported(cli, tmp_path):
    source = article(cli, tmp_path, "Washington sent landmines on Monday. "
                                    "Human Rights Watch said the decision was a reckless attack on civilians.")
    found = candidates(cli, source)
    assert [(c["actor"], c["stance_label"]) for c in found] == [("us", "supply"), ("hrw", "ban")]
    assert 'called "decision" wrong -> ban' in found[1]["reasons"]


def test_calling_the_topic_by_a_definite_keyword_wrong_is_against_it(cli, tmp_path):
    source = article(cli, tmp_path, "Washington withdrew the aid bill on Monday. "
                                    "Kyiv ended the talks on Tuesday, calling the levy a mistake.")
    cli("topic", "keyword", "aid-bill", "the levy")
    found = candidates(cli, source)
    # not across the pivot from the withdrawal told before: it is the levy (the topic) Kyiv calls a mistake
    assert [(c["actor"], c["stance_label"]) for c in found] == [("us", "oppose"), ("ukraine", "oppose")]


def test_welcoming_a_decision_to_act_on_the_topic_takes_the_side_of_the_act(cli, tmp_path):
    source = article(cli, tmp_path, "Human Rights Watch welcomed the decision to withdraw the aid bill. "
                                    "Kyiv welcomed Washington's move to introduce the aid bill.")
    # ("Washington's move" names who acted: the owner of the act)
    assert {(c["actor"], c["stance_label"]) for c in candidates(cli, source)} == {
        ("hrw", "oppose"), ("ukraine", "support"), ("us", "support")}


def test_the_other_party_to_a_deal_acted_too(cli, tmp_path):
    source = article(cli, tmp_path, "Washington signed a deal with Kyiv on the aid bill on Monday. "
                                    "Washington sent landmines with Kyiv's help on Monday.")
    assert [(c["actor"], c["topic"], c["stance_label"]) for c in candidates(cli, source)] == [
        ("us", "aid-bill", "support"), ("ukraine", "aid-bill", "support"), ("us", "apl-transfer", "supply")]


def test_calling_for_the_topic_to_be_done_something_to_takes_that_cue(cli, tmp_path):
    source = article(cli, tmp_path, "Human Rights Watch had long called for the aid bill to be withdrawn.")
    cli("scale", "cue", "support", "oppose", "withdrawn")
    cli("scale", "cue", "support", "support", "call for")  # the call is for what is to be done
    [found] = candidates(cli, source)
    assert (found["actor"], found["stance_label"]) == ("hrw", "oppose")


def test_the_verb_a_topic_is_named_by_is_for_it(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv voted on Monday to open the seabed to mining. "
                                    "Washington said on Monday that Opening Day was a success for the seabed.")
    import_bundle(cli, tmp_path / "topics.yaml",
                  "topics:\n  - {slug: seabed, name: Opening the seabed to mining, scale: support, keywords: [seabed]}\n")
    # "open" is no cue of the scale; the topic's name makes it one for the topic (not "Opening Day", a name)
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("ukraine", "support"), ("us", None)]


def test_a_year_that_qualifies_a_noun_gives_way_to_another_date(cli, tmp_path):
    source = article(cli, tmp_path, "Washington sent landmines under a 1997 law on November 12. "
                                    "Kyiv sent landmines under a 1997 law.")
    assert [(c["actor"], c["on"], c["date_precision"]) for c in candidates(cli, source)] == [
        ("us", "2024-11-12", "day"), ("ukraine", "1997-01-01", "year")]


def test_a_clock_time_does_not_split_its_clause(cli, tmp_path):
    source = article(cli, tmp_path, "Washington stopped sending landmines at 11:59 p.m. on Monday.")
    cli("scale", "cue", "apl-policy", "restrict", "stopped")
    assert [(c["actor"], c["on"]) for c in candidates(cli, source)] == [("us", "2024-11-18")]


def test_a_keyword_inside_an_actors_name_is_the_actor(cli, tmp_path):
    source = article(cli, tmp_path, "Human Rights Watch backed the aid bill on Monday. Kyiv backed the rights bill on Monday.")
    import_bundle(cli, tmp_path / "topics.yaml",
                  "topics:\n  - {slug: rights-bill, name: The rights bill, scale: support, keywords: [rights bill, rights]}\n")
    assert [(c["actor"], c["topic"]) for c in candidates(cli, source)] == [("hrw", "aid-bill"), ("ukraine", "rights-bill")]


def test_a_government_named_in_a_campaign_statement_is_the_candidate(cli, tmp_path):
    source = article(cli, tmp_path, "Rajapaksa promised in his 2019 election manifesto to send landmines. "
                                    "Rajapaksa promised on Monday to send landmines.")
    import_bundle(cli, tmp_path / "rajapaksa.yaml",
                  "actors:\n  - {slug: rajapaksa-gov, name: Gotabaya Rajapaksa government, kind: government,"
                  " active_from: 2019-11-18, aliases: [Rajapaksa]}\n"
                  "  - {slug: gotabaya-rajapaksa, name: Gotabaya Rajapaksa, kind: person}\n")
    assert [(c["actor"], c["on"]) for c in candidates(cli, source)] == [
        ("gotabaya-rajapaksa", "2019-01-01"), ("rajapaksa-gov", "2024-11-18")]


def test_an_actor_named_twice_in_a_row_keeps_its_own_words(cli, tmp_path):
    source = article(cli, tmp_path, "The rights group HRW said it was concerned about the aid bill.")
    cli("actor", "alias", "hrw", "rights group")
    cli("actor", "alias", "hrw", "HRW")
    [found] = candidates(cli, source)
    assert (found["actor"], found["stance_label"]) == ("hrw", "oppose")


def test_a_topics_state_may_be_its_place_anywhere_in_its_name_or_any_state_it_names(cli, tmp_path):
    source = article(cli, tmp_path, "Washington backed the aid bill on Monday.")
    import_bundle(cli, tmp_path / "places.yaml",
                  "actors:\n  - {slug: netherlands, name: Netherlands, kind: state, aliases: [the Netherlands]}\n"
                  "  - {slug: hungary, name: Hungary, kind: state}\n"
                  "topics:\n  - {slug: nl-aid, name: Cutting the aid bill in the Netherlands chiefly for farms,"
                  " scale: support, keywords: [aid bill]}\n"
                  "  - {slug: hu-aid, name: Releasing the aid bill funds for Hungary, scale: support, keywords: [aid bill]}\n")
    assert [(c["actor"], c["topic"]) for c in candidates(cli, source)] == [("us", "aid-bill")]


def test_a_keyword_in_title_case_is_a_name_and_matches_only_capitalised_words(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv approved the aid bill. Kyiv campaigned for Approve on Monday.")
    import_bundle(cli, tmp_path / "campaign.yaml",
                  "topics:\n  - {slug: approve-campaign, name: The Approve campaign, scale: support, keywords: [Approve]}\n")
    assert [(c["topic"], c["sentence"][:13]) for c in candidates(cli, source)] == [
        ("aid-bill", "Kyiv approved"), ("approve-campaign", "Kyiv campaign")]


def test_a_topics_state_may_be_named_as_owner_anywhere_or_by_its_government(cli, tmp_path):
    source = article(cli, tmp_path, "Washington backed the aid bill on Monday.")
    import_bundle(cli, tmp_path / "more.yaml",
                  "actors:\n  - {slug: philippines, name: Philippines, kind: state}\n"
                  "  - {slug: german-gov, name: Scholz government, kind: government, parent: germany,"
                  " aliases: [German government]}\n  - {slug: germany, name: Germany, kind: state}\n"
                  "topics:\n  - {slug: ph-aid, name: The court's aid bill inquiry and the Philippines' part in it,"
                  " scale: support, keywords: [aid bill]}\n"
                  "  - {slug: de-aid, name: German government grants under the aid bill, scale: support, keywords: [aid bill]}\n")
    assert [(c["actor"], c["topic"]) for c in candidates(cli, source)] == [("us", "aid-bill")]


def test_a_relative_clause_about_an_object_is_that_actors_own(cli, tmp_path):
    source = article(cli, tmp_path, "Ukrainian lawmakers on Monday rejected the aid bill, dealing a blow to"
                                    " Volodymyr Zelensky, who had backed the aid bill.")
    assert [(c["actor"], c["stance"], c["on"]) for c in candidates(cli, source)] == [
        ("rada", -1, "2024-11-18"), ("zelensky-gov", 1, None)]


def test_a_subordinate_clause_with_an_actor_of_its_own_is_that_actors(cli, tmp_path):
    source = article(cli, tmp_path, "Ukrainian lawmakers approved the aid bill on Monday after Washington criticised it"
                                    " in March. The aid bill stalled in May, when Washington criticised it.")
    assert [(c["actor"], c["stance"], c["on"]) for c in candidates(cli, source)] == [
        ("rada", 1, "2024-11-18"), ("us", -1, "2024-03-01"), ("us", -1, "2024-05-01")]


def test_an_agent_noun_is_not_the_cue_of_its_verb(cli, tmp_path):
    source = article(cli, tmp_path, "Volodymyr Zelensky spoke to supporters of the aid bill on Monday.")
    assert [(c["actor"], c["stance"]) for c in candidates(cli, source)] == [("zelensky-gov", None)]


def test_a_cue_inside_a_keyword_that_is_a_name_is_no_cue(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv voted on Monday to keep the oil of Block 9 in the ground.")
    import_bundle(cli, tmp_path / "block.yaml",
                  "scales:\n  - {slug: support, cues: {oppose: [block]}}\n"
                  "topics:\n  - {slug: block-9, name: Drilling in Block 9, scale: support, keywords: [Block 9]}\n")
    assert [(c["actor"], c["topic"], c["stance"]) for c in candidates(cli, source)] == [("ukraine", "block-9", None)]


def test_an_undated_vote_takes_the_date_of_the_decision_told_before(cli, tmp_path):
    source = article(cli, tmp_path, "Ukrainian lawmakers gave final approval to the aid bill on Monday."
                                    " Kyiv and Washington voted against.")
    assert [(c["actor"], c["stance"], c["on"]) for c in candidates(cli, source)] == [
        ("rada", 1, "2024-11-18"), ("ukraine", -1, "2024-11-18"), ("us", -1, "2024-11-18")]


def test_judging_the_vote_or_an_act_named_by_its_cue_judges_that_act(cli, tmp_path):
    source = article(cli, tmp_path, "Ukrainian lawmakers rejected the aid bill on Monday. Volodymyr Zelensky welcomed"
                                    " the vote. Washington said the rejection was a costly distraction."
                                    " Human Rights Watch called the rejection a betrayal.")
    extra = tmp_path / "rejection.yaml"
    extra.write_text("topics:\n  - {slug: aid-bill, keywords: [the rejection]}\n")  # the act, named as the topic
    cli("import", str(extra))
    assert [(c["actor"], c["stance"]) for c in candidates(cli, source)] == [
        ("rada", -1), ("zelensky-gov", -1), ("us", 1), ("hrw", 1)]


def test_a_relative_clause_after_a_list_of_actors_is_all_of_theirs(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv and Washington, which had criticised the aid bill, said on Monday that talks"
                                    " would go on.")
    assert [(c["actor"], c["stance"]) for c in candidates(cli, source)] == [("ukraine", -1), ("us", -1)]


def test_a_place_marched_through_did_not_act(cli, tmp_path):
    source = article(cli, tmp_path, "Thousands of people marched through Kyiv on Monday against the aid bill.")
    assert candidates(cli, source) == []


def test_an_act_that_would_do_harm_stands_across_from_it(cli, tmp_path):
    source = article(cli, tmp_path, "Washington argued on Monday that rejecting the aid bill would weaken the country.")
    assert [(c["actor"], c["stance"]) for c in candidates(cli, source)] == [("us", 1)]


def test_a_month_is_not_the_person_whose_surname_it_is(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv backed the aid bill on May 18. He said on Monday it was vital.")
    extra = tmp_path / "may.yaml"
    extra.write_text("actors:\n  - {slug: theresa-may, name: Theresa May, kind: person}\n")
    cli("import", str(extra))
    assert [c["actor"] for c in candidates(cli, source)] == ["ukraine"]


def test_a_name_in_mixed_case_matches_only_as_written(cli, tmp_path):
    source = article(cli, tmp_path, "GDP backed the aid bill on Monday. The GdP backed the aid bill too.")
    import_bundle(cli, tmp_path / "gdp.yaml",
                  "actors:\n  - {slug: gdp-union, name: Gewerkschaft der Polizei, kind: organisation, aliases: [GdP]}\n")
    assert [(c["actor"], c["sentence"][:7]) for c in candidates(cli, source)] == [("gdp-union", "The GdP")]


def test_a_topic_named_by_its_peoples_name_is_that_states(cli, tmp_path):
    source = article(cli, tmp_path, "Washington backed the aid bill on Monday and criticised grain exports.")
    import_bundle(cli, tmp_path / "grain.yaml",
                  "topics:\n  - {slug: ua-grain, name: Ukrainian grain exports, scale: support, keywords: [grain exports]}\n")
    assert [(c["actor"], c["topic"]) for c in candidates(cli, source)] == [("us", "aid-bill")]


def test_a_keyword_of_several_topics_names_the_one_the_text_named_before(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv backed deep-sea mining on Monday. Washington criticised the moratorium"
                                    " on Tuesday.")
    import_bundle(cli, tmp_path / "moratoria.yaml",
                  "topics:\n  - {slug: whaling, name: A whaling moratorium, scale: support, keywords: [moratorium, whaling]}\n"
                  "  - {slug: mining, name: A mining moratorium, scale: support, keywords: [moratorium, deep-sea mining]}\n")
    assert [(c["actor"], c["topic"]) for c in candidates(cli, source)] == [("ukraine", "mining"), ("us", "mining")]


def test_a_cue_verb_is_not_a_one_word_keyword_of_another_form(cli, tmp_path):
    source = article(cli, tmp_path, "Washington approved the aid bill on Monday. Kyiv criticised the approvals.")
    import_bundle(cli, tmp_path / "approvals.yaml",
                  "topics:\n  - {slug: lng, name: LNG export approvals, scale: support, keywords: [approvals]}\n")
    assert [(c["actor"], c["topic"]) for c in candidates(cli, source)] == [("us", "aid-bill"), ("ukraine", "lng")]


def test_an_actor_after_a_comma_is_not_the_object_of_the_verb_before_it(cli, tmp_path):
    source = article(cli, tmp_path, "With the aid bill approved, Kyiv criticised it on Monday.")
    assert [(c["actor"], c["stance"]) for c in candidates(cli, source)] == [("ukraine", -1)]


def test_a_person_places_the_text_in_the_state_their_government_governs(cli, tmp_path):
    source = article(cli, tmp_path, "Tokyo criticised the pipeline on Monday. "
                                    "Joe Biden revoked the permit for the pipeline on Wednesday.")
    import_bundle(cli, tmp_path / "pipeline.yaml",
                  "actors:\n  - {slug: japan, name: Japan, kind: state, aliases: [Tokyo]}\n"
                  "topics:\n  - {slug: pipeline, name: A pipeline to the United States, scale: support,"
                  " keywords: [pipeline]}\n")
    # "Joe Biden" names the United States (as the Biden administration does): its pipeline is meant
    assert [(c["actor"], c["topic"], c["stance_label"]) for c in candidates(cli, source)] == [
        ("biden-admin", "pipeline", "oppose")]


def test_a_provinces_topic_is_its_countrys(cli, tmp_path):
    source = article(cli, tmp_path, "Ottawa criticised the pipeline on Monday.")
    import_bundle(cli, tmp_path / "alberta.yaml",
                  "actors:\n  - {slug: canada, name: Canada, kind: state, aliases: [Ottawa]}\n"
                  "  - {slug: alberta, name: Alberta, kind: state, parent: canada}\n"
                  "topics:\n  - {slug: pipeline, name: A pipeline from Alberta, scale: support, keywords: [pipeline]}\n")
    assert [(c["actor"], c["topic"]) for c in candidates(cli, source)] == [("canada", "pipeline")]


def test_disappointment_at_the_news_is_against_the_act_reported(cli, tmp_path):
    source = article(cli, tmp_path, "Washington withdrew the aid bill on Monday. Kyiv said it was deeply disappointed.")
    # disappointed by the withdrawal, so for the bill (not a misgiving about the bill)
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("us", "oppose"), ("ukraine", "support")]
    source = article(cli, tmp_path, "Washington backed the aid bill on Monday. Kyiv said it regretted the decision.",
                     slug="regret")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("us", "support"), ("ukraine", "oppose")]


def test_calling_the_act_reported_right_takes_its_side(cli, tmp_path):
    source = article(cli, tmp_path, "Washington withdrew the aid bill on Monday. "
                                    "Human Rights Watch called the decision a victory for common sense. "
                                    "Kyiv said the decision was the right move.")
    found = candidates(cli, source)
    assert [(c["actor"], c["stance_label"]) for c in found] == [("us", "oppose"), ("hrw", "oppose"), ("ukraine", "oppose")]
    assert 'called it "victory" -> oppose' in found[1]["reasons"]


def test_a_cue_that_opens_another_topics_keyword_is_that_topics_act(cli, tmp_path):
    source = article(cli, tmp_path, "The country will revive the aid bill and withdraw from the treaty, Washington said.")
    import_bundle(cli, tmp_path / "treaty.yaml",
                  "topics:\n  - {slug: treaty, name: The treaty, scale: support, keywords: [withdraw from the treaty]}\n")
    # "withdraw", nearer the speaker, is what is done to the treaty; "revive" what is done to the bill
    assert [(c["topic"], c["stance_label"]) for c in candidates(cli, source)] == [("aid-bill", "support"), ("treaty", "oppose")]


def test_what_is_pledged_is_the_stance_not_the_pledge(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv pledged during the campaign to withdraw the aid bill. "
                                    "Washington pledged on Tuesday not to back the aid bill.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("ukraine", "oppose"), ("us", "oppose")]
    # a pledge that names no act of its own stands for the topic
    source = article(cli, tmp_path, "Kyiv pledged on Monday a new aid bill.", slug="pledge")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("ukraine", "support")]


def test_welcoming_the_ruling_takes_the_side_of_the_ruling(cli, tmp_path):
    source = article(cli, tmp_path, "Washington struck down the aid bill on Monday. Kyiv welcomed the ruling.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("us", "oppose"), ("ukraine", "oppose")]


def test_an_act_named_as_the_object_of_a_cue_is_what_the_cue_acts_on(cli, tmp_path):
    source = article(cli, tmp_path, "Washington introduced the aid bill. Kyiv supported freezing it.")
    # supporting a freeze is against the bill
    found = candidates(cli, source)
    assert [(c["actor"], c["stance_label"]) for c in found] == [("us", "support"), ("ukraine", "oppose")]
    assert 'cue "supported" of "freezing" -> oppose' in found[1]["reasons"]
    source = article(cli, tmp_path, "On Tuesday Washington rejected the suspending of the aid bill.", slug="suspending")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("us", "support")]
    # "approved before leaving office" did not approve a leaving
    source = article(cli, tmp_path, "Washington approved the aid bill before leaving office.", slug="leaving")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("us", "support")]


def test_a_capitalised_word_of_a_name_matches_only_a_capitalised_word(cli, tmp_path):
    source = article(cli, tmp_path, "The conservative bloc backed the aid bill on Monday. "
                                    "The Conservatives backed the aid bill on Tuesday.")
    import_bundle(cli, tmp_path / "tories.yaml",
                  "actors:\n  - {slug: tories, name: Conservative Party, kind: organisation, aliases: [the Conservatives]}\n")
    assert [(c["actor"], c["sentence"][:16]) for c in candidates(cli, source)] == [("tories", "The Conservative")]


def test_the_government_after_an_opening_date_is_the_home_government(cli, tmp_path):
    source = article(cli, tmp_path, "Washington backed the aid bill on Monday. In May the government withdrew the aid bill.")
    assert [(c["actor"], c["stance_label"], c["on"]) for c in candidates(cli, source)] == [
        ("us", "support", "2024-11-18"), ("biden-admin", "oppose", "2024-05-01")]


def test_the_organisation_named_before_is_the_association_or_the_group(cli, tmp_path):
    source = article(cli, tmp_path, "Human Rights Watch criticised the aid bill on Monday. "
                                    "The group welcomed the withdrawal of the aid bill on Tuesday.")
    assert [(c["actor"], c["on"]) for c in candidates(cli, source)] == [("hrw", "2024-11-18"), ("hrw", "2024-11-19")]
    # "the group" of an apposition, or with no organisation named before, is no one
    source = article(cli, tmp_path, "Washington criticised the aid bill. The group backed the aid bill.", slug="nobody")
    assert [c["actor"] for c in candidates(cli, source)] == ["us"]


def test_a_number_is_one_word_with_its_separators_and_sign(cli, tmp_path):
    source = article(cli, tmp_path, "Washington backed a 30% target on Monday. Kyiv backed the aid bill at 4:30 a.m."
                                    " on Tuesday. Kyiv backed the aid bill and 30 new reactors on Wednesday.")
    import_bundle(cli, tmp_path / "target.yaml", 'topics:\n  - {slug: target, name: A target, scale: support, keywords: ["30%"]}\n')
    assert [(c["actor"], c["topic"]) for c in candidates(cli, source)] == [
        ("us", "target"), ("ukraine", "aid-bill"), ("ukraine", "aid-bill")]


def test_a_bare_name_of_another_states_party_is_the_home_party_of_that_name(cli, tmp_path):
    source = article(cli, tmp_path, "Oslo backed the aid bill on Monday. The Conservatives criticised the aid bill.")
    import_bundle(cli, tmp_path / "parties.yaml",
                  "actors:\n  - {slug: uk, name: United Kingdom, kind: state, aliases: [London]}\n"
                  "  - {slug: norway, name: Norway, kind: state, aliases: [Oslo]}\n"
                  "  - {slug: tories, name: Conservative Party (United Kingdom), kind: organisation, aliases: [the Conservatives]}\n"
                  "  - {slug: hoyre, name: Conservative Party (Norway), kind: organisation, aliases: [Høyre]}\n")
    assert [c["actor"] for c in candidates(cli, source)] == ["norway", "hoyre"]
    source = article(cli, tmp_path, "London backed the aid bill on Monday. The Conservatives criticised the aid bill.",
                     slug="london")
    assert [c["actor"] for c in candidates(cli, source)] == ["uk", "tories"]


def test_what_the_policy_would_do_says_what_the_actor_thinks_of_it(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv said on Monday that the aid bill would threaten jobs. "
                                    "Washington said on Tuesday that the aid bill would bring stability and create jobs. "
                                    "Human Rights Watch said on Wednesday that the aid bill would not hurt anyone.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [
        ("ukraine", "oppose"), ("us", "support"), ("hrw", None)]


def test_the_decision_of_a_sentence_that_names_no_topic_is_on_the_topic_acted_on(cli, tmp_path):
    source = article(cli, tmp_path, "The aid bill stalled in Congress on Monday, and Washington sent landmines on Tuesday. "
                                    "Kyiv criticised the decision.")
    # of the two topics the sentence before named, the act the article reports is on landmines
    assert [(c["actor"], c["topic"]) for c in candidates(cli, source)][-1] == ("ukraine", "apl-transfer")


def test_what_the_act_told_before_would_do_judges_it(cli, tmp_path):
    source = article(cli, tmp_path, "Washington withdrew the aid bill on Monday. "
                                    "Kyiv said the decision would hurt millions of people.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("us", "oppose"), ("ukraine", "support")]


def test_a_support_verb_against_an_act_of_another_scale_undoes_it(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv scrapped the nuclear phase-out policy on Monday. "
                                    "Washington backed the nuclear phase-out on Tuesday.")
    import_bundle(cli, tmp_path / "nuclear.yaml",
                  "scales:\n  - {slug: nuclear, name: Nuclear power, pivot: 0,\n"
                  "     levels: {-2: phase out, -1: wind down, 0: keep, 1: extend, 2: expand}, cues: {phase out: [phase-out]}}\n"
                  "topics:\n  - {slug: nuclear-power, name: Nuclear power, scale: nuclear, keywords: [nuclear]}\n")
    found = candidates(cli, source)
    assert [(c["actor"], c["stance_label"]) for c in found] == [("ukraine", "expand"), ("us", "phase out")]
    assert '"scrapped" undoes the cue "phase-out" -> expand' in found[0]["reasons"]


def test_a_topic_named_by_an_irregular_demonym_is_that_states(cli, tmp_path):
    source = article(cli, tmp_path, "Washington backed the aid bill on Monday and criticised the permits.")
    import_bundle(cli, tmp_path / "dutch.yaml",
                  "actors:\n  - {slug: netherlands, name: Netherlands, kind: state, aliases: [The Hague]}\n"
                  "topics:\n  - {slug: nl-permits, name: Dutch nitrogen permits, scale: support, keywords: [permits]}\n")
    assert [(c["actor"], c["topic"]) for c in candidates(cli, source)] == [("us", "aid-bill")]


def test_rather_than_or_instead_of_negates_the_cue_after_it(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv urged Washington to debate the aid bill rather than pass it. "
                                    "Human Rights Watch urged talks instead of passing the aid bill.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("ukraine", "oppose"), ("hrw", "oppose")]


def test_a_critic_is_no_cue_and_wrong_to_do_is_against_the_act(cli, tmp_path):
    source = article(cli, tmp_path, "Washington, a critic of Kyiv, backed the aid bill on Monday. "
                                    "Human Rights Watch said Kyiv had been wrong to pass the aid bill.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)][0] == ("us", "support")
    assert ("hrw", "oppose") in [(c["actor"], c["stance_label"]) for c in candidates(cli, source)]
    source = article(cli, tmp_path, "Kyiv called on the authorities to debate the aid bill.", slug="authorities")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("ukraine", None)]  # not "authorise"


def test_an_office_a_person_owns_is_their_governments(cli, tmp_path):
    source = article(cli, tmp_path, "Joe Biden's defence secretary postponed the aid bill on Monday.")
    assert [c["actor"] for c in candidates(cli, source)] == ["biden-admin"]


def test_at_the_time_is_the_date_told_before(cli, tmp_path):
    source = article(cli, tmp_path, "Washington backed the aid bill in June 2022. Kyiv criticised it at the time.")
    assert [(c["actor"], c["on"], c["date_precision"]) for c in candidates(cli, source)] == [
        ("us", "2022-06-01", "month"), ("ukraine", "2022-06-01", "month")]


def test_the_actors_own_verb_comes_before_the_cue_nearest_the_date(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv has rejected the aid bill, under a decree signed on Monday.")
    found = candidates(cli, source)
    assert [(c["actor"], c["stance_label"]) for c in found] == [("ukraine", "oppose")]
    # each cue is read once, however it is keyed (its stem and its spelling are the same word)
    source = article(cli, tmp_path, "Kyiv said on Monday that it would not back the aid bill.", slug="once")
    reasons = candidates(cli, source)[0]["reasons"]
    assert reasons.count('cue "back" negated by "not"') == 1


def test_the_actors_own_cue_comes_before_what_it_warns_of(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv backed the aid bill, warning that it could pass costs on to farmers.")
    # backing is its act; what the bill could pass on is what it warns of, not a stance across from it
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("ukraine", "support")]


def test_he_after_an_organisations_spokesperson_is_that_spokesperson(cli, tmp_path):
    import_bundle(cli, tmp_path / "ohchr.yaml", "actors:\n  - {slug: ohchr, name: UN human rights office, "
                                                 "kind: organisation, aliases: [Volker Türk]}\n")
    source = article(cli, tmp_path, "Joe Biden backed the aid bill on Monday. "
                                    "Volker Türk said he was appalled that the aid bill had become law.")
    # not Joe Biden, the last person named; appalled by the news: against the act reported
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)][1:] == [("ohchr", "oppose")]


def test_calling_it_a_failure_is_against_the_policy(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv debated the aid bill in May and has long called it a failure. "
                                    "Washington withdrew the aid bill on Monday. "
                                    "Human Rights Watch called the move a return to a failed policy.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [
        ("ukraine", "oppose"), ("us", "oppose"), ("hrw", "support")]


def test_a_name_after_the_is_not_a_plural_alias_it_stems_to(cli, tmp_path):
    import_bundle(cli, tmp_path / "greens.yaml",
                  "actors:\n  - {slug: greens-de, name: German Greens, kind: organisation, aliases: [the Greens]}\n"
                  "  - {slug: greens-nz, name: Green Party of New Zealand, kind: organisation, aliases: [Green Party]}\n")
    source = article(cli, tmp_path, "The Green Party backed the aid bill on Monday.")
    assert [c["actor"] for c in candidates(cli, source)] == ["greens-nz"]


def test_congratulating_someone_on_the_act_reported_takes_its_side(cli, tmp_path):
    source = article(cli, tmp_path, "Washington passed the aid bill on Monday. "
                                    "Human Rights Watch congratulated Washington on the vote.")
    assert [(c["actor"], c["stance_label"]) for c in candidates(cli, source)] == [("us", "support"), ("hrw", "support")]


def test_lifting_is_one_of_the_ending_verbs_a_topic_is_named_by(cli, tmp_path):
    import_bundle(cli, tmp_path / "levy.yaml", "topics:\n  - {slug: levy-abolition, name: Abolishing the aid levy, "
                                                "scale: support, keywords: [aid levy]}\n")
    cli("scale", "cue", "support", "oppose", "lift", "abolish")
    source = article(cli, tmp_path, "Kyiv has for years called on Washington to lift the aid levy.")
    assert [(c["actor"], c["topic"], c["stance_label"]) for c in candidates(cli, source)] == [
        ("ukraine", "levy-abolition", "support")]


def test_an_act_another_actor_did_is_not_the_speakers(cli, tmp_path):
    source = article(cli, tmp_path, "Kyiv said on Monday that Washington had passed the aid bill. "
                                    "Washington said on Tuesday that it would pass the aid bill.")
    kinds = {(c["actor"], c["on"]): c["kind"] for c in candidates(cli, source)}
    assert kinds[("ukraine", "2024-11-18")] == "statement"  # Washington's act, told by Kyiv
    assert kinds[("us", "2024-11-19")] == "action"  # its own, announced
