"""Quote extraction, speaker attribution and name suggestions.

Plain pytest, no database. Every article below is written for these tests.
"""

from pathlib import Path

import pytest

from people.linking import DirectoryEntry, MentionLinker
from people.quotes import MIN_QUOTE_WORDS, FoundQuote, extract_quotes, suggest_names

SAMPLE = Path("/work/shared/samples/kenya-haiti-mission-call.txt")

RUTO, RACHEL_RUTO, TRUMP, BLINKEN, BIDEN, HUNTER_BIDEN, TUSK = range(1, 8)
MUDAVADI, FILS_AIME, HARRIS = range(8, 11)

DIRECTORY = [
    DirectoryEntry(RUTO, "William Ruto", "President"),
    DirectoryEntry(RACHEL_RUTO, "Rachel Ruto", ""),
    DirectoryEntry(TRUMP, "Donald Trump", "President"),
    DirectoryEntry(BLINKEN, "Antony Blinken", "Secretary of State"),
    DirectoryEntry(BIDEN, "Joe Biden", "President"),
    DirectoryEntry(HUNTER_BIDEN, "Hunter Biden", ""),
    DirectoryEntry(TUSK, "Donald Tusk", "Prime Minister"),
    DirectoryEntry(MUDAVADI, "Musalia Mudavadi", "Foreign Minister"),
    DirectoryEntry(FILS_AIME, "Alix Didier Fils-Aimé", "Prime Minister"),
    DirectoryEntry(HARRIS, "Kamala Harris", "Vice President"),
]

QUOTE = "The mission has already restored order on the main roads"


@pytest.fixture(scope="module")
def linker() -> MentionLinker:
    return MentionLinker(DIRECTORY)


def speakers(linker: MentionLinker, *paragraphs: str) -> list[tuple[str, int | None]]:
    return [(q.speaker_text, q.speaker_person_id) for q in extract_quotes(paragraphs, linker)]


def only(linker: MentionLinker, *paragraphs: str) -> FoundQuote:
    [quote] = extract_quotes(paragraphs, linker)
    return quote


# --- attribution forms --------------------------------------------------------------------------


def test_said_then_honorific_and_surname(linker):
    assert speakers(linker, f"“{QUOTE},” said President Ruto.") == [("President Ruto", RUTO)]


def test_honorific_and_surname_then_said(linker):
    assert speakers(linker, f"“{QUOTE},” President Ruto said.") == [("President Ruto", RUTO)]


def test_bare_surname_resolved_with_the_whole_article(linker):
    paragraphs = (
        "President William Ruto returned from Port-au-Prince on Sunday.",
        f"“{QUOTE},” Ruto said.",
    )
    assert speakers(linker, *paragraphs) == [("Ruto", RUTO)]


def test_ambiguous_bare_surname_keeps_the_text_but_no_person(linker):
    assert speakers(linker, f"“{QUOTE},” Ruto said.") == [("Ruto", None)]


def test_said_surname_comma_who(linker):
    paragraphs = ("Secretary Blinken met troops.", f"“{QUOTE},” said Blinken, who flew in late.")
    assert speakers(linker, *paragraphs) == [("Blinken", BLINKEN)]


def test_speaker_with_a_who_clause_before_the_verb(linker):
    text = f"“{QUOTE},” Mudavadi, who was in Geneva for the talks, said."
    assert speakers(linker, text) == [("Mudavadi", MUDAVADI)]


def test_he_said_refers_to_the_subject_of_the_previous_sentence(linker):
    paragraphs = (
        "Foreign Minister Musalia Mudavadi met Secretary Blinken in Nairobi on Monday.",
        f"“{QUOTE},” he said.",
    )
    assert speakers(linker, *paragraphs) == [("Foreign Minister Musalia Mudavadi", MUDAVADI)]


def test_she_said_refers_to_the_subject_even_after_another_speaker(linker):
    paragraphs = (
        f"“{QUOTE},” Blinken said.",
        "Vice President Kamala Harris, who joined by video, thanked the Kenyan officers.",
        "“Your courage has given Haitians a reason to hope again,” she said.",
    )
    assert speakers(linker, *paragraphs) == [
        ("Blinken", BLINKEN),
        ("Vice President Kamala Harris", HARRIS),
    ]


