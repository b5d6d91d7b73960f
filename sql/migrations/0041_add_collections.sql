-- Collections (`--collections-top N`), ranked by the same engine as Spaces: one list,
-- named after the listing's sort ('upvotes'), with the history of each run's ranking and
-- upvotes. The listing shows a collection's first few items only, so every item is
-- fetched from /api/collections/{slug} into hf.collection_items, again only when the
-- collection's lastUpdated moved (items_as_of says which lastUpdated the items are of).
CREATE TABLE hf.collections (
    slug           text PRIMARY KEY COLLATE "C",
    title          text,
    owner          text,
    upvotes        bigint,
    last_updated   timestamptz,
    description    text,
    private        boolean,
    items_as_of    timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    last_synced_at timestamptz NOT NULL DEFAULT now(),
    collection_key integer,
    first_run_id   bigint
) WITH (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.05);
ALTER TABLE hf.collections ENABLE ROW LEVEL SECURITY;
CREATE UNIQUE INDEX idx_collections_collection_key ON hf.collections (collection_key) INCLUDE (slug);

CREATE TABLE hf.retired_collection_keys (
    collection_key integer PRIMARY KEY,
    slug           text COLLATE "C" NOT NULL,
    first_run_id   bigint NOT NULL
);
ALTER TABLE hf.retired_collection_keys ENABLE ROW LEVEL SECURITY;

CREATE FUNCTION hf.retire_collection_keys() RETURNS trigger
LANGUAGE plpgsql SET search_path = '' AS $$
BEGIN
    INSERT INTO hf.retired_collection_keys (collection_key, slug, first_run_id)
    SELECT o.collection_key, o.slug, o.first_run_id
    FROM gone AS o
    WHERE o.collection_key IS NOT NULL;
    RETURN NULL;
END
$$;

CREATE TRIGGER retire_collection_keys AFTER DELETE ON hf.collections
REFERENCING OLD TABLE AS gone
FOR EACH STATEMENT EXECUTE FUNCTION hf.retire_collection_keys();

CREATE VIEW hf.collection_keys WITH (security_invoker = on) AS
SELECT c.collection_key, c.slug::text COLLATE "C" AS slug, c.first_run_id
FROM hf.collections AS c
WHERE c.collection_key IS NOT NULL
UNION ALL
SELECT r.collection_key, r.slug, r.first_run_id
FROM hf.retired_collection_keys AS r;

