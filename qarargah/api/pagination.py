"""Page-number pagination with a Persian message for a page that does not exist."""

from __future__ import annotations

from django.core.paginator import InvalidPage as DjangoInvalidPage
from rest_framework.pagination import PageNumberPagination

from qarargah.core.pagination import KeysFirstPaginator
from qarargah.persian import to_persian_digits

from .errors import InvalidPage


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    django_paginator_class = KeysFirstPaginator

    def paginate_queryset(self, queryset, request, view=None):
        page_size = self.get_page_size(request)
        if not page_size:
            return None
        # A view may load a page's rows by key itself (see KeysFirstPaginator's ``rows``), so
        # that the list's filters are not planned a second time for 50 rows.
        paginator = self.django_paginator_class(queryset, page_size, rows=getattr(view, "page_rows", None))
        page_number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(page_number)
        except DjangoInvalidPage:
            raise InvalidPage(
                f"صفحه «{to_persian_digits(str(page_number))}» وجود ندارد؛ این فهرست "
                f"{to_persian_digits(str(paginator.num_pages))} صفحه دارد."
            ) from None
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        self.request = request
        return list(self.page)
