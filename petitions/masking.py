"""Masking of names in lists (candidate for `directory.privacy`)."""


def mask_name(name: str) -> str:
    """陈秀英 → 陈**; 欧阳春梅 → 欧阳**. The surname stays, so staff can still tell rows apart."""
    if not name:
        return ""
    keep = 2 if len(name) >= 4 else 1
    return name[:keep] + "*" * max(len(name) - keep, 1)