def test_he_added_refers_to_the_previous_quote_speaker(linker):
    text = (
        f"“{QUOTE},” Blinken said on Friday. "
        "“Nobody should doubt the resolve of the partners,” he added."
    )
    assert speakers(linker, text) == [("Blinken", BLINKEN), ("Blinken", BLINKEN)]


def test_according_to_after_the_quote(linker):
    text = f"“{QUOTE},” according to Foreign Minister Musalia Mudavadi."
    assert speakers(linker, text) == [("Foreign Minister Musalia Mudavadi", MUDAVADI)]


def test_according_to_before_the_quote(linker):
    text = f"According to Mudavadi, “{QUOTE[0].lower()}{QUOTE[1:]}.”"
    assert speakers(linker, text) == [("Mudavadi", MUDAVADI)]


def test_told_reporters(linker):
    text = f"“{QUOTE},” Mudavadi told reporters in Nairobi."
    assert speakers(linker, text) == [("Mudavadi", MUDAVADI)]


def test_said_in_a_statement(linker):
    text = f"“{QUOTE},” Mudavadi said in a statement on Tuesday."
    assert speakers(linker, text) == [("Mudavadi", MUDAVADI)]


@pytest.mark.parametrize("intro", ["Mudavadi said: ", "Mudavadi said, ", "Mudavadi told MPs: "])
def test_speaker_before_the_quote(linker, intro):
    assert speakers(linker, f"{intro}“{QUOTE}.”") == [("Mudavadi", MUDAVADI)]


def test_speaker_of_a_partial_quote_inside_the_sentence(linker):
    text = "Blinken said the deployment was “a model for how partners can share the burden.”"
    assert speakers(linker, text) == [("Blinken", BLINKEN)]


def test_read_a_statement_from_an_organisation(linker):
    text = f"“{QUOTE},” read a statement from the U.S. Department of State."
    assert speakers(linker, text) == [("U.S. Department of State", None)]


def test_the_ministry_said(linker):
    assert speakers(linker, f"“{QUOTE},” the ministry said.") == [("the ministry", None)]


def test_organisation_speaker_before_the_quote(linker):
    text = f"In a statement, the State Department said: “{QUOTE}.”"
    assert speakers(linker, text) == [("State Department", None)]


def test_the_secretary_resolves_to_the_person_holding_the_office(linker):
    paragraphs = ("Blinken met Ruto in Nairobi.", f"“{QUOTE},” the secretary said.")
    assert speakers(linker, *paragraphs) == [("Blinken", BLINKEN)]


def test_possessor_is_not_the_speaker(linker):
    text = f"President Ruto’s spokesman Hussein Mohamed said: “{QUOTE}.”"
    assert speakers(linker, text) == [("Hussein Mohamed", None)]


def test_role_before_an_unknown_name(linker):
    text = f"“{QUOTE},” said State Department spokesperson Matthew Miller."
    assert speakers(linker, text) == [("Matthew Miller", None)]


@pytest.mark.parametrize(
    "verb",
    [
        "said",
        "says",
        "added",
        "told reporters",
        "stated",
        "noted",
        "wrote",
        "asked",
        "insisted",
        "explained",
        "warned",
        "continued",
        "declared",
        "tweeted",
        "posted",
    ],
)
def test_speech_verbs(linker, verb):
    assert speakers(linker, f"“{QUOTE},” Blinken {verb}.") == [("Blinken", BLINKEN)]


def test_speaker_with_an_apposition_before_the_quote(linker):
    text = f"Amina Wafula, a spokeswoman for the National Police Service, said: “{QUOTE}.”"
    assert speakers(linker, text) == [("Amina Wafula", None)]


def test_speaker_with_an_apposition_after_the_quote(linker):
    text = f"“{QUOTE},” Mudavadi, Kenya’s most senior diplomat, said on Monday."
    assert speakers(linker, text) == [("Mudavadi", MUDAVADI)]


def test_pronoun_followed_by_an_adverb(linker):
    paragraphs = ("Blinken spoke after the briefing.", f"He further stated, “{QUOTE}.”")
    assert speakers(linker, *paragraphs) == [("Blinken", BLINKEN)]


def test_the_statement_added_refers_to_the_previous_quote(linker):
    paragraphs = (
        f"“{QUOTE},” read a statement from the Kenyan Ministry of Interior.",
        "“Further deployments will follow once funding is confirmed,” the statement added.",
    )
    assert speakers(linker, *paragraphs) == [
        ("Kenyan Ministry of Interior", None),
        ("Kenyan Ministry of Interior", None),
    ]


