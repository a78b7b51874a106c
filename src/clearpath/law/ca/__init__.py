"""The California law pack."""

from clearpath.law.ca.pack import california

__all__ = ["california"]
