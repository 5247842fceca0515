"""Commands for the architect's editor: terms (issue 14)."""

from __future__ import annotations