def test_readout_shared_by_an_organisation(linker):
    text = f"“{QUOTE},” a readout shared by the White House reported."
    assert speakers(linker, text) == [("White House", None)]


def test_prime_minister_described_by_office_inside_a_long_sentence(linker):
    paragraphs = (
        "Prime Minister Alix Didier Fils-Aimé returned from Nairobi on Sunday.",
        "The plan, one of several measures the prime minister said the cabinet had approved, "
        "aims “to give every district a functioning police station by June.”",
    )
    assert speakers(linker, *paragraphs) == [("Prime Minister Alix Didier Fils-Aimé", FILS_AIME)]


def test_short_quote_earlier_in_the_sentence_does_not_hide_the_speaker(linker):
    text = (
        "President William Ruto described the talks as “cordial” and added that the deal would "
        "be “signed before the end of the month.”"
    )
    assert speakers(linker, text) == [("President William Ruto", RUTO)]


def test_shot_back(linker):
    text = f"Blinken shot back, “{QUOTE}.”"
    assert speakers(linker, text) == [("Blinken", BLINKEN)]


def test_unattributed_quote_has_no_speaker(linker):
    text = f"Outside the station, the message painted on a wall read “{QUOTE}.”"
    assert speakers(linker, text) == [("", None)]


def test_second_quote_in_a_paragraph_keeps_the_speaker(linker):
    text = f"“{QUOTE},” Blinken said. “Partners now need to pay what they promised.”"
    assert speakers(linker, text) == [("Blinken", BLINKEN), ("Blinken", BLINKEN)]


def test_quote_paragraph_after_an_attributed_quote_keeps_the_speaker(linker):
    paragraphs = (
        f"“{QUOTE},” Blinken said.",
        "“Partners now need to pay what they promised.”",
    )
    assert speakers(linker, *paragraphs) == [("Blinken", BLINKEN), ("Blinken", BLINKEN)]


# --- quote marks and what counts as a quote -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (f"“{QUOTE},” Blinken said.", f"{QUOTE},"),
        (f'"{QUOTE}," Blinken said.', f"{QUOTE},"),
        (f"«{QUOTE}», Blinken said.", QUOTE),
        (f"‹{QUOTE}›, Blinken said.", QUOTE),
        (f"‘{QUOTE},’ Blinken said.", f"{QUOTE},"),
    ],
)
def test_quote_marks(linker, text, words):
    quote = only(linker, text)
    assert (quote.text, quote.position, quote.speaker_person_id) == (words, 0, BLINKEN)


def test_apostrophes_inside_a_single_quoted_quote_do_not_end_it(linker):
    quote = only(linker, "‘Kenya’s officers have earned the world’s respect,’ said Blinken.")
    assert quote.text == "Kenya’s officers have earned the world’s respect,"


def test_quote_of_several_sentences(linker):
    text = "“We came to help. We are staying to finish the job. Then we go home,” Ruto said."
    quote = only(linker, "President William Ruto spoke at the barracks.", text)
    assert quote.text == "We came to help. We are staying to finish the job. Then we go home,"
    assert quote.speaker_person_id == RUTO


def test_quote_continuing_into_the_next_paragraph(linker):
    paragraphs = (
        "Secretary Blinken spoke at length about the costs.",
        "“Every partner has to carry its share of this effort.",
        "“That includes money, equipment and people,” Blinken said.",
    )
    quote = only(linker, *paragraphs)
    assert quote.text == (
        "Every partner has to carry its share of this effort. "
        "That includes money, equipment and people,"
    )
    assert (quote.paragraph, quote.speaker_person_id) == (1, BLINKEN)


def test_position_and_paragraph_refer_to_the_joined_text(linker):
    paragraphs = ("Blinken landed in Nairobi.", f"Later he said: “{QUOTE}.”")
    quote = only(linker, *paragraphs)
    joined = "\n".join(paragraphs)
    assert joined[quote.position] == "“"
    assert quote.paragraph == 1
    assert quote.speaker_person_id == BLINKEN


def test_scare_quotes_are_not_quotes(linker):
    text = "Critics called the agreement a “peace deal” that settled nothing, Blinken said."
    assert extract_quotes([text], linker) == []


def test_short_quote_with_its_own_attribution_is_kept(linker):
    assert MIN_QUOTE_WORDS == 4
    assert speakers(linker, "“Never,” Blinken said when asked about a withdrawal.") == [
        ("Blinken", BLINKEN)
    ]


