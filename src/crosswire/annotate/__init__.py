"""Floor 3, annotate: who said what, and when, as spans into each article's text.

`annotator` runs the stage: the spaCy parse (`spacy_model`), entities and coreference
(`entities`, `coref`), quotes (`quotemarks`, `quotes`, `indirect_quotes`, `cues`, `speakers`,
`speech_lexicon`, `translations`), whose word each sentence is (`attribution`), the statements and
clauses facts are made of (`statements`, `clauses`, `predicates`) and time expressions (`timex`
with its `timex_patterns`, `timex_rules` and `timex_values`).

The public function `crosswire.annotate` is defined in `crosswire.pipeline`; the modules of this
package are imported by their full paths (`crosswire.annotate.quotes`).
"""
