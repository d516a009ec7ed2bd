"""Views: the reader and its find bar."""
