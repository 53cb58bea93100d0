"""Jinja helpers shared by every page: language, dates, status and kind names."""
from urllib.parse import urlencode

from flask import request, url_for
from flask_babel import get_locale
from werkzeug.routing import BuildError

from . import phones, references, texts
from .languages import DEFAULT, pick
from .timeutil import to_local


def current_language() -> str:
    return pick(str(get_locale() or DEFAULT))


def register(app) -> None:
    @app.context_processor
    def inject():
        return {"lang": current_language(), "LANGUAGES": app.config["LANGUAGES"]}

    @app.template_filter("localtime")
    def localtime(moment, fmt="%d/%m/%Y %H:%M"):
        return to_local(moment).strftime(fmt) if moment else ""

    @app.template_filter("status_name")
    def status_name(status):
        return texts.status_label(status, current_language())

    @app.template_filter("kind_name")
    def kind_name(kind):
        return texts.kind_label(kind, current_language())

    @app.template_filter("ref")
    def ref(reference):
        return references.display(reference) if reference else ""

    @app.template_filter("masked")
    def masked(phone):
        return phones.mask(phone)

    @app.template_global()
    def url_with_lang(lang):
        """This page in another language: its route's URL with ?lang=, or, where no route
        matched (a 404), only the query (?lang=en), which a browser resolves on the same page.
        Never the raw path: /%5Cevil.example/ would give /\\evil.example/, another site."""
        args = request.args.to_dict()
        args["lang"] = lang
        query = "?" + urlencode(args)
        if request.url_rule is None or request.endpoint is None:
            return query
        try:
            path = url_for(request.endpoint, **(request.view_args or {}))
        except BuildError:  # a route that cannot be rebuilt: stay on the page
            return query
        return path + query
