"""The fake Hub's routes for what surrounds its models: `GET /api/spaces` (sorted,
`expand[]`, `Link` pages), `GET /api/papers/{arxiv_id}`, `GET /api/collections` (sorted,
at most 100 a page, `Link` pages, each with its first items) and
`GET /api/collections/{slug}` (every item); and the ground truth of each under `/_fake/`."""

from __future__ import annotations

from aiohttp import web
from yarl import URL

from hf_crawler.fakehub import neighbourhood
from hf_crawler.fakehub.edge import HTML_ERROR, error, html
from hf_crawler.fakehub.state import STATE

# huggingface_hub's ExpandSpaceProperty_T.
SPACE_EXPAND = frozenset(
    {
        "author",
        "cardData",
        "createdAt",
        "datasets",
        "disabled",
        "lastModified",
        "likes",
        "models",
        "private",
        "resourceGroup",
        "runtime",
        "sdk",
        "sha",
        "siblings",
        "subdomain",
        "tags",
        "trendingScore",
        "usedStorage",
    }
)
SPACE_SORTS = {"likes": "likes", "trendingScore": "trending_score", "createdAt": "created_ts"}
COLLECTION_SORTS = {"upvotes": "upvotes", "lastModified": "updated_ts"}
MAX_SPACES_PAGE, MAX_COLLECTIONS_PAGE = 1000, 100


def add_routes(app: web.Application) -> None:
    app.router.add_get("/api/spaces", _spaces)
    app.router.add_get("/api/papers/{arxiv_id}", _paper)
    app.router.add_get("/api/collections", _collections)
    app.router.add_get("/api/collections/{slug:.+}", _collection)
    app.router.add_get("/_fake/spaces/truth", _spaces_truth)
    app.router.add_get("/_fake/collections/truth", _collections_truth)
    app.router.add_get("/_fake/papers/truth", _papers_truth)


def _page(request: web.Request, most: int, default: int) -> tuple[int, int]:
    """(offset, limit) of the request; a limit above `most` is the Hub's 400."""
    limit = int(request.query.get("limit", default))
    if not 1 <= limit <= most:
        raise web.HTTPBadRequest(text=f'"limit" must be at most {most}')
    return int(request.query.get("cursor", "0")), limit


def _next(request: web.Request, offset: int, limit: int, total: int) -> dict[str, str]:
    if offset + limit >= total:
        return {}
    params = [(k, v) for k, v in request.query.items() if k != "cursor"]
    url = URL(str(request.url)).with_query([*params, ("cursor", str(offset + limit))])
    return {"Link": f'<{url}>; rel="next"'}


async def _spaces(request: web.Request) -> web.Response:
    catalogue = request.app[STATE].catalogue
    if "spaces" in request.app[STATE].faults.failing_listings:
        return html(503, HTML_ERROR.format("503 Service Unavailable"))
    expand = tuple(request.query.getall("expand[]", ())) + tuple(request.query.getall("expand", ()))
    unknown = [e for e in expand if e not in SPACE_EXPAND]
    sort = request.query.get("sort", "likes")
    if unknown or sort not in SPACE_SORTS:
        return error(400, f'"expand" must be one of {sorted(SPACE_EXPAND)}; got {unknown}')
    offset, limit = _page(request, MAX_SPACES_PAGE, 50)
    key = SPACE_SORTS[sort]
    ordered = sorted(catalogue.spaces, key=lambda s: (-getattr(s, key), s.space_id))
    page = ordered[offset : offset + limit]
    items = [neighbourhood.space_item(s, expand) for s in page]
    return web.json_response(items, headers=_next(request, offset, limit, len(ordered)))


async def _paper(request: web.Request) -> web.Response:
    catalogue = request.app[STATE].catalogue
    request.app[STATE].counts[f"GET {request.path}"] += 1  # a test tells what was asked again
    arxiv_id = request.match_info["arxiv_id"]
    page = neighbourhood.paper(arxiv_id) if arxiv_id in catalogue.arxiv_ids else None
    if page is None:
        return error(404, "Paper not found")
    return web.json_response(page)


async def _collections(request: web.Request) -> web.Response:
    catalogue = request.app[STATE].catalogue
    if "collections" in request.app[STATE].faults.failing_listings:
        return html(503, HTML_ERROR.format("503 Service Unavailable"))
    sort = request.query.get("sort", "upvotes")
    if sort not in COLLECTION_SORTS:
        return error(400, f'"sort" must be one of {sorted(COLLECTION_SORTS)}')
    offset, limit = _page(request, MAX_COLLECTIONS_PAGE, 10)
    key = COLLECTION_SORTS[sort]
    ordered = sorted(catalogue.collections, key=lambda c: (-getattr(c, key), c.slug))
    page = ordered[offset : offset + limit]
    items = [neighbourhood.collection_item(c, every_item=False) for c in page]
    return web.json_response(items, headers=_next(request, offset, limit, len(ordered)))


async def _collection(request: web.Request) -> web.Response:
    catalogue = request.app[STATE].catalogue
    request.app[STATE].counts[f"GET {request.path}"] += 1
    found = catalogue.collections_by_slug.get(request.match_info["slug"])
    if found is None:
        return error(404, "Collection not found")
    return web.json_response(neighbourhood.collection_item(found, every_item=True))


async def _spaces_truth(request: web.Request) -> web.Response:
    """The top `limit` Spaces by likes, in the listing's order, each as stored."""
    catalogue = request.app[STATE].catalogue
    limit = int(request.query.get("limit", "1000"))
    ordered = sorted(catalogue.spaces, key=lambda s: (-s.likes, s.space_id))[:limit]
    spaces = {
        s.space_id: {
            "author": s.author,
            "sdk": s.sdk,
            "likes": s.likes,
            "trending_score": s.trending_score,
            "runtime_stage": s.stage,
            "runtime_hardware": s.hardware,
            "models": s.models,
            "datasets": s.datasets,
            "created_at": neighbourhood.iso(s.created_ts),
            "last_modified": neighbourhood.iso(s.modified_ts),
        }
        for s in ordered
    }
    return web.json_response({"ranking": [s.space_id for s in ordered], "spaces": spaces})


async def _collections_truth(request: web.Request) -> web.Response:
    """The top `limit` collections by upvotes, in the listing's order, with every item."""
    catalogue = request.app[STATE].catalogue
    limit = int(request.query.get("limit", "100"))
    ordered = sorted(catalogue.collections, key=lambda c: (-c.upvotes, c.slug))[:limit]
    collections = {
        c.slug: {
            "title": c.title,
            "owner": c.owner,
            "upvotes": c.upvotes,
            "last_updated": neighbourhood.iso(c.updated_ts),
            "description": c.description,
            "items": [
                {
                    "item_type": i["type"],
                    "item_id": i["id"],
                    "position": i["position"],
                    "note": i["note"]["text"] if "note" in i else None,
                }
                for i in c.items
            ],
        }
        for c in ordered
    }
    return web.json_response({"ranking": [c.slug for c in ordered], "collections": collections})


async def _papers_truth(request: web.Request) -> web.Response:
    """Every arXiv id the catalogue's repos name, with its paper page (null: none, 404)."""
    catalogue = request.app[STATE].catalogue
    return web.json_response({a: neighbourhood.paper(a) for a in sorted(catalogue.arxiv_ids)})
