"""`{% site_json_ld %}`, `{% partner_json_ld partner %}`, `{% event_json_ld event %}`."""

from django import template

from api import structured_data

register = template.Library()


@register.simple_tag(takes_context=True)
def site_json_ld(context):
    return structured_data.script_block(structured_data.site(context["request"]))


@register.simple_tag(takes_context=True)
def partner_json_ld(context, partner):
    data = structured_data.organisation(
        context["request"],
        partner,
        context.get("countries_of_work", ()),
        context.get("memberships", ()),
    )
    return structured_data.script_block(data)


@register.simple_tag(takes_context=True)
def event_json_ld(context, event):
    return structured_data.script_block(structured_data.event(context["request"], event))
