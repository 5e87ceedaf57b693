"""One router module per Open Dental resource; ``office_routers`` is the office API whole."""

from __future__ import annotations

from fastapi import APIRouter


def office_routers() -> list[APIRouter]:
    """Every office router, in the order the app includes them (the OpenAPI order)."""
    from dentin.office.routes import (
        allergies,
        appointment_extras,
        appointments,
        claims,
        clinics,
        commlogs,
        diseases,
        documents,
        groupnotes,
        insurance_plans,
        insurance_setup,
        labcases,
        ledger,
        medications,
        modules,
        operatories,
        patfields,
        patientnotes,
        patients,
        payments,
        perio,
        practice_setup,
        preferences,
        procedurecodes,
        procedurelogs,
        providers,
        queries,
        recalls,
        referrals,
        reports,
        subscriptions,
        tasknotes,
        tasks,
        toothinitials,
        treatplans,
        userods,
    )

    return [
        preferences.router,
        reports.router,
        queries.router,
        patients.router,
        appointment_extras.router,  # before /appointments/{AptNum}
        appointments.router,
        providers.router,
        operatories.router,
        clinics.router,
        commlogs.router,
        groupnotes.router,  # before /procedurelogs/{ProcNum}
        procedurelogs.router,
        payments.router,
        userods.router,
        subscriptions.router,
        # Clinical (issue 15, clinical part)
        allergies.router,
        medications.router,
        diseases.router,
        patientnotes.router,
        patfields.router,
        toothinitials.router,
        # Insurance and claims (issue 15)
        procedurecodes.router,
        insurance_setup.router,
        insurance_plans.router,
        claims.router,
        # Issue 15, account part.
        ledger.router,
        treatplans.router,
        modules.router,
        practice_setup.router,
        tasks.router,
        # Issue 15, the rest.
        recalls.router,
        referrals.router,
        labcases.router,
        perio.router,
        documents.router,
        tasknotes.router,
    ]
