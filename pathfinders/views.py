import csv

from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from common.spreadsheets import safe_cell

from .gaps import GAP_PARTNER_LIMIT
from .models import PathfinderCountry
from .selectors import (
    country_gaps,
    hub_context,
    overview_context,
    priorities_prefetch,
    priority_themes,
)


@require_safe
def pathfinder_list(request):
    context = overview_context(request.GET, today=timezone.localdate())
    return render(request, "pathfinders/pathfinder_list.html", context)


@require_safe
def pathfinder_detail(request, slug):
    country = get_object_or_404(PathfinderCountry.objects.published(), slug=slug)
    context = hub_context(country, today=timezone.localdate(), now=timezone.now())
    return render(request, "pathfinders/pathfinder_detail.html", context)


@require_safe
def gaps_csv(request, slug):
    """The hub's gap view as a spreadsheet: one row per priority theme."""
    country = get_object_or_404(PathfinderCountry.objects.published(), slug=slug)
    prefetch_related_objects([country], priorities_prefetch())
    rows = country_gaps(country, priority_themes(list(country.priorities.all())))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{country.slug}-gaps.csv"'
    writer = csv.writer(response)
    region = str(country.region.name) if country.region else ""
    writer.writerow(
        [
            _("Priority theme"),
            _("Partners working on it here"),
            _("Their names (first %(count)d)") % {"count": GAP_PARTNER_LIMIT},
            _("Partners working on it elsewhere in %(region)s") % {"region": region},
        ]
    )
    for row in rows:
        names = "; ".join(name for name, _slug in row.partners)
        writer.writerow([safe_cell(row.theme.name), row.here, safe_cell(names), row.elsewhere])
    return response
