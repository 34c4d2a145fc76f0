"""Commands for the safety feature (registered by the import at the end of cli.py)."""
