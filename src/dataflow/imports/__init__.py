"""Bring data maps written for other tools into flow files: `dataflow import fides` (issue 17).

A reader of the other tool's files (through the same safe YAML reader as the flow loader),
mapping tables kept as data, and writers of flow files with comments that say where each
entry came from. It may import `store/` and `sources/`.
"""
