from django.urls import path

from . import views

app_name = "relay"

urlpatterns = [
    path("to/<slug:slug>/", views.write, name="write"),
    path("to/<slug:slug>/receiving/", views.receiving, name="receiving"),
    path("report/<str:token>/", views.report, name="report"),
]
