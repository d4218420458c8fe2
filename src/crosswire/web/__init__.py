"""The desk's web app: `crosswire serve` (FastAPI on uvicorn) over one store.

Server-rendered pages (Stories, Story, Article, Search, Outlets, Add, Jobs) and a JSON API with
its OpenAPI docs at /docs, both thin over `crosswire.Desk`: no pipeline logic lives here. The
worker runs beside the server in a process of its own, started by `serve`.
"""

from crosswire.web.app import create_app
from crosswire.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
