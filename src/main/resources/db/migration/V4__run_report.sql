-- What report.html shows over time, kept while the batch runs so that the report of a resumed batch
-- covers all of its runs. Portable between H2 and PostgreSQL, like V2. Nothing secret is kept here.

-- Every run of a batch: its start, its end and its exit code (NULL while it runs, or when its process died).
CREATE TABLE dpsb_batch_run (
    batch_name          VARCHAR(100)     NOT NULL,
    run_no              INTEGER          NOT NULL,
    kind                VARCHAR(32)      NOT NULL,
    started_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at            TIMESTAMP WITH TIME ZONE,
    exit_code           INTEGER,
    CONSTRAINT dpsb_batch_run_pk PRIMARY KEY (batch_name, run_no),
    CONSTRAINT dpsb_batch_run_batch_fk FOREIGN KEY (batch_name) REFERENCES dpsb_batch (name)
);

-- The register step's traffic in buckets of about 10 s: register calls, 429 answers and final outcomes
-- counted in the bucket, and the pace in force at its end.
CREATE TABLE dpsb_traffic (
    batch_name          VARCHAR(100)     NOT NULL,
    bucket_start        TIMESTAMP WITH TIME ZONE NOT NULL,
    register_calls      BIGINT           NOT NULL,
    throttled           BIGINT           NOT NULL,
    outcomes            BIGINT           NOT NULL,
    pace_per_minute     INTEGER          NOT NULL,
    CONSTRAINT dpsb_traffic_pk PRIMARY KEY (batch_name, bucket_start),
    CONSTRAINT dpsb_traffic_batch_fk FOREIGN KEY (batch_name) REFERENCES dpsb_batch (name)
);
