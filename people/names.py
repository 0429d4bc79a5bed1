"""Word lists about names that the linker, the quote reader and sort names share.

Kept apart from ``people.linking`` (which loads the matching automaton) so that the models
can import them cheaply. One list each: a word added here counts everywhere.
"""


def words(text: str) -> frozenset[str]:
    """A whitespace-separated word list (kept as prose so it is easy to edit)."""
    return frozenset(text.split())


# Lower-case words that belong to the surname that follows them: "von der Leyen",
# "da Silva", "bin Salman". A sort name keeps them with the surname ("Leyen" is not filed
# under L); the linker and the name suggester read them as part of one name.
SURNAME_PARTICLES = words(
    "von van der den de da di du del della dos das do la le bin ibn al el ter zu af"
)

# Words that open a noun phrase: "the president said", "his spokesman".
DETERMINERS = words("the a an his her their its our")
