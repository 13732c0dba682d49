from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Pages by cursor, newest first by primary key (unique, so no row is seen twice)."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
