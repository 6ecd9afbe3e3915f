"""kg subcommands about the network (registered on kg.cli.main)."""

from __future__ import annotations
