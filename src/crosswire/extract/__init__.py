"""Floor 2, extract: a `Page` becomes an `Article`, the clean text behind the page's furniture.

Text mode (`textmode`, `textparts`, `linefeatures`, `lexicon`) reads page dumps line by line; HTML
mode (`htmlmode`, `htmlrender`, `htmlmeta`) reads markup through trafilatura. Both end in labelled
lines that `article` assembles, with the metadata (`metadata`, `page_dates`, `date_mentions`,
`sitename`, `urls`), the language (`language`) and the furniture several pages of one outlet
share (`outlet_furniture`).

The public function `crosswire.extract` (inputs -> articles) is defined in `crosswire.pipeline`;
the modules of this package are imported by their full paths (`crosswire.extract.textmode`).
"""
