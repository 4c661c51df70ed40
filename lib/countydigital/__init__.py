"""countydigital: executable research notebooks for the 2022 report
《欠发达县域数字化就业价值研究报告》 (Tsinghua County Governance Research Center).

Modules:
    paths       every folder the project uses
    datafetch   external data manifest, mirror and checksum verification
    census      2010/2020 county census in one tidy schema; county lookup
    boundaries  county polygons and equal-area areas
    survey      questionnaire codebook, importers, validation, synthetic stand-in, estimators
    claims      the report's claims registry, recording API, statuses
    plotting    figure style and CJK font set-up
    runner      papermill execution, nbconvert publishing, the site
"""
__version__ = "0.1.0"
