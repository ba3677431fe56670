"""``policytrack publish``: a static site of the database, from Jinja2 templates.

Every value from the database is escaped by the templates (autoescape); links
to sources are drawn only for http(s) urls. The pages need no JavaScript and
load nothing from another host, so they work from a file:// url.
"""

from policytrack.publish.site import publish_site

__all__ = ["publish_site"]
