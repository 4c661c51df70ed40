"""The report's sections, one package each: context (00), employment (01), talent (02),
programs (03).

Each section splits its work the same way: `analysis` computes (tables, estimates, the
values recorded in the claims ledger), `text` writes the sentences and display tables a
reader sees (zh / en), `plots` draws the figures. The programme section adds `records`
(the validated tables), `facts` (programme claims for the ledger) and `projection`.
`scope` is what the two survey notebooks prepare: the survey and the respondents shown.
"""
