from django.urls import path

from articles import api

app_name = "api"

urlpatterns = [
    path("articles/", api.article_list, name="articles"),
    path("articles/<int:pk>/", api.article_detail, name="article"),
    path("people/", api.person_list, name="people"),
    path("tags/", api.tag_list, name="tags"),
]
