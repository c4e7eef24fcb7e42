"""Charts drawn on the server as SVG: offline, no JavaScript, Chinese labels
in the browser's own fonts, printable. Each function returns SVG markup."""

import math
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

FONT = 'system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif'
COLORS = ["#b0233a", "#1f5fa8", "#1e7a3c", "#a86400", "#6b3fa0", "#0f7b86", "#8a1a2d", "#5b6470"]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    href: str = ""  # drill-down link behind the bar


def _text_width(text: str, size: float = 13) -> float:
    """Rough width in pixels: a Chinese character is a full em, a Latin letter a little over half of one."""
    return sum(size if ord(c) >= 0x2E80 else size * 0.6 for c in text)


def _fit(text: str, room: float) -> str:
    """The label shortened with "…" to `room` pixels."""
    if _text_width(text) <= room:
        return text
    while text and _text_width(text + "…") > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def bar_chart(bars: list[Bar], *, title: str, width: int = 560, unit: str = "") -> SafeString:
    """Horizontal bars, one row per label, value printed at the bar's end."""
    row, right, top = 26, 60, 30
    # Room for the longest label (English names are long), within limits that leave the bars space.
    left = math.ceil(min(max([150, *(_text_width(b.label) + 16 for b in bars)]), width * 0.45))
    height = top + row * max(len(bars), 1) + 10
    peak = _nice_max(max((b.value for b in bars), default=0))
    span = width - left - right
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart" font-family=\'{FONT}\' font-size="13">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-weight="600" font-size="14">{escape(title)}</text>',
    ]
    for index, bar in enumerate(bars):
        y = top + index * row
        length = 0 if peak == 0 else span * bar.value / peak
        label = escape(_fit(bar.label, left - 16))
        shape = (
            f'<text x="{left - 8}" y="{y + 16}" text-anchor="end"><title>{escape(bar.label)}</title>{label}</text>'
            f'<rect x="{left}" y="{y + 4}" width="{length:.1f}" height="16" fill="{COLORS[index % len(COLORS)]}" rx="2"/>'
            f'<text x="{left + length + 6:.1f}" y="{y + 17}">{_number(bar.value)}{escape(unit)}</text>'
        )
        if bar.href:
            shape = f'<a href="{escape(bar.href)}">{shape}</a>'
        parts.append(shape)
    if not bars:
        parts.append(f'<text x="{left}" y="{top + 16}" fill="#5b6470">—</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def column_chart(bars: list[Bar], *, title: str, width: int = 560, height: int = 220) -> SafeString:
    """Vertical columns (for months), labels underneath, values on top."""
    left, bottom, top = 36, 28, 34
    plot = height - top - bottom
    count = max(len(bars), 1)
    step = (width - left - 8) / count
    peak = _nice_max(max((b.value for b in bars), default=0))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="chart" font-family=\'{FONT}\' font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-weight="600" font-size="14">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top + plot}" x2="{width - 4}" y2="{top + plot}" stroke="#aeb6bf"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" fill="#5b6470">{_number(peak)}</text>',
        f'<text x="{left - 6}" y="{top + plot}" text-anchor="end" fill="#5b6470">0</text>',
    ]
    for index, bar in enumerate(bars):
        x = left + index * step + step * 0.15
        w = step * 0.7
        h = plot * bar.value / peak if peak else 0
        shape = (
            f'<rect x="{x:.1f}" y="{top + plot - h:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{COLORS[0]}" rx="2"/>'
            f'<text x="{x + w / 2:.1f}" y="{top + plot - h - 4:.1f}" text-anchor="middle">{_number(bar.value)}</text>'
            f'<text x="{x + w / 2:.1f}" y="{height - 10}" text-anchor="middle" fill="#5b6470">{escape(bar.label)}</text>'
        )
        if bar.href:
            shape = f'<a href="{escape(bar.href)}">{shape}</a>'
        parts.append(shape)
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
