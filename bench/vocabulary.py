"""The words the bench's data set is made of: names, places, organisations, topics, and the
sentence templates stories are written from (bench/archive.py draws on them)."""

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
