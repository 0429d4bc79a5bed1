"""The mention linker: which people a text names, and where.

Plain pytest, no database. Every article below is written for these tests.
"""

import unicodedata
from pathlib import Path

import pytest

from people.linking import DirectoryEntry, Match, MentionLinker, name_key, normalize

SAMPLE = Path("/work/shared/samples/kenya-haiti-mission-call.txt")

RUTO, RACHEL_RUTO, TRUMP, TUSK, BLINKEN, BIDEN, HUNTER_BIDEN = range(1, 8)
MIKE_JOHNSON, BORIS_JOHNSON, VON_DER_LEYEN, LULA, OBRIEN, MADONNA, FILS_AIME = range(8, 15)
MAY, WILL_POWER, ARIEL_HENRY, HARRIS, XI, JOHN_SMITH, ZELENSKYY, KENYATTA = range(15, 23)
AMLO, ANDREW_YOUNG, ANNA_TUSK, ELIZABETH_KOOME = range(23, 27)

DIRECTORY = [
    DirectoryEntry(RUTO, "William Ruto", "President"),
    DirectoryEntry(RACHEL_RUTO, "Rachel Ruto", ""),
    DirectoryEntry(TRUMP, "Donald Trump", "President"),
    DirectoryEntry(TUSK, "Donald Tusk", "Prime Minister"),
    DirectoryEntry(BLINKEN, "Antony Blinken", "Secretary of State"),
    DirectoryEntry(BIDEN, "Joe Biden", "President"),
    DirectoryEntry(MIKE_JOHNSON, "Mike Johnson", "Speaker"),
    DirectoryEntry(BORIS_JOHNSON, "Boris Johnson", ""),
    DirectoryEntry(VON_DER_LEYEN, "Ursula von der Leyen", "President"),
    DirectoryEntry(LULA, "Luiz Inácio Lula da Silva", "President", aliases=("Lula",)),
    DirectoryEntry(OBRIEN, "Conan O'Brien", ""),
    DirectoryEntry(MADONNA, "Madonna", ""),
    DirectoryEntry(FILS_AIME, "Alix Didier Fils-Aimé", "Prime Minister"),
    DirectoryEntry(MAY, "Theresa May", "Prime Minister"),
    DirectoryEntry(WILL_POWER, "Will Power", ""),
    DirectoryEntry(ARIEL_HENRY, "Ariel Henry", "Prime Minister"),
    DirectoryEntry(HARRIS, "Kamala Harris", "Vice President"),
    DirectoryEntry(XI, "Xi Jinping", "President"),
    DirectoryEntry(JOHN_SMITH, "John Smith", ""),
    DirectoryEntry(ZELENSKYY, "Volodymyr Zelenskyy", "President"),
    DirectoryEntry(KENYATTA, "Uhuru Kenyatta", "", aliases=("Uhuru",)),
    DirectoryEntry(AMLO, "Andrés Manuel López Obrador", "President", aliases=("AMLO",)),
    DirectoryEntry(ANDREW_YOUNG, "Andrew Young", "Ambassador"),
]


@pytest.fixture(scope="module")
def linker() -> MentionLinker:
    return MentionLinker(DIRECTORY)


@pytest.fixture(scope="module")
def linker_with_hunter() -> MentionLinker:
    return MentionLinker([*DIRECTORY, DirectoryEntry(HUNTER_BIDEN, "Hunter Biden", "")])


@pytest.fixture(scope="module")
def two_tusks() -> MentionLinker:
    return MentionLinker([*DIRECTORY, DirectoryEntry(ANNA_TUSK, "Anna Tusk", "")])


def people(linker: MentionLinker, text: str) -> set[int]:
    return {m.person_id for m in linker.find(text)}


def surfaces(linker: MentionLinker, text: str) -> list[tuple[int, str, str]]:
    return [(m.person_id, m.surface, m.kind) for m in linker.find(text)]


