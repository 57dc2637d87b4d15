"""Read the sitemap as a search engine does: the index, then every page it names."""

import re
from urllib.parse import urlsplit

LOC = re.compile(r"<loc>([^<]+)</loc>")


def index_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return LOC.findall(response.content.decode())


def page_paths(client):
    """Path and query of each sitemap page the index names."""
    return [
        urlsplit(loc).path + ("?" + urlsplit(loc).query if urlsplit(loc).query else "")
        for loc in index_locations(client)
    ]


def all_sitemap_xml(client):
    """Every page the index names, joined: what the whole sitemap says."""
    bodies = []
    for path in page_paths(client):
        response = client.get(path)
        assert response.status_code == 200, path
        bodies.append(response.content.decode())
    return "\n".join(bodies)
