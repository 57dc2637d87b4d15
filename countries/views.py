from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .selectors import country_context, country_name


@require_safe
def country_detail(request, code):
    if code != code.lower():
        # One address per country: /countries/NP/ → /countries/np/.
        return redirect("countries:detail", code=code.lower(), permanent=True)
    if not country_name(code.upper()):
        raise Http404(_("No country has that ISO code."))
    context = country_context(code.upper(), now=timezone.now())
    return render(request, "countries/country_detail.html", context)
