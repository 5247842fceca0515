"""Commands that write the DPO's documents: ropa, notice (issue 15)."""

from __future__ import annotations
