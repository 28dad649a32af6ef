"""Altair chart builders, one module per chapter; shared pieces in :mod:`.common`."""
