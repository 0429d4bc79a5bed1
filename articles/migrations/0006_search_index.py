"""Full-text search index for articles: SQLite FTS5 or a PostgreSQL tsvector with GIN.

SQLite: ``articles_article_fts``, an external-content FTS5 table over headline, dek, body_text
and search_terms, kept in step by three triggers on ``articles_article`` so that every write
path (save, queryset.update, delete, bulk, raw SQL) updates it. A migration that rebuilds
``articles_article`` on SQLite (Django's remake: copy, drop, rename) drops these triggers;
such a migration must re-create them (tests/articles/test_search.py checks they exist).

PostgreSQL: ``articles_article.search_vector``, a stored generated tsvector (weights: headline A,
dek B, search_terms C, body_text D) with the GIN index ``article_search_vector_idx``. Text is
accent-folded first by ``articles_fold_accents()`` (a fixed ``translate()``, because the
``unaccent`` extension is not immutable), so "Fils-Aime" finds "Fils-Aimé" as on SQLite.
PostgreSQL refuses to change the type of a column the generated column reads (for example
``headline``'s max_length): drop ``search_vector``, alter, then add it again as below.

The model does not declare either; articles/search.py queries them with raw SQL.
"""

from django.db import migrations

# Latin letters with diacritics (U+00C0-U+024F, U+1E00-U+1EFF) whose canonical decomposition is
# one base letter plus combining marks, and that base letter; articles/search.py folds queries
# with the same table (a test checks the two agree).
FOLD_FROM = (
    "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆ"
    "ćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐő"
    "ŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛ"
    "ǜǞǟǠǡǢǣǦǧǨǩǪǫǬǭǮǯǰǴǵǸǹǺǻǼǽǾǿȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧ"
    "ȨȩȪȫȬȭȮȯȰȱȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯ"
    "ḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫ"
    "ṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẛẠạẢảẤấẦầẨẩẪẫẬ"
    "ậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨ"
    "ứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ"
)
FOLD_TO = (
    "AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaC"
    "cCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOo"
    "RrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzOoUuAaIiOoUuUuUuUuU"
    "uAaAaÆæGgKkOoOoƷʒjGgNnAaÆæØøAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAa"
    "EeOoOoOoOoYyAaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIi"
    "KkKkKkLlLlLlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTt"
    "TtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwyſAaAaAaAaAaAaA"
    "aAaAaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuU"
    "uUuUuUuUuYyYyYyYy"
)

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE articles_article_fts USING fts5(
        headline, dek, body_text, search_terms,
        content='articles_article', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER articles_article_fts_insert AFTER INSERT ON articles_article BEGIN
        INSERT INTO articles_article_fts(rowid, headline, dek, body_text, search_terms)
        VALUES (new.id, new.headline, new.dek, new.body_text, new.search_terms);
    END
    """,
    # An external-content table must be told the old values to remove them from the index.
    """
    CREATE TRIGGER articles_article_fts_delete AFTER DELETE ON articles_article BEGIN
        INSERT INTO articles_article_fts(articles_article_fts, rowid, headline, dek, body_text,
                                         search_terms)
        VALUES ('delete', old.id, old.headline, old.dek, old.body_text, old.search_terms);
    END
    """,
    # Only the indexed columns (and id): publishing or retitling a slug does not touch the index.
    """
    CREATE TRIGGER articles_article_fts_update
    AFTER UPDATE OF id, headline, dek, body_text, search_terms ON articles_article BEGIN
        INSERT INTO articles_article_fts(articles_article_fts, rowid, headline, dek, body_text,
                                         search_terms)
        VALUES ('delete', old.id, old.headline, old.dek, old.body_text, old.search_terms);
        INSERT INTO articles_article_fts(rowid, headline, dek, body_text, search_terms)
        VALUES (new.id, new.headline, new.dek, new.body_text, new.search_terms);
    END
    """,
    # Index the rows that exist already.
    "INSERT INTO articles_article_fts(articles_article_fts) VALUES ('rebuild')",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS articles_article_fts_update",
    "DROP TRIGGER IF EXISTS articles_article_fts_delete",
    "DROP TRIGGER IF EXISTS articles_article_fts_insert",
    "DROP TABLE IF EXISTS articles_article_fts",
]

POSTGRESQL_FORWARD = [
    f"""
    CREATE FUNCTION articles_fold_accents(value text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT translate(value, '{FOLD_FROM}', '{FOLD_TO}') $$
    """,
    """
    ALTER TABLE articles_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', articles_fold_accents(coalesce(headline, ''))), 'A')
        || setweight(to_tsvector('english', articles_fold_accents(coalesce(dek, ''))), 'B')
        || setweight(to_tsvector('english', articles_fold_accents(coalesce(search_terms, ''))), 'C')
        || setweight(to_tsvector('english', articles_fold_accents(coalesce(body_text, ''))), 'D')
    ) STORED
    """,
    # The search query: search_vector @@ websearch_to_tsquery(...).
    "CREATE INDEX article_search_vector_idx ON articles_article USING gin (search_vector)",
]

POSTGRESQL_BACKWARD = [
    # Dropping the column drops its index.
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
    "DROP FUNCTION IF EXISTS articles_fold_accents(text)",
]


def _run(schema_editor, statements_by_vendor):
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        # params=None: the SQL is sent as is, with no placeholder parsing.
        schema_editor.execute(statement, params=None)


def create_search_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD})


def drop_search_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD})


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_article_search_text"),
    ]

    operations = [migrations.RunPython(create_search_index, drop_search_index)]
