from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils.translation import gettext as _


def paginate(request, object_list, per_page):
    """One page of results; a page that is not a positive number within range is a 404.

    The 404 page offers a link back to the first page with the same filters.
    """
    paginator = Paginator(object_list, per_page)
    raw = request.GET.get("page", "1")
    if len(raw) > 12:
        raise Http404(_("That page does not exist."))
    try:
        return paginator.page(raw)
    except InvalidPage:
        raise Http404(_("That page does not exist.")) from None
