from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from . import selectors
from .models import ActionGroup


@require_safe
def group_list(request):
    return render(request, "actiongroups/group_list.html", {"groups": selectors.group_list()})


@require_safe
def group_detail(request, slug):
    group = get_object_or_404(ActionGroup.objects.published(), slug=slug)
    context = selectors.group_detail_context(group, request.GET.get("plan"))
    return render(request, "actiongroups/group_detail.html", context)
