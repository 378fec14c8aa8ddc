"""Bytes to disk: atomic generations, the writer, static files, the schedule and the build lock."""