# --- what a mention looks like ------------------------------------------------------------------


def test_full_name_is_found_with_offsets_into_the_original_text(linker):
    text = "Talks resumed after Antony Blinken landed in Nairobi."
    [match] = linker.find(text)
    assert match == Match(BLINKEN, 20, 34, "Antony Blinken", "name")
    assert text[match.start : match.end] == "Antony Blinken"


def test_recorded_alias_is_found(linker):
    assert surfaces(linker, "Supporters of Uhuru gathered outside the court.") == [
        (KENYATTA, "Uhuru", "alias")
    ]


def test_alias_in_capitals_is_found(linker):
    assert people(linker, "AMLO left office in 2024 with high approval ratings.") == {AMLO}


def test_honorific_and_surname_is_one_mention(linker):
    assert surfaces(linker, "The call with President Ruto lasted an hour.") == [
        (RUTO, "President Ruto", "honorific")
    ]


def test_honorific_and_full_name_is_one_mention(linker):
    text = "He met Secretary of State Antony Blinken on Friday."
    assert surfaces(linker, text) == [(BLINKEN, "Secretary of State Antony Blinken", "honorific")]


def test_short_honorific_is_derived_from_the_part_before_of(linker):
    assert surfaces(linker, "Secretary Blinken thanked the Kenyan delegation.") == [
        (BLINKEN, "Secretary Blinken", "honorific")
    ]


def test_prime_minister_is_not_shortened_to_prime(two_tusks):
    # With two Tusks only a real honorific can tell them apart.
    assert people(two_tusks, "Prime Minister Tusk arrived in Kyiv.") == {TUSK}
    assert people(two_tusks, "Prime Tusk arrived in Kyiv.") == set()


def test_generic_title_compatible_with_the_honorific_disambiguates(two_tusks):
    assert people(two_tusks, "Minister Tusk arrived in Kyiv.") == {TUSK}


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Kenyatta declined to comment.",
        "Mr Kenyatta declined to comment.",
        "Dr. Kenyatta declined to comment.",
        "Sen. Kenyatta declined to comment.",
        "Gov. Kenyatta declined to comment.",
        "Rep. Kenyatta declined to comment.",
        "Gen. Kenyatta declined to comment.",
        "Mrs. Kenyatta declined to comment.",
    ],
)
def test_courtesy_and_abbreviated_titles_before_a_surname(linker, text):
    [match] = linker.find(text)
    assert match.person_id == KENYATTA
    assert match.surface == text.split(" declined")[0]
    assert match.kind == "title"


def test_courtesy_title_before_a_full_name(linker):
    assert surfaces(linker, "Ms. Kamala Harris spoke last.") == [
        (HARRIS, "Ms. Kamala Harris", "name")
    ]


def test_president_elect_with_full_name_and_with_surname(linker):
    text = "U.S. President-elect Donald Trump spoke to reporters. President-elect Trump then left."
    assert surfaces(linker, text) == [
        (TRUMP, "President-elect Donald Trump", "honorific"),
        (TRUMP, "President-elect Trump", "honorific"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Former President Trump criticised the plan.",
        "The former U.S. President Donald Trump criticised the plan.",
        "Kenyan President William Ruto criticised the plan.",
        "Republican Trump criticised the plan.",
    ],
)
def test_qualifiers_in_front_do_not_hide_the_person(linker, text):
    assert people(linker, text) in ({TRUMP}, {RUTO})


@pytest.mark.parametrize(
    ("text", "person", "surface"),
    [
        ("Antony J. Blinken signed the letter.", BLINKEN, "Antony J. Blinken"),
        ("Joseph R. Biden signed the letter.", BIDEN, "Joseph R. Biden"),
        ("Joseph Robinette Biden signed the letter.", BIDEN, "Joseph Robinette Biden"),
        ("Joseph R. Biden Jr. signed the letter.", BIDEN, "Joseph R. Biden"),
        ("Tony Blinken signed the letter.", BLINKEN, "Tony Blinken"),
    ],
)
def test_middle_names_initials_and_given_name_forms(linker, text, person, surface):
    assert surfaces(linker, text) == [(person, surface, "name")]


