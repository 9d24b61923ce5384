"""Readers: one module per input format, each producing :class:`kg.records.PaperRecord`."""
