from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .selectors import country_for_hub, hub_context, overview_context


@require_safe
def pathfinder_list(request):
    context = overview_context(request.GET, today=timezone.localdate())
    return render(request, "pathfinders/pathfinder_list.html", context)


@require_safe
def pathfinder_detail(request, slug):
    country = country_for_hub(slug)
    if country is None:
        raise Http404(_("No pathfinder country has that address."))
    context = hub_context(country, today=timezone.localdate(), now=timezone.now())
    return render(request, "pathfinders/pathfinder_detail.html", context)
