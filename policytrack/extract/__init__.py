"""Reading an article: proposing the positions it reports, for an analyst to judge.

``words`` finds the catalog's names and the analyst's vocabulary in a text
(on word stems), ``vocabulary`` loads the catalog and the word lists the
rules read, ``when`` reads date phrases against the publication date,
``propose`` turns sentences into candidate positions (``judgement`` says what
condemning, welcoming or protesting stands for, ``negation`` what does not say
what it says), ``model`` asks a language
model instead, ``draft`` writes candidates as a bundle to edit and import,
``review`` goes through them at the terminal. Nothing here writes to the
database but ``review``'s accepted positions, through the positions service.
"""
