"""What the admin pages share with the data desk: the role checks and rendering in a language."""

from __future__ import annotations

from flask import Response, abort, render_template, request

from dashboard import i18n
from dashboard.auth.principal import Principal, require_principal
from dashboard.i18n import _
from dashboard.public.render import css

PUBLISHERS = ("admin", "publisher")


def principal_with(roles: tuple[str, ...], message: str) -> Principal:
    principal = require_principal()
    if principal.role not in roles:
        abort(403, message)
    return principal


def lang() -> str:
    return i18n.language(request.args.get("lang") or request.form.get("lang"))


def q(language: str) -> str:
    return "?lang=ru" if language == "ru" else ""


def page(template: str, language: str, principal: Principal, status: int = 200, **context) -> Response:
    with i18n.use(language):
        html = render_template(template, lang=language, css=css(), _=_, principal=principal, q=q(language),
                               other_lang="en" if language == "ru" else "ru",
                               other_name="English" if language == "ru" else "Русский", **context)
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response
