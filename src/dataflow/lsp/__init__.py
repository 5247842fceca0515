"""`dataflow lsp`: the language server for flow files (diagnostics, completion, hover, definition).

`server.py` is the pygls wiring; the other modules are plain functions over text and the
workspace, so they can be tested without a client.
"""