CREATE TABLE hf.collection_ranks (
    slug       text NOT NULL COLLATE "C" REFERENCES hf.collections ON DELETE CASCADE,
    ranking    text NOT NULL COLLATE "C",
    rank       integer NOT NULL CHECK (rank > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    matched_by text NOT NULL DEFAULT 'sort' CHECK (matched_by = 'sort')
) WITH (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.05);
ALTER TABLE hf.collection_ranks ENABLE ROW LEVEL SECURITY;
CREATE UNIQUE INDEX idx_collection_ranks_ranking ON hf.collection_ranks (ranking, slug);

CREATE TABLE hf.collection_ranking_runs (
    ranking     text NOT NULL COLLATE "C",
    run_id      bigint NOT NULL REFERENCES hf.crawl_runs ON DELETE CASCADE,
    collections integer NOT NULL,
    PRIMARY KEY (ranking, run_id)
);
ALTER TABLE hf.collection_ranking_runs ENABLE ROW LEVEL SECURITY;
CREATE INDEX idx_collection_ranking_runs_run_id ON hf.collection_ranking_runs (run_id);

CREATE TABLE hf.collection_snapshots (
    run_id                  bigint NOT NULL REFERENCES hf.crawl_runs ON DELETE CASCADE,
    ranking                 text NOT NULL COLLATE "C",
    collection_keys         integer[] NOT NULL,
    downloads               integer[],
    likes                   integer[],
    trending_tenths         integer[],
    downloads_all_time      integer[],
    wide_downloads          bigint[],
    wide_likes              bigint[],
    wide_trending_score     double precision[],
    wide_downloads_all_time bigint[],
    written                 bigint GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (run_id, ranking),
    CHECK ((downloads IS NULL) <> (wide_downloads IS NULL)),
    CHECK ((likes IS NULL) <> (wide_likes IS NULL)),
    CHECK ((trending_tenths IS NULL) <> (wide_trending_score IS NULL)),
    CHECK ((downloads_all_time IS NULL) <> (wide_downloads_all_time IS NULL))
) WITH (fillfactor = 100);
ALTER TABLE hf.collection_snapshots ENABLE ROW LEVEL SECURITY;

CREATE TABLE hf.collection_items (
    slug      text NOT NULL COLLATE "C" REFERENCES hf.collections ON DELETE CASCADE,
    item_type text NOT NULL,
    item_id   text NOT NULL COLLATE "C",
    position  integer,
    note      text,
    PRIMARY KEY (slug, item_type, item_id)
);
ALTER TABLE hf.collection_items ENABLE ROW LEVEL SECURITY;
CREATE INDEX idx_collection_items_item ON hf.collection_items (item_id);

-- A run's ranking of collections as rows, with the upvotes each had then.
CREATE FUNCTION hf.collection_ranking_at(r bigint)
RETURNS TABLE (ranking text, rank bigint, slug text, upvotes bigint)
LANGUAGE sql STABLE SET search_path = '' AS $$
    SELECT s.ranking, u.o, k.slug, u.l
    FROM hf.collection_snapshots AS s
    CROSS JOIN LATERAL unnest(
        hf.delta_decode(s.collection_keys), coalesce(s.likes::bigint[], s.wide_likes)
    ) WITH ORDINALITY AS u (k, l, o)
    JOIN hf.collection_keys AS k ON k.collection_key = u.k
    WHERE s.run_id = r
$$;

ALTER TABLE hf.crawl_runs
    ADD COLUMN collections integer NOT NULL DEFAULT 0,
    ADD COLUMN collections_failed boolean NOT NULL DEFAULT false;

COMMENT ON TABLE hf.collections IS 'Every collection the crawl has ranked (with --collections-top), once.';
COMMENT ON COLUMN hf.collections.slug IS 'Its id on the Hub (owner/title-id).';
COMMENT ON COLUMN hf.collections.title IS 'Its title.';
COMMENT ON COLUMN hf.collections.owner IS 'The user or organization that owns it.';
COMMENT ON COLUMN hf.collections.upvotes IS 'Its upvotes, as listed.';
COMMENT ON COLUMN hf.collections.last_updated IS 'When it last changed on the Hub (lastUpdated).';
COMMENT ON COLUMN hf.collections.description IS 'Its description.';
COMMENT ON COLUMN hf.collections.private IS 'Whether it is private.';
COMMENT ON COLUMN hf.collections.items_as_of IS 'The lastUpdated its stored items are of; the items are fetched again when last_updated moves past it (NULL: never fetched).';
COMMENT ON COLUMN hf.collections.created_at IS 'When the crawl first stored it.';
COMMENT ON COLUMN hf.collections.updated_at IS 'When a crawl last changed its row.';
COMMENT ON COLUMN hf.collections.last_synced_at IS 'When a run last listed it.';
COMMENT ON COLUMN hf.collections.collection_key IS 'Its code in the history snapshots ("hf".collection_snapshots); NULL: never ranked.';
COMMENT ON COLUMN hf.collections.first_run_id IS 'The run that gave it its snapshot code.';
COMMENT ON INDEX hf.idx_collections_collection_key IS 'Snapshot codes are unique; reading a snapshot looks them up.';
COMMENT ON TABLE hf.retired_collection_keys IS 'Snapshot codes of collections deleted since, so old snapshots still read.';
COMMENT ON COLUMN hf.retired_collection_keys.collection_key IS 'The code.';
COMMENT ON COLUMN hf.retired_collection_keys.slug IS 'The collection it stood for.';
COMMENT ON COLUMN hf.retired_collection_keys.first_run_id IS 'The run that gave it.';
COMMENT ON FUNCTION hf.retire_collection_keys() IS 'Trigger: a deleted collection''s snapshot code moves to "hf".retired_collection_keys.';
COMMENT ON VIEW hf.collection_keys IS 'Every collection snapshot code ever given: stored collections'' and retired ones.';
COMMENT ON COLUMN hf.collection_keys.collection_key IS 'The code.';
COMMENT ON COLUMN hf.collection_keys.slug IS 'The collection.';
COMMENT ON COLUMN hf.collection_keys.first_run_id IS 'The run that gave it.';
COMMENT ON TABLE hf.collection_ranks IS 'The current top collections by upvotes, replaced whole by the run that covers the ranking.';
COMMENT ON COLUMN hf.collection_ranks.slug IS 'The collection ("hf".collections).';
COMMENT ON COLUMN hf.collection_ranks.ranking IS 'The ranking: the listing''s sort (upvotes).';
COMMENT ON COLUMN hf.collection_ranks.rank IS 'Its place, 1 the most upvoted.';
COMMENT ON COLUMN hf.collection_ranks.created_at IS 'When it entered this ranking.';
COMMENT ON COLUMN hf.collection_ranks.matched_by IS 'How it was found: sort (its place in the sorted listing).';
COMMENT ON INDEX hf.idx_collection_ranks_ranking IS 'One place per collection and ranking; a swap reads a ranking by it.';
COMMENT ON TABLE hf.collection_ranking_runs IS 'Which run covered which ranking of collections, and how many it held.';
COMMENT ON COLUMN hf.collection_ranking_runs.ranking IS 'The ranking.';
COMMENT ON COLUMN hf.collection_ranking_runs.run_id IS 'The run that stored it.';
COMMENT ON COLUMN hf.collection_ranking_runs.collections IS 'How many collections it held.';
COMMENT ON INDEX hf.idx_collection_ranking_runs_run_id IS 'Pruning a run deletes its coverage by it.';
COMMENT ON TABLE hf.collection_snapshots IS 'History: the ranking of collections at each run that covered it, as snapshot codes and upvotes (in likes) in rank order.';
COMMENT ON COLUMN hf.collection_snapshots.run_id IS 'The run.';
COMMENT ON COLUMN hf.collection_snapshots.ranking IS 'The ranking.';
COMMENT ON COLUMN hf.collection_snapshots.collection_keys IS 'The collections in rank order, as delta-coded snapshot codes.';
COMMENT ON COLUMN hf.collection_snapshots.downloads IS 'Empty for collections: NULLs in rank order.';
COMMENT ON COLUMN hf.collection_snapshots.likes IS 'Their upvotes in rank order (when each fits an integer).';
COMMENT ON COLUMN hf.collection_snapshots.trending_tenths IS 'Empty for collections: NULLs in rank order.';
COMMENT ON COLUMN hf.collection_snapshots.downloads_all_time IS 'Empty for collections: NULLs in rank order.';
COMMENT ON COLUMN hf.collection_snapshots.wide_downloads IS 'Unused for collections.';
COMMENT ON COLUMN hf.collection_snapshots.wide_likes IS 'Their upvotes, when one does not fit an integer.';
COMMENT ON COLUMN hf.collection_snapshots.wide_trending_score IS 'Unused for collections.';
COMMENT ON COLUMN hf.collection_snapshots.wide_downloads_all_time IS 'Unused for collections.';
COMMENT ON COLUMN hf.collection_snapshots.written IS 'Write order.';
COMMENT ON TABLE hf.collection_items IS 'Every item of each ranked collection, as /api/collections/{slug} lists it.';
COMMENT ON COLUMN hf.collection_items.slug IS 'The collection.';
COMMENT ON COLUMN hf.collection_items.item_type IS 'What the item is: model, dataset, space, paper or collection.';
COMMENT ON COLUMN hf.collection_items.item_id IS 'Its id (a repo id, or an arXiv id for a paper).';
COMMENT ON COLUMN hf.collection_items.position IS 'Its place in the collection, from 0.';
COMMENT ON COLUMN hf.collection_items.note IS 'The note the owner gave it (its text).';
COMMENT ON INDEX hf.idx_collection_items_item IS 'The collections that list a model (show, the report).';
COMMENT ON FUNCTION hf.collection_ranking_at(bigint) IS 'The collections ranked by run R, as rows (ranking, rank, slug, upvotes then).';
COMMENT ON COLUMN hf.crawl_runs.collections IS 'Distinct collections it stored.';
COMMENT ON COLUMN hf.crawl_runs.collections_failed IS 'Whether its collections listing failed (their ranking kept as it was).';
