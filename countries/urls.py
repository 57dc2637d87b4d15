from django.urls import re_path

from . import views

app_name = "countries"
urlpatterns = [
    # ISO 3166-1 alpha-2 codes; anything else is not a country page (404).
    re_path(r"^(?P<code>[A-Za-z]{2})/$", views.country_detail, name="detail"),
]
