"""Readable names from ODS's capitalised ones: 'LEEDS TEACHING HOSPITALS NHS TRUST' →
'Leeds Teaching Hospitals NHS Trust'."""

from __future__ import annotations

import re

UPPER = {"NHS", "ICB", "UK", "II", "III", "CIC", "LLP", "PLC", "GP", "HCA"}
LOWER = {"and", "of", "the", "for", "in", "on", "at", "upon"}


def display_name(name: str) -> str:
    words = re.split(r"(\s+|-|/)", name.strip())
    out = []
    for index, word in enumerate(words):
        upper = word.upper()
        if upper in UPPER:
            out.append(upper)
        elif index > 0 and word.lower() in LOWER:
            out.append(word.lower())
        elif word.isupper() or word.islower():
            out.append(_capitalise(word))
        else:
            out.append(word)
    return "".join(out)


def _capitalise(word: str) -> str:
    # King's, St. Helens: capitalise after an apostrophe only when it starts a word part.
    lowered = word.lower()
    result = lowered[:1].upper() + lowered[1:]
    return re.sub(r"(?<=\bMc)([a-z])", lambda m: m.group(1).upper(), result)
