"""Commands for the people feature (registered by the import at the end of cli.py)."""
