"""``rungrad.nn``: neural-network building blocks (the functional API for now)."""

from . import functional

__all__ = ["functional"]
