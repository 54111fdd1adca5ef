"""Register, log in, log out."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload
from sqlalchemy.exc import DBAPIError, IntegrityError

from matchmaker.audit.services import record, record_failed_login, record_now
from matchmaker.auth.forms import LoginForm, RegisterForm
from matchmaker.auth.models import User, new_token
from matchmaker.auth.services import RegistrationError, authenticate, register_member
from matchmaker.extensions import db, login_manager
from matchmaker.security import LOGIN_LIMIT, failed_login, limiter, login_account_key

bp = Blueprint("auth", __name__, url_prefix="/auth")

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please log in to see this page.")
login_manager.localize_callback = str  # flashed messages are stored in the session: a plain string
login_manager.login_message_category = "info"


# Built once: every request of a logged-in user runs it. The organisation comes in the same query because every
# audited write names it (``actor_label``), which otherwise costs a second query.
USER_BY_SESSION_TOKEN = (select(User).where(User.session_token == bindparam("session_token"))
                         .options(joinedload(User.organisation)))


@login_manager.user_loader
def load_user(session_token: str) -> User | None:
    """The user of this session; once more on a fresh connection if the pooled one had died (database restart).

    It is the first statement of a logged-in request, so nothing of the request is lost by retrying it; the
    engine has already marked every older pooled connection stale, so the retry gets a new one.
    """
    try:
        return db.session.scalar(USER_BY_SESSION_TOKEN, {"session_token": session_token})
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        db.session.rollback()
        return db.session.scalar(USER_BY_SESSION_TOKEN, {"session_token": session_token})


def safe_next(target: str | None) -> str | None:
    """Only same-site paths are followed after login; anything else could send users to a phishing page."""
    if not target or "\\" in target or any(ord(char) < 32 for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/register", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = register_member(**form.data)
            db.session.commit()
        except RegistrationError as error:
            db.session.rollback()
            getattr(form, error.field).errors.append(error.message)
        except IntegrityError:
            db.session.rollback()
            form.email.errors.append(_("An account with this email already exists. Log in instead."))
        else:
            login_user(user)
            flash(_("Welcome, %(name)s. Your account for %(organisation)s is ready.", name=user.name,
                    organisation=user.organisation.name), "success")
            return redirect(url_for("main.dashboard"))
    return render_template("auth/register.html", form=form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"], deduct_when=failed_login)
@limiter.limit(LOGIN_LIMIT, key_func=login_account_key, methods=["POST"], deduct_when=failed_login)
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            record_now("auth.login", target_type="user", target_id=user.id)
            flash(_("Logged in as %(name)s.", name=user.name), "success")
            return redirect(safe_next(request.args.get("next")) or url_for("main.dashboard"))
        record_failed_login(form.email.data)
        form.password.errors.append(_("Wrong email or password."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["GET", "POST"])
@login_required
def logout():
    if request.method == "GET":
        return render_template("auth/logout.html")
    # A new token ends this session everywhere, even in a cookie someone copied.
    current_user.session_token = new_token()
    record("auth.logout", target_type="user", target_id=current_user.id)
    db.session.commit()
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("main.index"))
