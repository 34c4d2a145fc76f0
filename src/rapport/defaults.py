"""Defaults that more than one layer reads, kept here so each has one value.

Pure and tiny: importing it costs nothing, so the commands can read a default without
loading the module that uses it (scoring is ~10 ms that `due` usually does not pay).
"""

HALF_LIFE_DAYS = 90.0  # trust evidence loses half its weight every 90 days (docs/scoring.md)
