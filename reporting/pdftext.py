"""Chinese text in the PDF reports: embedded fonts and Chinese line-breaking rules.

Fonts: the PDF embeds (a subset of) the free TrueType fonts in
`reporting/fonts/` (see the README there), so every viewer shows the same
glyphs whether or not the machine has Chinese fonts. The body face covers GB
2312 only; a character it lacks (a rare name character, a traditional form)
is set in the heading face, which covers far more, instead of an empty box.

Line breaking (禁则, GB/T 15834 and the usual typesetting practice): no line
begins with closing punctuation (，。、；：？！）》” …) and none ends with
opening punctuation (（《“ …); numbers and Latin words are not cut in two.
reportlab's own CJK wrapping knows only some Japanese marks (not the
full-width comma, semicolon or colon) and ignores line-end rules, so
`ChineseParagraph` breaks the lines itself: it fills a line, and where the
break would fall inside a pair that must stay together it moves the break
back, carrying the last character(s) down to the next line.
"""

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine
from reportlab.rl_config import _FUZZ

FONTS = Path(__file__).resolve().parent / "fonts"
SONG, HEI = "ARPLSungtiLGB", "WenQuanYiMicroHei"

# May not begin a line (行首禁则): closing brackets and quotes, pause and stop marks, …
CANNOT_START = frozenset("，。、；：？！）］｝〕〉》」』】〗”’…—·～%‰℃,.;:?!)]}")
# May not end a line (行尾禁则): opening brackets and quotes, and signs that lead a number.
CANNOT_END = frozenset("（［｛〔〈《「『【〖“‘([{$¥￥#@")


@cache
def register_fonts() -> tuple[str, str]:
    """Register the body (Song) and heading (Hei) faces with reportlab once per process."""
    pdfmetrics.registerFont(TTFont(SONG, FONTS / "gbsn00lp.ttf"))
    pdfmetrics.registerFont(TTFont(HEI, FONTS / "wqy-microhei.ttc", subfontIndex=0))
    return SONG, HEI


def markup(text: str, font: str) -> str:
    """Escape `text` for a reportlab Paragraph; characters `font` lacks are set in the Hei face."""
    glyphs = pdfmetrics.getFont(font).face.charToGlyph
    out, fallback = [], False
    for char in text:
        missing = font != HEI and ord(char) not in glyphs and not char.isspace()
        if missing != fallback:
            out.append(f'<font face="{HEI}">' if missing else "</font>")
            fallback = missing
        out.append({"&": "&amp;", "<": "&lt;", ">": "&gt;"}.get(char, char))
    if fallback:
        out.append("</font>")
    return "".join(out)


def may_break_between(before: str, after: str) -> bool:
    """Whether a line may end after `before` and the next begin with `after`."""
    if after in CANNOT_START or before in CANNOT_END:
        return False
    # A number (95.6%, 2025) or a Latin word stays whole; it breaks at its spaces.
    return not (before.isascii() and after.isascii() and not before.isspace() and not after.isspace())


class ChineseParagraph(Paragraph):
    """A Paragraph whose lines break by the Chinese rules (use with wordWrap="CJK")."""

    def breakLinesCJK(self, maxWidths):  # noqa: N802, N803 - reportlab's name
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0):
            return self.blPara  # the second half of a paragraph split across pages keeps its lines
        if not isinstance(maxWidths, list | tuple):
            maxWidths = [maxWidths]
        self.height = 0
        chars = [cjkU(char, frag, "utf8") for frag in self.frags for char in (getattr(frag, "text", "") or "")]
        auto_leading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        calc_bounds = auto_leading not in ("", "off")
        lines, start = [], 0
        while start < len(chars):
            if lines:
                while start < len(chars) and chars[start].isspace():
                    start += 1  # a wrapped line does not begin with the space it broke at
                if start == len(chars):
                    break
            width_max = maxWidths[min(len(lines), len(maxWidths) - 1)]
            end, width = start, 0
            while end < len(chars) and (end == start or width + chars[end].width <= width_max + _FUZZ):
                width += chars[end].width
                end += 1
            if end < len(chars):
                end = _break_at(chars, start, end)
                width = sum(c.width for c in chars[start:end])
            lines.append(makeCJKParaLine(chars[start:end], width_max, width, width_max - width, False, calc_bounds))
            start = end
        return ParaLines(kind=1, lines=lines)


def _break_at(chars: list[str], start: int, end: int) -> int:
    """Where the line from `start` ends, given that `chars[end]` no longer fits.

    The last place in (start, end] where a line may break; in a line too narrow for
    any (a table cell two characters wide: "（件" then "）"), one or two closing marks
    hang past the edge rather than begin the next line; failing that, `end`.
    """
    for index in range(end, start, -1):
        if may_break_between(chars[index - 1], chars[index]):
            return index
    for index in range(end + 1, min(end + 2, len(chars)) + 1):
        if index == len(chars) or may_break_between(chars[index - 1], chars[index]):
            return index
    return end
