-- `hf-crawl pick`: hf.pick's rows ($1 task, $2 max params, $3 min params, $4 licence
-- classes, $5 commercial only, $6 library, $7 min downloads, $8 benchmark, $9 metric,
-- $10 sort, $11 how many).
SELECT * FROM hf.pick(
    task => $1, max_params => $2, min_params => $3, license_classes => $4::text[],
    commercial => $5, library => $6, min_downloads => $7, benchmark => $8, metric => $9,
    sort => $10, top => $11
)
