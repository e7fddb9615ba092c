"""The package's words in the language in force: ``tr("English {x}", x=...)`` gives them.

What the package prints and draws for a learner (its notes, the exercises'
hints, the playground's labels, its plots' titles) is written in English in
the code, each text a template given to :func:`tr`. With ``settings.lang``
``"zh"`` (``NST_LANG=zh``, or ``nst.configure(lang="zh")``), ``tr`` gives the
Chinese template that :data:`~nst_tutorial.base.zh.ZH` has for the English one,
then fills in the ``{placeholders}``; a text without a Chinese one stays English.
``python -m nst_tutorial.tools.messages`` lists the texts that lack one.

Error messages are not translated: they stay English, as Python's and
TensorFlow's do.
"""

from __future__ import annotations

import re
import string
import textwrap
import unicodedata

from .settings import settings
from .zh import ZH


def tr(english: str, **values) -> str:
    """``english`` in the language in force, with ``values`` put into its ``{placeholders}``.

    ``english`` is the template as the code writes it, and the key of its translation::

        print(tr("about {minutes:.0f} min", minutes=minutes))  # about 3 min, 约 3 分钟
    """
    if settings.lang != "zh":
        return english.format(**values) if values else english
    text = ZH.get(english, english)
    return _Spaced().format(text, **values) if values else text


#: Where a value (between "\0"s) and Chinese text meet, one side a Latin letter or digit.
_MEETING = re.compile(r"(?<=[\u4e00-\u9fff])\0(?=[A-Za-z0-9])"
                      r"|(?<=[A-Za-z0-9])\0(?=[\u4e00-\u9fff])")


class _Spaced(string.Formatter):
    """``str.format``, with a space where a value meets Chinese text without one, as
    docs/zh-glossary.md asks between Chinese and Latin letters or digits ("第 3 步")."""

    def format(self, template: str, **values) -> str:
        text = self.vformat(template, (), values)  # each value between two "\0"
        return _MEETING.sub(" ", text).replace("\0", "")

    def format_field(self, value, format_spec: str) -> str:
        return "\0" + super().format_field(value, format_spec) + "\0"


def width(text: str) -> int:
    """The columns ``text`` takes in a terminal: two for a Chinese character, one for others."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int, align: str = "<") -> str:
    """``text`` with spaces to fill ``columns`` columns, after it (``"<"``) or before (``">"``)."""
    space = " " * max(0, columns - width(text))
    return text + space if align == "<" else space + text


def wrap(text: str, columns: int) -> list[str]:
    """``text`` in lines of at most ``columns`` columns (see :func:`width`), as ``textwrap.wrap``
    cuts them; Chinese, which has no spaces, is also cut between two characters."""
    if width(text) == len(text):  # no Chinese
        return textwrap.wrap(text, columns)
    # Words, spaces, and each Chinese character with the punctuation that follows it.
    pieces = re.findall(r"\s+|[\u4e00-\u9fff][，。：；？！、）]*|[^\s\u4e00-\u9fff]+", text)
    lines, line = [], ""
    for piece in pieces:
        if line and width(line + piece.rstrip()) > columns:
            lines.append(line.rstrip())
            line = ""
        if line or not piece.isspace():  # no line starts with a space
            line += piece
    if line:
        lines.append(line.rstrip())
    return lines
