"""One router module per area and page group; ``all_routers`` is the portal's table of contents."""

from __future__ import annotations

from fastapi import APIRouter


def all_routers() -> list[APIRouter]:
    from dentin.portal.routers import (
        admin_applications,
        admin_audit,
        admin_auth,
        admin_developers,
        admin_offices,
        admin_usage,
        developer_account,
        developer_auth,
        developer_customer_keys,
        developer_events,
        developer_keys,
        developer_usage,
        practice_auth,
        practice_billing,
        practice_keys,
        practice_setup,
    )

    return [
        admin_auth.router,
        admin_applications.router,
        admin_developers.router,
        admin_offices.router,
        admin_audit.router,
        admin_usage.router,
        developer_auth.router,
        developer_account.router,
        developer_keys.router,
        developer_customer_keys.router,
        developer_usage.router,
        developer_events.router,
        practice_auth.router,
        practice_setup.router,
        practice_keys.router,
        practice_billing.router,
    ]
