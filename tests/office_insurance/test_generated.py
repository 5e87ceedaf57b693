"""A generated office (the demo's kind) is insured throughout, and its claims add up."""

from __future__ import annotations

from sqlalchemy import text

from dentin.office.generate import generate_office
from tests.conftest import World


def _scalar(world: World, sql: str) -> object:
    db = world.rt.offices.get(world.office_a.id)
    with db.session() as session:
        return session.execute(text(sql)).scalar()


def test_every_generated_patient_is_covered_and_every_claim_adds_up(world: World) -> None:
    db = world.rt.offices.get(world.office_a.id)
    generate_office(db, 60, seed=7)
    assert _scalar(world, "SELECT COUNT(*) FROM patient WHERE patnum NOT IN "
                          "(SELECT patnum FROM patplan)") == 0  # fmt: skip
    assert _scalar(world, "SELECT COUNT(*) FROM patplan pp LEFT JOIN inssub s ON "
                          "s.inssubnum = pp.inssubnum WHERE s.inssubnum IS NULL") == 0  # fmt: skip
    assert _scalar(world, "SELECT COUNT(*) FROM claim") > 0
    # Each claim's money is the sum of its claimprocs', and of one plan and one subscription.
    mismatched = _scalar(
        world,
        "SELECT COUNT(*) FROM claim c WHERE ABS(c.claimfee - (SELECT SUM(cp.feebilled) FROM "
        "claimproc cp WHERE cp.claimnum = c.claimnum)) > 0.005 OR EXISTS (SELECT 1 FROM "
        "claimproc cp WHERE cp.claimnum = c.claimnum AND (cp.plannum <> c.plannum OR "
        "cp.inssubnum <> c.inssubnum))",
    )
    assert mismatched == 0
    # Every claimproc on a claim points at a claim that exists; every check pays its rows.
    assert _scalar(world, "SELECT COUNT(*) FROM claimproc WHERE claimnum <> 0 AND claimnum "
                          "NOT IN (SELECT claimnum FROM claim)") == 0  # fmt: skip
    unpaid = _scalar(
        world,
        "SELECT COUNT(*) FROM claimpayment p WHERE ABS(p.checkamt - (SELECT SUM(cp.inspayamt) "
        "FROM claimproc cp WHERE cp.claimpaymentnum = p.claimpaymentnum)) > 0.005",
    )
    assert unpaid == 0
    received = _scalar(world, "SELECT COUNT(*) FROM claim WHERE claimstatus = 'R'")
    assert received == _scalar(world, "SELECT COUNT(*) FROM claimpayment")
