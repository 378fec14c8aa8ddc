"""Plans in, bytes out: the Jinja environment, feeds, sitemaps, structured data and the built-in theme."""
