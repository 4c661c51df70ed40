"""Section 00, the county in context: the census beside province and nation, and the
report's national county shares."""
