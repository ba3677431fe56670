"""More general cues for the built-in support scale: the ways news reports say a measure was
paused, scrapped, overturned or put off, or restored, defended, extended or called for.

An analyst's catalog gathered these while coding the extraction gold set (tests/data/extract/);
each is general wording, not one article's. Phrases that read both ways ("end", "drop", "lift",
"keep", "announce", "impose") stay out: the analyst adds them where a topic makes them clear.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

MORE_SUPPORT_CUES = {
    -1: [
        "pause", "suspend", "halt", "revoke", "rescind", "shelve", "abolish", "strike down", "struck down",
        "roll back", "dismantle", "rule out", "block", "blocked", "cancel", "overturn", "postpone", "put on hold",
        "phase out", "abandon", "do away with", "terminate", "vote against", "veto", "freeze", "froze",
        "let expire", "water down", "watered down", "scale back", "walk out of", "walked out of",
        "back away from", "pull out of", "campaign against", "protest against", "petition against",
    ],
    0: ["under review", "under study", "undecided"],
    1: [
        "accept", "restore", "reinstate", "resume", "revive", "uphold", "upheld", "defend", "pledge", "propose",
        "vote for", "call for", "called for", "press for", "pressed for", "keep in place", "kept in place",
        "bring forward", "brought forward", "launch", "ratified", "campaign for", "hail", "reintroduce",
        "extend", "push through", "pushed through",
    ],
}
_PHRASES = ", ".join(f"'{phrase}'" for phrases in MORE_SUPPORT_CUES.values() for phrase in phrases)

# A downgrade takes these cues away again; they are built in, so no analyst data is counted as lost,
# whichever revision's downgrade drops them (policytrack.downgrade).
BUILT_IN_ROWS = {
    "scale_cues": f"scale_id IN (SELECT id FROM scales WHERE slug = 'support') AND phrase IN ({_PHRASES})",
}


def upgrade() -> None:
    bind = op.get_bind()
    support = bind.execute(sa.text("SELECT id FROM scales WHERE slug = 'support'")).scalar()
    if support is None:
        return
    held = {
        (value, phrase.casefold())
        for value, phrase in bind.execute(
            sa.text("SELECT value, phrase FROM scale_cues WHERE scale_id = :scale"), {"scale": support}
        )
    }
    levels = {value for (value,) in bind.execute(
        sa.text("SELECT value FROM scale_levels WHERE scale_id = :scale"), {"scale": support}
    )}
    rows = [
        {"scale_id": support, "value": value, "phrase": phrase}
        for value, phrases in MORE_SUPPORT_CUES.items() if value in levels
        for phrase in phrases if (value, phrase.casefold()) not in held  # an analyst may have added it already
    ]
    if rows:
        cues = sa.table("scale_cues", sa.column("scale_id"), sa.column("value"), sa.column("phrase"))
        op.bulk_insert(cues, rows)


def downgrade() -> None:
    # The phrases spelt as shipped: one an analyst had added in that same spelling before 0007 goes too.
    op.execute(f"DELETE FROM scale_cues WHERE {BUILT_IN_ROWS['scale_cues']}")
