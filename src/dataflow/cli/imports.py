"""Commands that bring data maps from other tools: import fides (issue 17)."""

from __future__ import annotations
