"""Checks of the built site: page scan, links, feed and sitemap rules, held-back leaks."""
