"""Fill a .po's empty msgstrs from other .po files (after merging branches that both added strings).

Usage: .venv/bin/python tools/po_union.py TARGET.po SOURCE.po...  — msgmerge's fuzzy guesses are
never kept: they are emptied and listed as missing.
"""

import sys

import polib

target = polib.pofile(sys.argv[1])
known = {}
for path in sys.argv[2:]:
    for e in polib.pofile(path):
        if e.obsolete or "fuzzy" in e.flags:
            continue
        key = (e.msgctxt, e.msgid)
        val = dict(e.msgstr_plural) if e.msgid_plural else e.msgstr
        if val and key not in known:
            known[key] = val
missing = []
for e in target:
    if e.obsolete:
        continue
    key = (e.msgctxt, e.msgid)
    if key in known:
        if e.msgid_plural:
            e.msgstr_plural = {int(k): v for k, v in known[key].items()}
        else:
            e.msgstr = known[key]
        if "fuzzy" in e.flags:
            e.flags.remove("fuzzy")
    elif "fuzzy" in e.flags:
        # a guess by msgmerge: never keep it as a translation
        e.flags.remove("fuzzy")
        e.previous_msgid = None
        if e.msgid_plural:
            e.msgstr_plural = {0: ""}
        else:
            e.msgstr = ""
        missing.append(e.msgid)
    elif not (e.msgstr or (e.msgstr_plural and e.msgstr_plural.get(0))):
        missing.append(e.msgid)
target.metadata_is_fuzzy = False
target.save()
print("missing:", len(missing))
[print(repr(m)) for m in missing]
