from django import template

from countries.maps import rendered_map

register = template.Library()


@register.simple_tag
def world_map(built_map):
    """`{% world_map country_map %}`: the map's figure, its legend and its table twin."""
    return rendered_map(built_map)
