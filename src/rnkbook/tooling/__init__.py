"""The book's build machinery, kept apart from what notebooks import.

build (strict, incremental builds), execute (re-running stale notebooks), toc (reading
_toc.yml and glue references), bench (`make bench`), release (the bundle), bib (references.bib
from the registry), check (`make validate`), lab (`make lab`) and the Sphinx extension.
Notebooks never import from here; chapters use the small public face of `rnkbook`.
"""
