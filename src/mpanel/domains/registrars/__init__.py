"""Registrar adapters by name. A TLD row names the adapter that registers its domains."""

from __future__ import annotations

from mpanel.domains.registrars.base import Registrar, RegistrarError, RegistrarResult
from mpanel.domains.registrars.manual import ManualRegistrar

REGISTRARS: dict[str, Registrar] = {"manual": ManualRegistrar()}


def names() -> list[str]:
    return sorted(REGISTRARS)


def get(name: str) -> Registrar:
    """The adapter called `name`; KeyError when there is none."""
    return REGISTRARS[name]


__all__ = ["REGISTRARS", "Registrar", "RegistrarError", "RegistrarResult", "get", "names"]
