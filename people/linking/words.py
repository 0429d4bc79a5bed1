"""The linker's word lists: common names, titles, and the words around a name that tell a
person from something else. Lists shared with quotes and sort names live in ``people.names``.
"""

import re

from people.names import DETERMINERS, SURNAME_PARTICLES, words

__all__ = ["DETERMINERS", "SURNAME_PARTICLES"]  # re-exported for the linker modules

# Surnames that are also common English words, place or company names. Capitalised at the
# start of a sentence or in a headline they rarely mean the person, so a bare one links only to
# someone already named in the same text ("Theresa May ... May said" links, "May 5" never does).
COMMON_WORD_SURNAMES = words(
    """
    may will young brown rice church bush power king bond cash black white green gray grey rich
    long little small strong short hope faith love joy wise hunt hill hills wood woods stone rock
    lake rivers banks burns marks field fields ford price sharp hardy bell case story page lane
    street cross best good bright swift frost snow winter summer summers spring day knight bishop
    pope law major cook baker butler mason hall house park moon sun star sterling english french
    german welsh wells chase post mark just said early last west north south east chance glass
    gold silver steel iron hay rose lamb fox wolf bird bear crane drake hawk swan dove finch
    nash cole miles noble gentry rush pace rank wall walls brook brooks cliff dale gates grant
    free freeman gross held may june april august christmas easter sunday monday friday
    washington jordan israel chad houston austin dallas lincoln madison jackson kent york chester
    victoria florence sydney orlando paris london berlin vienna milan georgia carolina virginia
    dakota montana nevada cuba china india england holland ireland scotland wales france kenya
    haiti panama peru chile niger mali guinea congo sudan oman yemen iran iraq syria turkey
    dell disney tesla hilton marriott nobel pulitzer fulbright rhodes goldman boeing morgan
    """
)

# Given names common in English-language news. Used to tell "Henry Kissinger" (first name)
# from "Henry said" (a surname), and "Mary Ann Smith" from "Ann Smith".
COMMON_FIRST_NAMES = words(
    """
    aaron abigail adam adrian ahmed aisha alan albert alex alexander alexandra alexis ali alice
    alicia allison amanda amber amy ana andrea andrew andy angela ann anna anne annie anthony
    antonio antony arthur ashley austin barbara ben benjamin beth betty beverly bill billy bob
    bobby brandon brenda brian bruce bryan carl carlos carol caroline carolyn catherine charles
    charlie charlotte cheryl chris christian christina christine christopher chuck cindy claire
    craig cynthia dan daniel danielle danny david dean deborah debra denise dennis derek diana
    diane dick dmitry don donald donna doris dorothy douglas dylan ed eddie edward elijah
    elizabeth ellen emily emma emmanuel eric erin ethan eugene evelyn fatima frances francis
    francisco frank fred gabriel gary george gerald gloria grace graham greg gregory hannah hans
    harold harris harry hassan heather helen henry howard hunter hussein ian ibrahim igor isabella
    ivan jack jackie jacob jacques james jamie jane janet janice jason jean jeff jeffrey jennifer
    jeremy jerry jesse jessica jill jim jimmy joan joe john johnny jon jonathan jordan jorge jose
    joseph joshua joyce juan judith judy julia julie justin karen katherine kathleen kathryn kathy
    kate katie kayla keith kelly ken kenneth kevin kim kimberly kyle larry laura lauren lawrence
    lee leo leonard lewis lily linda lindsey lisa logan lori louis lucas lucy luis luke madison
    manuel marc marco margaret maria marie marilyn mark martha martin mary mason matt matthew
    megan melissa michael michel michelle miguel mike mohamed mohammed muhammad nancy natalie
    nathan neil nicholas nick nicole noah olga olivia omar pamela pat patricia patrick paul pedro
    peggy peter philip pierre rachel ralph randy ray raymond rebecca richard rick rob robert roger
    ron ronald rose roy russell ruth ryan sam samantha samuel sandra sara sarah scott sean sergei
    sharon shirley sophia stanley stephanie stephen steve steven sue susan tammy ted teresa terry
    theresa thomas tim timothy todd tom tommy tony tyler victoria vincent virginia vladimir walter
    warren wayne will william willie yusuf zachary
    """
)

