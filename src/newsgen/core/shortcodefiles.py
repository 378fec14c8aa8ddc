"""A site's own shortcodes: the Jinja sources under templates/shortcodes/, read with the settings so that the
parse cache and the dev server see an edited shortcode template as a changed setting (issue 15)."""

from __future__ import annotations

from pathlib import Path

from .errors import UserError

SHORTCODES_DIR = "templates/shortcodes"


def site_shortcodes(site_dir: Path) -> tuple[tuple[str, str], ...]:
    """(name, Jinja source) of every templates/shortcodes/NAME.html, sorted by name."""
    folder = site_dir / SHORTCODES_DIR
    if not folder.is_dir():
        return ()
    found = []
    for path in sorted(folder.glob("*.html")):
        try:
            found.append((path.stem, path.read_text(encoding="utf-8")))
        except UnicodeDecodeError:
            raise UserError(f"{SHORTCODES_DIR}/{path.name}", "not UTF-8 text: save the file as UTF-8") from None
        except OSError as exc:
            raise UserError(f"{SHORTCODES_DIR}/{path.name}", f"cannot read: {exc.strerror}") from None
    return tuple(found)
