from django.shortcuts import render
from django.views.decorators.http import require_safe

from .selectors import search_portal


@require_safe
def search(request):
    results = search_portal(request.GET.get("q", ""))
    return render(request, "search/results.html", {"results": results})
