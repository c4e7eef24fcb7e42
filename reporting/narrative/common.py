"""Helpers both report writers share: numbers, rates, periods and names as a report writes them."""

from datetime import date

from directory.figures import Rate
from directory.periods import Period

from ..summary import change, points

CN_NUMERALS = "一二三四五六七八九十"
FREE_TEXT = {
    "zh-hans": ("problems", "存在问题", "next_steps", "下一步打算"),
    "en": ("problems", "Problems", "next_steps", "Next steps"),
}


def pct(rate: Rate) -> str:
    return f"{rate.percent}%" if rate.percent is not None else "—"


def yoy_zh(now, before) -> str:
    delta = change(now, before)
    if delta is None:
        return ""
    if delta > 0:
        return f"，同比增长{delta}%"
    if delta < 0:
        return f"，同比下降{-delta}%"
    return "，与去年同期持平"


def yoy_en(now, before) -> str:
    delta = change(now, before)
    if delta is None:
        return ""
    if delta == 0:
        return ", the same as a year earlier"
    return f", {'up' if delta > 0 else 'down'} {abs(delta)}% on a year earlier"


def title_zh(unit_name: str, period: Period) -> str:
    """南雄市妇女联合会维权工作汇报 (to a month, as the source report); the year's 2025年维权工作总结;
    a month, quarter or half-year's 维权工作情况."""
    federation = f"{unit_name}妇女联合会"
    if period.kind == "year":
        return f"{federation}{period.start.year}年维权工作总结"
    if period.kind in ("month", "quarter", "half"):
        return f"{federation}{period_zh(period)}维权工作情况"
    return f"{federation}维权工作汇报"


def title_en(unit_name: str, period: Period) -> str:
    federation = f"{unit_name} Women's Federation"
    if period.kind == "year":
        return f"{federation}: annual summary of rights-protection work, {period.start.year}"
    return f"{federation}: rights-protection work report"


def rate_yoy_zh(now: Rate, before: Rate) -> str:
    """A rate against last year's, in percentage points: "，比去年同期提高5.6个百分点"."""
    delta = points(now.percent, before.percent)
    if delta is None:
        return ""
    if delta > 0:
        return f"，比去年同期提高{delta}个百分点"
    if delta < 0:
        return f"，比去年同期下降{-delta}个百分点"
    return "，与去年同期持平"


def rate_yoy_en(now: Rate, before: Rate) -> str:
    delta = points(now.percent, before.percent)
    if delta is None:
        return ""
    if delta == 0:
        return ", the same as a year earlier"
    return f", {abs(delta)} points {'higher' if delta > 0 else 'lower'} than a year earlier"


def period_zh(period: Period) -> str:
    s, e = period.start, period.end
    if period.kind == "ytd":
        return f"到{e.month}月份"
    if period.kind == "year":
        return f"{s.year}年"
    if period.kind == "month":
        return f"{s.year}年{s.month}月份"
    if period.kind == "quarter":
        return f"{s.year}年第{CN_NUMERALS[(s.month - 1) // 3]}季度"
    if period.kind == "half":
        return f"{s.year}年{'上' if s.month == 1 else '下'}半年"
    return f"{s.year}年{s.month}月{s.day}日至{e.year}年{e.month}月{e.day}日"


def count_en(n: int, singular: str, plural: str | None = None) -> str:
    """1 event, 2 events; 1 woman, 9 women."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def and_en(items) -> str:
    """A, B and C."""
    items = list(items)
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def in_sentence_en(name: str) -> str:
    """A reference name inside a sentence: "Marriage and family" → "marriage and family" (not "DV …")."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def law_en(name: str) -> str:
    """A law as a sentence cites it: "the Anti-Domestic Violence Law" (a name not yet in English stays bare)."""
    if not name[:1].isascii() or name.lower().startswith("the "):
        return name
    return "the " + name


def period_en(period: Period) -> str:
    s, e = period.start, period.end
    if period.kind == "ytd":
        return f"from January to the end of {e:%B %Y}"
    if period.kind == "year":
        return f"in {s.year}"
    if period.kind == "month":
        return f"in {s:%B %Y}"
    if period.kind == "quarter":
        return f"in the {['first', 'second', 'third', 'fourth'][(s.month - 1) // 3]} quarter of {s.year}"
    if period.kind == "half":
        return f"in the {'first' if s.month == 1 else 'second'} half of {s.year}"
    return f"from {s:%-d %B %Y} to {e:%-d %B %Y}"


def short_unit(name: str) -> str:
    """南雄市 → 市, 雄州街道 → 街道, 示范区 → 区: how a report names its own level."""
    for suffix in ("街道", "市", "区", "县", "镇", "乡"):
        if name.endswith(suffix):
            return suffix
    return name


def short_agency(agency: str, unit_name: str) -> str:
    """南雄市司法局 → 市司法局, 共青团南雄市委员会 → 团市委, as the report writes them."""
    level = short_unit(unit_name)
    if agency == f"共青团{unit_name}委员会":
        return f"团{level}委"
    if agency.startswith(unit_name):
        return level + agency[len(unit_name) :]
    return agency


def books(laws) -> str:
    return "".join(f"《{law}》" for law in laws)


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
