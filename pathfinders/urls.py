from django.urls import path

from . import views

app_name = "pathfinders"
urlpatterns = [
    path("", views.pathfinder_list, name="list"),
    path("<slug:slug>/", views.pathfinder_detail, name="detail"),
    path("<slug:slug>/gaps.csv", views.gaps_csv, name="gaps_csv"),
]
