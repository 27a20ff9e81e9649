"""Figures the hub app works out from its records (the only hub code that calls ``wellboard.stats``)."""
