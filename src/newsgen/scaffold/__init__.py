"""New sites and articles: `newsgen init`, `newsgen new` and the starter files."""
