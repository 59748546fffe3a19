-- Nightly runs from a database, re-runs of failures, and runs that overlap. Portable between H2 and
-- PostgreSQL, like V2.

-- What a batch does with a device that another batch already assigned: LOOK_UP (a manifest file: look it
-- up and list it as assigned), SKIP (a database manifest: record it as ALREADY_ASSIGNED, send nothing) or
-- REGISTER (--force: register it again). Kept with the batch so that a resumed run does the same.
ALTER TABLE dpsb_batch ADD COLUMN assigned_elsewhere VARCHAR(16) DEFAULT 'LOOK_UP' NOT NULL;
-- When the import step finished: a database batch is a snapshot of its source taken then, and a resumed
-- run never reads the source again.
ALTER TABLE dpsb_batch ADD COLUMN imported_at TIMESTAMP WITH TIME ZONE;
-- How many retry-failed runs were started for the batch (each is a job instance of its own).
ALTER TABLE dpsb_batch ADD COLUMN retries INTEGER DEFAULT 0 NOT NULL;

-- Rows that runs lock. On H2 the live run of a batch holds a row lock on its batch's row for as long as
-- it runs (PostgreSQL uses a session advisory lock instead, see RunLocks); the row '*claims*' serialises
-- the claiming of devices between batches. '*' never appears in a batch name.
CREATE TABLE dpsb_lock (
    name                VARCHAR(100)     NOT NULL PRIMARY KEY
);
INSERT INTO dpsb_lock (name) VALUES ('*claims*');

-- Who started the last run of each batch, for the message a second run prints.
CREATE TABLE dpsb_run (
    batch_name          VARCHAR(100)     NOT NULL PRIMARY KEY,
    owner               VARCHAR(300)     NOT NULL,
    started_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Devices that a running batch is about to register, by identity (lower-cased registration ID): at most
-- one batch holds a device. A claim counts only while its batch's run holds the batch lock; the claims of
-- a run that died are taken over by the next batch that needs those devices.
CREATE TABLE dpsb_claim (
    identity_key        VARCHAR(128)     NOT NULL PRIMARY KEY,
    batch_name          VARCHAR(100)     NOT NULL,
    claimed_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX dpsb_claim_batch_ix ON dpsb_claim (batch_name);
