from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from . import exports
from .models import Partner
from .selectors import (
    directory_context,
    directory_filterset,
    partner_detail_context,
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
    partner = get_object_or_404(Partner.objects.published(), slug=slug)
    return render(request, "partners/partner_detail.html", partner_detail_context(partner))
