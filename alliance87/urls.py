from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import index, sitemap
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from django.views.i18n import set_language

from . import views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("health/", views.health, name="health"),
    path("ping/", views.ping, name="ping"),
    path(
        "sitemap.xml",
        index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("api/", include("api.urls")),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Browsers ask for /favicon.ico whatever the page says; no 404 on every first visit.
    path("favicon.ico", views.favicon, name="favicon"),
    re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", views.media, name="media"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    # Footer pages: plain templates (see README, "Footer pages").
    path("about/", TemplateView.as_view(template_name="pages/about.html"), name="about"),
    path("contact/", TemplateView.as_view(template_name="pages/contact.html"), name="contact"),
    path(
        "privacy/",
        TemplateView.as_view(
            template_name="pages/privacy.html",
            extra_context={"relay_retention_days": settings.RELAY_RETENTION_DAYS},
        ),
        name="privacy",
    ),
    path(
        "accessibility/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("partners/", include("partners.urls")),
    path("pathfinders/", include("pathfinders.urls")),
    path("action-groups/", include("actiongroups.urls")),
    path("events/", include("events.urls")),
    path("search/", include("search.urls")),
    path("countries/", include("countries.urls")),
    path("admin/", admin.site.urls),
    # Focal points: ours first (the dashboard is /account/), then django-allauth's login,
    # logout, password reset and e-mail confirmation pages.
    path("account/", include("accounts.urls")),
    path("account/", include("allauth.urls")),
    # Messages between partners' focal points, relayed by e-mail (app `relay`).
    path("messages/", include("relay.urls")),
    prefix_default_language=False,
)

handler404 = "alliance87.views.page_not_found"
handler500 = "alliance87.views.server_error"
