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
    )

    return [
        admin_auth.router,
        admin_applications.router,
        admin_developers.router,
        admin_offices.router,
        admin_audit.router,
        admin_usage.router,
    ]
