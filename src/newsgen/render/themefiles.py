"""Where templates come from: the site's own `templates/` over the theme shipped inside the package.

Apart from environment.py so that what only needs the folders (the build record, the static files, the
dev server's watcher) does not load Jinja: a build that finds nothing changed never renders."""

from __future__ import annotations

from pathlib import Path

THEME_DIR = Path(__file__).parent / "theme"
TEMPLATES_DIR = "templates"


def template_dirs(site_dir: Path) -> tuple[Path, ...]:
    """Template search path: the site's own templates first, then the built-in theme."""
    own = site_dir / TEMPLATES_DIR
    return ((own,) if own.is_dir() else ()) + (THEME_DIR / TEMPLATES_DIR,)
