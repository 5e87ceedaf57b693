"""The rest of issue 15: indexes the new list routes page and filter by

Revision ID: 0012_breadth_rest
Revises: 0011_account_tables
Create Date: 2026-12-06 01:30:00

The tables themselves (recall, referral, labcase, perioexam, document, tasknote, sheetfield
...) came with the clinical and account parts; the routes added now filter them by columns
those parts left unindexed, and page them by key:

- ``recall.DateDue``: the Recall List reads recalls due in a date range, soonest first.
- ``refattach.ReferralNum`` and ``DateTStamp``: ``GET /refattaches`` filters by either.
- ``labcase.LaboratoryNum``, ``AptNum``, ``PlannedAptNum``, ``ProvNum``: ``GET /labcases``'s
  filters besides PatNum (indexed since 0009).
- ``perioexam.ExamDate``: ``GET /perioexams?ExamDate=`` reads exams on or after a day.
- ``tasknote.UserNum``: ``GET /tasknotes?UserNum=`` (TaskNum is indexed since 0011).
- On SQLite, a copy of the rowid key of the tables that an unfiltered list pages through
  (office migration 0003 says why; PostgreSQL's primary-key index already is that copy).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012_breadth_rest"
down_revision: str | None = "0011_account_tables"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BOTH: tuple[tuple[str, str, list[str]], ...] = (
    ("ix_recall_datedue", "recall", ["datedue"]),
    ("ix_refattach_referralnum", "refattach", ["referralnum"]),
    ("ix_refattach_datetstamp", "refattach", ["datetstamp"]),
    ("ix_labcase_laboratorynum", "labcase", ["laboratorynum"]),
    ("ix_labcase_aptnum", "labcase", ["aptnum"]),
    ("ix_labcase_plannedaptnum", "labcase", ["plannedaptnum"]),
    ("ix_labcase_provnum", "labcase", ["provnum"]),
    ("ix_perioexam_examdate", "perioexam", ["examdate"]),
    ("ix_tasknote_usernum", "tasknote", ["usernum"]),
)
SQLITE_ONLY: tuple[tuple[str, str, list[str]], ...] = (
    ("ix_recall_recallnum", "recall", ["recallnum"]),
    ("ix_refattach_refattachnum", "refattach", ["refattachnum"]),
    ("ix_perioexam_perioexamnum", "perioexam", ["perioexamnum"]),
    ("ix_periomeasure_periomeasurenum", "periomeasure", ["periomeasurenum"]),
    ("ix_sheetfield_sheetfieldnum", "sheetfield", ["sheetfieldnum"]),
    ("ix_labcase_labcasenum", "labcase", ["labcasenum"]),
    ("ix_tasknote_tasknotenum", "tasknote", ["tasknotenum"]),
)


def _indexes() -> tuple[tuple[str, str, list[str]], ...]:
    sqlite = op.get_bind().dialect.name == "sqlite"
    return BOTH + SQLITE_ONLY if sqlite else BOTH


def upgrade() -> None:
    for name, table, columns in _indexes():
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in reversed(_indexes()):
        op.drop_index(name, table_name=table)