@pytest.mark.parametrize(
    "text",
    [
        "Kenyatta's allies welcomed the vote.",
        "Kenyatta’s allies welcomed the vote.",
        "KENYATTA’S ALLIES WELCOMED THE VOTE.",
    ],
)
def test_possessives_leave_the_apostrophe_s_outside_the_match(linker, text):
    [match] = linker.find(text)
    assert (match.person_id, match.surface.lower()) == (KENYATTA, "kenyatta")


def test_possessive_of_a_name_ending_in_s(linker):
    assert people(linker, "Vice President Harris’ aides said little.") == {HARRIS}


def test_dateline_in_capitals(linker):
    assert surfaces(linker, "NAIROBI — PRESIDENT RUTO ON FRIDAY SIGNED THE BILL.") == [
        (RUTO, "PRESIDENT RUTO", "honorific")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Antony  Blinken arrived.",
        "Antony\u00a0Blinken arrived.",
        "Antony\nBlinken arrived.",
        "Secretary of\u00a0State  Antony\tBlinken arrived.",
    ],
)
def test_whitespace_variants_inside_a_name(linker, text):
    [match] = linker.find(text)
    assert match.person_id == BLINKEN
    assert match.surface == text[: match.end]
    assert match.surface.endswith("Blinken")


@pytest.mark.parametrize("dash", ["-", "\u2010", "\u2011", "\u2013", "\u2014"])
def test_dash_variants_in_hyphenated_names(linker, dash):
    text = f"Prime Minister Fils{dash}Aimé visited Nairobi."
    [match] = linker.find(text)
    assert (match.person_id, match.surface) == (FILS_AIME, f"Prime Minister Fils{dash}Aimé")


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_apostrophe_variants_inside_names(linker, apostrophe):
    assert people(linker, f"Conan O{apostrophe}Brien hosted the gala.") == {OBRIEN}


def test_decomposed_accents_match_and_offsets_stay_in_the_original(linker):
    text = unicodedata.normalize("NFD", "Later, Prime Minister Fils-Aimé toured the port.")
    [match] = linker.find(text)
    assert match.person_id == FILS_AIME
    assert text[match.start : match.end] == match.surface
    assert unicodedata.normalize("NFC", match.surface) == "Prime Minister Fils-Aimé"


def test_offsets_survive_format_characters_before_the_name(linker):
    text = "Soft\u00adhyphen and zero\u200bwidth text before Madonna sang."
    [match] = linker.find(text)
    assert text[match.start : match.end] == "Madonna"


def test_accents_missing_in_the_text_still_match(linker):
    assert people(linker, "Andres Manuel Lopez Obrador left Mexico City.") == {AMLO}


def test_transliteration_variants_of_slavic_surnames(linker):
    assert people(linker, "Ukrainian President Volodymyr Zelensky spoke first.") == {ZELENSKYY}
    assert people(linker, "Zelenskiy later thanked the donors.") == {ZELENSKYY}


def test_the_exact_name_beats_the_same_name_without_a_middle_name():
    namesakes = MentionLinker(
        [DirectoryEntry(1, "Grace Wanjiku"), DirectoryEntry(2, "Grace Akinyi Wanjiku")]
    )
    assert people(namesakes, "Grace Wanjiku chaired the hearing.") == {1}
    assert people(namesakes, "Grace Akinyi Wanjiku chaired the hearing.") == {2}
    assert people(namesakes, "Grace A. Wanjiku chaired the hearing.") == {2}


