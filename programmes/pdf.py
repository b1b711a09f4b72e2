"""PDF documents: WeasyPrint rendering that never touches the network, and a cache of results.

Rendering
    Every PDF is a Django template (``templates/programmes/documents/``) that is also served as
    HTML for preview and measuring. It is written as PDF/UA-1 (:data:`PDF_VARIANT`): a tagged
    PDF whose structure tree follows the HTML (headings, paragraphs, lists, tables with their
    header cells, links), with the document's language (``<html lang>``, the catalog's
    ``/Lang``) and its title (``<title>``, shown by readers instead of the file name), so that a
    screen reader reads the Arabic booklet in Arabic and in reading order.

    WeasyPrint reads the HTML with :class:`LocalFetcher`: ``data:`` URLs, and ``/static/...``
    and ``/media/...`` paths read from disk (static files through the staticfiles finders,
    then ``STATIC_ROOT``; uploads from ``MEDIA_ROOT``). Any other URL —
    ``http(s):``, another ``file:`` path, a path escaping those directories — is refused: the
    resource is skipped and the PDF is made without it. Fonts are named by their local family
    names in ``static/css/print.css`` (Noto Naskh Arabic and Amiri, Noto Sans, Noto Sans
    Tifinagh) and found by fontconfig: no ``@font-face`` and no download.

Cache
    A PDF is generated again only when what it shows changed. Its key is
    ``pdf:<kind>:<language>:<ids>:<version>:<templates>:<rendering>:<host>``:

    - ``version`` is the digest of the database rows the document shows, read with
      ``values_list`` (see ``programmes.documents``). ``updated_at`` alone is not enough: the
      workbook import writes activities and indicators with ``bulk_update`` (no ``auto_now``),
      and axes, indicators, partners, stations, events and committee rows have no
      ``updated_at``; row digests catch every edit, deletion and addition for about twenty
      small queries, a few milliseconds, against seconds of rendering.
    - ``templates`` is the digest of the document templates, the print stylesheet and the
      compiled message catalogues, computed once per process: a deployment that changes how
      documents look or read changes every key.
    - ``rendering`` is :data:`RENDERING`, changed by hand when the way the HTML becomes a PDF
      changes (WeasyPrint options in :func:`html_to_pdf`): PDFs made the old way, untagged
      before PDF/UA, are never served again.

    Results are stored as bytes in Django's cache (Redis when ``REDIS_URL`` is set, local
    memory otherwise) for :data:`CACHE_TIMEOUT`; an entry that is never asked for again
    expires. :data:`RENDERS` counts WeasyPrint runs per document kind, for tests and benchmarks.
"""

import hashlib
import logging
import mimetypes
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language, pgettext
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

#: Base URL of the HTML given to WeasyPrint: "/static/css/print.css" becomes
#: "file:///static/css/print.css", which :class:`LocalFetcher` maps to the file on disk.
BASE_URL = "file:///"
#: Thirty days: an unchanged document is served from the cache; a changed one has a new key.
CACHE_TIMEOUT = 30 * 24 * 3600
#: WeasyPrint runs since the process started, per document kind.
RENDERS = Counter()
#: Tagged PDF for accessibility (structure tree, /Lang, title shown, XMP metadata).
PDF_VARIANT = "pdf/ua-1"
#: Part of every cache key: bump it when :func:`html_to_pdf` renders differently.
RENDERING = "ua1"

_DOCUMENT_FILES = (
    ("templates/programmes/documents", "*.html"),
    ("static/css", "print.css"),
    ("static/css", "sizes.css"),
    ("locale", "*.mo"),
)
_templates_digest = None


class RefusedURL(ValueError):
    """A document asked for a resource outside the static and media files."""


def _url_prefix(setting):
    """ "/static/" from STATIC_URL = "static/" (or "/static/", or "https://host/static/")."""
    path = urlsplit(setting or "").path
    return "/" + path.strip("/") + "/" if path.strip("/") else None


def _inside(root, relative):
    """``root / relative`` when it stays inside ``root`` and is a file, else None."""
    root = Path(root).resolve()
    candidate = (root / relative).resolve()
    if candidate.is_file() and candidate.is_relative_to(root):
        return candidate
    return None


