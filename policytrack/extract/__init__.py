"""Reading an article: proposing the positions it reports, for an analyst to judge.

``words`` finds the catalog's names and the analyst's vocabulary in a text
(on word stems), ``when`` reads date phrases against the publication date,
``propose`` turns sentences into candidate positions, ``draft`` writes them
as a bundle to edit and import. Nothing here writes to the database.
"""
