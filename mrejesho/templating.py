"""Jinja helpers shared by every page: language, dates, status and kind names."""
from urllib.parse import urlencode

from flask import request
from flask_babel import get_locale

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
        args = request.args.to_dict()
        args["lang"] = lang
        return request.path + "?" + urlencode(args)
