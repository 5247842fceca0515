"""Renderers: every output of every command, each a pure function of plain data.

`registry.py` names every format once, by family; the commands' `--format` choices come
from it. Findings: text, json, sarif, junit, github. Lineage (recipients, trace): text,
json, csv. Changes (diff): text, json, markdown. Query results: text, json, csv. Diagrams:
mermaid, dot, and svg, png, html through Graphviz.
"""
