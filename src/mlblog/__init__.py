"""mlblog: a static-site generator for machine-learning notes."""

__version__ = "0.1.0"
