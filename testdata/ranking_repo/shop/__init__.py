"""A small shop back end."""
