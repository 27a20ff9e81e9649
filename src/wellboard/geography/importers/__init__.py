"""Importers for ONS and MHCLG reference files: each parses and validates a whole file into a
batch, then hands it to ``services.reference`` to compare with the database and apply."""
