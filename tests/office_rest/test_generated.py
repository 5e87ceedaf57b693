"""A generated office (the demo's kind) has the rest of issue 15's rows: a recall for every
active patient, due after their last visit and scheduled on their next booking."""

from __future__ import annotations

from sqlalchemy import text

from dentin.office.generate import generate_office
from tests.conftest import World


def _scalar(world: World, sql: str) -> object:
    db = world.rt.offices.get(world.office_a.id)
    with db.session() as session:
        return session.execute(text(sql)).scalar()


def test_every_active_generated_patient_has_one_recall_due_after_their_last_visit(
    world: World,
) -> None:
    db = world.rt.offices.get(world.office_a.id)
    result = generate_office(db, 60, seed=7)
    assert result.counts["recall"] == _scalar(world, "SELECT COUNT(*) FROM recall")
    assert _scalar(world, "SELECT COUNT(*) FROM patient WHERE patstatus = 0 AND patnum NOT IN "
                          "(SELECT patnum FROM recall)") == 0  # fmt: skip
    assert _scalar(world, "SELECT COUNT(*) FROM recall GROUP BY patnum, recalltypenum "
                          "HAVING COUNT(*) > 1") is None  # fmt: skip
    assert _scalar(world, "SELECT COUNT(*) FROM recall WHERE dateprevious IS NOT NULL AND "
                          "datedue <= dateprevious") == 0  # fmt: skip
    assert _scalar(world, "SELECT COUNT(*) FROM recall WHERE datescheduled IS NOT NULL") != 0
    assert _scalar(world, "SELECT COUNT(*) FROM recalltype WHERE description = 'Prophy'") == 1


def test_generated_patients_are_referred_from_sources_and_out_to_specialists(world: World) -> None:
    db = world.rt.offices.get(world.office_a.id)
    generate_office(db, 60, seed=7)
    assert _scalar(world, "SELECT COUNT(*) FROM referral WHERE isdoctor = 1") == 2
    assert _scalar(world, "SELECT COUNT(*) FROM refattach WHERE reftype = 1") == 60 // 7
    assert (
        _scalar(
            world,
            "SELECT COUNT(*) FROM refattach WHERE reftype = 0 AND referralnum "
            "NOT IN (SELECT referralnum FROM referral WHERE isdoctor = 1)",
        )
        == 0
    )
    assert (
        _scalar(
            world,
            "SELECT COUNT(*) FROM refattach ra LEFT JOIN patient p ON "
            "p.patnum = ra.patnum WHERE p.patnum IS NULL",
        )
        == 0
    )


def test_every_twenty_fifth_generated_patient_has_a_lab_case_at_a_lab(world: World) -> None:
    db = world.rt.offices.get(world.office_a.id)
    generate_office(db, 60, seed=7)
    assert _scalar(world, "SELECT COUNT(*) FROM laboratory") == 3
    assert _scalar(world, "SELECT COUNT(*) FROM labcase") == 60 // 25
    assert (
        _scalar(
            world,
            "SELECT COUNT(*) FROM labcase WHERE laboratorynum NOT IN "
            "(SELECT laboratorynum FROM laboratory) OR datetimesent IS NULL",
        )
        == 0
    )
    assert (
        _scalar(
            world,
            "SELECT COUNT(*) FROM labcase lc JOIN appointment a ON "
            "a.aptnum = lc.aptnum WHERE a.patnum <> lc.patnum",
        )
        == 0
    )


def test_generated_adults_have_perio_exams_with_probing_on_six_molars(world: World) -> None:
    db = world.rt.offices.get(world.office_a.id)
    generate_office(db, 60, seed=7)
    exams = _scalar(world, "SELECT COUNT(*) FROM perioexam")
    assert isinstance(exams, int) and exams > 0
    assert _scalar(world, "SELECT COUNT(*) FROM periomeasure WHERE sequencetype = 4") == 6 * exams
    assert (
        _scalar(world, "SELECT COUNT(*) FROM periomeasure WHERE mbvalue > 19 OR toothvalue <> -1")
        == 0
    )


def test_every_fifth_generated_patient_seen_has_a_pano_document(world: World) -> None:
    db = world.rt.offices.get(world.office_a.id)
    generate_office(db, 60, seed=7)
    assert _scalar(world, "SELECT COUNT(*) FROM definition WHERE category = 18") == 5
    assert _scalar(world, "SELECT COUNT(*) FROM document WHERE patnum % 5 <> 0") == 0
    assert (
        _scalar(
            world,
            "SELECT COUNT(*) FROM document WHERE patnum NOT IN (SELECT patnum FROM "
            "patient WHERE datefirstvisit IS NOT NULL)",
        )
        == 0
    )
    assert _scalar(world, "SELECT COUNT(*) FROM document") != 0


def test_every_generated_task_has_a_note_and_every_sheet_its_fields(world: World) -> None:
    db = world.rt.offices.get(world.office_a.id)
    generate_office(db, 60, seed=7)
    assert (
        _scalar(
            world, "SELECT COUNT(*) FROM task WHERE tasknum NOT IN (SELECT tasknum FROM tasknote)"
        )
        == 0
    )
    assert _scalar(world, "SELECT COUNT(*) FROM sheetfield") == 3 * _scalar(  # type: ignore[operator]
        world, "SELECT COUNT(*) FROM sheet"
    )
    assert _scalar(world, "SELECT COUNT(*) FROM sheet") != 0
