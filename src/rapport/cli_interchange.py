"""Commands for the interchange feature (registered by the import at the end of cli.py)."""