def local_path(url):
    """The file on disk behind a document's ``/static/...`` or ``/media/...`` URL, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "file") or parts.netloc not in ("", "localhost"):
        return None
    path = unquote(parts.path)
    static_prefix = _url_prefix(settings.STATIC_URL)
    if static_prefix and path.startswith(static_prefix):
        relative = path[len(static_prefix) :]
        if ".." in Path(relative).parts:
            return None
        found = finders.find(relative)
        if found:
            return Path(found)
        return _inside(settings.STATIC_ROOT, relative) if settings.STATIC_ROOT else None
    media_prefix = _url_prefix(settings.MEDIA_URL)
    if media_prefix and path.startswith(media_prefix) and settings.MEDIA_ROOT:
        return _inside(settings.MEDIA_ROOT, path[len(media_prefix) :])
    return None


class LocalFetcher(URLFetcher):
    """WeasyPrint's fetcher limited to ``data:`` URLs and the portal's static and media files."""

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = local_path(url)
        if path is None:
            logger.warning("PDF: refused to fetch %s", url)
            raise RefusedURL(f"Not a static or media file: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
        )


def html_to_pdf(html):
    """Render an HTML string to tagged PDF bytes (PDF/UA-1), offline."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=LocalFetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def page_footer_css():
    """The CSS ``content`` of the footer: "صفحة " counter(page) " من " counter(pages)."""
    text = pgettext("PDF page footer", "Page %(number)s of %(total)s") % {
        "number": "\x00\x01\x00",
        "total": "\x00\x02\x00",
    }
    parts = []
    for piece in text.split("\x00"):
        if piece == "\x01":
            parts.append("counter(page)")
        elif piece == "\x02":
            parts.append("counter(pages)")
        elif piece:
            escaped = piece.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")
            parts.append(f'"{escaped}"')
    return " ".join(parts)


def templates_digest():
    """Digest of the document templates, print stylesheet and catalogues (once per process)."""
    global _templates_digest
    if _templates_digest is None:
        digest = hashlib.sha256()
        for directory, pattern in _DOCUMENT_FILES:
            for path in sorted((settings.BASE_DIR / directory).rglob(pattern)):
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
        _templates_digest = digest.hexdigest()[:12]
    return _templates_digest


def cache_key(document, request):
    """``pdf:<kind>:<language>:<ids>:<version>:<templates>:<rendering>:<host>`` (the host:
    documents print absolute links to the portal)."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    ids = ".".join(str(part) for part in document.ids)
    return (
        f"pdf:{document.kind}:{language}:{ids}:{document.version()}:{templates_digest()}"
        f":{RENDERING}:{request.get_host()}"
    )


def render_html(request, document):
    context = {
        **document.context(),
        "document": document,
        "page_size": document.page_size,
        "page_footer": page_footer_css(),
    }
    return render_to_string(document.template, context, request=request)


def get_pdf(request, document, key=None):
    """``(pdf_bytes, generated_at)``: from the cache, or rendered and stored."""
    key = key or cache_key(document, request)
    cached = cache.get(key)
    if cached is not None:
        return cached
    pdf = html_to_pdf(render_html(request, document))
    RENDERS[document.kind] += 1
    generated_at = timezone.now()
    cache.set(key, (pdf, generated_at), CACHE_TIMEOUT)
    return pdf, generated_at


def render_count(kind=None):
    """WeasyPrint runs so far, of one document kind or of all."""
    return RENDERS[kind] if kind else sum(RENDERS.values())


def etag_for(key):
    return quote_etag(hashlib.sha256(key.encode()).hexdigest()[:32])


def pdf_response(request, document, *, attachment=False):
    """The document as a PDF response, with an ETag (304 when the reader has it already)."""
    key = cache_key(document, request)
    etag = etag_for(key)
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    pdf, generated_at = get_pdf(request, document, key)
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{document.filename}.pdf"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(generated_at.timestamp())
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    return response


def html_response(request, document):
    """The document's HTML, as WeasyPrint reads it (for preview and measuring)."""
    return HttpResponse(render_html(request, document))
