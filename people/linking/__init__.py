"""Find mentions of directory people in article text in one Aho-Corasick pass.

Pure Python (no Django): ``people.mention_links`` builds a ``MentionLinker`` from the
directory once and calls ``find()`` per text; the matches are passed along to whoever needs
them (``count_mentions``, ``people.quotes``).

How it works, one module per step:

* ``folding``: text and names go through the same ``normalize()`` (NFC, casefold, accents and
  punctuation folded, single spaces), so "Ruto’s", "RUTO", "Fils‑Aimé" and "Antony\\nBlinken"
  all match and "Rutoism" cannot; an offset map turns every match back into original offsets.
* ``directory``: each ``DirectoryEntry`` gives a handful of name cores (full name, nickname +
  surname, middle initial forms, the surname, aliases). Honorifics and titles are not keys.
* ``scanning``: the automaton over those cores, and look-arounds on the text: the person's
  honorific forms ("Secretary of State", "President-elect") or a generic title ("Mr.",
  "Sen.") just before a core make the longest form one mention; case, boundaries and context
  are checked on the original text ("Hunter Biden" is someone else, "Henry Kissinger" is not
  Henry, "Biden-Harris" names two people).
* ``linker``: ``MentionLinker`` resolves the candidates in text order (honorific > full name
  > alias > title + surname > surname), using who the text named earlier.
* ``words``: the word lists all of this reads (shared lists in ``people.names``).
"""

from people.linking.directory import DirectoryEntry, Match, name_key
from people.linking.folding import normalize
from people.linking.linker import MentionLinker, count_mentions
from people.linking.words import COMMON_FIRST_NAMES, COMMON_WORD_SURNAMES

__all__ = [
    "COMMON_FIRST_NAMES",
    "COMMON_WORD_SURNAMES",
    "DirectoryEntry",
    "Match",
    "MentionLinker",
    "count_mentions",
    "name_key",
    "normalize",
]
