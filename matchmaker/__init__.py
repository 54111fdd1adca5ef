"""Matchmaker: pairs food-packaging challenges with photonics capabilities."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping

from flask import Flask

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT_DIR = PACKAGE_DIR.parent
ENV_PREFIX = "MATCHMAKER_"
DEV_SECRET_KEY = "dev-only-not-secret"


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py, then MATCHMAKER_* variables, then test_config."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT_DIR / "templates"),
        static_folder=str(ROOT_DIR / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _configure(app, test_config)

    from matchmaker import cli, database, errors, i18n, security
    from matchmaker.matches import models as _corpus_version  # noqa: F401  (registers the version bump)
    from matchmaker.extensions import babel, csrf, db, login_manager, migrate

    db.init_app(app)
    database.configure_engine_events(app)
    migrate.init_app(app, db, directory=str(PACKAGE_DIR / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=i18n.formatting_locale,
                   default_translation_directories=str(PACKAGE_DIR / "translations"))
    i18n.register(app)
    errors.register(app)
    security.register(app)
    cli.register(app)
    _register_blueprints(app)
    app.jinja_env.globals.update(_template_helpers())
    return app


def _template_helpers() -> dict:
    """The permission policy, as templates (and the macros they import) ask it about the current user."""
    from flask_login import current_user

    from matchmaker import permissions
    from matchmaker.capabilities.models import Capability
    from matchmaker.challenges.models import Challenge
    from matchmaker.matches.index import index_cache

    models = {"challenge": Challenge, "capability": Capability}
    return {
        "can_view": lambda item: permissions.can_view(current_user, item),
        "can_edit": lambda item: permissions.can_edit(current_user, item),
        "can_create": lambda kind: permissions.can_create(current_user, models[kind]),
        "shows_organisation": lambda item: permissions.shows_organisation(current_user, item),
        "rankings_refresh": lambda: index_cache().refresh_progress(),  # None, or how far a refit is (%)
    }


def _configure(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    app.config.from_mapping(
        SECRET_KEY=DEV_SECRET_KEY,
        SQLALCHEMY_DATABASE_URI="sqlite:///" + os.path.join(app.instance_path, "matchmaker.db"),
        # No ping before every checkout (a round trip per request): a dropped connection is noticed when used,
        # SQLAlchemy then replaces every pooled connection, and the user loader retries once (auth/views.py).
        SQLALCHEMY_ENGINE_OPTIONS={"pool_recycle": 3600},
        MAX_CONTENT_LENGTH=1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,
        PER_PAGE=20,
    )
    app.config.from_pyfile("config.py", silent=True)
    for name, value in os.environ.items():
        if name.startswith(ENV_PREFIX):
            app.config[name.removeprefix(ENV_PREFIX)] = value
    if "DATABASE_URL" in app.config:
        app.config["SQLALCHEMY_DATABASE_URI"] = app.config["DATABASE_URL"]
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_database_url(app.config["SQLALCHEMY_DATABASE_URI"])


def _normalise_database_url(url: str) -> str:
    """Let people paste the usual postgres:// URL; Matchmaker talks to PostgreSQL through psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _register_blueprints(app: Flask) -> None:
    from matchmaker.account.organisation_views import bp as organisations_bp
    from matchmaker.account.views import bp as account_bp
    from matchmaker.api.views import bp as api_bp
    from matchmaker.audit.views import bp as audit_bp
    from matchmaker.auth.views import bp as auth_bp
    from matchmaker.capabilities.views import bp as capabilities_bp
    from matchmaker.challenges.views import bp as challenges_bp
    from matchmaker.jobs.views import bp as jobs_bp
    from matchmaker.main.views import bp as main_bp
    from matchmaker.matches.views import bp as matches_bp
    from matchmaker.workshops.agenda_views import bp as workshop_agendas_bp
    from matchmaker.workshops.dashboard_views import bp as workshop_dashboard_bp
    from matchmaker.workshops.participation_views import bp as workshop_participation_bp
    from matchmaker.workshops.planning_views import bp as workshop_planning_bp
    from matchmaker.workshops.views import bp as workshops_bp

    for blueprint in (main_bp, auth_bp, challenges_bp, capabilities_bp, matches_bp, api_bp):
        app.register_blueprint(blueprint)
    for blueprint in (workshops_bp, workshop_participation_bp, workshop_planning_bp, workshop_agendas_bp,
                      workshop_dashboard_bp):
        app.register_blueprint(blueprint)
    for blueprint in (audit_bp, account_bp, organisations_bp, jobs_bp):
        app.register_blueprint(blueprint)
