"""Articles in, the site and its plan out: authors, assembly (drafts, order, tags) and every output path."""
