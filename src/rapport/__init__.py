"""rapport: a command-line relationship journal."""

__version__ = "0.1.0"
