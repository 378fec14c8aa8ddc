"""One build, stage by stage: the pipeline, its work items, the process pool and progress."""

from .pipeline import BuildOptions, BuildReport, BuildState, build

__all__ = ["BuildOptions", "BuildReport", "BuildState", "build"]
