"""The resource limits on everything dataflow reads, in one place (docs/security.md).

Flow files come from pull requests, so they are treated as hostile: each limit stops one way
of making a run hang, exhaust memory or crash, and each error message names its limit. The
values are far above what a real record of processing needs: the benchmark's largest map
(10,000 activities, one 57 MB Turtle file) and every seed organisation fit with room to
spare. This module imports nothing of the package.
"""

from __future__ import annotations

MAX_FILE_BYTES = 128 * 1024 * 1024
"""Largest file read (flow files, shapes, configuration, baselines, queries): 128 MiB.

Twice the benchmark's 10,000-activity Turtle map. Checked before reading, and the read stops
one byte past it, so a file that grows (or a device behind a symlink) is never read whole."""

MAX_NESTING = 100
"""Deepest nesting of YAML, JSON-LD, baseline JSON and TOML collections.

A flow file nests about six levels. Parsers and validators recurse once or more per level,
so 10,000 levels end in RecursionError (or a crash in native code) long before memory runs
out; 100 keeps every later stage far from Python's recursion limit."""

MAX_SPARQL_NESTING = 20
"""Deepest nesting of braces and brackets in a SPARQL text (queries, shapes).

The bundled shapes nest 5 levels. rdflib's parser spends dozens of Python frames on one
level and fails near 35; Oxigraph's parser overflows its native stack (a segmentation fault)
somewhere below 10,000. Checked lexically, before either parser sees the text."""

MAX_ALIAS_NODES = 10_000
"""Most YAML nodes that aliases may add to a file when they are expanded.

An alias repeats its anchor's whole subtree: nine levels of ten aliases ("billion laughs")
describe 10^9 nodes in 400 bytes. No flow file uses aliases for more than a shared list or
two, so 10,000 copied nodes is generous; a recursive alias is refused outright. Copied text
counts as one node per 100 characters, and an alias of a scalar of over 16 characters is a
copy too, so that one long text repeated 100,000 times is not a way around the limit."""

MAX_SCALAR_CHARS = 1_000_000
"""Longest YAML scalar (a name, a description, a term), in characters.

A privacy notice's longest paragraph is a few thousand characters. Oxigraph's parsers stop at
16 MiB per token (MemoryError), which a longer text would reach once written as N-Triples."""

OXIGRAPH_TOKEN_BYTES = 16 * 1024 * 1024
"""Oxigraph's own limit on one token (an IRI or a literal) of Turtle or N-Triples: 16 MiB.

Not ours to choose; a literal over it in an RDF flow file is reported with this number."""

MAX_DURATION_DIGITS = 6
"""Most digits in one number of a retention duration ('999999 days' is 2,700 years).

Python refuses to convert numbers of over 4,300 digits to int (ValueError)."""

MAX_ENDPOINT_BYTES = 1024 * 1024 * 1024
"""Largest answer read from a SPARQL endpoint (`--endpoint`): 1 GiB.

The map of 10,000 activities is about 160 MB as N-Triples, the largest answer dataflow asks
for (recipients and trace copy the map); a store that sends more is not read to the end."""
