"""Jinja2 templates of the site's pages (a package only so that they ship in the wheel)."""