def test_text_without_quotes(linker):
    assert extract_quotes(["Heavy rain flooded parts of the city.", ""], linker) == []


# --- realistic stories --------------------------------------------------------------------------

NAIROBI_STORY = (
    "NAIROBI, Kenya (AP) — Kenya’s President William Ruto said Thursday that his government "
    "would not withdraw its police officers from Haiti despite mounting casualties, as "
    "lawmakers questioned the cost of the deployment.",
    "“We made a promise to the Haitian people and we intend to keep it,” Ruto told reporters "
    "at State House. “Our officers are doing extraordinary work under very difficult "
    "conditions.”",
    "First Lady Rachel Ruto visited wounded officers at a Nairobi hospital on Wednesday.",
    "“The country owes these men and women a great deal,” Ruto said later in a televised address.",
    "Opposition leader Kalonzo Musyoka accused the government of “sending young men into a "
    "war that is not ours,” and demanded a debate in parliament.",
    "Interior Cabinet Secretary Kipchumba Murkomen said the officers had “secured key highways "
    "and reopened the main port” since arriving. He added that another 600 officers would "
    "leave next month.",
    "The U.S. State Department, which funds much of the mission, said in a statement that it "
    "remained “fully committed to supporting Kenya’s leadership of the mission.”",
)


def test_nairobi_story_quotes_and_speakers(linker):
    assert speakers(linker, *NAIROBI_STORY) == [
        ("Ruto", RUTO),
        ("Ruto", RUTO),
        ("Ruto", RUTO),
        ("Kalonzo Musyoka", None),
        ("Kipchumba Murkomen", None),
        ("U.S. State Department", None),
    ]


WASHINGTON_STORY = (
    "WASHINGTON — Secretary of State Antony Blinken met Kenyan Foreign Minister Musalia "
    "Mudavadi on Monday to discuss the security mission in Haiti, the State Department said.",
    "“Kenya has shown real leadership, and the United States will continue to support the "
    "mission financially and logistically,” Blinken said after the meeting.",
    "Mudavadi thanked Washington for its help. “We need more boots on the ground and more "
    "equipment,” he said. “Without them, the gains of the past months could be lost.",
    "“We cannot allow that to happen.”",
    "Asked about a transition to a United Nations operation, the secretary said: “That "
    "conversation has started, and we want it to conclude before the end of the year.”",
    "Critics in Congress have called the mission a “blank check,” a charge the administration "
    "rejects.",
)


def test_washington_story_pronouns_titles_and_continued_quotes(linker):
    quotes = extract_quotes(WASHINGTON_STORY, linker)
    assert [(q.paragraph, q.speaker_person_id) for q in quotes] == [
        (1, BLINKEN),
        (2, MUDAVADI),
        (2, MUDAVADI),
        (4, BLINKEN),
    ]
    assert quotes[2].text == (
        "Without them, the gains of the past months could be lost. We cannot allow that to happen."
    )


PORT_AU_PRINCE_STORY = (
    "PORT-AU-PRINCE, Haiti — Haitian Prime Minister Alix Didier Fils-Aimé on Saturday urged "
    "gang leaders to lay down their weapons before the holidays.",
    '"The time for violence is over, and the time for rebuilding has come," Fils-Aimé said in a '
    "televised address.",
    "A resident of the Delmas neighbourhood, who asked not to be named, said: ‘We have heard "
    "these promises before, many times.’",
    "A French diplomat quoted the prime minister as saying «la reconstruction commence "
    "aujourd’hui dans chaque quartier».",
)


def test_port_au_prince_story_straight_single_and_french_quotes(linker):
    assert speakers(linker, *PORT_AU_PRINCE_STORY) == [
        ("Fils-Aimé", FILS_AIME),
        ("A resident of the Delmas neighbourhood", None),
        ("Fils-Aimé", FILS_AIME),
    ]


# --- the sample story ---------------------------------------------------------------------------


def test_sample_story_has_two_quotes_attributed_to_ruto_and_the_state_department(linker):
    paragraphs = SAMPLE.read_text(encoding="utf-8").split("\n")
    first, second = extract_quotes(paragraphs, linker)
    assert first.speaker_person_id == RUTO
    assert first.text.startswith("I briefed President Trump")
    assert (second.speaker_text, second.speaker_person_id) == ("U.S. Department of State", None)
    assert second.text.startswith("Secretary of State Antony J. Blinken spoke")
    joined = "\n".join(paragraphs)
    assert joined[first.position] == joined[second.position] == "“"


