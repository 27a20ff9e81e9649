"""Wellboard: an outcomes platform for place-based health and wellbeing partnerships."""

__version__ = "0.1.0"
