"""GET /api/health: is the function up (no auth, no table access)."""

from chalice import Blueprint

bp = Blueprint(__name__)


@bp.route("/health", methods=["GET"])
def health():
    return {"status": "ok"}
