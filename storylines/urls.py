from django.urls import path

from storylines import feeds, views

app_name = "storylines"

urlpatterns = [
    path("", views.storyline_index, name="index"),
    path("<slug:slug>/", views.storyline_detail, name="detail"),
    path("<slug:slug>/feed/", feeds.StorylineFeed(), name="feed"),
]
