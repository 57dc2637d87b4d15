from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.utils.translation import gettext as _


def paginate(request, object_list, per_page, count=None):
    """One page of results; a page that is not a positive number within range is a 404.

    The 404 page offers a link back to the first page with the same filters. `count` is the
    number of rows when the caller already knows it, to spare the database a second count.
    """
    return page_of(object_list, per_page, request.GET.get("page", "1"), count=count)


def page_of(object_list, per_page, number, count=None):
    """Page `number` (as given in a URL) of `object_list`; out of range or not a number: 404."""
    paginator = Paginator(object_list, per_page)
    if count is not None:
        paginator.count = count
    raw = str(number)
    if len(raw) > 12:
        raise Http404(_("That page does not exist."))
    try:
        return paginator.page(raw)
    except InvalidPage:
        raise Http404(_("That page does not exist.")) from None
