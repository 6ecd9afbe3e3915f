"""vn-partnership-kg: a knowledge graph of partnerships between localities, from Vietnamese news."""

__version__ = "0.1.0"
