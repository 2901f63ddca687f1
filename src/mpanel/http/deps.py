"""Process-wide services routes receive as dependencies (set up by create_app)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from mpanel.storage import ObjectStore


def get_object_store(request: Request) -> ObjectStore:
    store: ObjectStore = request.app.state.object_store
    return store


Store = Annotated[ObjectStore, Depends(get_object_store)]