def test_an_acronym_alias_only_matches_in_capitals():
    aliased = MentionLinker(
        [DirectoryEntry(1, "Mohammed bin Salman", "Crown Prince", aliases=("MBS",))]
    )
    assert people(aliased, "MBS hosted the summit.") == {1}
    assert people(aliased, "Mbs is a unit nobody uses.") == set()


# --- surnames -----------------------------------------------------------------------------------


def test_unique_surname_links_on_its_own(linker):
    assert surfaces(linker, "Blinken flew on to Addis Ababa.") == [(BLINKEN, "Blinken", "surname")]


def test_shared_surname_links_to_the_person_named_earlier(linker):
    text = "Boris Johnson wrote a column on the war. Johnson argued for more aid."
    assert [m.person_id for m in linker.find(text)] == [BORIS_JOHNSON, BORIS_JOHNSON]


def test_shared_surname_named_by_honorific_earlier(linker):
    text = "Speaker Johnson scheduled a vote. Johnson needs every Republican."
    assert [m.person_id for m in linker.find(text)] == [MIKE_JOHNSON, MIKE_JOHNSON]


def test_shared_surname_with_nobody_named_earlier_links_to_nobody(linker):
    assert linker.find("Johnson said the vote would go ahead.") == []


def test_shared_surname_before_the_full_name_is_not_linked(linker):
    text = "Johnson said the vote would go ahead. Mike Johnson spoke after midnight."
    assert surfaces(linker, text) == [(MIKE_JOHNSON, "Mike Johnson", "name")]


def test_shared_surname_prefers_the_person_the_story_is_about(linker):
    text = (
        "President William Ruto flew to Washington. Ruto met investors. "
        "First Lady Rachel Ruto visited a school. Ruto later addressed the diaspora."
    )
    assert [m.person_id for m in linker.find(text)] == [RUTO, RUTO, RACHEL_RUTO, RUTO]


def test_common_word_surname_needs_the_person_named_first(linker):
    assert linker.find("May said the deal was dead.") == []
    text = "Theresa May spoke at the dinner. May said the deal was dead."
    assert [m.person_id for m in linker.find(text)] == [MAY, MAY]


def test_common_word_surname_with_a_title_is_a_person(linker):
    assert people(linker, "Mr. Young said the embassy would reopen.") == {ANDREW_YOUNG}
    assert people(linker, "Young people queued to vote.") == set()


def test_lowercase_common_word_never_links(linker):
    text = "Theresa May spoke. Ministers may disagree, and the will power of voters matters."
    assert people(linker, text) == {MAY}


def test_month_name_is_not_a_surname_after_the_person_is_named(linker):
    text = "Theresa May spoke on Monday. In May, she had resigned; on May 24 she said so."
    assert [m.surface for m in linker.find(text)] == ["Theresa May"]


def test_bare_first_name_does_not_link(linker):
    assert linker.find("Donald and Antony had dinner with Kamala.") == []


def test_first_name_of_someone_else_is_not_a_surname(linker):
    # Ariel Henry is the only Henry in the directory, but this Henry is a first name.
    assert linker.find("Henry Kissinger first visited Beijing in 1971.") == []
    assert people(linker, "Henry said he would not return.") == {ARIEL_HENRY}


def test_generational_suffix_means_a_different_person(linker):
    assert linker.find("Donald Trump Jr. campaigned in Ohio.") == []


def test_bare_surname_is_not_the_person_with_a_generational_suffix():
    trumps = MentionLinker(
        [DirectoryEntry(TRUMP, "Donald Trump", "President"), DirectoryEntry(99, "Donald Trump Jr.")]
    )
    assert people(trumps, "Trump said the tariffs would stay.") == {TRUMP}
    assert people(trumps, "Donald Trump Jr. said the tariffs would stay.") == {99}


# --- boundaries ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Rutoism is a term critics use.",
        "The Blinkenship era ended.",
        "John Smithson chaired the meeting.",
        "A Leyen Foods spokesman declined to comment.",
    ],
)
def test_never_a_match_inside_a_longer_word(linker, text):
    assert linker.find(text) == []


