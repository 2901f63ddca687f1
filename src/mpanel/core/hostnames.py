"""Domain and host names (pure): the one place that turns what a person types into the stored form.

Stored names are lower-case ASCII: internationalised labels become punycode (IDNA 2008 with the
UTS #46 mapping, so "BÜCHER.de" is "xn--bcher-kva.de"). Labels are 1-63 characters of letters,
digits and inner hyphens; a whole name is at most 253 characters; the last label is never numeric.
"""

from __future__ import annotations

import re

import idna

MAX_NAME = 253
MAX_LABEL = 63
_LDH_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TOP_LABEL = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")


def to_ascii(value: str, *, min_labels: int = 1, noun: str = "a name") -> str:
    """The lower-case ASCII form of a name with at least `min_labels` labels (one trailing dot is
    allowed and dropped). Raises ValueError with a reason a person can act on, naming the name as
    `noun` ("a TLD")."""
    text = value.strip()
    text = text.removesuffix(".")
    if not text:
        raise ValueError("a name is required")
    if len(text) > 4 * MAX_NAME:  # bound the work before IDNA processing
        raise ValueError(f"a name has at most {MAX_NAME} characters")
    labels = text.split(".")
    if any(not label for label in labels):
        raise ValueError("a name cannot contain empty labels ('..' or a leading dot)")
    if any(len(label) > MAX_LABEL for label in labels if label.isascii()):
        raise ValueError(f"each label has at most {MAX_LABEL} characters")
    try:
        ascii_name = idna.encode(text, uts46=True).decode("ascii")
    except idna.InvalidCodepoint as exc:
        raise ValueError(f"{noun} may contain only letters, digits and hyphens.") from exc
    except (idna.IDNAError, UnicodeError) as exc:
        if any(label.startswith("-") or label.endswith("-") for label in labels):
            raise ValueError(f"no part of {noun} may start or end with a hyphen.") from exc
        raise ValueError(f"{noun} is not a valid domain name (check the hyphens and any accented letters).") from exc
    labels = ascii_name.split(".")
    if len(labels) < min_labels:
        raise ValueError(f"a name needs at least {min_labels} labels")
    for label in labels:
        if len(label) > MAX_LABEL:
            raise ValueError(f"each label has at most {MAX_LABEL} characters")
        if not _LDH_LABEL.match(label):
            raise ValueError(f"label {label!r} may hold only letters, digits and inner hyphens")
    if not _TOP_LABEL.match(labels[-1]):
        raise ValueError(f"{labels[-1]!r} cannot be a top-level label")
    if len(ascii_name) > MAX_NAME:
        raise ValueError(f"a name has at most {MAX_NAME} characters")
    return ascii_name


def to_unicode(ascii_name: str) -> str:
    """The display form of a stored name (punycode labels decoded); the name itself if it cannot be."""
    try:
        return str(idna.decode(ascii_name))
    except (idna.IDNAError, UnicodeError):
        return ascii_name


def is_gtld(suffix: str) -> bool:
    """Whether a TLD (or registry suffix such as "co.uk") is generic: its top label is not a
    two-letter country code. Internationalised ccTLDs (xn--p1ai, .рф) cannot be told apart by
    shape; they count as generic here and their TLD row says otherwise."""
    return len(suffix.rsplit(".", 1)[-1]) != 2
