from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import exports
from .models import Partner
from .selectors import (
    directory_context,
    directory_filterset,
    partner_detail_context,
    published_partner,
)


@require_safe
def partner_list(request):
    return render(request, "partners/partner_list.html", directory_context(request))


@require_safe
def export_csv(request):
    return exports.csv_response(directory_filterset(request.GET), request)


@require_safe
def export_json(request):
    return exports.json_response(directory_filterset(request.GET), request)


@require_safe
def partner_detail(request, slug):
    try:
        partner = published_partner(slug)
    except Partner.DoesNotExist:
        raise Http404 from None
    return render(request, "partners/partner_detail.html", partner_detail_context(partner))