def test_surname_after_an_unknown_first_name_is_someone_else(linker):
    assert linker.find("Hunter Biden arrived at the courthouse.") == []
    assert linker.find("First Lady Jill Biden read to pupils.") == []


def test_surname_after_a_known_relative_goes_to_that_relative(linker_with_hunter):
    assert people(linker_with_hunter, "Hunter Biden arrived at the courthouse.") == {HUNTER_BIDEN}


@pytest.mark.parametrize(
    "text",
    [
        "On Thursday Biden said the talks would continue.",
        "When Biden spoke, the room fell silent.",
        "The U.S. Biden administration disagreed.",
        "But Biden said little.",
        "Democrat Biden said little.",
        "Kenya's Biden fans said little.",
        "Eventually, Biden said little.",
    ],
)
def test_sentence_words_before_a_surname_do_not_block_it(linker, text):
    assert people(linker, text) == {BIDEN}


def test_words_from_the_previous_sentence_do_not_block(linker):
    assert people(linker, "The vote passed in Washington. Biden welcomed it.") == {BIDEN}


def test_hyphen_compound_of_two_directory_surnames(linker):
    assert people(linker, "The Biden-Harris ticket was announced.") == {BIDEN, HARRIS}


def test_hyphenated_suffix_in_lowercase_keeps_the_link(linker):
    assert people(linker, "The Blinken-led delegation left.") == {BLINKEN}


def test_particles_belong_to_the_surname(linker):
    text = "Von der Leyen arrived late. Commission President von der Leyen spoke."
    assert surfaces(linker, text) == [
        (VON_DER_LEYEN, "Von der Leyen", "surname"),
        (VON_DER_LEYEN, "President von der Leyen", "honorific"),
    ]


def test_surname_with_particles_alone_is_not_matched_by_its_last_word(linker):
    assert linker.find("Leyen is a common name in Belgium.") == []


def test_one_token_name(linker):
    assert surfaces(linker, "Madonna performed in Rio.") == [(MADONNA, "Madonna", "name")]


def test_family_name_first(linker):
    text = "Chinese President Xi Jinping hosted the summit. Xi spoke for an hour."
    assert [m.person_id for m in linker.find(text)] == [XI, XI]
    assert people(linker, "President Xi spoke for an hour.") == {XI}


def test_short_family_names_must_be_written_as_names():
    leaders = MentionLinker(
        [DirectoryEntry(1, "Kim Jong Un", "Supreme Leader"), DirectoryEntry(2, "Xi Jinping")]
    )
    assert people(leaders, "The UN said Kim would attend; Super Bowl XI was replayed.") == {1}
    assert people(leaders, "Xi arrived first.") == {2}


def test_longest_match_wins(linker):
    text = "U.S. Secretary of State Antony Blinken spoke."
    assert len(linker.find(text)) == 1


def test_honorific_alone_is_not_a_mention(linker):
    assert linker.find("The President thanked the Secretary and the Prime Minister.") == []


def test_text_naming_nobody_has_no_matches(linker):
    assert linker.find("Heavy rain flooded parts of the city on Tuesday.") == []
    assert linker.find("") == []


def test_empty_directory_finds_nothing():
    assert MentionLinker([]).find("President William Ruto spoke.") == []


def test_vice_president_is_not_president(linker):
    # Harris is recorded as Vice President: "President Harris" must not become a stronger form.
    [match] = linker.find("Vice President Harris spoke.")
    assert (match.person_id, match.surface, match.kind) == (
        HARRIS,
        "Vice President Harris",
        "honorific",
    )


def test_a_rank_word_before_a_title_names_a_different_office():
    harrises = MentionLinker(
        [
            DirectoryEntry(HARRIS, "Kamala Harris", "Vice President"),
            DirectoryEntry(98, "Kris Harris", "President"),
        ]
    )
    assert people(harrises, "Vice President Harris spoke first.") == {HARRIS}
    assert people(harrises, "President Harris spoke first.") == {98}


