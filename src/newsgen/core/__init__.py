"""Values and rules every layer shares: models, errors, URLs, slugs, dates, YAML text and site.yaml."""
