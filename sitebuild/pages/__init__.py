"""Markdown and data into HTML: macros, tables, the checker's form, links, page translations, the security policy."""
