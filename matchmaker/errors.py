"""Error pages in the site's layout, JSON errors under /api/, and refusal of input no database can store."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import force_locale, lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError

from matchmaker.extensions import db

MESSAGES = {
    400: _l("The request could not be understood. Please check what you sent and try again."),
    403: _l("You are not allowed to do this."),
    404: _l("There is nothing here, or you are not allowed to see it."),
    405: _l("This page does not accept that kind of request."),
    413: _l("What you sent is too large."),
    429: _l("Too many attempts. Please wait a minute and try again."),
    500: _l("Something went wrong on our side. Nothing was saved; please try again."),
}
CSRF_MESSAGE = _l("The form has expired or was not sent from Matchmaker. Reload the page and try again.")
OTHER_MESSAGE = _l("This request could not be handled.")


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    app.before_request(_refuse_nul_bytes)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _render(code: int, message, description: str | None = None):
    """JSON for programs, in English whatever the Accept-Language; an HTML page in the reader's language."""
    if wants_json():
        with force_locale("en"):
            text = description or str(message)
        return jsonify(error={"status": code, "message": text}), code
    return render_template("error.html", code=code, message=str(message)), code


def _http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    if isinstance(error, CSRFError):
        return _render(400, CSRF_MESSAGE)
    if error.code in MESSAGES:
        return _render(error.code, MESSAGES[error.code])
    # Werkzeug's own descriptions are English only: the HTML page says something translatable instead.
    return _render(error.code, OTHER_MESSAGE, description=error.description or "Error")


def _unexpected_error(error: Exception):
    db.session.rollback()
    from flask import current_app

    current_app.logger.exception("Unhandled error", exc_info=error)
    return _http_error(InternalServerError())


def _refuse_nul_bytes() -> None:
    """PostgreSQL text cannot hold NUL: refuse it at the door with a 400, not a 500 at the database."""
    values = [request.path, *request.args.keys(), *request.args.values()]
    if request.method in ("POST", "PUT", "PATCH"):
        values += [*request.form.keys(), *request.form.values()]
    if any("\x00" in value for value in values):
        raise BadRequest("NUL bytes are not allowed.")
