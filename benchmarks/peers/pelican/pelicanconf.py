# Pelican side of the newsgen benchmark: the same page set as the Hugo site (see ../README.md).
# run.py copies this file and theme/ next to content/<year>/<slug>.md, the corpus with its
# front matter rewritten as Pelican `Key: value` metadata. Pelican's own defaults otherwise
# (Markdown with extra + codehilite + meta, no content cache).
AUTHOR = "Newsgen Bench"
SITENAME = "Newsgen Bench Daily"
SITEURL = "https://bench.example.org"
PATH = "content"
THEME = "theme"
TIMEZONE = "Europe/London"
DEFAULT_LANG = "en"
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False

ARTICLE_PATHS = [""]
PAGE_PATHS = []
STATIC_PATHS = []
THEME_STATIC_PATHS = []
SLUGIFY_SOURCE = "basename"

ARTICLE_URL = "{date:%Y}/{date:%m}/{date:%d}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
ARTICLE_LANG_URL = ARTICLE_URL
ARTICLE_LANG_SAVE_AS = ARTICLE_SAVE_AS
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"

# Nothing else: no category, author, archive or draft pages.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "tags"]

DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"index": None, "tag": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# One RSS feed of the newest 20 articles, full content; no Atom, no per-tag or per-category feeds.
FEED_DOMAIN = SITEURL
FEED_ALL_RSS = "feed.xml"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
FEED_MAX_ITEMS = 20
RSS_FEED_SUMMARY_ONLY = False
