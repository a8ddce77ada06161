"""`manage.py reseal_bids`: re-encrypt every sealed bid under the first key of BID_SEALING_KEY.

Rotation: put the new key first (`BID_SEALING_KEY=new,old`), restart, run this command, then
drop the old key. Versions, document details and document files are resealed one bid at a
time, each in its own transaction; running it twice changes nothing more.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from projects import sealing
from projects.models import Bid, BidDocument, BidVersion


class Command(BaseCommand):
    help = "Re-encrypt sealed bids (versions, proposal documents) under the newest sealing key."

    def handle(self, *args, **options):
        versions = documents = 0
        for bid_id in Bid.objects.order_by("pk").values_list("pk", flat=True).iterator():
            with transaction.atomic():
                for version in BidVersion.objects.select_for_update().filter(bid_id=bid_id):
                    version.sealed_content = sealing.reseal(version.sealed_content)
                    version.save(update_fields=["sealed_content"])
                    versions += 1
                for document in BidDocument.objects.select_for_update().filter(bid_id=bid_id):
                    self._reseal_file(document)
                    document.sealed_details = sealing.reseal(document.sealed_details)
                    document.save(update_fields=["sealed_details", "file"])
                    documents += 1
        self.stdout.write(
            self.style.SUCCESS(f"Resealed {versions} bid versions and {documents} documents.")
        )

    def _reseal_file(self, document: BidDocument) -> None:
        """The file is written anew under a new name and the old one removed after commit, so
        a failure leaves the row pointing at a readable file."""
        storage = document.file.storage
        old_name = document.file.name
        with storage.open(old_name, "rb") as handle:
            resealed = sealing.reseal(handle.read().decode("ascii"))
        document.file.save("resealed", ContentFile(resealed.encode("ascii")), save=False)
        transaction.on_commit(lambda: storage.delete(old_name))
