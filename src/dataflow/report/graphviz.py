"""`dataflow diagram --format svg|png`: the dot source (dot.py) drawn by Graphviz's dot program.

Graphviz is a program, not a Python package, so it may be missing: `available()` lets a
command say so before it loads anything, and `run_dot` says how to install it rather than
failing with a missing executable.
"""

from __future__ import annotations

import shutil
import subprocess
from typing import TYPE_CHECKING, Literal

from ..errors import InputError
from . import dot
from .registry import Style

if TYPE_CHECKING:
    from ..view.diagram import Diagram

INSTALL_GRAPHVIZ = ("this format needs Graphviz's dot program: install Graphviz "
                    "(Debian package graphviz: apt-get install graphviz)")


def available() -> bool:
    """Whether Graphviz's dot program is on the PATH."""
    return shutil.which("dot") is not None


def run_dot(source: str, fmt: Literal["svg", "png"]) -> bytes:
    """Render dot source with Graphviz, or InputError saying how to install it."""
    exe = shutil.which("dot")
    if exe is None:
        raise InputError(INSTALL_GRAPHVIZ)
    done = subprocess.run([exe, f"-T{fmt}"], input=source.encode("utf-8"),
                          capture_output=True, timeout=120, check=False)
    if done.returncode != 0:
        raise InputError(f"Graphviz failed: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout


def render_svg(diagram: Diagram, style: Style) -> str:
    return run_dot(dot.render(diagram, style), "svg").decode("utf-8")


def render_png(diagram: Diagram, style: Style) -> bytes:
    return run_dot(dot.render(diagram, style), "png")