# Groups of interchangeable given names: "Joe Biden" also matches "Joseph R. Biden".
NICKNAME_GROUPS = (
    "joseph joe",
    "antony anthony tony",
    "william bill billy",
    "robert bob bobby rob",
    "michael mike",
    "james jim jimmy",
    "thomas tom tommy",
    "richard rick dick",
    "charles chuck charlie",
    "edward ted ed eddie",
    "christopher chris",
    "daniel dan danny",
    "david dave",
    "elizabeth liz beth",
    "katherine kate kathy",
    "catherine kate cathy",
    "margaret maggie peggy",
    "alexander alex",
    "benjamin ben",
    "nicholas nick",
    "samuel sam",
    "matthew matt",
    "steven steve",
    "stephen steve",
    "jonathan jon",
    "timothy tim",
    "andrew andy",
    "gregory greg",
    "patrick pat",
    "donald don",
    "ronald ron",
    "gerald jerry",
    "lawrence larry",
    "kenneth ken",
    "jennifer jen",
    "susan sue",
    "mohammed mohamed muhammad mohammad",
)

# Family-name-first naming: "Xi Jinping" is "President Xi", "Kim Jong Un" is "Kim".
FAMILY_FIRST_SURNAMES = words(
    """
    xi li wang zhang liu chen yang zhao huang zhou wu xu sun zhu gao lin guo hu ma kim lee park
    choi moon yoon jung kang cho han nguyen tran pham vo
    """
)

SUFFIXES = words("jr sr ii iii iv v")
GENERATIONAL = words("jr sr")

# Titles written before a surname or full name ("Mr. Biden", "Sen. Warren", "Gen. Milley").
COURTESY_TITLES = words(
    "mr mrs ms miss mx dr doctor prof professor sir dame lord lady rev reverend hon "
    "honourable honorable fr father"
)
OFFICE_TITLES = words(
    """
    president pres minister secretary sec senator sen representative rep congressman
    congresswoman governor gov mayor ambassador amb chancellor premier speaker leader chairman
    chairwoman chair chairperson commissioner director judge justice general gen lieutenant lt
    colonel col major maj captain capt commander cmdr admiral adm sergeant sgt marshal brigadier
    king queen prince princess pope cardinal bishop archbishop pastor imam rabbi sheikh sheik
    emir sultan envoy spokesperson spokesman spokeswoman mp mep cs pm councillor councilman
    councilwoman officer detective inspector superintendent supt coach chief elect
    """
)
TITLE_WORDS = COURTESY_TITLES | OFFICE_TITLES
TITLE_EXPANSIONS = {
    "pres": "president",
    "sec": "secretary",
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "amb": "ambassador",
    "gen": "general",
    "lt": "lieutenant",
    "col": "colonel",
    "maj": "major",
    "capt": "captain",
    "cmdr": "commander",
    "adm": "admiral",
    "sgt": "sergeant",
    "supt": "superintendent",
    "pm": "prime minister",
    "cs": "cabinet secretary",
}
# Words before a title that make it a different office: "Vice President Harris" is not
# "President Harris", "Deputy Secretary" is not "Secretary".
RANK_MODIFIERS = words("vice deputy assistant under associate lieutenant first")
# Words that only widen a generic title span ("Foreign Minister Wang"); cosmetic.
TITLE_MODIFIERS = words(
    """
    prime vice deputy foreign defense defence interior finance trade health cabinet first
    attorney chief majority minority senate house acting interim assistant under crown grand
    supreme home treasury energy commerce labor labour education state
    """
)
# The person-specific honorific may shorten to its head: "Secretary of State" -> "Secretary",
# "Defense Secretary" -> "Secretary"; never "Prime Minister" -> "Prime".
OFFICE_HEADS = words(
    """
    secretary minister senator governor ambassador commissioner director chancellor justice
    leader speaker mayor admiral envoy
    """
)
ROYAL_HONORIFICS = words("king queen prince princess pope emperor empress sheikh emir sultan")

