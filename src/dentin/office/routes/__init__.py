"""One router module per Open Dental resource; ``office_routers`` is the office API whole."""

from __future__ import annotations

from fastapi import APIRouter


def office_routers() -> list[APIRouter]:
    """Every office router, in the order the app includes them (the OpenAPI order)."""
    from dentin.office.routes import (
        appointment_extras,
        appointments,
        clinics,
        commlogs,
        groupnotes,
        ledger,
        modules,
        operatories,
        patients,
        payments,
        practice_setup,
        preferences,
        procedurelogs,
        providers,
        queries,
        reports,
        subscriptions,
        tasks,
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
        # Issue 15, account part.
        ledger.router,
        treatplans.router,
        modules.router,
        practice_setup.router,
        tasks.router,
    ]
