from django import template

from relay.enums import PanelState
from relay.forms import ContactForm, ReceivingForm
from relay.selectors import opted_out, panel_state, remaining_today

register = template.Library()


@register.inclusion_tag("relay/panel.html", takes_context=True)
def contact_panel(context, partner):
    """The "write to this organisation" box of a partner page, for whoever is looking."""
    request = context["request"]
    state = panel_state(request.user, partner)
    panel = {"partner": partner, "state": state, "states": PanelState, "request": request}
    if state == PanelState.FORM:
        panel["form"] = ContactForm()
        panel["remaining"] = remaining_today(request.user)
    if state == PanelState.OWN:
        panel["receiving"] = not opted_out(partner)
        panel["receiving_form"] = ReceivingForm(initial={"receive": panel["receiving"]})
    # The CSRF token of the page, for the forms rendered here.
    panel["csrf_token"] = context.get("csrf_token")
    return panel
