"""Templates -> page bytes. The Jinja environment (site templates over the package theme) and page contexts."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Mapping
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2

from .. import __version__
from ..core import dates, urls
from ..core.config import SiteConfig
from ..core.errors import UserError
from ..core.languagesettings import language_name
from ..core.models import Article, Term
from ..photos import markup as photo_markup
from ..site.menus import PageRef, nav_sections, resolve_menus, section_descriptions
from ..site.plan import OutputSpec
from ..site.redirects import redirect_html, redirects_file
from . import body_images, feeds, sitemaps, translate
from . import structured_data as seo
from .fragments import reused
from .jinja_speedups import PlainEscapeEnvironment
from .liveblog_json import render_live_updates
from .themefiles import TEMPLATES_DIR, THEME_DIR, template_dirs  # also imported from here


class _Extra(dict):  # type: ignore[type-arg]
    """`article.extra` as templates see it: a key the article lacks is undefined but empty, so
    `{% if article.extra.lang %}` works on every article; core fields stay strict."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle and friends probe for these: they are not keys
            raise AttributeError(name)
        return self[name]

    def __missing__(self, key: str) -> jinja2.ChainableUndefined:
        return jinja2.ChainableUndefined(name=key)


class _Environment(PlainEscapeEnvironment):
    """The build's environment: plain-text escaping (jinja_speedups) and a lenient `article.extra`."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Jinja's own lookup, written out: templates look up hundreds of attributes per page, and calling
        # up to it would double the cost of each; the one addition is the lenient `article.extra`.
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            try:
                return obj[attribute]
            except (TypeError, LookupError, AttributeError):
                return self.undefined(obj=obj, name=attribute)
        if attribute == "extra" and obj.__class__ is Article:
            return _Extra(value)
        return value

    def getitem(self, obj: Any, argument: Any) -> Any:
        if argument == "extra" and obj.__class__ is Article:
            return _Extra(obj.extra)
        return super().getitem(obj, argument)


def make_environment(site_dir: Path, config: SiteConfig, sections: tuple[Term, ...] = (),
                     pages: Mapping[str, PageRef] | None = None, image_cache: Path | None = None,
                     prefix: str = "") -> jinja2.Environment:
    """A Jinja environment with autoescape on and undefined variables as errors.

    `sections` feeds the navigation bar on every page unless `menus.main` replaces it; `pages` (page name ->
    path and title) resolves `{page: ...}` menu items; `image_cache`: the photo stage's cache folder, whose
    table of known images spares reading every photo again; `prefix` is the folder of a language's pages
    ('es/').
    """
    env = _Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in template_dirs(site_dir)]),
        autoescape=True,  # every template, whatever its extension: front matter is never trusted markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # An environment lives for one build, and templates do not change under a build: without this,
        # Jinja would stat every template a page includes, for every page.
        auto_reload=False,
    )
    links = urls.Urls(config.base_url)
    og = partial(photo_markup.og_path, site_dir / "static", settings=config.images, cache=image_cache)
    env.globals.update(site=config, sections=nav_sections(sections, config.sections),
                       section_descriptions=section_descriptions(config.sections),
                       main_replaces_sections=any(m.name == "main" and m.declared for m in config.menus),
                       menus=resolve_menus(config.menus, pages or {name: PageRef(path=path, title=title)
                                                             for name, path, title in config.page_links}),
                       url=links.url, absolute_url=links.absolute,
                       newsgen_version=__version__, language_name=language_name, reused=reused,
                       article_data=partial(seo.article_data, config=config, og=og),
                       person_data=partial(seo.person_data, config=config),
                       page_data=partial(seo.page_data, config=config),
                       image=partial(photo_markup.picture, site_dir / "static", settings=config.images,
                                     cache=image_cache),
                       image_size=partial(photo_markup.size, site_dir / "static", settings=config.images,
                                          cache=image_cache),
                       # The logo's real size and variants (None: none set, remote, or an SVG stating no
                       # size): `logo.width`, `logo.height`, `logo.src` for themes that size the masthead.
                       logo=photo_markup.picture(site_dir / "static", config.logo, config.images, image_cache)
                       if config.logo else None)
    env.filters.update(
        iso=dates.rfc3339, human_date=dates.human_date, human_datetime=dates.human_datetime,
        url=links.url, absolute_url=links.absolute,
        with_pictures=lambda body, picture: body_images.with_pictures(body, links.base_path, picture),
    )
    helpers = urls.template_helpers(links, prefix)
    env.globals.update(helpers)
    env.filters.update(helpers)  # the theme's form: a filter of constants costs nothing per page
    translate.install(env, config)
    env.made_from = (site_dir, config, pages, image_cache)
    return env


def _language_setup(spec: OutputSpec, env: jinja2.Environment, config: SiteConfig
                    ) -> tuple[jinja2.Environment, SiteConfig]:
    """The environment and settings an output of one language renders with: its title and text settings,
    its navigation, and links to its own listings. A build makes one per language (and navigation)."""
    made: dict[tuple[str, tuple[Term, ...]], tuple[jinja2.Environment, SiteConfig]] = env.__dict__.setdefault(
        "languages", {})
    key = (spec.lang, spec.nav)
    if key not in made:
        site_dir, _, pages, image_cache = env.made_from  # type: ignore[attr-defined]
        language, own = config.language_entry(spec.lang), config.in_language(spec.lang)
        made[key] = (make_environment(site_dir, own, spec.nav, pages, image_cache=image_cache,
                                      prefix=language.prefix if language else ""), own)
    return made[key]


def render_output(spec: OutputSpec, env: jinja2.Environment, config: SiteConfig, now: dt.datetime) -> bytes:
    """Bytes of any planned output: HTML pages through templates, feeds and sitemaps through their modules."""
    if spec.lang and spec.kind != "news_sitemap":
        env, config = _language_setup(spec, env, config)
    if spec.template:
        return render_page(spec, env)
    if spec.kind == "rss":
        return feeds.render_rss(spec, config, now)
    if spec.kind == "atom":
        return feeds.render_atom(spec, config, now)
    if spec.kind == "json":
        return feeds.render_json_feed(spec, config, now)
    if spec.kind == "sitemap":
        return sitemaps.render_sitemap(spec, config)
    if spec.kind == "sitemap_index":
        return sitemaps.render_sitemap_index(spec, config)
    if spec.kind == "news_sitemap":
        return sitemaps.render_news_sitemap(spec, config)
    if spec.kind == "robots":
        return sitemaps.render_robots(config)
    if spec.kind == "redirect":
        target = urls.Urls(config.base_url).absolute(spec.target)
        lang = translate.page_language(spec, config)
        return redirect_html(target, spec.title, lang, translate.redirect_words(config, lang)).encode()
    if spec.kind == "live_updates":
        return render_live_updates(spec, config)
    if spec.kind == "redirects":
        return redirects_file(spec.redirects, urls.Urls(config.base_url).base_path).encode()
    raise ValueError(f"no renderer for output kind {spec.kind!r}")


def render_page(spec: OutputSpec, env: jinja2.Environment) -> bytes:
    """Render one HTML output; template mistakes become UserErrors naming the template file and line."""
    try:
        template = env.get_template(spec.template)
        return template.render(page=spec, lang=translate.page_language(spec, env.globals["site"])).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        raise UserError(_template_path(exc.filename or exc.name or "", env), f"template syntax error: {exc.message}",
                        line=exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        raise UserError(f"{TEMPLATES_DIR}/{spec.template}", f"template not found: {exc.name} (while rendering "
                        f"/{spec.path}); add it to templates/ or remove the reference") from None
    except (jinja2.UndefinedError, TypeError, ValueError, AttributeError, KeyError) as exc:
        # Errors raised while a template runs: report the template line, not newsgen's.
        where = _template_frame(sys.exc_info()[2], env)
        if where is None:
            raise
        path, line = where
        raise UserError(path, f"{_describe(exc)} (while rendering /{spec.path})", line=line) from None


def _describe(exc: Exception) -> str:
    if isinstance(exc, jinja2.UndefinedError):
        return f"undefined template variable: {exc.message}"
    return f"template error: {type(exc).__name__}: {exc}"


def _template_frame(tb: TracebackType | None, env: jinja2.Environment) -> tuple[str, int] | None:
    """The innermost traceback frame in a template file (Jinja rewrites frames to template file and line)."""
    found = None
    roots = _roots(env)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if any(filename.startswith(root) for root in roots):
            found = (_template_path(filename, env), tb.tb_lineno)
        tb = tb.tb_next
    return found


def _roots(env: jinja2.Environment) -> list[str]:
    loader = env.loader
    return [str(Path(p)) + "/" for p in loader.searchpath] if isinstance(loader, jinja2.FileSystemLoader) else []


def _template_path(filename: str, env: jinja2.Environment) -> str:
    """Show a site template as 'templates/x.html' and a theme one as '(newsgen theme) x.html'."""
    theme = str(THEME_DIR / TEMPLATES_DIR) + "/"
    for root in _roots(env):
        if filename.startswith(root):
            name = filename[len(root):]
            return f"(newsgen theme) {name}" if root == theme else f"{TEMPLATES_DIR}/{name}"
    return filename
