"""The language server: dataflow lsp (issue 14)."""

from __future__ import annotations
