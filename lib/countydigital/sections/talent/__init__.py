"""Section 02, talent return: the employees against their county's population, and peers."""
