"""Generate a deterministic newsroom archive for the benchmarks: people, sections and stories.

Writes, under ``bench/data/stories-<N>/`` (git-ignored):

* ``people.jsonl``: about 2,000 people for ``import_people`` (1,950 newsmakers, some with
  honorifics and nicknames, and 50 staff writers who get the bylines);
* ``sections.json``: the 8 sections (the importer matches sections by slug, never creates them);
* ``stories/part-NNNN.jsonl``: N ninjs 2.x items, 250 per file, for ``import_articles``.
  Each story has 6-14 paragraphs (about 600 words), a dateline, 2-5 of 300 tags, a section, one
  or two authors, quotes in the “…,” said X form and 3-8 directory people named in varied forms
  (full name, honorific + surname, surname, possessive, nickname). Publication times are spread
  evenly over the three years before ``END`` (oldest first, as an archive import would run);
* ``manifest.json``: what was generated, with the seed.

The same ``--seed`` and ``--stories`` always give byte-identical files. Popularity is skewed
(a few people and tags appear in many stories), so "the busiest tag" is a realistic worst case.

    .venv/bin/python bench/generate.py --stories 100000
    .venv/bin/python bench/generate.py --stories 2000 --first 1000000 --recent --out DIR
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR / "data"
SEED = 8
PEOPLE = 1950
AUTHORS = 50
TAGS = 300
STORIES_PER_FILE = 250  # about 1.1 MB a file, under import_articles --max-bytes (2 MB)
# The archive ends here (fixed, so the files are deterministic) and spans three years.
END = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
SPAN = timedelta(days=3 * 365)

SECTIONS = [
    ("politics", "Politics"),
    ("world", "World"),
    ("business", "Business"),
    ("africa", "Africa"),
    ("science", "Science"),
    ("health", "Health"),
    ("sport", "Sport"),
    ("culture", "Culture"),
]
# Stories per section are uneven, as in a real newsroom.
SECTION_WEIGHTS = [24, 20, 16, 14, 8, 8, 6, 4]


def _words(text: str) -> list[str]:
    return text.split()


FIRST_NAMES = _words(
    """
William Rachel Antony Joseph Donald Kamala Ursula Emmanuel Olaf Giorgia Justin Cyril Bola Abiy
Paul Yoweri Samia Felix Mohamed Fatima Aisha Amina Grace Mary Peter John James David Daniel Samuel
Sarah Elizabeth Margaret Catherine Alice Ruth Esther Naomi Lucy Wanjiru Akinyi Achieng Musalia
Kithure Raila Martha Kalonzo Aden Alix Garry Ariel Claude Jean Pierre Marie Luis Carlos Gabriel
Claudia Javier Ana Sofia Lucia Elena Olena Dmytro Andriy Hakan Mehmet Yasmin Omar Hassan Khalid
Tamim Abdullah Ibrahim Yusuf Isaac Yair Fumio Anthony Marco Lloyd Janet Gina Linda Thomas Robert
Michael Richard Charles Christopher Matthew Andrew Kenneth Steven Brian Kevin Jason Laura Helen
Sandra Donna Carol Michelle Amanda Melissa Deborah Stephanie Rebecca Sharon Cynthia Kathleen Amara
Chidi Ngozi Tendai Thabo Lerato Sipho Zanele Kwame Abena Kofi Ama Efua Yaw Nana Adjoa Haruto Yuki
Aiko Hiroshi Mei Wei Jian Li Priya Arjun Ananya Rohan Kavya Vikram Deepa Sanjay Ingrid Lars Sven
Astrid Nils Freya Henrik Sigrid Mateo Valentina Santiago Camila Diego Isabella
"""
)

SURNAMES = _words(
    """
