"""Importers of indicator data from files (Fingertips CSV exports)."""
