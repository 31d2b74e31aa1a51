"""The site's own static files (CSS and JavaScript), copied into every generated site."""
