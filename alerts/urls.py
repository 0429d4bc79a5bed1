from django.urls import path

from alerts import views

app_name = "alerts"

urlpatterns = [
    path("newsletters/", views.newsletters, name="newsletters"),
    path("follow/<slug:kind>/<slug:slug>/", views.follow, name="follow"),
    path("alerts/confirm/<str:token>/", views.confirm, name="confirm"),
    path("alerts/manage/<str:token>/", views.manage, name="manage"),
    path("alerts/manage/<str:token>/export/", views.export, name="export"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
