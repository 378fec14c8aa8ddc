"""Source files in, Articles out: discovery, front matter, parsing and the Markdown engines."""
