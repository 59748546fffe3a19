-- One index on the identity key instead of two. The import looks every chunk's devices up by identity
-- key alone (in this batch and in others at once), which an index led by identity_key serves; the same
-- index keeps a device at most once per batch. Every imported row maintains one B-tree fewer, which is
-- a good part of the import's cost on H2.
DROP INDEX dpsb_device_identity_ix;
DROP INDEX dpsb_device_identity_ux;
CREATE UNIQUE INDEX dpsb_device_identity_ux ON dpsb_device (identity_key, batch_name);
