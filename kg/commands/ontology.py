"""kg subcommands about the ontology (registered on kg.cli.main)."""

from __future__ import annotations
