"""House date and number formats (FORMAT_MODULE_PATH), one module per language.

Offices write dates as 2026-12-04 — the same form the date inputs show and the
API returns — so every language uses it, and money is grouped by thousands
(12,345.00). Grouping is only applied where a template asks for it
(``floatformat:"2g"``, ``intcomma``): USE_THOUSAND_SEPARATOR stays off so that
years, ids, codes and form values are never grouped.
"""
