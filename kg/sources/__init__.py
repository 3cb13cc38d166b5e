"""Readers of the curated source tables: plain records, with where each came from."""

from kg.sources.tables import Record, read_table

__all__ = ["Record", "read_table"]
