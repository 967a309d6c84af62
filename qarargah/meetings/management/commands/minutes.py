"""`qarargah minutes MEETING_ID --format docx|pdf -o FILE`: write a meeting's minutes."""

from ._document import DocumentCommand


class Command(DocumentCommand):
    help = "نوشتن صورتجلسه یک جلسه به صورت Word یا PDF."
    kind = "minutes"
    kind_fa = "صورتجلسه"
