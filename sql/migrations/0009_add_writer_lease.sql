-- One writer per schema. A crawl takes the lease before it writes anything, renews it while
-- it runs and releases it at the end; a lease not renewed for a while has expired and may
-- be taken over. A plain row, not a session advisory lock, so it works through a
-- transaction pooler (Supabase's port 6543, PgBouncer).
CREATE TABLE hf.writer_lease (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    token      text NOT NULL,          -- the holder's random id; only it renews or releases
    holder     text NOT NULL,          -- host:pid, for the message a second crawl prints
    run_id     bigint REFERENCES hf.crawl_runs (run_id) ON DELETE SET NULL,
    taken_at   timestamptz NOT NULL DEFAULT now(),
    renewed_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE hf.writer_lease ENABLE ROW LEVEL SECURITY;

-- The phase a failed run failed in (connecting, listing tasks, crawling, ...).
ALTER TABLE hf.crawl_runs ADD COLUMN failed_phase text;

-- Operational: the exposure rule never exposes it.
COMMENT ON TABLE hf.writer_lease IS 'operational: who may write now';
