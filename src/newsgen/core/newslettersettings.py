"""The `newsletter:` setting of site.yaml: a signup form posting to the newsroom's own provider."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import settingrules as rules
from .errors import did_you_mean

NEWSLETTER_KEYS = ("heading", "text", "action", "button", "field")


@dataclass(frozen=True, slots=True, kw_only=True)
class Newsletter:
    """A signup form that posts to the newsroom's own provider: the site stays static."""

    heading: str
    text: str
    action: str
    button: str = ""  # empty: the theme's word for "Subscribe" in the page's language
    field: str = "email"


def parse_newsletter(data: Any) -> tuple[Newsletter | None, list[str]]:
    """The signup block a `newsletter:` mapping describes (None for an empty one) and every problem in it."""
    if not isinstance(data, dict):
        return None, [f"expected a mapping with heading and action, found {_shown(data)}"]
    if not data:
        return None, []
    problems = []
    for key, value in data.items():
        if key not in NEWSLETTER_KEYS:
            problems.append(f"unknown key {_shown(key)}{did_you_mean(str(key), NEWSLETTER_KEYS)}; "
                            f"known: {', '.join(NEWSLETTER_KEYS)}")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"{key}: expected text, found {_shown(value)}")
        else:
            message = _value_problem(key, value)
            if message:
                problems.append(message)
    missing = [k for k in ("heading", "action") if k not in data]
    if missing:
        problems.append(f"missing {' and '.join(missing)}: a signup block needs a heading and the form's "
                        "action URL")
    if problems:
        return None, problems
    return Newsletter(heading=data["heading"], text=data.get("text", ""), action=data["action"],
                      button=data.get("button", ""), field=data.get("field", "email")), []


def _value_problem(key: str, value: str) -> str | None:
    if key == "action":
        if not value.startswith(("https://", "http://")):
            return f"action: expected the absolute https URL of your provider's form, found {_shown(value)}"
        problem = rules.url_problem(value, folder=False)
        return f"action: {problem}" if problem else None
    if key == "field":
        return rules.form_field_problem(value)
    problem = rules.text_problem(value)
    return f"{key}: {problem}" if problem else None


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
