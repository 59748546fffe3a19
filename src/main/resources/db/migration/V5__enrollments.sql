-- Issue 14: one manifest, several enrollments. Portable between H2 and PostgreSQL, like V2. Names, ID scopes
-- and fingerprints only: no key is kept here.

-- The enrollment each device registers through: its name in lower case, '' for the default enrollment.
ALTER TABLE dpsb_device ADD COLUMN enrollment VARCHAR(64) DEFAULT '' NOT NULL;

-- What a batch was started with, per enrollment its devices use, so that a resumed run, retry-failed or export
-- refuses another ID scope, endpoint or key for it instead of mixing two batches: a group's key fingerprints
-- (primary first, then the secondary if any, comma-separated) or the fingerprint of an individual enrollments'
-- keys file. dpsb_batch.key_fingerprint, id_scope and endpoint stay the default enrollment's, as before.
CREATE TABLE dpsb_batch_enrollment (
    batch_name          VARCHAR(100)     NOT NULL,
    enrollment          VARCHAR(64)      NOT NULL,
    id_scope            VARCHAR(100)     NOT NULL,
    endpoint            VARCHAR(1000)    NOT NULL,
    kind                VARCHAR(16)      NOT NULL,
    key_fingerprints    VARCHAR(1000)    NOT NULL,
    CONSTRAINT dpsb_batch_enrollment_pk PRIMARY KEY (batch_name, enrollment),
    CONSTRAINT dpsb_batch_enrollment_batch_fk FOREIGN KEY (batch_name) REFERENCES dpsb_batch (name)
);