# --- name suggestions ---------------------------------------------------------------------------


def suggested(linker: MentionLinker, *paragraphs: str) -> list[tuple[str, str]]:
    return [(s.name, s.honorific) for s in suggest_names(paragraphs, linker)]


def test_names_after_an_office_are_suggested_with_the_office(linker):
    text = (
        "Haitian Prime Minister Garry Conille met Kenyan Cabinet Secretary Kipchumba Murkomen "
        "and State Department spokesperson Matthew Miller on Friday."
    )
    assert suggested(linker, text) == [
        ("Garry Conille", "Prime Minister"),
        ("Kipchumba Murkomen", "Cabinet Secretary"),
        ("Matthew Miller", "Spokesperson"),
    ]


def test_office_with_of_and_middle_initial(linker):
    text = "The Secretary of the Treasury Janet L. Yellen and Minister of Defence Aden Duale spoke."
    assert suggested(linker, text) == [
        ("Janet L. Yellen", "Secretary of the Treasury"),
        ("Aden Duale", "Minister of Defence"),
    ]


def test_elect_and_former_are_not_part_of_the_suggested_honorific(linker):
    text = "Former President Uhuru Kenyatta congratulated President-elect Duma Boko of Botswana."
    assert suggested(linker, text) == [
        ("Uhuru Kenyatta", "President"),
        ("Duma Boko", "President"),
    ]


def test_secretary_general_and_lowercase_offices(linker):
    text = (
        "U.N. Secretary-General Amina Mohammed thanked former prime minister Raila Odinga and "
        "Rep. Gregory Meeks."
    )
    assert suggested(linker, text) == [
        ("Amina Mohammed", "Secretary-General"),
        ("Raila Odinga", "Prime Minister"),
        ("Gregory Meeks", "Rep."),
    ]


def test_spellings_of_one_name_are_one_suggestion_with_the_best_office(linker):
    paragraphs = (
        "Rep. Gregory W. Meeks arrived first.",
        "Later, Ranking Member and Congressman Greg Meeks spoke.",
    )
    [suggestion] = suggest_names(paragraphs, linker)
    assert (suggestion.name, suggestion.honorific) == ("Gregory W. Meeks", "Congressman")


def test_people_in_the_directory_are_not_suggested(linker):
    text = (
        "President William Ruto and Foreign Minister Musalia Mudavadi met Prime Minister Garry "
        "Conille."
    )
    assert suggested(linker, text) == [("Garry Conille", "Prime Minister")]


def test_a_name_is_suggested_once_at_its_first_position(linker):
    paragraphs = ("Ruth Ndegwa arrived first.", "Later, Health Secretary Ruth Ndegwa spoke.")
    [suggestion] = suggest_names(paragraphs, linker)
    assert (suggestion.name, suggestion.honorific, suggestion.position) == (
        "Ruth Ndegwa",
        "Health Secretary",
        0,
    )


def test_common_first_name_and_surname_without_an_office(linker):
    assert suggested(linker, "The talks were chaired by Sarah Wanjiru of the Red Cross.") == [
        ("Sarah Wanjiru", "")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The United States Department of State said the Multinational Security Support Mission "
        "would grow.",
        "Strengthening Kenya-U.S. Relations",
        "Looking Ahead",
        "In Port-au-Prince on Thursday, November 7, officials met at State House.",
        "Will Kenya lead the mission into its second year?",
        "Traffic on Grace Church Street was diverted.",
        "The President of the United States spoke at the Kenya-led conference.",
    ],
)
def test_no_suggestions_for_places_organisations_dates_and_headings(linker, text):
    assert suggested(linker, text) == []


def test_sample_story_suggests_nobody_when_everyone_is_in_the_directory(linker):
    paragraphs = SAMPLE.read_text(encoding="utf-8").split("\n")
    assert suggest_names(paragraphs, linker) == []


def test_sample_story_suggests_its_people_for_an_empty_directory():
    paragraphs = SAMPLE.read_text(encoding="utf-8").split("\n")
    assert suggested(MentionLinker([]), *paragraphs) == [
        ("William Ruto", "President"),
        ("Donald Trump", "President"),
        ("Antony Blinken", "Secretary of State"),
        ("Joe Biden", "President"),
    ]