# --- mentions() and normalize() -----------------------------------------------------------------


def test_mentions_counts_and_first_position(linker):
    text = "Blinken met Kenyatta. Later, Secretary Blinken briefed Mr. Kenyatta’s staff."
    assert linker.mentions(text) == {BLINKEN: (2, 0), KENYATTA: (2, 12)}


def test_normalize_folds_case_accents_quotes_dashes_and_spaces():
    assert normalize("  Fils‑Aimé\u00a0O’Brien\n—  RUTO ") == "fils aime o brien ruto"
    assert normalize(unicodedata.normalize("NFD", "Aimé")) == "aime"
    assert normalize("Straße") == "strasse"


def test_name_key_is_shared_by_spellings_of_one_name():
    assert name_key("Joseph R. Biden Jr.") == name_key("Joe Biden") == "joe biden"
    assert name_key("Fils‑Aimé") == "fils aime"


def test_find_runs_the_automaton_once_per_text(linker):
    calls = []

    class CountingAutomaton:
        def __init__(self, inner):
            self.inner = inner

        def iter(self, text):
            calls.append(text)
            return self.inner.iter(text)

    counting = MentionLinker(DIRECTORY)
    counting._automaton = CountingAutomaton(counting._automaton)
    counting.find("President Ruto met Secretary Blinken and Speaker Johnson.")
    assert len(calls) == 1


def test_a_directory_of_twenty_thousand_links_the_right_people():
    # How long building it takes is measured in bench/bench_linking.py, not here.
    entries = [
        DirectoryEntry(i, f"Person{i} Surname{i % 7000}", "Minister" if i % 5 else "")
        for i in range(20_000)
    ]
    big = MentionLinker(entries)
    assert people(big, "Person42 Surname42 met Minister Surname43.") == {42}


# --- realistic stories --------------------------------------------------------------------------

KENYA_STORY = """\
NAIROBI, Kenya (AP) — Kenyan President William Ruto on Tuesday hosted Haiti’s Prime Minister \
Alix Didier Fils-Aimé at State House, where the two leaders reviewed the police mission in \
Port-au-Prince and the funding gap that has slowed it since the spring.
Ruto told reporters that Kenya would send another 600 officers before the end of the year. \
First Lady Rachel Ruto later joined the delegation for a dinner with Haitian community leaders.
Fils‑Aimé thanked Kenya for what he called “a courageous commitment to a sister nation.” He \
also met former President Uhuru Kenyatta, who has mediated in several regional conflicts.
“We are not going to abandon the people of Haiti at this hour,” Ruto said, adding that \
Washington had promised to cover part of the cost."""


def test_kenya_story_links_the_people_it_names(linker):
    assert people(linker, KENYA_STORY) == {RUTO, FILS_AIME, RACHEL_RUTO, KENYATTA}


def test_kenya_story_bare_ruto_after_the_first_lady_is_the_president(linker):
    last = [m for m in linker.find(KENYA_STORY) if m.surface == "Ruto"][-1]
    assert last.person_id == RUTO


WASHINGTON_STORY = """\
WASHINGTON — President Joe Biden met House Speaker Mike Johnson at the White House on \
Wednesday to discuss a stopgap funding bill, according to a readout from the administration.
Biden urged Johnson to bring the Ukraine aid package to a vote before the holiday recess. \
Hunter Biden, the president’s son, was not at the meeting, a spokesperson said.
Former British Prime Minister Boris Johnson, in Washington for a security conference, praised \
the talks in a post on social media and said Europe was watching closely.
Mr. Biden later spoke by phone with Ukrainian President Volodymyr Zelensky, who thanked him \
for “steadfast support,” the White House said."""


