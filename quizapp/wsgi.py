"""The production entry point: `gunicorn quizapp.wsgi:app` (needs SECRET_KEY)."""

from quizapp import create_app
from quizapp.config import ProductionConfig

app = create_app(ProductionConfig)
