"""A whole site from pages and bundle, whatever the engine: the steps before and after the pages, the theme files."""
