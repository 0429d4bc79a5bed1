"""The newsroom's roles. A data migration creates the groups; tests and docs read this too."""

REPORTER = "Reporter"
EDITOR = "Editor"

# app_label.codename, as the roles migration (articles 0003) granted them; models added since
# are granted by their own migrations (pins and related picks: articles 0013; storylines:
# storylines 0001). Object-level rules live in articles/permissions.py (own drafts only, no
# publishing) and Article.visible_to_q (what each role may see).
REPORTER_PERMISSIONS = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.add_byline",
    "articles.change_byline",
    "articles.delete_byline",
    "articles.view_byline",
    "articles.view_correction",
    "articles.view_section",
    "articles.add_image",
    "articles.change_image",
    "articles.view_image",
    "people.view_person",
    "people.view_mention",
    "people.view_quote",
    "tags.add_tag",
    "tags.view_tag",
]

EDITOR_APPS = ["articles", "people", "tags"]
