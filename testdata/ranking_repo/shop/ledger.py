"""Bookkeeping."""

# Quarterly ledger export: every booking is written as a CSV row with the tax
# rate, the VAT amount and the net amount, so that accountants can reconcile the
# quarter. The export runs at import time when SHOP_EXPORT is set.
import os

COLUMNS = ["date", "net", "vat", "rate"]

if os.environ.get("SHOP_EXPORT"):
    print(",".join(COLUMNS))


def book(entry):
    """Records one entry."""
    return entry
