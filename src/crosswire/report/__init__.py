"""Floor 5, report: what the library hands to readers and to other programs.

The JSON forms of articles, annotations and dossiers (`article_json`, `annotation_json`,
`dossier_json`: field names are a contract), and the dossier for readers (`render`: one
self-contained HTML file, Markdown; `svg` for its charts; Jinja templates in `templates/`).
"""
