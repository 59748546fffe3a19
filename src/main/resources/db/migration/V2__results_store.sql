-- dps-batch results store. V1 is Spring Batch's own schema, run from spring-batch-core's script
-- (see io.dpsbatch.results.SpringBatchSchemaMigration). Portable between H2 and PostgreSQL.

-- One row per batch: where it came from and what it was started with, so that a resumed run can
-- refuse a different manifest, key or DPS instance instead of mixing two batches.
CREATE TABLE dpsb_batch (
    name                VARCHAR(100)     NOT NULL PRIMARY KEY,
    source              VARCHAR(2000)    NOT NULL,
    manifest_sha256     VARCHAR(64),
    key_fingerprint     VARCHAR(64)      NOT NULL,
    id_scope            VARCHAR(100)     NOT NULL,
    endpoint            VARCHAR(1000)    NOT NULL,
    attribute_columns   VARCHAR(100000)  NOT NULL,
    total_rows          BIGINT           NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    register_calls      BIGINT           DEFAULT 0 NOT NULL,
    lookup_calls        BIGINT           DEFAULT 0 NOT NULL,
    throttled_responses BIGINT           DEFAULT 0 NOT NULL,
    last_pace_per_minute INTEGER
);

-- One row per manifest row (process indicator): PENDING until registration is claimed, REGISTERING
-- while DPS may have seen it (a restart looks such devices up before registering), then a final
-- status. REJECTED rows were refused at import and never sent.
CREATE TABLE dpsb_device (
    batch_name          VARCHAR(100)     NOT NULL,
    line_no             BIGINT           NOT NULL,
    registration_id     VARCHAR(300)     NOT NULL,
    identity_key        VARCHAR(128),
    status              VARCHAR(16)      NOT NULL,
    payload             VARCHAR(65536),
    attributes          VARCHAR(1000000),
    reject_reason       VARCHAR(1000),
    lookup_first        BOOLEAN          DEFAULT FALSE NOT NULL,
    device_id           VARCHAR(128),
    assigned_hub        VARCHAR(255),
    substatus           VARCHAR(64),
    error_code          VARCHAR(64),
    error_message       VARCHAR(1000),
    register_calls      INTEGER          DEFAULT 0 NOT NULL,
    found_by_lookup     BOOLEAN          DEFAULT FALSE NOT NULL,
    used_secondary_key  BOOLEAN          DEFAULT FALSE NOT NULL,
    started_at          TIMESTAMP WITH TIME ZONE,
    finished_at         TIMESTAMP WITH TIME ZONE,
    CONSTRAINT dpsb_device_pk PRIMARY KEY (batch_name, line_no),
    CONSTRAINT dpsb_device_batch_fk FOREIGN KEY (batch_name) REFERENCES dpsb_batch (name)
);

-- A device is in a batch at most once (identity_key is the lower-cased ID; NULL for rejected rows).
CREATE UNIQUE INDEX dpsb_device_identity_ux ON dpsb_device (batch_name, identity_key);
-- Finding devices of other batches (they are looked up before being registered again).
CREATE INDEX dpsb_device_identity_ix ON dpsb_device (identity_key);
-- The register step's reader and the exports walk a batch by status in line order.
CREATE INDEX dpsb_device_status_ix ON dpsb_device (batch_name, status, line_no);
