"""kg subcommands about the corpus (registered on kg.cli.main)."""

from __future__ import annotations
