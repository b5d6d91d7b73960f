-- History: task $2 at run $1, its ranking as snapshot codes and its rows' counters in rank
-- order, each counter narrow or wide ($3..$11, as hf.snapshot_columns lays them out). A
-- task written twice in one run keeps the later.
INSERT INTO hf.{snapshots} AS h (run_id, {list}, {snapshot_keys}, downloads, likes,
                                 trending_tenths, downloads_all_time, wide_downloads,
                                 wide_likes, wide_trending_score, wide_downloads_all_time)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
ON CONFLICT (run_id, {list}) DO UPDATE SET
    written = DEFAULT,
    {snapshot_keys} = excluded.{snapshot_keys},
    downloads = excluded.downloads,
    likes = excluded.likes,
    trending_tenths = excluded.trending_tenths,
    downloads_all_time = excluded.downloads_all_time,
    wide_downloads = excluded.wide_downloads,
    wide_likes = excluded.wide_likes,
    wide_trending_score = excluded.wide_trending_score,
    wide_downloads_all_time = excluded.wide_downloads_all_time
