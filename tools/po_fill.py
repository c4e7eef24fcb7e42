"""Fill msgstrs of a .po from a file holding a Python dict {msgid: msgstr}; list what is still missing.

Usage: .venv/bin/python tools/po_fill.py locale/zh_Hans/LC_MESSAGES/django.po translations.py
"""

import ast
import sys
from pathlib import Path

import polib

po = polib.pofile(sys.argv[1])
tr = ast.literal_eval(Path(sys.argv[2]).read_text(encoding="utf-8"))
missing = []
for e in po:
    if e.obsolete:
        continue
    if e.msgid in tr:
        v = tr[e.msgid]
        if e.msgid_plural:
            e.msgstr_plural = {0: v}
        else:
            e.msgstr = v
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
    elif "fuzzy" in e.flags:
        missing.append("FUZZY: " + e.msgid)
    elif not (e.msgstr or (e.msgstr_plural and e.msgstr_plural.get(0))):
        missing.append(e.msgid)
po.metadata_is_fuzzy = False
po.metadata["Language"] = "zh_Hans"
po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
po.save()
print("missing:", len(missing))
for m in missing:
    print(repr(m))
