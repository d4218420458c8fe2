"""What every route takes from its request: the desk, the settings, paging."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Query, Request

from crosswire.store.desk import Desk
from crosswire.web.settings import WebSettings

MAX_PAGE = 200  # items a page or an API call lists at most
# Past these an offset would overflow SQLite's integers (a 500); no list of the desk is that long.
MAX_PAGE_NUMBER = 100_000
MAX_OFFSET = MAX_PAGE_NUMBER * MAX_PAGE


def desk_of(request: Request) -> Desk:
    desk: Desk = request.app.state.desk
    return desk


def settings_of(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.settings
    return settings


@dataclass(frozen=True, slots=True)
class Paging:
    offset: int
    limit: int


def paging(
    offset: int = Query(0, ge=0, le=MAX_OFFSET, description="How many items to skip."),
    limit: int = Query(50, ge=1, le=MAX_PAGE, description="How many items to list."),
) -> Paging:
    return Paging(offset, limit)