Ruto Kenyatta Odinga Musyoka Mudavadi Kindiki Koome Murkomen Duale Wetangula Gachagua Ngugi Kamau
Otieno Ochieng Wanjala Njoroge Mwangi Kariuki Mutua Kiprop Chebet Wambua Kiplagat Blinken Harris
Tusk Macron Scholz Meloni Trudeau Ramaphosa Tinubu Kagame Museveni Tshisekedi Hichilema Conille
Etienne Dupont Lefebvre Moreau Laurent Garcia Rodriguez Martinez Lopez Gonzalez Perez Sanchez
Ramirez Torres Flores Sheinbaum Petro Bukele Castro Rousseff Zelenskyy Kuleba Yermak Lavrov Peskov
Erdogan Fidan Gantz Lapid Herzog Kishida Ishiba Rubio Yellen Raimondo Sullivan Kirby Okafor
Adeyemi Balogun Chukwu Eze Mensah Boateng Asante Owusu Banda Phiri Mwale Zulu Dlamini Nkosi Moyo
Achebe Adichie Okonkwo Nwosu Obi Abubakar Danjuma Lawal Bello Sanusi Mahama Akufo Bawumia Darko
Tanaka Suzuki Takahashi Watanabe Nakamura Kobayashi Yamamoto Chen Wang Zhang Liu Huang Zhao Sharma
Patel Singh Gupta Mehta Reddy Nair Iyer Kapoor Chatterjee Andersson Johansson Karlsson Nilsson
Eriksson Larsson Olsen Hansen Berg Lindqvist Fernandez Alvarez Romero Navarro Herrera Morales
Ortiz Silva Santos Pereira Costa Oliveira Almeida Carvalho Ferreira Novak Horvat Kowalski Nowak
Wisniewski Kaminski Petrov Ivanova Smirnov Volkov Kuznetsov Popescu Ionescu Georgiou
"""
)

HONORIFICS = [
    ("President", "President of {country}"),
    ("Prime Minister", "Prime Minister of {country}"),
    ("Foreign Minister", "Foreign Minister of {country}"),
    ("Finance Minister", "Finance Minister of {country}"),
    ("Health Minister", "Health Minister of {country}"),
    ("Senator", "Senator for {city}"),
    ("Governor", "Governor of {city}"),
    ("Chief Justice", "Chief Justice of {country}"),
    ("General", "Chief of the armed forces of {country}"),
    ("Ambassador", "Ambassador of {country} to the United Nations"),
]
PLAIN_ROLES = [
    "economist at {org}",
    "chief executive of {org}",
    "spokesperson for {org}",
    "researcher at {org}",
    "analyst at {org}",
    "trade union leader in {city}",
    "farmer in {city}",
    "teacher in {city}",
    "doctor at {city} General Hospital",
    "opposition leader in {country}",
    "mayor of {city}",
    "coach of the {country} national team",
]
NICKNAMES = ["Baba", "the Professor", "Mama Mboga", "the General", "Big Man", "the Hustler"]

PLACES = [
    ("Nairobi", "Kenya"),
    ("Mombasa", "Kenya"),
    ("Kisumu", "Kenya"),
    ("Port-au-Prince", "Haiti"),
    ("Addis Ababa", "Ethiopia"),
    ("Kampala", "Uganda"),
    ("Kigali", "Rwanda"),
    ("Dar es Salaam", "Tanzania"),
    ("Lagos", "Nigeria"),
    ("Abuja", "Nigeria"),
    ("Accra", "Ghana"),
    ("Johannesburg", "South Africa"),
    ("Cape Town", "South Africa"),
    ("Lusaka", "Zambia"),
    ("Kinshasa", "DR Congo"),
    ("Khartoum", "Sudan"),
    ("Cairo", "Egypt"),
    ("Washington", "United States"),
    ("New York", "United States"),
    ("London", "United Kingdom"),
    ("Paris", "France"),
    ("Berlin", "Germany"),
    ("Brussels", "Belgium"),
    ("Geneva", "Switzerland"),
    ("Kyiv", "Ukraine"),
    ("Ankara", "Turkey"),
    ("Jerusalem", "Israel"),
    ("Tokyo", "Japan"),
    ("Beijing", "China"),
    ("New Delhi", "India"),
    ("Mexico City", "Mexico"),
    ("Bogota", "Colombia"),
    ("Brasilia", "Brazil"),
    ("Stockholm", "Sweden"),
    ("Warsaw", "Poland"),
]
ORGANISATIONS = """
United Nations|African Union|World Bank|International Monetary Fund|World Health Organization|
European Union|East African Community|Central Bank of Kenya|Kenya Revenue Authority|
Safaricom|Kenya Airways|National Treasury|Independent Electoral Commission|Red Cross|
Amnesty International|Human Rights Watch|Medecins Sans Frontieres|World Food Programme|
UNICEF|African Development Bank|Kenya Power|Nairobi Securities Exchange|Supreme Court|
National Assembly|Senate|Ministry of Health|Ministry of Education|Teachers Service Commission|
Kenya Medical Research Institute|University of Nairobi
""".replace("\n", "").split("|")

# Topics, each with words the sentences draw on; the first word is the story's search word.
TOPICS = {
    "Elections": ["election", "ballot", "voters", "polling stations", "tallying", "turnout"],
    "Economy": ["inflation", "interest rates", "growth", "the shilling", "prices", "exports"],
    "Budget": ["budget", "spending", "revenue", "the deficit", "allocations", "borrowing"],
    "Debt": ["debt", "eurobond", "repayments", "lenders", "restructuring", "the IMF programme"],
    "Taxes": ["tax", "levies", "the finance bill", "revenue targets", "compliance", "VAT"],
    "Drought": ["drought", "rainfall", "livestock", "water points", "harvests", "food aid"],
    "Floods": ["floods", "rainfall", "evacuations", "riverbanks", "displaced families", "roads"],
    "Climate": ["climate", "emissions", "adaptation", "carbon markets", "heatwaves", "forests"],
    "Health": ["hospital", "doctors", "patients", "vaccines", "clinics", "medical supplies"],
    "Education": ["schools", "teachers", "pupils", "examinations", "fees", "the curriculum"],
    "Security": ["security", "police", "patrols", "attacks", "the border", "checkpoints"],
    "Peacekeeping": ["mission", "peacekeepers", "gangs", "deployment", "troops", "mandate"],
    "Diplomacy": ["talks", "envoys", "the summit", "sanctions", "ceasefire", "the agreement"],
    "Trade": ["trade", "tariffs", "ports", "exports", "customs", "the free trade area"],
    "Energy": ["electricity", "power cuts", "geothermal", "fuel prices", "the grid", "solar"],
    "Transport": ["railway", "roads", "the airport", "matatus", "the expressway", "fares"],
    "Agriculture": ["farmers", "maize", "fertiliser", "tea", "coffee", "harvests"],
    "Technology": ["technology", "mobile money", "data protection", "startups", "broadband", "AI"],
    "Courts": ["court", "judges", "the ruling", "the petition", "appeal", "the constitution"],
    "Corruption": ["corruption", "graft", "procurement", "investigators", "audit", "kickbacks"],
    "Housing": ["housing", "rents", "the housing levy", "mortgages", "slums", "construction"],
    "Football": ["football", "the league", "the striker", "the coach", "fans", "the final"],
    "Athletics": ["marathon", "athletes", "the world record", "training camps", "doping", "medals"],
    "Music": ["music", "the festival", "albums", "artists", "streaming", "concerts"],
    "Film": ["film", "the premiere", "directors", "cinemas", "the script", "awards"],
    "Science": ["research", "scientists", "the study", "laboratories", "data", "the findings"],
    "Wildlife": ["wildlife", "elephants", "poaching", "rangers", "conservancies", "tourism"],
    "Refugees": ["refugees", "camps", "asylum", "aid agencies", "returns", "registration"],
    "Labour": ["strike", "workers", "wages", "unions", "pensions", "the labour court"],
    "Banking": ["banks", "loans", "lending rates", "deposits", "credit", "the central bank"],
}
EXTRA_TOPIC_NAMES = """
Public finance|Local government|Devolution|Water|Sanitation|Land|Mining|Oil and gas|Fisheries|
Tourism|Aviation|Shipping|Telecoms|Media|Press freedom|Human rights|Gender|Youth|Pensions|
Insurance|Stock markets|Cryptocurrency|Startups|Manufacturing|Textiles|Retail|Real estate|
Road safety|Public transport|Urban planning|Informal settlements|Child welfare|Nutrition|Malaria|
HIV|Tuberculosis|Mental health|Cancer|Maternal health|Universities|Research funding|Space|
Weather|Forests|Oceans|Plastic pollution|Air quality|Renewable energy|Nuclear power|Elections law|
Parliament|Cabinet|Opposition|Protests|Policing|Prisons|Terrorism|Piracy|Cybersecurity|
Migration|Diaspora|Remittances|Foreign aid|Debt relief|Sovereign bonds|Currency|Inflation data|
Jobs|Unemployment|Minimum wage|Teachers' strike|Doctors' strike|Matatu industry|Tea auctions|
Coffee prices|Horticulture|Dairy|Sugar industry|Locusts|Famine|Cholera|Mpox|Vaccination|
Rugby|Cricket|Basketball|Boxing|Cycling|Safari Rally|Olympics|World Cup|AFCON|Golf|Tennis|
Literature|Theatre|Fashion|Food|Religion|Obituaries|Archaeology|Heritage|History|Architecture|
Photography|Podcasts|Television|Radio|Social media|Misinformation|Data privacy|E-citizen|
Digital ID|Census|Statistics|Procurement|Audit reports|Anti-graft agency|Judiciary|Land courts|
Succession|Coalitions|By-elections|Referendum|Constitutional review|Senate vote|Impeachment|
Budget hearings|Finance bill protests|County budgets|Revenue sharing|Health insurance|SHIF|
Hospitals|Nurses|Pharmacies|Clinical trials|Drug prices|Counterfeit goods|Consumer rights|
Competition law|Mergers|Privatisation|Public debt|Eurobond|IMF programme|World Bank loans|
Infrastructure|Standard gauge railway|Expressway|Ports|Pipelines|Dams|Irrigation|Fertiliser|
Maize prices|Food security|School feeding|Exams|University funding|Student loans|Curriculum|
Peace talks|Ceasefire|Sanctions|Arms control|Border disputes|Refugee camps|Humanitarian aid|
Haiti mission|Somalia|South Sudan|Sudan war|Ethiopia conflict|Great Lakes|Sahel|Red Sea|
Gulf states|China-Africa|US-Africa|EU-Africa|Commonwealth|G20|COP summit|UN General Assembly
""".replace("\n", "").split("|")

VERBS = [
    "warned about",
    "defended",
    "criticised",
    "promised action on",
    "called for an inquiry into",
    "announced new plans for",
    "questioned",
    "backed",
    "rejected",
    "raised concerns over",
    "pledged support for",
    "set out a timetable for",
]
HEADLINE_FORMS = [
    "{who} {verb} {thing} as {place} {event}",
    "{thing_cap} in {place}: {who} {verb} {thing2}",
    "{who} {verb} {thing} after {event_noun} in {place}",
    "Why {thing} matters for {place} as {who} {verb} {thing2}",
    "{place} {event} while {who} {verb} {thing}",
]
EVENTS = [
    "braces for a tough year",
    "counts the cost",
    "waits for answers",
    "weighs its options",
    "faces a deadline",
    "looks to donors",
    "holds its breath",
    "prepares for talks",
]
EVENT_NOUNS = [
    "a week of protests",
    "a surprise ruling",
    "a heated debate",
    "months of delays",
    "a new report",
    "an emergency meeting",
    "a sharp rise in prices",
    "a long night of talks",
]
OPENERS = [
    "Officials said on {day} that {thing} would be reviewed before the end of the month.",
    "The move follows weeks of pressure from {org} over {thing}.",
    "Figures published by {org} showed that {thing} had changed sharply in {month}.",
    "Residents of {city} said they had seen little change in {thing} since {month}.",
    "The announcement was made at a briefing in {city} attended by {number} people.",
    "Critics argue that {thing} has been neglected for years.",
    "Analysts at {org} expect {thing} to dominate the debate in the coming weeks.",
    "A report seen by this newspaper says {thing} could cost up to {number} million shillings.",
    "The government has promised to publish details of {thing} by {month}.",
    "Opposition lawmakers walked out of the chamber during the debate on {thing}.",
    "In {city}, traders said {thing} had already affected their business.",
    "The plan still needs the approval of {org}, which meets again in {month}.",
    "Talks on {thing} are due to resume on {day} in {city}.",
    "Some {number} families were affected, according to {org}.",
    "It was the {ordinal} time this year that {thing} had been raised in parliament.",
    "Previous attempts to address {thing} stalled because of a lack of funding.",
    "Diplomats in {city} described the mood as cautious but hopeful.",
    "The figures have not been independently verified.",
]
PERSON_SENTENCES = [
    "{ref} told reporters in {city} that {thing} remained the government's priority.",
    "{ref} has faced growing criticism over {thing} in recent months.",
    "In a statement on {day}, {ref} said the plan for {thing} was on track.",
    "{ref} met officials from {org} on {day} to discuss {thing}.",
    "Supporters of {ref} rallied outside the offices of {org} in {city}.",
    "{possessive} office did not respond to a request for comment on {thing}.",
    "{ref} is expected to travel to {city} next week for talks on {thing}.",
    "Allies of {ref} say the criticism over {thing} is unfair.",
    "The proposal was first put forward by {ref} in {month}.",
    "{possessive} comments on {thing} drew a sharp response from {org}.",
]
QUOTES = [
    "We cannot keep postponing decisions on {thing}",
    "The people of {city} deserve better than this",
    "This is not the time for politics, it is the time for action on {thing}",
    "We have listened and we will respond",
    "Nobody should be surprised by what is happening with {thing}",
    "Our priority is to protect families from the impact of {thing}",
    "The numbers speak for themselves",
    "We will not accept any deal that ignores {thing}",
    "There is still a lot of work to do",
    "I am confident that we will reach an agreement on {thing}",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"]
MONTHS += ["September", "October", "November", "December"]
ORDINALS = ["second", "third", "fourth", "fifth"]


def _unique(names):
    seen, out = set(), []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


def _slug(text: str) -> str:
    out = "".join(c.lower() if c.isalnum() else "-" for c in text)
    return "-".join(part for part in out.split("-") if part)


class Archive:
    """The directory, tags and the story generator, all derived from one seed."""

    def __init__(self, seed: int = SEED) -> None:
        rng = random.Random(seed)
        pairs = [(f, s) for f in FIRST_NAMES for s in SURNAMES]
        rng.shuffle(pairs)
        names = _unique(f"{f} {s}" for f, s in pairs)[: PEOPLE + AUTHORS]
        self.people = []
        for index, name in enumerate(names[:PEOPLE]):
            city, country = rng.choice(PLACES)
            org = rng.choice(ORGANISATIONS)
            person = {"name": name, "slug": _slug(name), "honorific": "", "aliases": []}
            if index < 400:  # office holders: addressed by title in the text
                honorific, role = HONORIFICS[index % len(HONORIFICS)]
                person["honorific"] = honorific
                person["role"] = role.format(country=country, city=city)
            else:
                person["role"] = rng.choice(PLAIN_ROLES).format(org=org, city=city, country=country)
            person["organisation"] = org
            if index < len(NICKNAMES):
                person["aliases"] = [NICKNAMES[index]]
            person["bio"] = f"{name} is {person['role'].lower()}, based in {city}."
            self.people.append(person)
        self.authors = [
            {
                "name": name,
                "slug": _slug(name),
                "role": "Staff reporter",
                "organisation": "Newsroom",
                "honorific": "",
                "aliases": [],
                "bio": f"{name} reports for Newsroom.",
            }
            for name in names[PEOPLE:]
        ]
        topics = list(TOPICS)
        extra = [
            n
            for n in _unique(EXTRA_TOPIC_NAMES)
            if n.casefold() not in {t.casefold() for t in topics}
        ]
        places = _unique([country for _city, country in PLACES] + [city for city, _ in PLACES])
        topic_count = TAGS - len(places) - len(ORGANISATIONS)
        self.tags = (
            [(name, "subjects") for name in (topics + extra)[:topic_count]]
            + [(name, "places") for name in places]
            + [(name, "organisations") for name in ORGANISATIONS]
        )
        # Skewed popularity: weight 1 / rank^0.9, in a fixed shuffled order.
        self.person_weights = list(itertools.accumulate(1 / (r + 1) ** 0.9 for r in range(PEOPLE)))
        assert len(self.tags) == TAGS, len(self.tags)
        self.tag_order = list(range(len(self.tags)))
        rng.shuffle(self.tag_order)
        self.tag_weights = list(itertools.accumulate(1 / (r + 1) ** 0.8 for r in range(TAGS)))
        self.section_weights = list(itertools.accumulate(SECTION_WEIGHTS))
        self.seed = seed

    # --- one story ------------------------------------------------------------------------

    def story(self, index: int, published_at: datetime) -> dict:
        rng = random.Random(self.seed * 1_000_003 + index)
        topic = rng.choice(list(TOPICS))
        words = TOPICS[topic]
        city, country = rng.choice(PLACES)
        section_slug, _ = SECTIONS[
            rng.choices(range(len(SECTIONS)), cum_weights=self.section_weights)[0]
        ]
        people = []
        for position in rng.choices(range(PEOPLE), cum_weights=self.person_weights, k=12):
            if self.people[position] not in people:
                people.append(self.people[position])
        people = people[: rng.randint(3, 8)]
        tag_positions = rng.choices(range(TAGS), cum_weights=self.tag_weights, k=8)
        # The first stories carry every tag once, so all tags exist early in an import.
        tag_indexes = [index % TAGS] if index < TAGS else []
        tag_indexes += [self.tag_order[p] for p in tag_positions]
        tag_indexes = list(dict.fromkeys(tag_indexes))[: rng.randint(2, 5)]
        authors = [rng.choice(self.authors)]
        if rng.random() < 0.15:
            second = rng.choice(self.authors)
            if second is not authors[0]:
                authors.append(second)

        named: set[str] = set()

        def ref(person: dict) -> str:
            """The first mention is the full name (with title); later ones vary."""
            surname = person["name"].split()[-1]
            if person["name"] not in named:
                named.add(person["name"])
                title = person["honorific"]
                return (
                    f"{title} {person['name']}" if title and rng.random() < 0.6 else person["name"]
                )
            roll = rng.random()
            if person["aliases"] and roll < 0.15:
                return person["aliases"][0]
            if person["honorific"] and roll < 0.5:
                return f"{person['honorific']} {surname}"
            return surname if roll < 0.85 else person["name"]

        def fill(template: str) -> str:
            return template.format(
                thing=rng.choice(words),
                thing2=rng.choice(words),
                org=rng.choice(ORGANISATIONS),
                city=rng.choice(PLACES)[0] if rng.random() < 0.3 else city,
                day=rng.choice(DAYS),
                month=rng.choice(MONTHS),
                number=rng.randint(2, 900),
                ordinal=rng.choice(ORDINALS),
            )

        lead = people[0]
        headline = rng.choice(HEADLINE_FORMS).format(
            who=lead["name"].split()[-1] if lead["honorific"] else lead["name"],
            verb=rng.choice(VERBS),
            thing=words[0],
            thing2=rng.choice(words[1:]),
            thing_cap=words[0][:1].upper() + words[0][1:],
            place=city,
            event=rng.choice(EVENTS),
            event_noun=rng.choice(EVENT_NOUNS),
        )
        headline = f"{headline} ({index % 97 + 1})" if index % 13 == 0 else headline
        paragraphs = []
        for number in range(rng.randint(6, 14)):
            sentences = []
            if number == 0:
                sentences.append(
                    f"{ref(lead)} on {rng.choice(DAYS)} {rng.choice(VERBS)} {words[0]} in "
                    f"{city}, a decision that is likely to shape the debate on {rng.choice(words)} "
                    f"for months to come."
                )
            for _ in range(rng.randint(4, 5)):
                roll = rng.random()
                if roll < 0.35:
                    person = rng.choice(people)
                    surname = ref(person)
                    template = rng.choice(PERSON_SENTENCES)
                    sentences.append(
                        fill(
                            template.replace("{ref}", surname).replace(
                                "{possessive}", f"{surname}’s"
                            )
                        )
                    )
                elif roll < 0.5 and number > 0:
                    person = rng.choice(people)
                    quote = fill(rng.choice(QUOTES))
                    speaker = ref(person)
                    if rng.random() < 0.5:
                        sentences.append(f"“{quote},” said {speaker}.")
                    else:
                        sentences.append(f"“{quote},” {speaker} said.")
                else:
                    sentences.append(fill(rng.choice(OPENERS)))
            paragraphs.append(" ".join(sentences))
        if rng.random() < 0.3:
            paragraphs.insert(len(paragraphs) // 2, "What happens next")
        body = "".join(
            f"<h2>{p}</h2>" if p == "What happens next" else f"<p>{p}</p>" for p in paragraphs
        )
        dek = fill(f"{lead['name']} {rng.choice(VERBS)} {words[0]} as {city} {rng.choice(EVENTS)}.")
        stamp = published_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        item = {
            "uri": f"urn:newsroom-bench:story:{index:07d}",
            "type": "text",
            "version": "1",
            "firstcreated": stamp,
            "versioncreated": stamp,
            "language": "en",
            "headlines": [{"role": "main", "value": headline}],
            "descriptions": [{"role": "summary", "value": dek}],
            "bodies": [{"role": "main", "contenttype": "text/html", "value": body}],
            "by": " and ".join(a["name"] for a in authors),
            "located": f"{city}, {country}",
            "subjects": [
                {"name": dict(SECTIONS)[section_slug], "literal": section_slug, "rel": "section"}
            ],
        }
        for tag_index in tag_indexes:
            name, array = self.tags[tag_index]
            item.setdefault(array, []).append({"name": name})
        if rng.random() < 0.2:  # some agencies tag the people a story is about
            item["people"] = [{"name": lead["name"], "literal": lead["slug"]}]
        return item


def publication_time(index: int, total: int, *, first: int, recent: bool) -> datetime:
    """Evenly spread over SPAN before END (oldest first), or over the last week with --recent."""
    position = index - first
    if recent:
        end = min(END, datetime.now(UTC) - timedelta(hours=1))
        return end - timedelta(days=7) + timedelta(days=7) * position / max(total, 1)
    return END - SPAN + SPAN * position / max(total, 1)


def generate(
    *,
    stories: int,
    out: Path,
    seed: int = SEED,
    first: int = 0,
    recent: bool = False,
    per_file: int = STORIES_PER_FILE,
    quiet: bool = False,
) -> Path:
    """Write the data set into ``out`` and return it; files are replaced, not appended."""
    started = time.monotonic()
    archive = Archive(seed)
    (out / "stories").mkdir(parents=True, exist_ok=True)
    for old in (out / "stories").glob("*.json*"):
        old.unlink()
    with (out / "people.jsonl").open("w", encoding="utf-8") as file:
        for person in archive.people + archive.authors:
            file.write(json.dumps(person, ensure_ascii=False) + "\n")
    (out / "sections.json").write_text(
        json.dumps([{"slug": s, "name": n, "order": i} for i, (s, n) in enumerate(SECTIONS)])
    )
    words = 0
    for part_start in range(first, first + stories, per_file):
        part_end = min(part_start + per_file, first + stories)
        name = f"part-{(part_start - first) // per_file:04d}.jsonl"
        with (out / "stories" / name).open("w", encoding="utf-8") as file:
            for index in range(part_start, part_end):
                item = archive.story(
                    index, publication_time(index, stories, first=first, recent=recent)
                )
                if index - first < 50:
                    words += len(item["bodies"][0]["value"].split())
                file.write(json.dumps(item, ensure_ascii=False) + "\n")
        if not quiet and sys.stderr.isatty():
            print(f"\r{part_end - first:,}/{stories:,} stories", end="", file=sys.stderr)
    manifest = {
        "stories": stories,
        "first_index": first,
        "recent": recent,
        "seed": seed,
        "people": len(archive.people),
        "authors": len(archive.authors),
        "tags": len(archive.tags),
        "sections": len(SECTIONS),
        "average_words_first_50": round(words / min(50, stories)),
        "seconds": round(time.monotonic() - started, 1),
    }
    # Written last: a directory without a manifest is an interrupted run and is regenerated.
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    if not quiet:
        print(
            f"\rGenerated {stories:,} stories in {out} in {manifest['seconds']} s", file=sys.stderr
        )
    return out


def default_dir(stories: int) -> Path:
    return DATA_DIR / f"stories-{stories}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stories", type=int, default=100_000, help="How many (100,000).")
    parser.add_argument("--out", type=Path, help="Folder (default bench/data/stories-N).")
    parser.add_argument("--seed", type=int, default=SEED, help=f"Random seed ({SEED}).")
    parser.add_argument(
        "--first", type=int, default=0, help="Index of the first story (disjoint sets, same seed)."
    )
    parser.add_argument(
        "--recent", action="store_true", help="Date the stories over the last week instead."
    )
    parser.add_argument("--per-file", type=int, default=STORIES_PER_FILE, help="Stories per file.")
    args = parser.parse_args(argv)
    generate(
        stories=args.stories,
        out=args.out or default_dir(args.stories),
        seed=args.seed,
        first=args.first,
        recent=args.recent,
        per_file=args.per_file,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
