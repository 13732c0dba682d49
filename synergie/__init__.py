"""Synergie: a platform for regional digital-services orchestration."""

__version__ = "0.1.0"
