"""Section 03, vocational education: the programme records, the ledger facts they hold, a
transparent projection."""
