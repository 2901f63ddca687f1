"""Rendering e-mail templates in a sandbox: tenants edit them, so a template may read only the
variables of its kind (no attributes of Python objects: contexts are plain dicts), and the HTML
part escapes every value. Checking a template compiles it, refuses unknown variables, and
renders it against its kind's sample values, so an unknown attribute is caught before saving."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError, meta
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from mpanel.core.errors import Invalid
from mpanel.notifications.kinds import KINDS, PARTS, TemplateSource

SUBJECT_MAX = 300


class TemplateInvalid(Invalid):
    code = "email_template_invalid"

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(
            "The template is not valid: " + "; ".join(f"{part}: {message}" for part, message in problems),
            details=[{"field": part, "message": message} for part, message in problems],
        )


class RenderFailed(Exception):
    """A stored template could not be rendered (it was valid when saved; the data was not)."""


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    html: str
    text: str


@cache
def _environment(html: bool) -> ImmutableSandboxedEnvironment:
    return ImmutableSandboxedEnvironment(autoescape=html, undefined=StrictUndefined, keep_trailing_newline=True)


def _problem(part: str, source: str, allowed: set[str], sample: dict[str, Any]) -> str | None:
    env = _environment(part == "html")
    try:
        parsed = env.parse(source)
    except TemplateSyntaxError as exc:
        return f"line {exc.lineno}: {exc.message}"
    unknown = sorted(meta.find_undeclared_variables(parsed) - allowed)
    if unknown:
        return f"unknown variable {', '.join(unknown)} (available: {', '.join(sorted(allowed))})"
    try:
        env.from_string(source).render(sample)
    except UndefinedError as exc:
        return str(exc.message)
    except SecurityError as exc:
        return f"not allowed: {exc}"
    except TemplateError as exc:
        return str(exc)
    except (TypeError, ValueError, ArithmeticError) as exc:
        return f"cannot be rendered: {exc}"
    return None


def check(kind: str, template: TemplateSource) -> None:
    """Refuse a template that would not render for its kind (422 naming each bad part)."""
    sample = KINDS[kind].variables
    problems = []
    for part in PARTS:
        source: str = getattr(template, part)
        problem = _problem(part, source, set(sample), sample)
        if problem:
            problems.append((part, problem))
    if not problems and "\n" in template.subject.strip():
        problems.append(("subject", "the subject must be one line"))
    if problems:
        raise TemplateInvalid(problems)


def render(template: TemplateSource, context: dict[str, Any]) -> RenderedEmail:
    try:
        subject = _environment(False).from_string(template.subject).render(context)
        html = _environment(True).from_string(template.html).render(context)
        text = _environment(False).from_string(template.text).render(context)
    except (TemplateError, SecurityError, TypeError, ValueError, ArithmeticError) as exc:
        raise RenderFailed(str(exc)) from exc
    return RenderedEmail(" ".join(subject.split())[:SUBJECT_MAX], html, text)
