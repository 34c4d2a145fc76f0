"""Commands for the brief feature (registered by the import at the end of cli.py)."""
