"""The issue/verify benchmark behind ``microcred bench`` (see :mod:`microcred.bench.runner`)."""

from microcred.bench.runner import GOALS, BenchConfig, default_populations, run

__all__ = ["GOALS", "BenchConfig", "default_populations", "run"]
