"""The README's `site.yaml` and front-matter tables, generated from where each key is declared.

`python scripts/readme_tables.py --write README.md` rewrites the tables between their markers;
a test fails when the README and the code disagree. A developer tool: not part of the installed package.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from newsgen.core import strings
from newsgen.core.config import SETTINGS
from newsgen.core.fields import FIELDS
from newsgen.core.warningkinds import WARNING_KINDS


def settings_table() -> str:
    rows = ["| key | default | what it does |", "|---|---|---|"]
    for name, setting in SETTINGS.items():
        if setting.default is None:
            default = "(required)"
        elif setting.default in ("", {}, ()):
            default = "(none)"
        else:
            default = f"`{str(setting.default).lower() if isinstance(setting.default, bool) else setting.default}`"
        rows.append(f"| `{name}` | {default} | {setting.doc} |")
    return "\n".join(rows)


def fields_table() -> str:
    rows = ["| field | what it does |", "|---|---|"]
    rows += [f"| `{name}` | {doc} |" for name, doc in FIELDS.items()]
    return "\n".join(rows)


def strings_table() -> str:
    """The theme's strings: key, English text (plural forms joined by " / ") and the placeholders."""
    rows = ["| key | English | placeholders |", "|---|---|---|"]
    for key, entry in strings.shipped_table("en").items():
        text = entry if isinstance(entry, str) else " / ".join(f"{form}: {t}" for form, t in entry)
        names = ", ".join(f"`{{{name}}}`" for name in sorted(strings.allowed_placeholders(key))) or ""
        rows.append(f"| `{key}` | {text.replace('|', chr(92) + '|')} | {names} |")
    return "\n".join(rows)


def warnings_table() -> str:
    rows = ["| kind | printed when |", "|---|---|"]
    rows += [f"| `{code}` | {doc} |" for code, doc in WARNING_KINDS.items()]
    return "\n".join(rows)


def _replace(text: str, marker: str, table: str) -> str:
    pattern = re.compile(rf"(<!-- {marker}:start -->\n).*?(<!-- {marker}:end -->)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"README has no <!-- {marker}:start --> / <!-- {marker}:end --> markers")
    return pattern.sub(lambda m: m.group(1) + table + "\n" + m.group(2), text)


def updated_readme(text: str) -> str:
    """Return the README text with its reference tables regenerated."""
    text = _replace(_replace(text, "settings", settings_table()), "fields", fields_table())
    text = _replace(text, "strings", strings_table())
    return _replace(text, "warnings", warnings_table())


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--write":
        path = Path(argv[1])
        path.write_text(updated_readme(path.read_text(encoding="utf-8")), encoding="utf-8")
        return 0
    print(settings_table() + "\n\n" + fields_table() + "\n\n" + warnings_table())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
