"""Floor 4, compare: one story across its outlets, as a `Dossier`.

Which articles tell one story (`stories`, `story_merging`, on `embeddings`, without what one site
repeats: `site_furniture`; named by `story_titles`), which story a dossier covers (`story_choice`),
which copy or rewrite another (`derivation`, `derivation_candidates`), the facts they share
(`facts`), where they disagree (`conflicts`, `stances`, `conflict_words`, `tellings`), every
quote across outlets (`quote_tellings`, `quote_ledger`), publication dates and the timeline
(`publication_dates`, `timeline`), the actors (`actors`), and `dossier`, which runs them all.
"""