def test_washington_story_with_distractors_sharing_surnames(linker):
    assert people(linker, WASHINGTON_STORY) == {BIDEN, MIKE_JOHNSON, BORIS_JOHNSON, ZELENSKYY}


def test_washington_story_links_bare_johnson_to_the_speaker_named_earlier(linker):
    johnsons = [m for m in linker.find(WASHINGTON_STORY) if m.surface == "Johnson"]
    assert [m.person_id for m in johnsons] == [MIKE_JOHNSON]


def test_washington_story_with_hunter_in_the_directory(linker_with_hunter):
    assert people(linker_with_hunter, WASHINGTON_STORY) == {
        BIDEN,
        HUNTER_BIDEN,
        MIKE_JOHNSON,
        BORIS_JOHNSON,
        ZELENSKYY,
    }


LONDON_STORY = """\
LONDON — Former Prime Minister Theresa May warned on Monday that the government’s new \
migration plan may fall foul of international law.
May, who led the country from 2016 to 2019, said the plan would damage Britain’s standing \
abroad. In May, ministers had promised a different approach.
IndyCar champion Will Power, asked about the debate at a charity event in Kent, said he had no \
intention of entering politics. “I have enough willpower for one career,” he joked."""


def test_london_story_with_common_word_surnames(linker):
    assert people(linker, LONDON_STORY) == {MAY, WILL_POWER}
    assert [m.surface for m in linker.find(LONDON_STORY)] == [
        "Prime Minister Theresa May",
        "May",
        "Will Power",
    ]


BRUSSELS_STORY = """\
BRUSSELS — European Commission President Ursula von der Leyen and Brazil’s President Luiz \
Inácio Lula da Silva signed a trade framework on Friday after two decades of talks.
Von der Leyen called the accord “a bridge between two continents,” while Lula said farmers on \
both sides would benefit. Mexico’s former president, Andrés Manuel López Obrador, criticised \
the deal from afar.
The comedian Conan O’Brien joked about the ceremony on his podcast; a spokesman for Leyen \
Foods, a Belgian company, declined to comment.
Madonna, in Brussels for a concert, posted a photograph with Lula on Saturday."""


def test_brussels_story_with_particles_aliases_and_apostrophes(linker):
    assert people(linker, BRUSSELS_STORY) == {VON_DER_LEYEN, LULA, AMLO, OBRIEN, MADONNA}


BEIJING_STORY = """\
BEIJING — Chinese President Xi Jinping told visiting American lawmakers that Beijing wanted \
“stable and predictable” ties, state media reported on Thursday.
Xi’s remarks came a day after Vice President Kamala Harris met Southeast Asian leaders in \
Jakarta. Harris said the United States would not seek confrontation in the region.
Henry Kissinger, who first visited Beijing in 1971, was remembered at a banquet attended by \
John Smithson, the chairman of the American Chamber of Commerce.
Separately, former Haitian Prime Minister Ariel Henry said he had no plans to return to \
politics."""


def test_beijing_story_with_first_name_surnames_and_longer_names(linker):
    assert people(linker, BEIJING_STORY) == {XI, HARRIS, ARIEL_HENRY}


# --- the sample story ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def test_sample_story_links_the_four_people_and_no_distractor(linker_with_hunter, sample_text):
    assert people(linker_with_hunter, sample_text) == {RUTO, TRUMP, BLINKEN, BIDEN}


def test_sample_story_offsets_point_at_the_surface(linker_with_hunter, sample_text):
    for match in linker_with_hunter.find(sample_text):
        assert sample_text[match.start : match.end] == match.surface


def test_a_preposition_before_an_honorific_is_not_part_of_the_mention():
    linker = MentionLinker([DirectoryEntry(1, "Joe Biden", "President")])
    text = "Washington paid for it. Under President Joe Biden, the two countries signed a pact."
    assert [m.surface for m in linker.find(text)] == ["President Joe Biden"]
