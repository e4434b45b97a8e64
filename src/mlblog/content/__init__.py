"""Reading the site's content folder: sources, front matter, dates, slugs, models."""
