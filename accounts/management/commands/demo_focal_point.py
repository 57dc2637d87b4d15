"""Print one-time invitation links for a demo focal point of one organisation and one pathfinder
country: no fixed password, the newcomer chooses one by following the link."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from accounts import services


class Command(BaseCommand):
    help = "Create invitations for demo focal points and print their one-time links."

    def add_arguments(self, parser):
        parser.add_argument("--partner", help="slug of the organisation (default: the first)")
        parser.add_argument("--country", help="slug of the pathfinder country (default: first)")
        parser.add_argument("--base-url", default=None, help="default: PORTAL_BASE_URL")

    def handle(self, *args, **options):
        from partners.models import Partner
        from pathfinders.models import PathfinderCountry

        partner = _pick(Partner.objects.published(), options["partner"])
        country = _pick(PathfinderCountry.objects.published(), options["country"])
        if partner is None and country is None:
            raise CommandError("No organisation or pathfinder country found: run `make demo`.")
        base = (options["base_url"] or settings.PORTAL_BASE_URL or "http://127.0.0.1:8000").rstrip(
            "/"
        )
        for target, email in (
            (partner, "focal.point@example.org"),
            (country, "country.focal@example.org"),
        ):
            if target is None:
                continue
            kind = {"partner": target} if target is partner else {"country": target}
            invitation, token = services.create_invitation(email=email, **kind)
            link = base + services.invitation_path(token)
            self.stdout.write(f"{target}: {link}")
        self.stdout.write(
            f"Then sign in at {base}{reverse('account_login')} with the address shown."
        )


def _pick(queryset, slug):
    if slug:
        found = queryset.filter(slug=slug).first()
        if found is None:
            raise CommandError(f"Nothing published has the slug {slug!r}.")
        return found
    return queryset.order_by("pk").first()
