"""The root of every domain error; the API edge maps these to HTTP once."""

__all__ = ["LittleGiantError"]


class LittleGiantError(Exception):
    """Base class of every error this package raises on purpose."""
