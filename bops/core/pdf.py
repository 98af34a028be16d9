"""PDFs (letters, site notices, decision notices): HTML and CSS from a Jinja2 template, rendered by WeasyPrint.

Nothing is fetched from outside while rendering: images (the QR code) are inlined as data URIs, and any other URL
is refused. The output is a tagged PDF (PDF/UA profile) so screen readers can read it.
"""

from typing import Any

import segno
from django.template.loader import get_template
from weasyprint import HTML
from weasyprint.urls import URLFetcher


def qr_data_uri(url: str) -> str:
    """A QR code for `url`, as an SVG data URI to put in an <img>."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def _local_only() -> URLFetcher:
    """Only inline data: a PDF never reaches the network or the file system while it renders."""
    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    html = get_template(template).render(context)
    return HTML(string=html, url_fetcher=_local_only()).write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]


def render_pdf_pages(template: str, pages: list[dict[str, Any]]) -> bytes:
    """One PDF with one or more pages per context (a batch of letters to print)."""
    html = get_template(template).render({"pages": pages})
    return HTML(string=html, url_fetcher=_local_only()).write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]
