from django.urls import path

from articles import feeds, tag_views, views

app_name = "articles"

urlpatterns = [
    path("", views.front_page, name="front"),
    path("articles/", views.article_list, name="list"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    path("articles/<slug:slug>/updates/", views.live_updates, name="live_updates"),
    path("search/", views.search, name="search"),
    path("corrections/", views.corrections, name="corrections"),
    path("sections/<slug:slug>/", views.section_detail, name="section"),
    path("authors/<slug:slug>/", views.author_detail, name="author"),
    path("preview/<str:token>/", views.shared_preview, name="shared_preview"),
    path("feeds/latest/", feeds.LatestFeed(), name="feed_latest"),
    path("feeds/latest/atom/", feeds.LatestAtomFeed(), name="feed_latest_atom"),
    path("sections/<slug:slug>/feed/", feeds.SectionFeed(), name="feed_section"),
    path("tags/<slug:slug>/feed/", feeds.TagFeed(), name="feed_tag"),
    path("people/<slug:slug>/feed/", feeds.PersonFeed(), name="feed_person"),
    path("authors/<slug:slug>/feed/", feeds.AuthorFeed(), name="feed_author"),
]

# The tag pages, under /tags/ in their own namespace ("tags:index", "tags:detail").
tag_patterns = (
    [
        path("", tag_views.tag_index, name="index"),
        path("<slug:slug>/", tag_views.tag_detail, name="detail"),
    ],
    "tags",
)

# Outside the namespace: short, conventional names for the crawler-facing files.
sitemap_patterns = [
    path("sitemap.xml", views.sitemap_index, name="sitemap_index"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
    path("news-sitemap.xml", views.news_sitemap, name="news_sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
