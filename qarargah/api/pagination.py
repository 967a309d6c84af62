"""Page-number pagination with a Persian message for a page that does not exist, and a Persian
400 for a ``page_size`` that is not a whole number from 1 to ``max_page_size`` (DRF silently
ignores such a value and answers 50 rows, which a client cannot tell from a real answer)."""

from __future__ import annotations

from django.core.paginator import InvalidPage as DjangoInvalidPage
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination

from qarargah.core.pagination import KeysFirstPaginator
from qarargah.persian import to_persian_digits

from .errors import InvalidPage


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    django_paginator_class = KeysFirstPaginator

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        f"اندازه صفحه (page_size) باید عددی از ۱ تا "
                        f"{to_persian_digits(str(self.max_page_size))} باشد."
                    ]
                }
            )
        return size

    def get_schema_operation_parameters(self, view):
        # The schema states the bounds the view enforces (a value outside them is a 400).
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": self.max_page_size}
                parameter["description"] = (
                    f"rows per page, 1 to {self.max_page_size} (default {self.page_size})"
                )
            elif parameter["name"] == self.page_query_param:
                parameter["description"] = (
                    "page number from 1; a page beyond the last is a 404 (invalid_page)"
                )
        return parameters

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
