"""Turn the typed model into Markdown pages. Data in, strings out; no MkDocs."""
