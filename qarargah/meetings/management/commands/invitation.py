"""`qarargah invitation MEETING_ID --format docx|pdf -o FILE`: write a meeting's invitation."""

from ._document import DocumentCommand


class Command(DocumentCommand):
    help = "نوشتن دعوتنامه یک جلسه به صورت Word یا PDF."
    kind = "invitation"
    kind_fa = "دعوتنامه"
