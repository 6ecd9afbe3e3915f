"""kg subcommands about the store (registered on kg.cli.main)."""

from __future__ import annotations
