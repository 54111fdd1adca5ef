"""Error pages in the site's layout, JSON errors under /api/, and refusal of input no database can store."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import BadRequest, HTTPException, InternalServerError

from matchmaker.extensions import db

MESSAGES = {
    400: "The request could not be understood. Please check what you sent and try again.",
    403: "You are not allowed to do this.",
    404: "There is nothing here, or you are not allowed to see it.",
    405: "This page does not accept that kind of request.",
    413: "What you sent is too large.",
    429: "Too many attempts. Please wait a minute and try again.",
    500: "Something went wrong on our side. Nothing was saved; please try again.",
}


def register(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)
    app.before_request(_refuse_nul_bytes)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _render(code: int, message: str):
    if wants_json():
        return jsonify(error={"status": code, "message": message}), code
    return render_template("error.html", code=code, message=message), code


def _http_error(error: HTTPException):
    if error.code is None or error.code < 400:
        return error
    if isinstance(error, CSRFError):
        return _render(400, "The form has expired or was not sent from Matchmaker. Reload the page and try again.")
    message = MESSAGES.get(error.code, error.description or "Error")
    return _render(error.code, message)


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