DAYS_MONTHS = words(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan feb mar apr jun jul aug sep sept
    oct nov dec
    """
)
DATE_WORDS = words(
    "in on since until by last next early late mid from through this of during before after"
)
DEMONYMS = words(
    """
    american kenyan haitian british french german italian spanish portuguese russian ukrainian
    chinese japanese korean indian pakistani afghan iranian iraqi syrian israeli palestinian
    lebanese jordanian egyptian saudi turkish greek polish dutch belgian swiss austrian swedish
    norwegian danish finnish irish scottish welsh english canadian mexican brazilian argentine
    argentinian chilean colombian venezuelan cuban peruvian nigerian ghanaian ethiopian somali
    sudanese ugandan tanzanian rwandan congolese african european asian arab australian filipino
    indonesian malaysian vietnamese thai taiwanese hungarian czech slovak romanian bulgarian
    serbian croatian belarusian georgian armenian azerbaijani qatari emirati yemeni libyan
    tunisian algerian moroccan senegalese malian zimbabwean zambian caribbean jamaican dominican
    guatemalan honduran salvadoran nicaraguan panamanian ecuadorian bolivian western eastern
    northern southern democrat democrats democratic republican republicans gop conservative
    labour liberal tory socialist independent opposition former then late outgoing incoming
    acting interim new top senior veteran embattled
    """
)
# Capitalised words that often start a sentence right before a surname ("When Biden ...").
FUNCTION_WORDS = words(
    """
    the a an and but or nor so yet for as at by in on of to with when while after before since
    until if though although because once where whether then now also still even only just
    meanwhile later earlier yesterday today tonight tomorrow there here that this these those
    what which who whom whose how why said says say added told asked thanks thank like unlike
    without about against between under over per via from into upon than both either neither not
    no yes did does do has have had was were is are will would could should can may might must
    let dear hello congratulations welcome sorry please however instead indeed moreover
    furthermore nevertheless nonetheless overall finally first second third last next separately
    similarly likewise additionally notably specifically ultimately currently previously recently
    eventually initially already again ever never always often sometimes perhaps maybe every each
    all some many most several few any other another such during within throughout despite amid
    among beyond toward towards around across behind beside besides near except including
    regarding following according whereas unless whenever wherever meet meets met call calls
    called urged urges praised praises thanked spoke speaking ask tell see congratulated welcomed
    """
)
# Read like determiners before an office: "the U.S. President", "the UN Secretary-General".
COUNTRY_ABBREVIATIONS = words("u s us uk un eu")
# "Presidents Biden and Ruto", "Senators Warren and Sanders".
PLURAL_TITLES = words(
    """
        presidents ministers secretaries senators representatives governors ambassadors leaders
        generals justices judges kings queens princes messrs drs mps
        """
)
ALLOWED_BEFORE = (
    TITLE_WORDS | DAYS_MONTHS | DEMONYMS | FUNCTION_WORDS | TITLE_MODIFIERS | PLURAL_TITLES
)

# A name followed by one of these words is a place or an institution named after the person
# ("Kessler Center", "Whitcombe Airport", "Grimsby County"), and so is one after
# ``PLACE_WORDS_BEFORE`` ("Fort Grimsby"): neither names the person.
PLACE_WORDS_AFTER = words(
    """
    center centre airport airfield street avenue road boulevard lane drive square university
    college institute school academy foundation trust prize award medal scholarship fellowship
    lecture stadium arena museum gallery wing library hospital clinic bridge tunnel building tower
    station county parish district highway memorial theatre theater auditorium cup trophy
    """
)
PLACE_WORDS_BEFORE = words("fort mount port camp cape lake")

# Slavic transliterations: "Zelenskyy", "Zelensky" and "Zelenskiy" are one person.
SKY_ENDINGS = ("skyy", "skyi", "skiy", "skii", "sky", "ski")

APOSTROPHES = "'’‘`ʼ"
DASHES = "-‐‑‒–—―−"
# Anything in a name span that means two separate phrases rather than one name: sentence
# punctuation, a spaced dash, a full stop after a long word ("President. Ruto"), a blank line.
BAD_SPAN = re.compile(
    r"[,;:!?()\[\]{}\"“”«»‹›„/\\|…]|\s[-‐‑‒–—―−]|[-‐‑‒–—―−]\s|[^\W\d_]{5,}\.|\n[ \t]*\n"
)
