"""The use cases, one module per command: plain functions that take settings and paths and
return plain data (a Report, a Lineage, a Diagram, ...). cli.py parses options, calls one
of them, renders what it returns and maps input errors to exit code 2, in one place.
"""
