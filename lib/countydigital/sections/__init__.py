"""The report's sections, one package each."""
