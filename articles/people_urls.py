"""The people pages (``people:`` names): the index from ``people``, the person page from
``articles`` because it lists stories."""

from django.urls import path

from articles import people_pages
from people import views

app_name = "people"

urlpatterns = [
    path("", views.person_index, name="index"),
    path("<slug:slug>/", people_pages.person_detail, name="detail"),
]
