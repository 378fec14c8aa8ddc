"""What the last build knew: the cache store, output fingerprints and the build record."""
