"""Renderers of the privacy notice: Markdown and HTML.

Each is a pure function of a `Notice` (view/notice/model.py). Sections are numbered in the
order of the notice, each entry a list item with its sub-items; an entry with a missing fact
reads `— missing (RULE)` in either format, and HTML shades it. The output holds no date and
no path: the same map gives the same text, which `dataflow notice --check` relies on.
"""

from __future__ import annotations

import html
import re

from ..view.notice.content import Block
from ..view.notice.model import Notice
from .registry import Style

#: Characters that Markdown would read as markup in free text from the flow files.
_MARKUP = re.compile(r"([\\`*_\[\]<>|])")


def _md(text: str) -> str:
    return _MARKUP.sub(r"\\\1", " ".join(text.split()))


def render_markdown(notice: Notice, style: Style) -> str:
    lines = [f"# {_md(notice.title)}", ""]
    for paragraph in notice.intro:
        lines += [_md(paragraph), ""]
    for number, section in enumerate(notice.sections, 1):
        lines += [f"## {number}. {_md(section.heading)}", ""]
        for block in section.blocks:
            lines.append(f"- {_md(block.text)}")
            lines += [f"  - {_md(detail)}" for detail in block.details]
        lines.append("")
    lines += ["---", "", notice.footer]
    return "\n".join(lines) + "\n"


_CSS = """body { font-family: system-ui, sans-serif; max-width: 48em; margin: 2em auto;
       line-height: 1.45; padding: 0 1em; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
li.missing { background: #fde8e8; font-style: italic; }
footer { margin-top: 2em; font-size: 0.85em; color: #555; }
@media print { body { margin: 0; max-width: none; } }"""


def _li(block: Block) -> str:
    css = ' class="missing"' if block.missing is not None else ""
    inner = "".join(f"<li>{html.escape(d)}</li>" for d in block.details)
    return (f"<li{css}>{html.escape(block.text)}"
            + (f"<ul>{inner}</ul>" if inner else "") + "</li>")


def render_html(notice: Notice, style: Style) -> str:
    title = html.escape(notice.title)
    body = [f"<h1>{title}</h1>"]
    body += [f"<p>{html.escape(p)}</p>" for p in notice.intro]
    for number, section in enumerate(notice.sections, 1):
        body.append(f'<section id="{section.id}">\n<h2>{number}. '
                    f"{html.escape(section.heading)}</h2>")
        body.append("<ul>\n" + "\n".join(_li(b) for b in section.blocks) + "\n</ul>\n</section>")
    footer = html.escape(notice.footer).replace("`dataflow notice`",
                                                "<code>dataflow notice</code>")
    body.append(f"<footer>{footer}</footer>")
    return (f'<!DOCTYPE html>\n<html lang="{notice.language}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")
