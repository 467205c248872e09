#!/usr/bin/env python3
"""Writes crates/domain/data/common-passwords.txt: passwords people choose so often that an attacker tries them
first, one per line, lowercase.

Sources (installed from PyPI, nothing is downloaded at run time):
- zxcvbn 4.4.28 (MIT): the 30,000 most common passwords of its frequency lists;
- the Dutch and Flemish words people build passwords from, listed below.

Usage:
    python3 -m venv /tmp/pw && /tmp/pw/bin/pip install zxcvbn==4.4.28
    /tmp/pw/bin/python scripts/common-passwords/generate.py > crates/domain/data/common-passwords.txt
"""

from zxcvbn.frequency_lists import FREQUENCY_LISTS

DUTCH = """
wachtwoord paswoord welkom welkom01 geheim azerty azertyuiop qsdfghjklm wxcvbn hallo hallo123 dag iloveyou
ikhouvanjou schat schatje liefje lieveke voetbal anderlecht clubbrugge standard genk antwerpen gent brugge
hasselt leuven limburg vlaanderen belgie belgium brussel mechelen kortrijk oostende aalst sintniklaas
zomer winter lente herfst januari februari maart april mei juni juli augustus september oktober november
december maandag dinsdag woensdag donderdag vrijdag zaterdag zondag doeners sociale economie bedrijf
""".split()

words = []
seen = set()
for word in list(FREQUENCY_LISTS["passwords"]) + DUTCH:
    word = word.strip().lower()
    if word and word not in seen:
        seen.add(word)
        words.append(word)
print("\n".join(words))
