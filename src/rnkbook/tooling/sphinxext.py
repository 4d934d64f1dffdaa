"""A small Sphinx extension for the book: literal bibliography text, faster look-ups, the data
date on every page, and a link to the PDF edition only when it exists.

The bibliography is generated from the source registry (rnkbook.tooling.bib), whose titles
are data: plain text, never LaTeX. pybtex would read `%` as a comment, `{}` as groups and
`$` as math, so its LaTeX parsing is replaced by the registry's own literal decoding; Sphinx
then escapes the text for HTML and for LaTeX.

pybtex and sphinxcontrib-bibtex look up their plugins through Python entry points on
every citation they format, and each look-up scans every installed package (about
1.4 s of a 8 s render for this book). The installed packages cannot change during a
build, so the look-ups are cached; plugins registered at run time are still checked
first by both libraries, so behaviour is unchanged.
"""
from __future__ import annotations

import functools
from importlib import metadata
from pathlib import Path

from sphinx.util.docutils import SphinxDirective


@functools.lru_cache(maxsize=None)
def _cached_entry_points(group: str, name: str) -> tuple:
    return tuple(metadata.entry_points(group=group, name=name))


def entry_points(*, group: str, name: str):
    return _cached_entry_points(group, name)


def _literal(cls, latex: str):
    from .bib import decode

    return cls(decode(latex))


PDF_NAME = "rnk-book.pdf"


def data_banner(app, config):
    """One 'data as of' date for the whole book, computed from the data, on every page."""
    from ..sources import book_data_as_of_text

    options = dict(config.html_theme_options or {})
    options["announcement"] = f"Data as of {book_data_as_of_text()}. Events after that date are not covered."
    config.html_theme_options = options


class PdfLink(SphinxDirective):
    """A link to the PDF edition if it has been built, else how to build it."""

    has_content = False

    def run(self):
        from docutils import nodes

        outdir = Path(self.env.app.outdir)
        built = (outdir / PDF_NAME).exists() or (outdir.parent / "latex" / PDF_NAME).exists()
        self.env.note_dependency(str(outdir.parent / "latex" / PDF_NAME))
        para = nodes.paragraph()
        if built and self.env.app.builder.format == "html":
            para += nodes.Text("The PDF edition, built from the same notebooks (figures and results, without the code): ")
            para += nodes.reference("", PDF_NAME, refuri=f"{'../' * self.env.docname.count('/')}{PDF_NAME}")
            para += nodes.Text(".")
        elif self.env.app.builder.format == "html":
            para += nodes.Text("A PDF edition can be built from the same notebooks with ")
            para += nodes.literal("", "make pdf")
            para += nodes.Text("; this copy of the site was built without it.")
        else:
            para += nodes.Text("This is the PDF edition; the HTML edition has the code and the full tables.")
        return [para]


class DataDate(SphinxDirective):
    """The book's one data date, said in the text (the HTML banner is not in the PDF)."""

    has_content = False

    def run(self):
        from docutils import nodes

        from ..data import load
        from ..sources import book_data_as_of_text, long_date

        # The last day a source was checked: when the search for newer evidence ended.
        research_end = long_date(load("sources")["accessed"].max())
        para = nodes.paragraph()
        para += nodes.strong("", f"Data as of {book_data_as_of_text()}.")
        para += nodes.Text(f" The research for this edition ended on {research_end}; the newest evidence we could "
                           "find and source to the book's standard dates from the day above. Events after it are "
                           "not covered.")
        return [para]


def pdf_state_changed(app, env, added, changed, removed):
    """Re-read the pages that link to the PDF when it appears or disappears."""
    outdir = Path(app.outdir)
    state = (outdir / PDF_NAME).exists() or (outdir.parent / "latex" / PDF_NAME).exists()
    previous = getattr(env, "rnk_pdf_state", None)
    env.rnk_pdf_state = state
    if previous is None or previous == state:
        return []
    return [doc for doc in env.found_docs if doc.endswith("intro")]


