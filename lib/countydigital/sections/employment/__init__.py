"""Section 01, employment value: who the jobs went to, job quality, pay against the county,
women's employment, the county's labour market."""
