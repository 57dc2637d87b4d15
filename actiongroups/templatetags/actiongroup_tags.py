from django import template

register = template.Library()


@register.filter
def initials(partner):
    """Stand-in text for a missing logo: the acronym, else the initials of the main words."""
    if partner.acronym:
        return partner.acronym[:6]
    words = [word for word in partner.name.split() if word[:1].isupper()]
    return "".join(word[0] for word in words[:3]) or partner.name[:2]