def glue_sources_changed(app, env, added, changed, removed):
    """Re-read every page that shows a value glued in a notebook Sphinx is re-reading.

    Sphinx re-reads a notebook whose file changed, however it was run (the build, the execute
    tool, an author's own run); without this the Markdown pages showing its glued values would
    keep the old numbers.
    """
    from .toc import cross_page_dependents

    srcdir = Path(app.srcdir)
    rereading = {(srcdir / env.doc2path(doc, False)).resolve() for doc in set(added) | set(changed)}
    extra = set()
    for notebook, pages in cross_page_dependents(srcdir).items():
        if notebook in rereading:
            for page in pages:
                doc = env.path2doc(str(page))
                if doc and doc not in added and doc not in changed:
                    extra.add(doc)
    return sorted(extra)


def link_first_use_of_terms(app, doctree, docname):
    """Link the first use of each glossary acronym on every page to its glossary entry.

    Authors mark the first use with {term} where the prose spells the acronym out; this catches
    the rest. Only running text is touched: links (citations among them), literals and raw HTML
    (the data tables) are left as they are. The link's title gives the acronym's meaning.
    """
    import re

    from docutils import nodes

    objects = app.env.get_domain("std").objects  # {(type, name): (docname, labelid)}
    terms = {name: where for (kind, name), where in objects.items() if kind == "term" and name.isupper()}
    if not terms or docname == next(iter(terms.values()))[0]:
        return
    definitions = getattr(app.env, "rnk_term_definitions", {})
    pattern = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, terms), key=len, reverse=True)) + r")(?![\w-])")
    done: set[str] = set()
    skip = (nodes.reference, nodes.literal, nodes.raw, nodes.title, nodes.literal_block, nodes.target)
    for text in list(doctree.findall(nodes.Text)):
        if any(isinstance(a, skip) for a in _ancestors(text)):
            # an author's {term} link counts as the first use
            ref = next((a for a in _ancestors(text) if isinstance(a, nodes.reference)), None)
            if ref is not None and "glossary" in (ref.get("refuri") or ""):
                done.update(m.group(1) for m in pattern.finditer(text.astext()))
            continue
        value = text.astext()
        pieces, last = [], 0
        for match in pattern.finditer(value):
            term = match.group(1)
            if term in done:
                continue
            done.add(term)
            target_doc, label = terms[term]
            uri = app.builder.get_relative_uri(docname, target_doc) + "#" + label
            pieces += [nodes.Text(value[last:match.start()]),
                       nodes.reference(term, term, refuri=uri, internal=True, reftitle=definitions.get(term, ""),
                                       classes=["rnk-term"])]
            last = match.end()
        if pieces:
            pieces.append(nodes.Text(value[last:]))
            parent = text.parent
            index = parent.index(text)
            parent.remove(text)
            for offset, piece in enumerate(pieces):
                parent.insert(index + offset, piece)


def read_term_definitions(app):
    """The glossary's definitions, for the title (tooltip) of each automatic term link."""
    import re

    glossary = Path(app.srcdir) / "chapters" / "glossary.md"
    found = {}
    if glossary.exists():
        for term, text in re.findall(r"^([A-Z][A-Za-z0-9/-]+)\n  (.+)$", glossary.read_text(encoding="utf-8"), re.M):
            found[term] = text.strip()
    app.env.rnk_term_definitions = found


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def _literal_title_style():
    """pybtex's plain style, but titles as the source wrote them: 'MSMT', 'Putin' and 'U.S.' keep
    their capitals (plain sentence-cases titles, which lowercases every proper noun)."""
    from pybtex.style.formatting.plain import Style as Plain
    from pybtex.style.template import field, sentence

    class Style(Plain):
        def format_title(self, e, which_field, as_sentence=True):
            title = field(which_field)
            return sentence[title] if as_sentence else title

    return Style


def setup(app):
    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin
    from pybtex.richtext import Text

    Text.from_latex = classmethod(_literal)
    app.connect("config-inited", data_banner)
    app.connect("env-get-outdated", pdf_state_changed)
    app.connect("env-get-outdated", glue_sources_changed)
    app.add_directive("rnk-pdf-link", PdfLink)
    app.add_directive("rnk-data-date", DataDate)
    app.connect("doctree-resolved", link_first_use_of_terms)
    app.connect("builder-inited", read_term_definitions)

    pybtex.plugin.register_plugin("pybtex.style.formatting", "rnkplain", _literal_title_style())
    pybtex.plugin.entry_points = entry_points
    sphinxcontrib.bibtex.plugin._entry_points = lambda group, name: list(_cached_entry_points(group, name))
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
